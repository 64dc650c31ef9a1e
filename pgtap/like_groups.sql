-- Like groups: schema (the race-free uniqueness), privileges, policies and the policy matrix
-- (anon / outsider / member / author / service_role × select / insert / update / delete).
begin;
set client_min_messages = warning;
set search_path = tap, public;
select plan(48);

select has_table('public', t, format('%s exists', t))
from unnest(array['like_groups', 'like_group_members', 'like_group_approvals']) t;
select columns_are('public', 'like_groups',
  array['id', 'event_id', 'creator_id', 'chat_id', 'status', 'created_at', 'decided_at'],
  'like_groups has the seed''s columns and decided_at');
select col_is_pk('public', 'like_group_members', array['group_id', 'user_id'], 'pk (group_id, user_id)');
select fk_ok('public', 'like_group_members', 'group_id', 'public', 'like_groups', 'id',
  'LGR-01: a member belongs to an existing group');
select has_trigger('public', 'like_groups', 'like_groups_release_members',
  'LGR-01: rejecting or expiring a group clears its members'' group_active');
select index_is_unique('public', 'like_group_members', 'like_group_members_one_active_group',
  'LGR-01: one pending or approved group per (event, user) is a unique index');
select has_unique('public', 'like_group_approvals', 'LGR-05: one vote per author per group');
select enum_has_labels('public', 'like_group_status', array['pending', 'approved', 'rejected', 'expired'],
  'like_group_status labels');
select policies_are('public', t, array[t || '_select'], format('LGR-10: %s has a select policy only', t))
from unnest(array['like_groups', 'like_group_members', 'like_group_approvals']) t;
select table_privs_are('public', t, 'authenticated', array['SELECT'],
  format('LGR-10: authenticated only reads %s', t))
from unnest(array['like_groups', 'like_group_members', 'like_group_approvals']) t;
select table_privs_are('public', t, 'anon', array[]::text[], format('ID-02: anon has nothing on %s', t))
from unnest(array['like_groups', 'like_group_members', 'like_group_approvals']) t;
select isnt_definer('public', 'approve_like_group', array['uuid', 'boolean'],
  'approve_like_group is SECURITY INVOKER (§7)');
select function_privs_are('public', 'expire_like_groups', array[]::text[], 'authenticated', array[]::text[],
  'LGR-08: authenticated cannot run the sweeper');
select function_privs_are('public', 'expire_like_groups', array[]::text[], 'service_role', array['EXECUTE'],
  'LGR-08: service_role runs the sweeper');

-- Scene: host and cohost author 'Gig'; guest applies with pal; outsider knows nobody.
select tests.create_user(u) from unnest(array['host', 'cohost', 'guest', 'pal', 'outsider']) u;
select tests.befriend('host', 'cohost');
select tests.befriend('guest', 'pal');
set local role authenticated;
select set_config('request.jwt.claims', tests.claims('host'), true);
select public.create_event('Gig', now() + interval '2 days');
select public.add_event_author(tests.event('Gig'), tests.uid('cohost'));
select set_config('request.jwt.claims', tests.claims('guest'), true);
select lives_ok(format('select public.create_like_group(%L, array[%L]::uuid[])', tests.event('Gig'), tests.uid('pal')),
  'LGR-01: guest applies with pal');
reset role;

-- anon
set local role anon;
select set_config('request.jwt.claims', '{"role":"anon"}', true);
select throws_ok('select * from public.like_groups', '42501', null, 'ID-02: anon cannot read groups');
select throws_ok('select * from public.like_group_members', '42501', null, 'ID-02: anon cannot read members');
select throws_ok(format('select public.approve_like_group(%L)', tests.group_of('guest')), '42501', null,
  'ID-02: anon cannot vote');
reset role;

-- outsider
set local role authenticated;
select set_config('request.jwt.claims', tests.claims('outsider'), true);
select is((select count(*)::int from public.like_groups), 0, 'LGR-10: an outsider sees no group');
select is((select count(*)::int from public.like_group_members), 0, 'LGR-10: an outsider sees no member');
select throws_ok(format('select public.approve_like_group(%L)', tests.group_of('guest')), 'PT404', null,
  'LGR-10: an outsider cannot even learn the group exists');
select throws_ok(format($$insert into public.like_group_members (group_id, user_id, event_id) values (%L, %L, %L)$$,
  tests.group_of('guest'), tests.uid('outsider'), tests.event('Gig')), '42501', null,
  'LGR-10: an outsider cannot join by table insert');
reset role;

-- pal, a member
set local role authenticated;
select set_config('request.jwt.claims', tests.claims('pal'), true);
select is((select count(*)::int from public.like_group_members), 2, 'LGR-10: a member sees the members');
select throws_ok($$update public.like_groups set status = 'approved'$$, '42501', null,
  'LGR-10: a member cannot approve by table update');
select throws_ok('delete from public.like_group_members', '42501', null, 'LGR-10: members are not deleted directly');
select throws_ok(format('select public.approve_like_group(%L)', tests.group_of('guest')), '42501', null,
  'LGR-05: a member cannot vote');
select throws_ok(format('select public.withdraw_like_group(%L)', tests.group_of('guest')), '42501', null,
  'only the creator withdraws');
reset role;

-- host, an author
set local role authenticated;
select set_config('request.jwt.claims', tests.claims('host'), true);
select is((select count(*)::int from public.like_groups where status = 'pending'), 1,
  'LGR-10: an author sees the pending group');
select throws_ok(format($$insert into public.like_group_approvals (group_id, author_id, approved) values (%L, %L, true)$$,
  tests.group_of('guest'), tests.uid('host')), '42501', null, 'LGR-10: votes go through the RPC only');
select is(public.approve_like_group(tests.group_of('guest')), 'pending'::public.like_group_status,
  'LGR-04: one of min(2, 2) approvals leaves it pending');
select is((select count(*)::int from public.like_group_approvals), 1, 'LGR-10: an author sees the votes');
reset role;

create temporary table member_rows as select ctid::text as at, user_id from public.like_group_members;
set local role authenticated;
select set_config('request.jwt.claims', tests.claims('cohost'), true);
select is(public.approve_like_group(tests.group_of('guest')), 'approved'::public.like_group_status,
  'LGR-05: the second approval approves');
reset role;
select set_eq('select ctid::text as at, user_id from public.like_group_members', 'select at, user_id from member_rows',
  'PRF-02: approving a group rewrites none of its member rows');
set local role authenticated;
select set_config('request.jwt.claims', tests.claims('cohost'), true);
select isnt((select chat_id from public.like_groups), null, 'CHT-01: the approved group has its chat');
select throws_ok(format('select public.approve_like_group(%L, false)', tests.group_of('guest')), 'PT409', null,
  'LGR-09: a decided group takes no more votes');
reset role;

-- service_role: reads all; even it cannot change a decided group
set local role service_role;
select set_config('request.jwt.claims', '{"role":"service_role"}', true);
select is((select count(*)::int from public.like_group_members), 2, 'service_role sees every member');
select throws_ok($$update public.like_groups set status = 'rejected'$$, 'PT409', null,
  'LGR-09, ID-04: not even service_role changes a decided group');
select throws_ok(format($$insert into public.like_group_members (group_id, user_id, event_id) values (%L, %L, %L)$$,
  tests.group_of('guest'), tests.uid('host'), gen_random_uuid()), '22023',
  'a member''s event_id is its group''s',
  'LGR-01: a member''s event_id is its group''s');
select throws_ok($$update public.like_group_members set group_active = false$$, '22023',
  'a like group member never changes; only its group''s status moves it',
  'LGR-01, ID-04: not even service_role takes a member out of the one-active-group index');
select is(public.expire_like_groups(), 0, 'LGR-08: nothing overdue to expire');
reset role;

select * from finish();
rollback;
