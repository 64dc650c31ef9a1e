-- Accounts: who may export or delete, that an export holds the caller's rows and nobody else's,
-- and that a deletion takes the caller's account alone.
begin;
set client_min_messages = warning;
set search_path = tap, public;
select plan(15);

select function_privs_are('public', 'export_my_data', array[]::text[], 'anon', array[]::text[],
  'ID-02: anon exports nothing');
select tests.create_user(u) from unnest(array['ada', 'bob']) u;
select tests.act_as('ada');
select public.create_post('mine', 'public');
select tests.act_as('bob');
select public.create_post('his', 'public');

select tests.act_as('ada');
select is((select public.export_my_data() ->> 'user_id'), tests.uid('ada')::text,
  'ACC-01: an export is the caller''s');
select is((select jsonb_path_query_array(public.export_my_data(), '$.posts[*].body')),
  '["mine"]'::jsonb, 'ACC-01: with the caller''s posts and nobody else''s');
select is((select public.export_my_data() -> 'profile' ->> 'id'), tests.uid('ada')::text,
  'ACC-01: and the caller''s profile');
select tests.act_as_anon();
select throws_ok('select public.export_my_data()', '42501', null, 'ID-02: anon cannot call it');
select throws_ok(format('select public.delete_my_account(%L)', tests.uid('ada')), '42501', null,
  'ID-02: anon deletes no account');
select tests.act_as_dba();

select function_privs_are('public', 'delete_my_account', array['text'], 'anon', array[]::text[],
  'ID-02: anon may not call delete_my_account');
select trigger_is('auth', 'users', 'kithdb_lock_account', 'kithdb', 'auth_users_lock_account',
  'ACC-03: an auth user''s delete takes the account''s locks before its rows');
select function_privs_are('kithdb', 'lock_account', array['uuid'], 'authenticated',
  array[]::text[], 'ACC-03: no API user takes the locks of an account''s deletion');
select function_privs_are('kithdb', 'lock_account', array['uuid'], 'service_role',
  array[]::text[], 'ACC-03: nor service_role, which deletes through the auth user');
create temporary table deleted_user as select tests.uid('ada') as id;
select tests.act_as('ada');
select throws_ok(format('select public.delete_my_account(%L)', tests.uid('bob')), '22023',
  'confirm by passing your own user id',
  'ACC-02: another user''s id does not confirm the caller''s deletion');
select lives_ok(format('select public.delete_my_account(%L)', tests.uid('ada')),
  'ACC-02: the caller''s own id does');
select tests.act_as_dba();
select is((select count(*)::integer from auth.users where id = (select id from deleted_user)), 0,
  'ACC-02: the auth user is gone');
select is((select count(*)::integer from public.posts where body = 'mine'), 0,
  'ACC-02: with their posts');
select is((select count(*)::integer from public.posts where body = 'his'), 1,
  'ACC-02: and nobody else''s');

select * from finish();
rollback;
