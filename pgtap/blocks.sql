-- Blocks and mutes: schema, privileges, policies, and what each side sees
-- (anon / the blocker / the blocked / a stranger / service_role).
begin;
set client_min_messages = warning;
set search_path = tap, public;
select plan(50);

-- Schema ---------------------------------------------------------------------------------------
select has_table('public', 'blocks', 'BLK-01: blocks exists');
select col_is_pk('public', 'blocks', array['blocker_id', 'blocked_id'], 'BLK-01: pk (blocker_id, blocked_id)');
select col_has_check('public', 'blocks', array['blocker_id', 'blocked_id'], 'BLK-01: nobody blocks themselves');
select fk_ok('public', 'blocks', 'blocker_id', 'public', 'profiles', 'id', 'BLK-01: blocker_id → profiles');
select fk_ok('public', 'blocks', 'blocked_id', 'public', 'profiles', 'id', 'BLK-01: blocked_id → profiles');
select has_index('public', 'blocks', 'blocks_blocked_id_idx', 'SEC-03: blocked_id FK has an index');
select ok((select relrowsecurity from pg_class where oid = 'public.blocks'::regclass),
  'BLK-01: RLS is enabled');
select trigger_is('public', 'blocks', 'blocks_lock_pair', 'kithdb', 'blocks_lock_pair',
  'BLK-06: a block takes the pair''s lock');
select trigger_is('public', 'blocks', 'blocks_end_friendship', 'kithdb', 'blocks_end_friendship',
  'BLK-02: a block ends the pair''s friendship');
select trigger_is('public', 'blocks', 'blocks_pair_immutable', 'kithdb', 'refuse_row_move',
  'BLK-01: a block stays between its pair');
select trigger_is('public', 'blocks', 'blocks_part_circles', 'kithdb',
  'blocks_part_circles', 'BLK-02: a block withdraws the pair''s invitations');
select trigger_is('public', 'blocks', 'blocks_part_in_pending_groups', 'kithdb',
  'blocks_part_in_pending_groups', 'BLK-04: a block parts the pair in pending like groups');
select trigger_is('public', 'blocks', 'blocks_sync_circles', 'kithdb', 'blocks_sync_circles',
  'BLK-04: a block re-derives the pair''s rule circles');
select has_table('public', 'mutes', 'MUT-01: mutes exists');
select col_is_pk('public', 'mutes', array['muter_id', 'muted_id'], 'MUT-01: pk (muter_id, muted_id)');
select col_has_check('public', 'mutes', array['muter_id', 'muted_id'], 'MUT-01: nobody mutes themselves');
select has_index('public', 'mutes', 'mutes_muted_id_idx', 'SEC-03: muted_id FK has an index');
select ok((select relrowsecurity from pg_class where oid = 'public.mutes'::regclass),
  'MUT-01: RLS is enabled');

-- Privileges -------------------------------------------------------------------------------------
select table_privs_are('public', 'blocks', 'anon', array[]::text[], 'ID-02: anon has no privilege');
select table_privs_are('public', 'blocks', 'authenticated', array['SELECT', 'DELETE'],
  'BLK-01: authenticated selects and deletes (inserts per column), never updates');
select policies_are('public', 'blocks', array['blocks_select', 'blocks_insert', 'blocks_delete'],
  'BLK-01, SEC-02: one policy per action');
select table_privs_are('public', 'mutes', 'anon', array[]::text[], 'ID-02: anon has no privilege');
select policies_are('public', 'mutes',
  array['mutes_select', 'mutes_insert', 'mutes_update', 'mutes_delete'],
  'MUT-01, SEC-02: one policy per action');
select function_privs_are('kithdb', 'lock_pair', array['uuid', 'uuid', 'boolean'], 'authenticated',
  array[]::text[], 'BLK-06: a signed-in user cannot take a pair''s lock at will');
select function_privs_are('kithdb', 'require_unblocked', array['uuid', 'uuid'], 'authenticated',
  array[]::text[], 'BLK-03: a signed-in user cannot ask about another pair');

-- Scene: ada and bob are friends, ada blocks bob; eve is a stranger ----------------------------
select tests.create_user('ada'), tests.create_user('bob'), tests.create_user('eve');
select tests.befriend('ada', 'bob');

select tests.act_as_anon();
select throws_ok('select * from public.blocks', '42501', null, 'ID-02: anon cannot select');
select throws_ok(format('select public.block_user(%L)', tests.uid('bob')), '42501', null,
  'ID-02: anon cannot call block_user');

select tests.act_as('ada');
select lives_ok(format('select public.block_user(%L)', tests.uid('bob')), 'BLK-01: ada blocks bob');
select is((select count(*) from public.friendships), 0::bigint, 'BLK-02: the friendship is gone');
select is((select count(*) from public.blocks), 1::bigint, 'BLK-01: the blocker sees her block');
select is((select count(*) from public.profiles where id = tests.uid('bob')), 1::bigint,
  'BLK-03: the blocker still sees the blocked');
select throws_ok(format('select public.request_friendship(%L)', tests.uid('bob')), '42501', 'you blocked this user',
  'BLK-04: the blocker is told user_blocked');

select tests.act_as('bob');
select is((select count(*) from public.blocks), 0::bigint, 'BLK-01: the blocked does not see the block');
select is((select count(*) from public.profiles where id = tests.uid('ada')), 0::bigint,
  'BLK-03: the blocked does not see the blocker');
select throws_ok(format('select public.request_friendship(%L)', tests.uid('ada')), 'PT404', 'no such user',
  'BLK-03: befriending the blocker is befriending nobody');
select throws_ok(format('select public.request_friendship(%L)', gen_random_uuid()), 'PT404', 'no such user',
  'BLK-03: the same answer as for a user who does not exist');
select throws_ok(format($$insert into public.blocks (blocker_id, blocked_id) values (%L, %L)$$,
  tests.uid('bob'), tests.uid('ada')), 'PT404', 'no such user',
  'BLK-03: blocking the blocker by a table write is blocking nobody');
select throws_ok(format($$insert into public.blocks (blocker_id, blocked_id) values (%L, %L)$$,
  tests.uid('bob'), gen_random_uuid()), 'PT404', 'no such user',
  'BLK-03: the same answer as for a user who does not exist');
select results_eq(format($$with d as (delete from public.blocks where blocker_id = %L returning 1)
  select count(*) from d$$, tests.uid('ada')), array[0::bigint],
  'BLK-01: nobody lifts a block but its blocker');

select tests.act_as('eve');
select is((select count(*) from public.profiles where id = tests.uid('ada')), 1::bigint,
  'BLK-03: a block hides the blocker from the blocked alone');

select tests.act_as_service();
select throws_ok(format($$insert into public.friendships (user_id, friend_id, status, requested_by)
  values (least(%1$L::uuid, %2$L::uuid), greatest(%1$L::uuid, %2$L::uuid), 'accepted', %1$L)$$,
  tests.uid('ada'), tests.uid('bob')), '42501', 'one of these users blocked the other',
  'BLK-04: not even service_role joins a blocked pair');

select tests.act_as('ada');
select lives_ok(format('select public.unblock_user(%L)', tests.uid('bob')), 'BLK-01: ada lifts the block');

-- Mutes: eve mutes ada, who cannot tell -----------------------------------------------------------
select tests.act_as('eve');
select lives_ok(format('select public.mute_user(%L)', tests.uid('ada')), 'MUT-01: eve mutes ada');
select lives_ok(format('select public.mute_user(%L, now() + interval ''1 day'')', tests.uid('ada')),
  'MUT-01: muting again moves the end');
select is((select count(*) from public.mutes where until is not null), 1::bigint,
  'MUT-01: one mute, with the new end');
select throws_ok(format('select public.mute_user(%L)', tests.uid('eve')), '22023', 'you cannot mute yourself',
  'MUT-03: nobody mutes themselves');
select tests.act_as('ada');
select is((select count(*) from public.mutes), 0::bigint, 'MUT-01: the muted does not see the mute');
select results_eq('with u as (update public.mutes set until = null returning 1) select count(*) from u',
  array[0::bigint], 'MUT-01: nobody changes a mute but its muter');
select throws_ok(format('select public.unmute_user(%L)', tests.uid('eve')), 'PT404', 'you have not muted this user',
  'MUT-03: nobody lifts a mute but its muter');
select tests.act_as('eve');
select lives_ok(format('select public.unmute_user(%L)', tests.uid('ada')), 'MUT-01: eve lifts her mute');

select * from finish();
rollback;
