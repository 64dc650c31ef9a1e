-- Like groups: schema (the race-free uniqueness), privileges, policies and the policy matrix
-- (anon / outsider / member / author / service_role × select / insert / update / delete).
begin;
set client_min_messages = warning;
set search_path = tap, public;
select plan(48);

select has_table('public', t, format('LGR-01: %s exists', t))
from unnest(array['like_groups', 'like_group_members', 'like_group_approvals']) t;
select columns_are('public', 'like_groups',
  array['id', 'event_id', 'creator_id', 'chat_id', 'status', 'created_at', 'decided_at'],
  'LGR-09: like_groups has its columns, decided_at among them');
select col_is_pk('public', 'like_group_members', array['group_id', 'user_id'],
  'LGR-01: pk (group_id, user_id): a user is in a like group once');
select fk_ok('public', 'like_group_members', 'group_id', 'public', 'like_groups', 'id',
  'LGR-01: a member belongs to an existing group');
select has_trigger('public', 'like_groups', 'like_groups_release_members',
  'LGR-01: rejecting or expiring a group clears its members'' group_active');
select index_is_unique('public', 'like_group_members', 'like_group_members_one_active_group',
  'LGR-01: one pending or approved group per (event, user) is a unique index');
select has_unique('public', 'like_group_approvals', 'LGR-05: one approval per author per group');
select enum_has_labels('public', 'like_group_status', array['pending', 'approved', 'rejected', 'expired'],
  'LGR-09: like_group_status labels');
select policies_are('public', t, array[t || '_select'], format('LGR-10: %s has a select policy only', t))
from unnest(array['like_groups', 'like_group_members', 'like_group_approvals']) t;
select table_privs_are('public', t, 'authenticated', array['SELECT'],
  format('LGR-10: authenticated only reads %s', t))
from unnest(array['like_groups', 'like_group_members', 'like_group_approvals']) t;
select table_privs_are('public', t, 'anon', array[]::text[], format('ID-02: anon has nothing on %s', t))
from unnest(array['like_groups', 'like_group_members', 'like_group_approvals']) t;
select isnt_definer('public', 'approve_like_group', array['uuid', 'boolean', 'uuid[]'],
  'SEC-05: approve_like_group is SECURITY INVOKER');
select function_privs_are('public', 'expire_like_groups', array[]::text[], 'authenticated', array[]::text[],
  'LGR-08: authenticated cannot expire groups');
select function_privs_are('public', 'expire_like_groups', array[]::text[], 'service_role', array['EXECUTE'],
  'LGR-08: service_role expires groups');

-- Scene: first_author creates 'Gig' and second_author accepts to author it; guest creates a like group with pal;
-- outsider knows nobody.
select tests.create_user(u) from unnest(array['first_author', 'second_author', 'guest', 'pal', 'outsider']) u;
select tests.befriend('first_author', 'second_author');
select tests.befriend('guest', 'pal');
select tests.act_as('first_author');
select public.create_event('Gig', now() + interval '2 days');
select public.add_event_author(tests.event('Gig'), tests.uid('second_author'));
select tests.act_as('second_author');
select public.respond_event_author_invitation(tests.event('Gig'), true);
select tests.act_as('guest');
select lives_ok(format('select public.create_like_group(%L, array[%L]::uuid[])', tests.event('Gig'), tests.uid('pal')),
  'LGR-01: guest creates a like group with pal');

-- anon
select tests.act_as_anon();
select throws_ok('select * from public.like_groups', '42501', null, 'ID-02: anon cannot read groups');
select throws_ok('select * from public.like_group_members', '42501', null, 'ID-02: anon cannot read members');
select throws_ok(format('select public.approve_like_group(%L)', tests.group_of('guest')), '42501', null,
  'ID-02: anon cannot approve');

-- outsider
select tests.act_as('outsider');
select is((select count(*)::int from public.like_groups), 0, 'LGR-10: an outsider sees no group');
select is((select count(*)::int from public.like_group_members), 0, 'LGR-10: an outsider sees no member');
select throws_ok(format('select public.approve_like_group(%L)', tests.group_of('guest')), 'PT404', null,
  'LGR-10: an outsider cannot even learn the group exists');
select throws_ok(format($$insert into public.like_group_members (group_id, user_id, event_id) values (%L, %L, %L)$$,
  tests.group_of('guest'), tests.uid('outsider'), tests.event('Gig')), '42501', null,
  'LGR-10: an outsider cannot join by table insert');

-- pal, a member
select tests.act_as('pal');
select is((select count(*)::int from public.like_group_members), 2, 'LGR-10: a member sees the members');
select throws_ok($$update public.like_groups set status = 'approved'$$, '42501', null,
  'LGR-10: a member cannot approve by table update');
select throws_ok('delete from public.like_group_members', '42501', null, 'LGR-10: members are not deleted directly');
select throws_ok(format('select public.approve_like_group(%L)', tests.group_of('guest')), '42501', null,
  'LGR-05: a member cannot approve');
select throws_ok(format('select public.withdraw_like_group(%L)', tests.group_of('guest')), '42501', null,
  'LGR-01: only the creator withdraws the like group');

-- first_author, an author
select tests.act_as('first_author');
select is((select count(*)::int from public.like_groups where status = 'pending'), 1,
  'LGR-10: an author sees the pending group');
select throws_ok(format($$insert into public.like_group_approvals (group_id, author_id, approved) values (%L, %L, true)$$,
  tests.group_of('guest'), tests.uid('first_author')), '42501', null, 'LGR-10: approvals go through the RPC only');
select is(public.approve_like_group(tests.group_of('guest')), 'pending'::public.like_group_status,
  'LGR-04: one of min(2, 2) approvals leaves it pending');
select is((select count(*)::int from public.like_group_approvals), 1, 'LGR-10: an author sees the approvals');
select tests.act_as_dba();

create temporary table member_rows as select ctid::text as at, user_id from public.like_group_members;
select tests.act_as('second_author');
select is(public.approve_like_group(tests.group_of('guest')), 'approved'::public.like_group_status,
  'LGR-05: the second approval approves');
select tests.act_as_dba();
select set_eq('select ctid::text as at, user_id from public.like_group_members', 'select at, user_id from member_rows',
  'PRF-02: approving a group rewrites none of its member rows');
select tests.act_as('second_author');
select isnt((select chat_id from public.like_groups), null, 'CHT-01: the approved group has its chat');
select throws_ok(format('select public.approve_like_group(%L, false)', tests.group_of('guest')), 'PT409', null,
  'LGR-09: a decided group takes no more approvals');

-- service_role: reads all; even it cannot change a decided group
select tests.act_as_service();
select is((select count(*)::int from public.like_group_members), 2, 'ID-04: service_role, trusted, sees every member');
select throws_ok($$update public.like_groups set status = 'rejected'$$, 'PT409', null,
  'LGR-09, ID-04: not even service_role changes a decided group');
select throws_ok(format($$insert into public.like_group_members (group_id, user_id, event_id) values (%L, %L, %L)$$,
  tests.group_of('guest'), tests.uid('first_author'), gen_random_uuid()), '22023',
  'a member''s event_id is its group''s',
  'LGR-01: a member''s event_id is its group''s');
select throws_ok($$update public.like_group_members set group_active = false$$, '22023',
  'a like group member never changes; only its group''s status moves it',
  'LGR-01, ID-04: not even service_role takes a member out of the one-active-group index');
select is(public.expire_like_groups(), 0, 'LGR-08: nothing overdue to expire');
select tests.act_as_dba();

select * from finish();
rollback;
