-- Profiles: schema, privileges, policies, the sign-up trigger, and the policy matrix
-- (anon / the user / another signed-in user / a JWT without sub / service_role
-- × select / insert / update / delete).
begin;
set client_min_messages = warning;
set search_path = tap, public;
select plan(60);

-- Schema ---------------------------------------------------------------------------------------
select has_table('public', 'profiles', 'PRO-01: profiles exists');
select columns_are('public', 'profiles', array['id', 'display_name', 'created_at'],
  'PRO-01: profiles has its id, display name and creation time');
select col_is_pk('public', 'profiles', 'id', 'PRO-01: pk id: one profile per user');
select fk_ok('public', 'profiles', 'id', 'auth', 'users', 'id', 'PRO-01: a profile is an auth.users row''s');
select is((select confdeltype from pg_constraint
           where conrelid = 'public.profiles'::regclass and contype = 'f'),
  'c'::"char", 'PRO-01: a profile is deleted with its user');
select col_has_check('public', 'profiles', 'display_name', 'PRO-02: display_name has a check');
select ok(exists (select from pg_constraint
                  where conrelid = 'public.profiles'::regclass
                    and conname = 'profiles_display_name_length' and contype = 'c'),
  'PRO-02: the check is profiles_display_name_length');
select col_not_null('public', 'profiles', 'created_at', 'PRO-01: created_at is always set');
select has_trigger('auth', 'users', 'kithdb_create_profile', 'PRO-01: signing up creates the profile');
select is_definer('kithdb', 'create_profile_for_new_user', array[]::text[],
  'PRO-01, SEC-05: the sign-up trigger runs as its owner (the auth role cannot write profiles)');
select ok((select relrowsecurity from pg_class where oid = 'public.profiles'::regclass),
  'SEC-01: RLS is enabled');

-- Privileges -------------------------------------------------------------------------------------
select table_privs_are('public', 'profiles', 'anon', array[]::text[], 'ID-02: anon has no privilege');
select table_privs_are('public', 'profiles', 'authenticated', array['SELECT'],
  'PRO-03: authenticated selects rows (and updates one column), inserts and deletes none');
select column_privs_are('public', 'profiles', 'display_name', 'authenticated', array['SELECT', 'UPDATE'],
  'PRO-03: authenticated may write display_name');
select column_privs_are('public', 'profiles', c, 'authenticated', array['SELECT'],
  format('PRO-03: authenticated may not write %s', c))
from unnest(array['id', 'created_at']) c;
select table_privs_are('public', 'profiles', 'service_role',
  array['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE', 'REFERENCES', 'TRIGGER'],
  'ID-04: service_role, trusted, holds every privilege');
select function_privs_are('kithdb', f, a, 'anon', array[]::text[],
  format('ID-02, SEC-05: anon cannot execute kithdb.%s', f))
from (values ('default_display_name', array['jsonb']),
             ('create_profile_for_new_user', array[]::text[])) v(f, a);
select policies_are('public', 'profiles', array['profiles_select', 'profiles_update'],
  'PRO-03, SEC-01: a select and an update policy, none for insert or delete');
select policy_roles_are('public', 'profiles', p, array['authenticated'],
  format('SEC-02: %s names its role', p))
from unnest(array['profiles_select', 'profiles_update']) p;
select policy_cmd_is('public', 'profiles', 'profiles_update', 'update',
  'PRO-03: profiles_update is for update');

-- The sign-up trigger and the default display name (PRO-01, PRO-04) -----------------------------
select tests.create_user(u) from unnest(array['ada', 'bob']) u;
select is((select display_name from public.profiles where id = tests.uid('ada')), 'ada',
  'PRO-01, PRO-04: signing up creates a profile named as in the metadata''s display_name');
insert into auth.users (id, email, raw_user_meta_data) values
  (gen_random_uuid(), 'grace.hopper@example.test', '{"full_name": "  Grace Hopper  ", "name": "gh"}'),
  (gen_random_uuid(), 'lin@example.test', '{"display_name": " ", "name": "Lin"}'),
  (gen_random_uuid(), 'quiet@example.test', null),
  (gen_random_uuid(), 'long@example.test', jsonb_build_object('display_name', repeat('x', 100)));
select results_eq($$select p.display_name from auth.users u join public.profiles p on p.id = u.id
  where u.email = 'grace.hopper@example.test'$$, array['Grace Hopper'],
  'PRO-04: else full_name, trimmed');
select results_eq($$select p.display_name from auth.users u join public.profiles p on p.id = u.id
  where u.email = 'lin@example.test'$$, array['Lin'], 'PRO-04: a blank name is no name: else name');
select results_eq($$select p.display_name from auth.users u join public.profiles p on p.id = u.id
  where u.email = 'quiet@example.test'$$, array['New member'],
  'PRO-04: without a name, a placeholder, never the email address');
select results_eq($$select char_length(p.display_name) from auth.users u join public.profiles p on p.id = u.id
  where u.email = 'long@example.test'$$, array[80], 'PRO-02, PRO-04: a longer name is cut to 80 characters');
select is_empty($$select u.id from auth.users u left join public.profiles p on p.id = u.id
  where p.id is null$$, 'PRO-01: every user has a profile');
select is(kithdb.default_display_name('{"display_name": "Ada", "full_name": "Ada L", "name": "al"}'), 'Ada',
  'PRO-04: display_name comes first');
select is(kithdb.default_display_name('{"full_name": null, "name": "octo@example.test", "user_name": "octocat"}'),
  'octocat', 'PRO-04: an email address given as a name is no name: else user_name (GitHub''s login)');
select is(kithdb.default_display_name(
  '{"sub": "8d5f0b8e-4c1e-4c5e-9d0a-3f4e5a6b7c8d", "email": "ada@example.test", "email_verified": false, "phone_verified": false}'),
  'New member', 'PRO-04: what Supabase Auth records for a bare email sign-up names nobody');
select is_empty($$
  select m.meta::text, kithdb.default_display_name(m.meta), m.expected
  from (values
    (jsonb_build_object('name', E'carol@example.test\n', 'user_name', 'carol'), 'carol'),
    (jsonb_build_object('full_name', E'erin@example.test\u3000'), 'New member'),
    ('{"name": "Dave Smith <dave@example.test>"}'::jsonb, 'New member'),
    ('{"name": "john@example.test (John)"}'::jsonb, 'New member'),
    (jsonb_build_object('name', E'john\uff20example.test'), 'New member'),
    (jsonb_build_object('display_name', E'\u00a0', 'full_name', 'John'), 'John'),
    (jsonb_build_object('display_name', E'\u200b\u202e', 'name', 'Zed'), 'Zed'),
    (jsonb_build_object('display_name', E'\u0301\u0301'), 'New member'),
    (jsonb_build_object('display_name', E'Ada\t\u2028Lovelace\u0007'), 'Ada Lovelace'),
    ('{"display_name": "Ada @ Home"}'::jsonb, 'Ada @ Home'),
    (jsonb_build_object('display_name', repeat('x', 79) || ' y'), repeat('x', 79)),
    (jsonb_build_object('display_name', repeat(E'\u0301', 80) || 'x', 'full_name', 'Alice A'), 'Alice A'),
    (jsonb_build_object('display_name', E'\u3164', 'full_name', 'Alice A'), 'Alice A'),
    (jsonb_build_object('display_name', E'\u2800\u00ad\u061c\ufe0f', 'full_name', 'Alice A'), 'Alice A'),
    (jsonb_build_object('display_name', E'\U000e0041\U000e0042', 'full_name', 'Alice A'), 'Alice A'),
    (jsonb_build_object('display_name', E'\u17b4\u17b5\u180b\u180f', 'full_name', 'Alice A'), 'Alice A'),
    (jsonb_build_object('display_name', E'\u2065\ufff0\ufff8', 'full_name', 'Alice A'), 'Alice A'),
    (jsonb_build_object('display_name', E'\U00013430\U0001343f\U0001bca0', 'full_name', 'Alice A'),
     'Alice A'),
    (jsonb_build_object('display_name', E'Bo\u17b4b'), 'Bob'),
    (jsonb_build_object('display_name', E'\u845b\U000e0100\u57ce'), E'\u845b\U000e0100\u57ce'),
    (jsonb_build_object('display_name', E'\u1820\u180b\u1821'), E'\u1820\u180b\u1821'),
    (jsonb_build_object('name', E'carol\ufe6bexample.test'), 'New member'),
    ('{"name": "dave@@example.test"}'::jsonb, 'New member'),
    (jsonb_build_object('name', E'alice\u00a0@example.test'), 'New member'),
    (jsonb_build_object('display_name', E'Ma\u200dria \U0001f469\u200d\U0001f4bb'),
     E'Ma\u200dria \U0001f469\u200d\U0001f4bb')
  ) m (meta, expected)
  where kithdb.default_display_name(m.meta) is distinct from m.expected
$$, 'PRO-04: no name with an email address in it, whatever surrounds it; spaces of every kind are '
    'one space, invisible characters none, and a name of nothing visible is no name');

-- anon: nothing at all ---------------------------------------------------------------------------
select tests.act_as_anon();
select throws_ok('select * from public.profiles', '42501', null, 'ID-02: anon cannot select');
select throws_ok(format($$insert into public.profiles (id, display_name) values (%L, 'x')$$,
  tests.uid('ada')), '42501', null, 'ID-02: anon cannot insert');
select throws_ok($$update public.profiles set display_name = 'x'$$, '42501', null, 'ID-02: anon cannot update');
select throws_ok('delete from public.profiles', '42501', null, 'ID-02: anon cannot delete');

-- ada, the user --------------------------------------------------------------------------------
select tests.act_as('ada');
select is((select count(*)::int from public.profiles), 6, 'PRO-03: a signed-in user sees every profile');
select is(tests.rows_affected(format($$update public.profiles set display_name = 'Ada L.' where id = %L$$,
  tests.uid('ada'))), 1, 'PRO-03: the user renames themselves');
select is((select display_name from public.profiles where id = tests.uid('ada')), 'Ada L.',
  'PRO-03: the new name is stored');
select throws_ok(format($$update public.profiles set display_name = repeat('x', 81) where id = %L$$,
  tests.uid('ada')), '23514', null, 'PRO-02: 81 characters are refused');
select throws_ok(format($$update public.profiles set id = gen_random_uuid() where id = %L$$, tests.uid('ada')),
  '42501', null, 'PRO-03: the user cannot change their id');
select throws_ok(format($$update public.profiles set created_at = now() where id = %L$$, tests.uid('ada')),
  '42501', null, 'PRO-03: the user cannot change created_at');
select throws_ok(format($$insert into public.profiles (id, display_name) values (%L, 'Ada 2')$$,
  tests.uid('ada')), '42501', null, 'PRO-01, PRO-03: the user cannot insert a profile');
select throws_ok(format('delete from public.profiles where id = %L', tests.uid('ada')), '42501', null,
  'PRO-01, PRO-03: the user cannot delete their profile');

-- bob, another signed-in user ------------------------------------------------------------------
select tests.act_as('bob');
select is((select count(*)::int from public.profiles), 6, 'PRO-03: another user sees every profile too');
select is((select display_name from public.profiles where id = tests.uid('ada')), 'Ada L.',
  'PRO-03: and reads the user''s display name');
select is(tests.rows_affected(format($$update public.profiles set display_name = 'Not Ada' where id = %L$$,
  tests.uid('ada'))), 0, 'PRO-03: another user updates no one else''s profile');
select is(tests.rows_affected($$update public.profiles set display_name = 'Everyone'$$), 1,
  'PRO-03: an update of every profile changes their own alone');
select throws_ok(format('delete from public.profiles where id = %L', tests.uid('ada')), '42501', null,
  'PRO-03: another user cannot delete the profile');

-- a JWT without sub: the role reads, and nothing else -------------------------------------------
select tests.act_as_role('authenticated', jsonb_build_object('role', 'authenticated')::text);
select is((select count(*)::int from public.profiles), 6, 'ID-05: a JWT without sub reads every profile');
select is(tests.rows_affected($$update public.profiles set display_name = 'Nobody'$$), 0,
  'ID-05, PRO-03: and updates none');

-- service_role -----------------------------------------------------------------------------------
select tests.act_as_service();
select is((select count(*)::int from public.profiles), 6, 'ID-04: service_role, trusted, sees every profile');
select results_eq(format($$select display_name from public.profiles where id in (%L, %L) order by display_name$$,
  tests.uid('ada'), tests.uid('bob')), array['Ada L.', 'Everyone'], 'PRO-03: the rows other callers could not change did not change');
select is(tests.rows_affected(format($$update public.profiles set display_name = 'Ada' where id = %L$$,
  tests.uid('ada'))), 1, 'ID-04: service_role renames anyone');
select is(tests.rows_affected(format('delete from public.profiles where id = %L', tests.uid('bob'))), 1,
  'ID-04: service_role deletes a profile');
select throws_ok(format($$insert into public.profiles (id) values (%L)$$, tests.uid('ada')), '23505', null,
  'PRO-01: a user has one profile, whoever inserts it');
select throws_ok($$insert into public.profiles (id) values (gen_random_uuid())$$, '23503', null,
  'PRO-01: no profile without its user');

-- A profile and its user go together ---------------------------------------------------------------
select tests.act_as_dba();
select is((select count(*)::int from auth.users u where u.raw_user_meta_data ->> 'test_identifier' = 'bob'), 0,
  'PRO-01: a profile deleted on its own takes its user along');
delete from auth.users where id = tests.uid('ada');
select is((select count(*)::int from public.profiles), 4, 'PRO-01: deleting a user deletes their profile');

select * from finish();
rollback;
