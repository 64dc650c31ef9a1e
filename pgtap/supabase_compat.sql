-- Supabase compatibility: what the compatibility migration gives a vanilla database (and Supabase
-- has): auth.users and auth.identities closed to the API roles, the auth functions reading the
-- request's JWT, pgcrypto and uuid-ossp in schema extensions; and kithdb driven the way Supabase
-- projects write their RLS tests. That part acts through the statements supabase-test-helpers'
-- tests.create_supabase_user and tests.authenticate_as run, not through tests.act_as, so that it
-- proves the pattern users copy.
begin;
set client_min_messages = warning;
set search_path = tap, public;
select plan(32);

-- auth.users and auth.identities ---------------------------------------------------------------
select has_table('auth', 'users', 'SUP-01: auth.users exists');
select has_table('auth', 'identities', 'SUP-01: auth.identities exists');
select ok((select bool_and(c.relrowsecurity) from pg_catalog.pg_class c
           where c.oid in ('auth.users'::regclass, 'auth.identities'::regclass)),
  'SUP-01: row-level security is on for both, as on Supabase');
select table_privs_are('auth', t, r, array[]::text[], format('SUP-01: %s has nothing on auth.%s', r, t))
from unnest(array['users', 'identities']) t cross join unnest(array['anon', 'authenticated']) r;
select fk_ok('auth', 'identities', 'user_id', 'auth', 'users', 'id',
  'SUP-01: an identity belongs to a user');

-- The auth functions ---------------------------------------------------------------------------
select set_config('request.jwt.claims', '{"sub": "9f0c1f6e-5a2b-4a53-8d1e-0c3b5c7a9e11",'
  ' "role": "authenticated", "email": "ada@example.test", "app_metadata": {"provider": "email"}}', true);
select is(auth.uid(), '9f0c1f6e-5a2b-4a53-8d1e-0c3b5c7a9e11'::uuid, 'SUP-02, ID-01: auth.uid() is the sub claim');
select is(auth.role(), 'authenticated', 'SUP-02: auth.role() is the role claim');
select is(auth.email(), 'ada@example.test', 'SUP-02: auth.email() is the email claim');
select is(auth.jwt() -> 'app_metadata' ->> 'provider', 'email', 'SUP-02: auth.jwt() is the whole JWT');
select set_config('request.jwt.claim.email', 'old@example.test', true);
select is(auth.email(), 'old@example.test', 'SUP-02: a claim set alone (older PostgREST) comes first');
select set_config('request.jwt.claim.email', '', true);
select set_config('request.jwt.claims', '', true);
select ok(auth.uid() is null and auth.role() is null and auth.email() is null and auth.jwt() is null,
  'SUP-02: without claims (settings left empty) each is null');
select volatility_is('auth', f, array[]::text[], 'stable', format('SUP-02: auth.%s() is stable', f))
from unnest(array['uid', 'role', 'email', 'jwt']) f;

-- Schema extensions ----------------------------------------------------------------------------
select is((select e.extnamespace::regnamespace::text from pg_catalog.pg_extension e
           where e.extname = x), 'extensions', format('SUP-03: %s lives in schema extensions', x))
from unnest(array['uuid-ossp', 'pgcrypto']) x;
select is_empty($$
  select a.name, r.rolname, coalesce(n.nspname, '(the database)')
  from unnest(array['anon', 'authenticated', 'service_role', 'authenticator']) a (name)
  join pg_catalog.pg_roles r on pg_catalog.pg_has_role(a.name, r.oid, 'member')
  left join pg_catalog.pg_namespace n
    on (n.nspname in ('public', 'extensions') or n.nspname in (select x.rolname from pg_catalog.pg_roles x))
   and pg_catalog.has_schema_privilege(r.oid, n.oid, 'create')
  where n.oid is not null or pg_catalog.has_database_privilege(r.oid, pg_catalog.current_database(), 'create')
$$, 'SUP-03: no API role, nor a role it may become, may create in the database, public, extensions '
    'or a schema named after a role, which come before pgcrypto on the search path');
select ok((select extensions.crypt('password123', h) = h
           from (select extensions.crypt('password123', extensions.gen_salt('bf')) as h) s),
  'SUP-03: pgcrypto hashes a password as Supabase Auth''s seed files do');

-- Users as tests.create_supabase_user makes them ----------------------------------------------
insert into auth.users (id, email, phone, raw_user_meta_data, raw_app_meta_data, created_at, updated_at)
select extensions.uuid_generate_v4(), n || '@example.test', null,
       jsonb_build_object('test_identifier', n, 'display_name', initcap(n)), '{}'::jsonb, now(), now()
from unnest(array['ada', 'bob']) n;
select is((select count(*)::integer from public.profiles p join auth.users u on u.id = p.id
           where u.raw_user_meta_data ->> 'test_identifier' in ('ada', 'bob')
             and p.display_name = initcap(u.raw_user_meta_data ->> 'test_identifier')), 2,
  'SUP-04, PRO-01: each user got a profile, named from the metadata');
-- What tests.authenticate_as reads from auth.users before it switches (the API roles cannot read it).
create temporary table ids on commit drop as
  select u.raw_user_meta_data ->> 'test_identifier' as name, u.id,
         json_build_object('sub', u.id, 'role', 'authenticated', 'email', u.email, 'phone', u.phone,
                           'app_metadata', u.raw_app_meta_data,
                           'user_metadata', u.raw_user_meta_data)::text as claims
  from auth.users u where u.raw_user_meta_data ->> 'test_identifier' in ('ada', 'bob');
grant select on ids to public;

-- Ada, as tests.authenticate_as('ada') switches: the role, then the claims of her JWT.
select set_config('role', 'authenticated', true);
select set_config('request.jwt.claims', (select claims from ids where name = 'ada'), true);
select is(auth.uid(), (select id from ids where name = 'ada'), 'SUP-04, ID-01: auth.uid() is Ada');
select lives_ok($$select public.create_circle('Climbers')$$, 'SUP-04: Ada makes a circle');
select results_eq($$select name from public.circles$$, array['Climbers'],
  'SUP-04, CIR-10: she reads the circle she made');
select lives_ok($$select public.request_friendship((select id from ids where name = 'bob'))$$,
  'SUP-04: Ada asks Bob to be friends');

-- Bob.
select set_config('role', 'authenticated', true);
select set_config('request.jwt.claims', (select claims from ids where name = 'bob'), true);
select is_empty($$select name from public.circles$$, 'SUP-04, CIR-10: Bob sees none of Ada''s circles');
select results_eq($$select requested_by, status::text from public.friendships$$,
  $$select id, 'pending' from ids where name = 'ada'$$, 'SUP-04: Bob sees Ada''s request');

-- Nobody, as tests.clear_authentication leaves it.
select set_config('role', 'anon', true);
select set_config('request.jwt.claims', null, true);
select throws_ok($$select * from public.profiles$$, '42501', null, 'SUP-04, ID-02: anon reads nothing');

-- service_role without a user, as tests.authenticate_as_service_role leaves it.
select set_config('role', 'service_role', true);
select set_config('request.jwt.claims', null, true);
select is((select count(*)::integer from public.circles where name = 'Climbers'), 1,
  'SUP-04: service_role reads past row-level security');
select throws_ok($$select public.create_circle('Nobody''s')$$, '42501', null,
  'SUP-04, ID-03: a user RPC without a user is refused');

reset role;
select * from finish();
rollback;
