-- Circles: schema, privileges, policies, and the policy matrix for circles and circle_members
-- (anon / outsider / invitee / member / admin / service_role × select / insert / update / delete).
begin;
set client_min_messages = warning;
set search_path = tap, public;
select plan(75);

-- Schema and privileges --------------------------------------------------------------------------
select has_table('public', 'circles', 'CIR-01: circles exists');
select has_table('public', 'circle_members', 'CIR-01: circle_members exists');
select column_privs_are('public', 'circles', 'id', 'authenticated', array['SELECT'],
  'ID-06: a circle''s id is the database''s');
select col_is_pk('public', 'circle_members', array['circle_id', 'user_id'],
  'CIR-05: pk (circle_id, user_id): one invitation or membership per user and circle');
select enum_has_labels('public', 'circle_role', array['admin', 'member'], 'CIR-08: circle_role labels');
select enum_has_labels('public', 'circle_member_status', array['invited', 'member'],
  'CIR-07: circle_member_status labels');
select enum_has_labels('public', 'circle_type', array['static', 'dynamic'], 'CIR-02: circle_type labels');
select has_index('public', 'circle_members', 'circle_members_user_id_idx', 'SEC-03: user_id has an index');
select has_index('public', 'circle_members', 'circle_members_invited_by_idx', 'SEC-03: invited_by has an index');
select has_index('public', 'circles', 'circles_created_by_idx', 'SEC-03: created_by has an index');
select has_trigger('public', 'circles', 'circles_touch_updated_at', 'CIR-11: circles.updated_at is kept');
select policies_are('public', 'circles',
  array['circles_select', 'circles_insert', 'circles_update', 'circles_delete'], 'CIR-10: four circle policies');
select policies_are('public', 'circle_members',
  array['circle_members_select', 'circle_members_insert', 'circle_members_update', 'circle_members_delete'],
  'CIR-10: four membership policies');
select table_privs_are('public', 'circles', 'anon', array[]::text[], 'ID-02: anon has nothing on circles');
select table_privs_are('public', 'circle_members', 'anon', array[]::text[], 'ID-02: anon has nothing on members');
select column_privs_are('public', 'circles', 'created_by', 'authenticated', array['INSERT', 'SELECT'],
  'CIR-02: created_by cannot be updated');
select column_privs_are('public', 'circles', 'circle_type', 'authenticated', array['SELECT'],
  'CIR-02: circle_type is not written by API users');
select volatility_is('kithdb', 'is_circle_member', array['uuid', 'uuid'], 'stable', 'CIR-12: helpers are STABLE');
select is_definer('kithdb', 'is_circle_admin', array['uuid', 'uuid'], 'CIR-12: helpers are SECURITY DEFINER');
select function_privs_are('kithdb', 'has_circle_access', array['uuid', 'uuid'], 'anon', array[]::text[],
  'ID-02: anon cannot execute the helpers');
select function_privs_are('kithdb', f, array['uuid', 'uuid'], 'authenticated', array[]::text[],
  format('CIR-12: %s answers about anyone, so a signed-in user cannot ask it', f))
from unnest(array['is_circle_member', 'is_circle_admin', 'has_circle_access']) f;
select isnt_definer('public', 'create_circle', array['text', 'text'], 'SEC-05: create_circle is SECURITY INVOKER');

-- Scene: ada administers Climbers, bob is a member, cat is invited; dan is ada's friend outside;
-- eve is an outsider. Built as the DBA.
select tests.create_user(u) from unnest(array['ada', 'bob', 'cat', 'dan', 'eve']) u;
select tests.befriend('ada', f) from unnest(array['bob', 'cat', 'dan']) f;
insert into public.circles (name, created_by) values ('Climbers', tests.uid('ada'));
insert into public.circle_members (circle_id, user_id, status, invited_by)
values (tests.circle('Climbers'), tests.uid('bob'), 'member', tests.uid('ada')),
       (tests.circle('Climbers'), tests.uid('cat'), 'invited', tests.uid('ada'));
select is((select count(*)::int from public.circle_members where circle_id = tests.circle('Climbers')), 3,
  'CIR-01: the creator''s admin membership plus two rows');

-- anon -----------------------------------------------------------------------------------------
select tests.act_as_anon();
select throws_ok('select * from public.circles', '42501', null, 'ID-02: anon cannot select circles');
select throws_ok($$insert into public.circles (name) values ('x')$$, '42501', null, 'ID-02: anon cannot insert circles');
select throws_ok($$update public.circles set name = 'x'$$, '42501', null, 'ID-02: anon cannot update circles');
select throws_ok('delete from public.circles', '42501', null, 'ID-02: anon cannot delete circles');
select throws_ok('select * from public.circle_members', '42501', null, 'ID-02: anon cannot select members');
select throws_ok(format($$insert into public.circle_members (circle_id, user_id) values (%L, %L)$$,
  tests.circle('Climbers'), tests.uid('eve')), '42501', null, 'ID-02: anon cannot insert members');
select throws_ok($$update public.circle_members set role = 'admin'$$, '42501', null, 'ID-02: anon cannot update members');
select throws_ok('delete from public.circle_members', '42501', null, 'ID-02: anon cannot delete members');
select throws_ok($$select public.create_circle('x')$$, '42501', null, 'ID-02: anon cannot call create_circle');

-- eve, an outsider ------------------------------------------------------------------------------
select tests.act_as('eve');
select is((select count(*)::int from public.circles), 0, 'CIR-10: an outsider sees no circle');
select is((select count(*)::int from public.circle_members), 0, 'CIR-10: an outsider sees no member');
select is(tests.rows_affected($$update public.circles set name = 'Mine'$$), 0, 'CIR-11: an outsider updates no circle');
select is(tests.rows_affected('delete from public.circles'), 0, 'CIR-11: an outsider deletes no circle');
select throws_ok(format($$insert into public.circle_members (circle_id, user_id, invited_by) values (%L, %L, %L)$$,
  tests.circle('Climbers'), tests.uid('eve'), tests.uid('eve')), '42501', null,
  'CIR-05: an outsider cannot invite themselves');
select is(tests.rows_affected($$update public.circle_members set role = 'member'$$), 0,
  'CIR-08: an outsider updates no membership');
select is(tests.rows_affected('delete from public.circle_members'), 0, 'CIR-08: an outsider deletes no membership');
select throws_ok(format($$insert into public.circles (name, created_by) values ('Fake', %L)$$, tests.uid('ada')),
  '42501', null, 'CIR-02: nobody creates a circle in someone else''s name');
select results_eq($$with i as (insert into public.circles (name) values ('Eve''s') returning name)
  select name from i$$, array['Eve''s'], 'CIR-01, CIR-10: anyone creates a circle and sees it in RETURNING');
select is((select count(*)::int from public.circle_members where user_id = tests.uid('eve')), 1,
  'CIR-01: the creator is in their new circle at once');

-- cat, an invitee -------------------------------------------------------------------------------
select tests.act_as('cat');
select is((select count(*)::int from public.circles), 1, 'CIR-10: an invitee sees the circle');
select is((select count(*)::int from public.circle_members), 3, 'CIR-10: an invitee sees the member list');
select is(tests.rows_affected($$update public.circles set name = 'Cat''s'$$), 0, 'CIR-11: an invitee cannot rename');
select is(tests.rows_affected('delete from public.circles'), 0, 'CIR-11: an invitee cannot delete the circle');
select throws_ok(format($$insert into public.circle_members (circle_id, user_id, invited_by) values (%L, %L, %L)$$,
  tests.circle('Climbers'), tests.uid('dan'), tests.uid('cat')), '42501', null, 'CIR-05: an invitee cannot invite');
select throws_ok(format($$update public.circle_members set role = 'admin' where user_id = %L$$, tests.uid('cat')),
  '42501', null, 'CIR-08: an invitee cannot give themselves a role');
select is(tests.rows_affected(format($$update public.circle_members set status = 'member' where user_id = %L$$,
  tests.uid('cat'))), 1, 'CIR-07: the invitee accepts by updating their own row');

-- bob, a member ---------------------------------------------------------------------------------
select tests.act_as('bob');
select is((select count(*)::int from public.circles), 1, 'CIR-10: a member sees the circle');
select is((select count(*)::int from public.circle_members), 3, 'CIR-10: a member sees the member list');
select is(tests.rows_affected($$update public.circles set name = 'Bob''s'$$), 0, 'CIR-11: a member cannot rename');
select is(tests.rows_affected('delete from public.circles'), 0, 'CIR-11: a member cannot delete the circle');
select throws_ok(format($$insert into public.circle_members (circle_id, user_id, invited_by) values (%L, %L, %L)$$,
  tests.circle('Climbers'), tests.uid('dan'), tests.uid('bob')), '42501', null, 'CIR-05: a member cannot invite');
select is(tests.rows_affected(format($$update public.circle_members set role = 'member' where user_id = %L$$,
  tests.uid('ada'))), 0, 'CIR-08: a member cannot demote the admin');
select throws_ok(format($$update public.circle_members set role = 'admin' where user_id = %L$$, tests.uid('bob')),
  '42501', null, 'CIR-08: a member cannot promote themselves');
select is(tests.rows_affected(format('delete from public.circle_members where user_id = %L', tests.uid('cat'))), 0,
  'CIR-08: a member cannot remove another');
select throws_ok(format('select public.set_circle_member_role(%L, %L, %L)', tests.circle('Climbers'),
  tests.uid('bob'), 'admin'), '42501', null, 'CIR-08: set_circle_member_role refuses a member');

-- ada, the admin ---------------------------------------------------------------------------------
select tests.act_as('ada');
select is((select count(*)::int from public.circles), 1, 'CIR-10: the admin sees the circle');
select is(tests.rows_affected($$update public.circles set name = 'Boulderers' where name = 'Climbers'$$), 1,
  'CIR-11: the admin renames');
select throws_ok($$update public.circles set name = ''$$, '23514', null, 'CIR-01: an empty name is refused');
select lives_ok(format($$insert into public.circle_members (circle_id, user_id, invited_by) values (%L, %L, %L)$$,
  tests.circle('Boulderers'), tests.uid('dan'), tests.uid('ada')), 'CIR-05: the admin invites a friend');
select throws_ok(format($$insert into public.circle_members (circle_id, user_id, status, invited_by) values (%L, %L, 'member', %L)$$,
  tests.circle('Boulderers'), tests.uid('eve'), tests.uid('ada')), '42501', null,
  'CIR-05: not even the admin adds a member without invitation');
select throws_ok(format($$update public.circle_members set status = 'member' where user_id = %L$$, tests.uid('dan')),
  '42501', null, 'CIR-07: the admin cannot accept for the invitee');
select is(tests.rows_affected(format($$update public.circle_members set role = 'admin' where user_id = %L$$,
  tests.uid('bob'))), 1, 'CIR-08: the admin promotes a member');
select is(tests.rows_affected(format('delete from public.circle_members where user_id = %L', tests.uid('dan'))), 1,
  'CIR-08: the admin removes an invitation');
select throws_ok(format($$select public.invite_to_circle(%L, %L)$$, tests.circle('Boulderers'), tests.uid('eve')),
  '42501', null, 'CIR-06: the invitee must be a friend');

-- service_role ----------------------------------------------------------------------------------
select tests.act_as_service();
select is((select count(*)::int from public.circles), 2, 'ID-04: service_role, trusted, sees every circle');
select is((select count(*)::int from public.circle_members), 4, 'ID-04: service_role, trusted, sees every membership');
select lives_ok(format($$insert into public.circle_members (circle_id, user_id, status) values (%L, %L, 'member')$$,
  tests.circle('Boulderers'), tests.uid('eve')), 'ID-04: service_role adds a member directly');
select throws_ok(format($$update public.circle_members set role = 'member' where circle_id = %L$$,
  tests.circle('Boulderers')), 'PT409', null, 'CIR-03, ID-04: not even service_role leaves a circle without admin');
select is(tests.rows_affected(format('delete from public.circles where id = %L', tests.circle('Boulderers'))), 1,
  'ID-04: service_role deletes a circle');
select is((select count(*)::int from public.circle_members where user_id <> tests.uid('eve')), 0,
  'CIR-03: deleting a circle deletes its memberships, the admin''s among them');
select tests.act_as_dba();

select * from finish();
rollback;
