-- Friendships: schema, privileges, policies, and the policy matrix
-- (anon / each side of a pair / a stranger / service_role × select / insert / update / delete).
begin;
set client_min_messages = warning;
set search_path = tap, public;
select plan(41);

-- Schema ---------------------------------------------------------------------------------------
select has_table('public', 'friendships', 'FRI-01: friendships exists');
select col_is_pk('public', 'friendships', array['user_id', 'friend_id'], 'FRI-01: pk (user_id, friend_id)');
select has_check('public', 'friendships', 'FRI-01, FRI-04: check constraints exist');
select enum_has_labels('public', 'friendship_status', array['pending', 'accepted', 'declined'],
  'FRI-05: friendship_status labels');
select fk_ok('public', 'friendships', 'user_id', 'public', 'profiles', 'id', 'FRI-01: user_id → profiles');
select fk_ok('public', 'friendships', 'friend_id', 'public', 'profiles', 'id', 'FRI-01: friend_id → profiles');
select has_index('public', 'friendships', 'friendships_friend_id_idx', 'SEC-03: friend_id FK has an index');
select ok((select relrowsecurity from pg_class where oid = 'public.friendships'::regclass),
  'FRI-06: RLS is enabled');

-- Privileges -------------------------------------------------------------------------------------
select table_privs_are('public', 'friendships', 'anon', array[]::text[], 'ID-02: anon has no privilege');
select table_privs_are('public', 'friendships', 'authenticated', array['SELECT', 'DELETE'],
  'FRI-06: authenticated selects and deletes rows (inserts and updates per column)');
select column_privs_are('public', 'friendships', 'status', 'authenticated', array['INSERT', 'SELECT', 'UPDATE'],
  'FRI-05: authenticated may write status');
select column_privs_are('public', 'friendships', 'user_id', 'authenticated', array['INSERT', 'SELECT'],
  'FRI-01: authenticated may not update the pair');
select function_privs_are('public', 'request_friendship', array['uuid'], 'anon', array[]::text[],
  'ID-02: anon cannot execute request_friendship');
select function_privs_are('public', 'request_friendship', array['uuid'], 'authenticated', array['EXECUTE'],
  'FRI-03: authenticated executes request_friendship');
select policies_are('public', 'friendships',
  array['friendships_select', 'friendships_insert', 'friendships_update', 'friendships_delete'],
  'FRI-06, SEC-02: one policy per action');
select policy_roles_are('public', 'friendships', 'friendships_update', array['authenticated'],
  'SEC-02: policies name their role');

-- Scene: ada asked bob; eve is a stranger; carl and dora are friends already -------------------
select tests.create_user('ada'), tests.create_user('bob'), tests.create_user('eve'),
       tests.create_user('carl'), tests.create_user('dora');
select tests.befriend('carl', 'dora');

select tests.act_as('ada');
select is(public.request_friendship(tests.uid('bob')), 'pending', 'FRI-03: ada asks bob: pending');

-- anon: nothing at all
select tests.act_as_anon();
select throws_ok('select * from public.friendships', '42501', null, 'ID-02: anon cannot select');
select throws_ok($$insert into public.friendships (user_id, friend_id, requested_by)
  values (gen_random_uuid(), gen_random_uuid(), gen_random_uuid())$$, '42501', null,
  'ID-02: anon cannot insert');
select throws_ok($$update public.friendships set status = 'accepted'$$, '42501', null,
  'ID-02: anon cannot update');
select throws_ok('delete from public.friendships', '42501', null, 'ID-02: anon cannot delete');
select throws_ok(format('select public.request_friendship(%L)', tests.uid('bob')), '42501', null,
  'ID-02: anon cannot call request_friendship');

-- eve, a stranger: sees nothing, changes nothing
select tests.act_as('eve');
select is((select count(*) from public.friendships), 0::bigint, 'FRI-06: a stranger sees no row');
select throws_ok(format($$insert into public.friendships (user_id, friend_id, status, requested_by)
  values (least(%1$L::uuid, %2$L::uuid), greatest(%1$L::uuid, %2$L::uuid), 'pending', %1$L)$$,
  tests.uid('ada'), tests.uid('dora')), '42501', null,
  'FRI-06: a stranger cannot create a pair of two others');
select results_eq($$with u as (update public.friendships set status = 'declined' returning 1)
  select count(*) from u$$, array[0::bigint], 'FRI-06: a stranger updates no row');
select results_eq($$with d as (delete from public.friendships returning 1) select count(*) from d$$,
  array[0::bigint], 'FRI-06: a stranger deletes no row');
select throws_ok(format('select public.remove_friendship(%L)', tests.uid('bob')), 'PT404', null,
  'FRI-06: a stranger removing someone''s friendship gets PT404');
select lives_ok(format($$insert into public.friendships (user_id, friend_id, status, requested_by)
  values (least(%1$L::uuid, %2$L::uuid), greatest(%1$L::uuid, %2$L::uuid), 'pending', %1$L)$$,
  tests.uid('eve'), tests.uid('carl')), 'FRI-03: a direct insert of one''s own pending request works');
select throws_ok(format($$insert into public.friendships (user_id, friend_id, status, requested_by)
  values (least(%1$L::uuid, %2$L::uuid), greatest(%1$L::uuid, %2$L::uuid), 'pending', %1$L)$$,
  tests.uid('eve'), tests.uid('carl')), '23505', null,
  'FRI-01: a second row for the same pair is a duplicate');

-- ada, the requester: sees the row, cannot accept it
select tests.act_as('ada');
select is((select count(*) from public.friendships), 1::bigint, 'FRI-06: the requester sees the row');
select throws_ok($$update public.friendships set status = 'accepted'$$, '42501', null,
  'FRI-03: the requester cannot accept by direct update');
select throws_ok(format($$insert into public.friendships (user_id, friend_id, status, requested_by)
  values (least(%1$L::uuid, %2$L::uuid), greatest(%1$L::uuid, %2$L::uuid), 'accepted', %1$L)$$,
  tests.uid('ada'), tests.uid('eve')), '42501', null,
  'FRI-03: nobody inserts an accepted friendship');
select throws_ok(format('select public.respond_friendship(%L, true)', tests.uid('bob')), '42501', null,
  'FRI-03: the requester cannot respond');

-- bob, the addressee: sees the row and accepts it
select tests.act_as('bob');
select is((select count(*) from public.friendships), 1::bigint, 'FRI-06: the addressee sees the row');
select lives_ok($$update public.friendships set status = 'accepted'$$,
  'FRI-03: the addressee accepts by direct update');
select ok(kithdb.are_friends(tests.uid('ada'), tests.uid('bob')), 'FRI-07: now they are friends');
select throws_ok($$update public.friendships set status = 'pending'$$, 'PT409', null,
  'FRI-05: an accepted friendship cannot go back to pending');

-- service_role: bypasses RLS, sees and writes everything
select tests.act_as_service();
select is((select count(*) from public.friendships), 3::bigint, 'ID-04: service_role, trusted, sees every row');
select lives_ok(format($$insert into public.friendships (user_id, friend_id, status, requested_by)
  values (least(%1$L::uuid, %2$L::uuid), greatest(%1$L::uuid, %2$L::uuid), 'accepted', %1$L)$$,
  tests.uid('eve'), tests.uid('dora')), 'FRI-03, ID-04: service_role may insert any friendship');

-- ada ends the friendship: gone for both
select tests.act_as('ada');
select lives_ok(format('select public.remove_friendship(%L)', tests.uid('bob')),
  'FRI-06: either side removes the friendship');
select ok(not kithdb.are_friends(tests.uid('ada'), tests.uid('bob')), 'FRI-07: the friendship has ended');
select tests.act_as_dba();

select * from finish();
rollback;
