-- Accounts: who may export, and that an export holds the caller's rows and nobody else's.
begin;
set client_min_messages = warning;
set search_path = tap, public;
select plan(5);

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
select tests.act_as_dba();

select * from finish();
rollback;
