-- Supabase compatibility: what every Supabase project already has and kithdb builds on. The API
-- roles; schema `extensions` with uuid-ossp and pgcrypto; schema `auth` with `auth.users`,
-- `auth.identities` and auth.uid() / auth.role() / auth.email() / auth.jwt(). Each is created
-- only where it is missing, so on Supabase this migration changes nothing. Where it creates them,
-- they are Supabase's own: the roles, `extensions` and the search path as supabase/postgres's init
-- scripts make them, the two tables and four functions as the migrations of Supabase Auth
-- (GoTrue) v2.196.0 leave them. So what is written for Supabase (seed files, sign-up triggers, the
-- pgTAP helpers of supabase-test-helpers) runs on vanilla PostgreSQL unchanged.

-- The API roles get Supabase's statement timeouts (anon 3 s, authenticated 8 s), so that one
-- request cannot hold a backend for long. PostgREST applies a role's settings to each request
-- it runs as that role ("impersonated role settings"); so does kithdb's Python client.
do $$
begin
  if not exists (select from pg_catalog.pg_roles where rolname = 'anon') then
    create role anon nologin noinherit;
    alter role anon set statement_timeout = '3s';
  end if;
  if not exists (select from pg_catalog.pg_roles where rolname = 'authenticated') then
    create role authenticated nologin noinherit;
    alter role authenticated set statement_timeout = '8s';
  end if;
  if not exists (select from pg_catalog.pg_roles where rolname = 'service_role') then
    create role service_role nologin noinherit bypassrls;
  end if;
  if not exists (select from pg_catalog.pg_roles where rolname = 'authenticator') then
    create role authenticator login noinherit;
    grant anon, authenticated, service_role to authenticator;
  end if;
end
$$;

-- Supabase keeps extensions out of `public` in schema `extensions`, and puts that schema on the
-- search path of the role that runs seed files and SQL (its `postgres`): seed files call crypt(),
-- gen_salt() and uuid_generate_v4() unqualified, supabase-test-helpers extensions.uuid_generate_v4().
-- Here the path is set for the database (the database's owner permitting) only where nothing
-- else sets one that it would override: not the database, nor every role, nor the server's
-- configuration (postgresql.conf, ALTER SYSTEM: read where the migrating role may read them, and
-- otherwise taken as set), nor anything the migrating session started with. And not where an API
-- role, or a role it may become, may create in the database, in `public`, in `extensions` or in
-- a schema named after a role ("$user"): those come first, and a function of crypt()'s name
-- there would run with the rights of whoever runs the seed file.
do $$
declare
  v_path_set_elsewhere boolean;
begin
  if to_regnamespace('extensions') is null then
    create schema extensions;
    grant usage on schema extensions to anon, authenticated, service_role;
    if pg_catalog.has_table_privilege('pg_catalog.pg_file_settings', 'select')
       and pg_catalog.has_function_privilege('pg_catalog.pg_show_all_file_settings()', 'execute') then
      v_path_set_elsewhere :=
        exists (select from pg_catalog.pg_file_settings f where f.name = 'search_path')
        or (select s.reset_val <> s.boot_val from pg_catalog.pg_settings s
            where s.name = 'search_path')
        or exists (select from pg_catalog.pg_db_role_setting s cross join unnest(s.setconfig) c
                   where s.setrole = 0 and c like 'search\_path=%'
                     and s.setdatabase in (0, (select d.oid from pg_catalog.pg_database d
                                               where d.datname = pg_catalog.current_database())));
    else
      v_path_set_elsewhere := true;
    end if;
    if not v_path_set_elsewhere
       and pg_catalog.pg_has_role((select d.datdba from pg_catalog.pg_database d
                                   where d.datname = pg_catalog.current_database()), 'usage')
       and not exists (
         select from pg_catalog.pg_roles r
         where exists (select from unnest(array['anon', 'authenticated', 'service_role',
                                                'authenticator']) a (name)
                       where pg_catalog.pg_has_role(a.name, r.oid, 'member'))
           and (pg_catalog.has_database_privilege(r.oid, pg_catalog.current_database(), 'create')
                or exists (select from pg_catalog.pg_namespace n
                           where (n.nspname in ('public', 'extensions')
                                  or n.nspname in (select x.rolname from pg_catalog.pg_roles x))
                             and pg_catalog.has_schema_privilege(r.oid, n.oid, 'create')))) then
      execute format('alter database %I set search_path = "$user", public, extensions',
                     pg_catalog.current_database());
    end if;
  end if;
end
$$;
create extension if not exists "uuid-ossp" with schema extensions;
create extension if not exists pgcrypto with schema extensions;

do $$
begin
  if to_regnamespace('auth') is null then
    create schema auth;
    grant usage on schema auth to anon, authenticated, service_role;
  end if;
end
$$;

-- Supabase Auth's tables as its migrations leave them, column for column: the columns GoTrue
-- renamed or retyped keep the position and the default they had (phone is text with a varchar
-- default). No API role holds a privilege on them, as on Supabase.
do $$
begin
  if to_regclass('auth.users') is null then
    create table auth.users (
      instance_id uuid,
      id uuid not null,
      aud character varying(255),
      role character varying(255),
      email character varying(255),
      encrypted_password character varying(255),
      email_confirmed_at timestamp with time zone,
      invited_at timestamp with time zone,
      confirmation_token character varying(255),
      confirmation_sent_at timestamp with time zone,
      recovery_token character varying(255),
      recovery_sent_at timestamp with time zone,
      email_change_token_new character varying(255),
      email_change character varying(255),
      email_change_sent_at timestamp with time zone,
      last_sign_in_at timestamp with time zone,
      raw_app_meta_data jsonb,
      raw_user_meta_data jsonb,
      is_super_admin boolean,
      created_at timestamp with time zone,
      updated_at timestamp with time zone,
      phone text default null::character varying,
      phone_confirmed_at timestamp with time zone,
      phone_change text default ''::character varying,
      phone_change_token character varying(255) default ''::character varying,
      phone_change_sent_at timestamp with time zone,
      confirmed_at timestamp with time zone
        generated always as (least(email_confirmed_at, phone_confirmed_at)) stored,
      email_change_token_current character varying(255) default ''::character varying,
      email_change_confirm_status smallint default 0,
      banned_until timestamp with time zone,
      reauthentication_token character varying(255) default ''::character varying,
      reauthentication_sent_at timestamp with time zone,
      is_sso_user boolean default false not null,
      deleted_at timestamp with time zone,
      is_anonymous boolean default false not null,
      constraint users_pkey primary key (id),
      constraint users_phone_key unique (phone),
      constraint users_email_change_confirm_status_check
        check (email_change_confirm_status >= 0 and email_change_confirm_status <= 2)
    );
    comment on table auth.users is 'Auth: Stores user login data within a secure schema.';
    comment on column auth.users.is_sso_user is
      'Auth: Set this column to true when the account comes from SSO. These accounts can have duplicate emails.';
    create unique index confirmation_token_idx on auth.users (confirmation_token)
      where confirmation_token::text !~ '^[0-9 ]*$';
    create unique index email_change_token_current_idx on auth.users (email_change_token_current)
      where email_change_token_current::text !~ '^[0-9 ]*$';
    create unique index email_change_token_new_idx on auth.users (email_change_token_new)
      where email_change_token_new::text !~ '^[0-9 ]*$';
    create unique index reauthentication_token_idx on auth.users (reauthentication_token)
      where reauthentication_token::text !~ '^[0-9 ]*$';
    create unique index recovery_token_idx on auth.users (recovery_token)
      where recovery_token::text !~ '^[0-9 ]*$';
    create unique index users_email_partial_key on auth.users (email) where is_sso_user = false;
    comment on index auth.users_email_partial_key is
      'Auth: A partial unique index that applies only when is_sso_user is false';
    create index users_instance_id_email_idx on auth.users (instance_id, lower(email::text));
    create index users_instance_id_idx on auth.users (instance_id);
    create index users_is_anonymous_idx on auth.users (is_anonymous);
    alter table auth.users enable row level security;
  end if;

  if to_regclass('auth.identities') is null then
    create table auth.identities (
      provider_id text not null,
      user_id uuid not null,
      identity_data jsonb not null,
      provider text not null,
      last_sign_in_at timestamp with time zone,
      created_at timestamp with time zone,
      updated_at timestamp with time zone,
      email text generated always as (lower(identity_data ->> 'email'::text)) stored,
      id uuid default pg_catalog.gen_random_uuid() not null,
      constraint identities_pkey primary key (id),
      constraint identities_provider_id_provider_unique unique (provider_id, provider),
      constraint identities_user_id_fkey foreign key (user_id)
        references auth.users (id) on delete cascade
    );
    comment on table auth.identities is 'Auth: Stores identities associated to a user.';
    comment on column auth.identities.email is
      'Auth: Email is a generated column that references the optional email property in the identity_data';
    create index identities_email_idx on auth.identities (email text_pattern_ops);
    comment on index auth.identities_email_idx is 'Auth: Ensures indexed queries on the email column';
    create index identities_user_id_idx on auth.identities (user_id);
    alter table auth.identities enable row level security;
  end if;
end
$$;

-- The request's JWT, as PostgREST sets it for every request (request.jwt.claims), or as older
-- PostgREST set each claim on its own (request.jwt.claim.sub, …); '' is a setting set to NULL.
do $$
begin
  if to_regprocedure('auth.uid()') is null then
    create function auth.uid() returns uuid
    language sql stable
    as $body$
      select coalesce(
        nullif(current_setting('request.jwt.claim.sub', true), ''),
        (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'sub')
      )::uuid
    $body$;
    comment on function auth.uid() is 'Deprecated. Use auth.jwt() -> ''sub'' instead.';
  end if;
  if to_regprocedure('auth.role()') is null then
    create function auth.role() returns text
    language sql stable
    as $body$
      select coalesce(
        nullif(current_setting('request.jwt.claim.role', true), ''),
        (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'role')
      )::text
    $body$;
    comment on function auth.role() is 'Deprecated. Use auth.jwt() -> ''role'' instead.';
  end if;
  if to_regprocedure('auth.email()') is null then
    create function auth.email() returns text
    language sql stable
    as $body$
      select coalesce(
        nullif(current_setting('request.jwt.claim.email', true), ''),
        (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'email')
      )::text
    $body$;
    comment on function auth.email() is 'Deprecated. Use auth.jwt() -> ''email'' instead.';
  end if;
  if to_regprocedure('auth.jwt()') is null then
    create function auth.jwt() returns jsonb
    language sql stable
    as $body$
      select coalesce(
        nullif(current_setting('request.jwt.claim', true), ''),
        nullif(current_setting('request.jwt.claims', true), '')
      )::jsonb
    $body$;
  end if;
end
$$;
