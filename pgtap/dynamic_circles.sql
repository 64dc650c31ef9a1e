-- Dynamic circles: schema (rule, the event it names, checks, triggers), privileges of
-- create_dynamic_circle, and behaviour through the RPCs: a friends circle and an event circle
-- follow their sources, their member lists are their creators', and the limits.
begin;
set client_min_messages = warning;
set search_path = tap, public;
select plan(61);

-- Schema -----------------------------------------------------------------------------------------
select columns_are('public', 'circles',
  array['id', 'name', 'description', 'created_by', 'circle_type', 'created_at', 'updated_at', 'rule',
        'event_id'],
  'DYN-01, DYN-04: circles has its columns, with rule and its event for dynamic circles');
select col_type_is('public', 'circles', 'rule', 'jsonb', 'DYN-01: rule is jsonb');
select col_type_is('public', 'circles', 'event_id', 'uuid', 'DYN-04: event_id is a uuid');
select is((select attgenerated from pg_attribute
           where attrelid = 'public.circles'::regclass and attname = 'event_id'),
  's'::"char", 'DYN-04: event_id is generated (stored) from the rule');
select fk_ok('public', 'circles', 'event_id', 'public', 'events', 'id',
  'DYN-04: an event circle references its event');
select is((select confdeltype from pg_constraint
           where conrelid = 'public.circles'::regclass and contype = 'f'
             and conkey = array[(select attnum from pg_attribute
                                 where attrelid = 'public.circles'::regclass
                                   and attname = 'event_id')]),
  'c'::"char", 'DYN-04: an event circle is deleted with its event');
select has_index('public', 'circles', 'circles_event_id_idx', 'SEC-03: event_id has an index');
select set_has($$select conname::text from pg_constraint
                 where conrelid = 'public.circles'::regclass and contype = 'c'$$,
  $$values ('circles_rule_matches_type'), ('circles_rule_valid')$$,
  'DYN-01: the checks circles_rule_matches_type and circles_rule_valid exist');
select has_trigger('public', t, g, format('DYN-%s: trigger %s on %s', d, g, t))
from (values ('circles', 'circles_guard', '04'),
             ('circles', 'circles_rule_caps', '06'),
             ('friendships', 'friendships_sync_circles', '03'),
             ('event_authors', 'event_authors_sync_circles', '03'),
             ('like_groups', 'like_groups_sync_circles', '03'),
             ('like_group_members', 'like_group_members_sync_circles', '03')) v(t, g, d);

-- The checks hold trusted writers too (the DBA here).
select throws_ok($$insert into public.circles (name, circle_type) values ('No rule', 'dynamic')$$,
  '23514', null, 'DYN-01: a dynamic circle without a rule is refused');
select throws_ok($$insert into public.circles (name, rule) values ('Static rule', '{"kind": "friends"}')$$,
  '23514', null, 'DYN-01: a static circle with a rule is refused');
select throws_ok($$insert into public.circles (name, circle_type, rule)
  values ('Bad rule', 'dynamic', '{"kind": "friends", "extra": 1}')$$,
  '23514', null, 'DYN-01: a rule of another shape is refused');

-- Privileges -------------------------------------------------------------------------------------
select function_privs_are('public', 'create_dynamic_circle', array['text', 'jsonb', 'text'], 'anon',
  array[]::text[], 'ID-02: anon cannot execute create_dynamic_circle');
select function_privs_are('public', 'create_dynamic_circle', array['text', 'jsonb', 'text'], r,
  array['EXECUTE'], format('DYN-01: %s executes create_dynamic_circle', r))
from unnest(array['authenticated', 'service_role']) r;
select isnt_definer('public', 'create_dynamic_circle', array['text', 'jsonb', 'text'],
  'SEC-05: create_dynamic_circle is SECURITY INVOKER');
select is_definer('kithdb', 'create_dynamic_circle', array['text', 'jsonb', 'text'],
  'SEC-05: its step in kithdb is SECURITY DEFINER (API users insert static circles only)');

-- Scene: ada created Gig and bob accepted to author it; bob and cat are ada's friends; guest asked with
-- pal to attend Gig; dan and eve know nobody.
select tests.create_user(u) from unnest(array['ada', 'bob', 'cat', 'dan', 'eve', 'guest', 'pal']) u;
select tests.befriend('ada', f) from unnest(array['bob', 'cat']) f;
select tests.befriend('guest', 'pal');
select tests.act_as('ada');
select public.create_event('Gig', now() + interval '2 days');
select public.add_event_author(tests.event('Gig'), tests.uid('bob'));
select tests.act_as('bob');
select public.respond_event_author_invitation(tests.event('Gig'), true);
select tests.act_as('guest');
select public.create_like_group(tests.event('Gig'), array[tests.uid('pal')]);

-- anon and service_role ---------------------------------------------------------------------------
select tests.act_as_anon();
select throws_ok($$select public.create_dynamic_circle('x', '{"kind": "friends"}')$$, '42501', null,
  'ID-02: anon cannot call create_dynamic_circle');
select tests.act_as_service();
select throws_ok($$select public.create_dynamic_circle('x', '{"kind": "friends"}')$$, '42501', null,
  'ID-03: without a user, create_dynamic_circle is refused');

-- A friends circle follows the creator's friendships ---------------------------------------------
select tests.act_as('ada');
select lives_ok($$select public.create_dynamic_circle('Friends', '{"kind": "friends"}')$$,
  'DYN-01: ada makes a friends circle');
select results_eq(format($$select role::text, status::text from public.circle_members
  where circle_id = %L and user_id = %L$$, tests.circle('Friends'), tests.uid('ada')),
  $$values ('admin', 'member')$$, 'DYN-01: the creator is its admin');
select set_eq(format('select user_id from public.circle_members where circle_id = %L', tests.circle('Friends')),
  array[tests.uid('ada'), tests.uid('bob'), tests.uid('cat')],
  'DYN-03, DYN-05: the creator reads the list: themselves and their friends');
select tests.act_as('dan');
select public.request_friendship(tests.uid('ada'));
select tests.act_as('ada');
select is((select count(*)::int from public.circle_members where circle_id = tests.circle('Friends')), 3,
  'DYN-03: a pending request adds nobody');
select public.respond_friendship(tests.uid('dan'), true);
select public.remove_friendship(tests.uid('cat'));
select set_eq(format('select user_id from public.circle_members where circle_id = %L', tests.circle('Friends')),
  array[tests.uid('ada'), tests.uid('bob'), tests.uid('dan')],
  'DYN-03: a friendship that begins adds the friend, one that ends removes them');
select throws_ok(format('select public.remove_circle_member(%L, %L)', tests.circle('Friends'), tests.uid('bob')),
  '42501', null, 'DYN-02: not even the admin removes a derived member');
select throws_ok($$insert into public.circles (name, circle_type, rule)
  values ('Mine', 'dynamic', '{"kind": "friends"}')$$, '42501', null,
  'DYN-02: an API user cannot insert a dynamic circle directly');

-- An event circle holds the authors and the approved groups' members ------------------------------
select lives_ok(format($$select public.create_dynamic_circle('Gig crowd',
  jsonb_build_object('kind', 'event', 'event_id', upper(%L)))$$, tests.event('Gig')),
  'DYN-01: an author makes a circle of the event, its id in upper case');
select is((select rule ->> 'event_id' from public.circles where id = tests.circle('Gig crowd')),
  tests.event('Gig')::text, 'DYN-01: the rule is stored with the id in lower case');
select is((select event_id from public.circles where id = tests.circle('Gig crowd')), tests.event('Gig'),
  'DYN-04: event_id names the rule''s event');
select set_eq(format('select user_id from public.circle_members where circle_id = %L', tests.circle('Gig crowd')),
  array[tests.uid('ada'), tests.uid('bob')], 'DYN-03: the authors, and no pending group''s member');
select is(public.approve_like_group(tests.group_of('guest')), 'pending'::public.like_group_status,
  'LGR-05: one author''s approval of two leaves the group pending');
select tests.act_as('bob');
select is(public.approve_like_group(tests.group_of('guest')), 'approved'::public.like_group_status,
  'LGR-05: both authors approve the group');
select lives_ok(format($$select public.create_dynamic_circle('Bob''s gig',
  jsonb_build_object('kind', 'event', 'event_id', %L))$$, tests.event('Gig')),
  'DYN-01: another author makes a circle of the event too');
select tests.act_as('ada');
select set_eq(format('select user_id from public.circle_members where circle_id = %L', tests.circle('Gig crowd')),
  array[tests.uid('ada'), tests.uid('bob'), tests.uid('guest'), tests.uid('pal')],
  'DYN-03: an approval adds the group''s members');

-- Who reads what (DYN-05) ------------------------------------------------------------------------
select tests.act_as('pal');
select is((select count(*)::int from public.circles where id = tests.circle('Gig crowd')), 1,
  'DYN-05: a member sees the circle');
select results_eq(format('select user_id from public.circle_members where circle_id = %L',
  tests.circle('Gig crowd')), array[tests.uid('pal')], 'DYN-05: a member reads their own row only');
select tests.act_as('bob');
select is((select count(*)::int from public.circle_members where circle_id = tests.circle('Friends')), 1,
  'DYN-05: a member of a friends circle reads their own row only');
select is((select count(*)::int from public.circle_members where circle_id = tests.circle('Bob''s gig')), 4,
  'DYN-05: each creator reads their own circle''s list');
select tests.act_as('eve');
select is((select count(*)::int from public.circles), 0, 'CIR-10: an outsider sees no circle');
select is((select count(*)::int from public.circle_members), 0, 'CIR-10: an outsider reads no member');

-- Only a current author makes or keeps an event circle (DYN-04) -----------------------------------
select tests.act_as('guest');
select throws_ok(format($$select public.create_dynamic_circle('Mine', jsonb_build_object('kind', 'event', 'event_id', %L))$$,
  tests.event('Gig')), '42501', 'only an author of the event can make its circle',
  'DYN-01, DYN-04: an attendee cannot make a circle of the event');
select throws_ok($$select public.create_dynamic_circle('None',
  jsonb_build_object('kind', 'event', 'event_id', gen_random_uuid()))$$, 'PT404', null,
  'DYN-01: the event must exist');
select tests.act_as('ada');
select public.remove_event_author(tests.event('Gig'), tests.uid('bob'));
select tests.act_as_dba();
select is((select count(*)::int from public.circles where name = 'Bob''s gig'), 0,
  'DYN-04: an event circle ends when its creator stops being an author');
select set_eq(format('select user_id from public.circle_members where circle_id = %L', tests.circle('Gig crowd')),
  array[tests.uid('ada'), tests.uid('guest'), tests.uid('pal')], 'DYN-03: a removed author leaves the circle');
select tests.act_as('bob');
select throws_ok(format($$select public.create_dynamic_circle('Again', jsonb_build_object('kind', 'event', 'event_id', %L))$$,
  tests.event('Gig')), '42501', 'only an author of the event can make its circle',
  'DYN-04: a former author cannot make a circle of the event');

-- A circle's type and rule never change, not even for trusted writers (DYN-04) -------------------
select tests.act_as_service();
select throws_ok(format($$update public.circles set rule = '{"kind": "friends"}' where id = %L$$,
  tests.circle('Gig crowd')), '22023', null, 'DYN-04: service_role cannot change a rule');
select throws_ok(format($$update public.circles set circle_type = 'static', rule = null where id = %L$$,
  tests.circle('Friends')), '22023', null, 'DYN-04: service_role cannot make a rule circle static');

-- A rule circle ends with its creator's account, with no heir (DYN-04) -----------------------------
select tests.act_as('dan');
select public.create_dynamic_circle('Dan''s friends', '{"kind": "friends"}');
select tests.act_as_dba();
delete from auth.users where id = tests.uid('dan');
select is((select count(*)::int from public.circles where name = 'Dan''s friends'), 0,
  'DYN-04: a rule circle ends with its creator''s account');
select set_eq(format('select user_id from public.circle_members where circle_id = %L', tests.circle('Friends')),
  array[tests.uid('ada'), tests.uid('bob')], 'DYN-03: a friend whose account ends leaves the circle');

-- Limits (DYN-06), and an event's circles go with it (DYN-04) ------------------------------------
select tests.act_as('ada');
select public.create_event('Talk', now() + interval '3 days');
select is((select count(*)::int from (select public.create_dynamic_circle('Talk ' || i,
  jsonb_build_object('kind', 'event', 'event_id', tests.event('Talk')))
  from generate_series(1, 5) i) s), 5, 'DYN-06: an event has 5 circles');
select throws_ok(format($$select public.create_dynamic_circle('Talk 6', jsonb_build_object('kind', 'event', 'event_id', %L))$$,
  tests.event('Talk')), 'PT409', 'an event has at most 5 circles', 'DYN-06: not a sixth');
select is(tests.rows_affected(format('delete from public.events where id = %L', tests.event('Talk'))), 1,
  'EVT-07: the creator deletes the event');
select is((select count(*)::int from public.circles where name like 'Talk %'), 0,
  'DYN-04: the event''s circles are deleted with it');
select is((select count(*)::int from (select public.create_dynamic_circle('More ' || i, '{"kind": "friends"}')
  from generate_series(1, 8) i) s), 8, 'DYN-06: a user makes 10 rule circles');
select throws_ok($$select public.create_dynamic_circle('More 9', '{"kind": "friends"}')$$,
  'PT409', 'a user makes at most 10 rule circles', 'DYN-06: not an eleventh');
select lives_ok($$select public.create_circle('Static')$$, 'DYN-06: static circles do not count');
select tests.act_as_dba();

select * from finish();
rollback;
