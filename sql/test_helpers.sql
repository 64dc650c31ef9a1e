-- Test scaffolding for pgTAP files, loaded into the test template database only (never a
-- migration). Users are named by an identifier so tests read as stories: tests.uid('ada').

create schema if not exists tests;
grant usage on schema tests to public;

-- Each user's email is their own (auth.users has Supabase's unique index on it), also when a
-- test signs up two users of one name.
create or replace function tests.create_user(p_identifier text) returns uuid
language sql
set search_path = ''
as $$
  insert into auth.users (id, email, raw_user_meta_data)
  select n.id, p_identifier || '.' || left(n.id::text, 8) || '@example.test',
         jsonb_build_object('display_name', p_identifier, 'test_identifier', p_identifier)
  from (select gen_random_uuid() as id) n
  returning id
$$;

-- Definer: called after `set local role authenticated`, when auth.users is out of reach.
create or replace function tests.uid(p_identifier text) returns uuid
language plpgsql stable security definer
set search_path = ''
as $$
declare
  v_id uuid;
begin
  select u.id into v_id from auth.users u where u.raw_user_meta_data ->> 'test_identifier' = p_identifier;
  if v_id is null then
    raise exception 'no test user %', p_identifier;
  end if;
  return v_id;
end
$$;

-- The claims PostgREST sets for a signed-in user's request: sub and role.
create or replace function tests.claims(p_identifier text) returns text
language sql stable
set search_path = ''
as $$
  select jsonb_build_object('sub', tests.uid(p_identifier), 'role', 'authenticated')::text
$$;

-- Act as the caller of an API request, the way PostgREST sets up every request: the role, then
-- request.jwt.claims (sub and role for a signed-in user, the role alone otherwise), both local to
-- the transaction, with the role's own settings (its statement timeout). Each call replaces all of
-- them, so one caller follows another directly:
--   select tests.act_as('ada');     -- authenticated, sub = ada
--   select tests.act_as_anon();     -- anon, no sub
--   select tests.act_as_service();  -- service_role, no sub
--   select tests.act_as_dba();      -- back to the session user, with no identity
-- Invoker functions: PostgreSQL refuses a role change inside a SECURITY DEFINER function. The
-- role set here outlives the call (only search_path, the function's own SET, is restored).
create or replace function tests.act_as_role(p_role text, p_claims text) returns void
language plpgsql
set search_path = ''
as $$
declare
  v_setting record;
begin
  -- Outside a transaction block the role would last this one statement and the next would run as
  -- the superuser, past every policy: a file without `begin;` must fail, not pass.
  if pg_catalog.now() = pg_catalog.statement_timestamp() then
    raise exception 'tests.act_as needs a transaction block (begin; ... rollback;)';
  end if;
  perform pg_catalog.set_config('role', p_role, true);
  perform pg_catalog.set_config('request.jwt.claims', p_claims, true);
  -- auth.uid() prefers this older per-claim setting; a request never carries a stale one.
  perform pg_catalog.set_config('request.jwt.claim.sub', '', true);
  -- The role's own settings (its statement timeout among them), as PostgREST applies them to a
  -- request; a database-specific setting wins over one for every database. Settings the previous
  -- caller's role had and this one lacks go back to the session's value.
  for v_setting in
    select distinct on (split_part(kv, '=', 1))
           split_part(kv, '=', 1) as name, substr(kv, strpos(kv, '=') + 1) as value,
           r.setrole = (select oid from pg_catalog.pg_roles where rolname = p_role) as own
    from pg_catalog.pg_db_role_setting r cross join unnest(r.setconfig) kv
    where r.setrole in (select oid from pg_catalog.pg_roles
                        where rolname in ('anon', 'authenticated', 'service_role'))
      and r.setdatabase in (0, (select oid from pg_catalog.pg_database
                                where datname = pg_catalog.current_database()))
    order by split_part(kv, '=', 1),
             r.setrole = (select oid from pg_catalog.pg_roles where rolname = p_role) desc,
             r.setdatabase desc
  loop
    perform pg_catalog.set_config(
      v_setting.name,
      case when v_setting.own then v_setting.value
           else (select s.reset_val from pg_catalog.pg_settings s where s.name = v_setting.name)
      end,
      true);
  end loop;
end
$$;

create or replace function tests.act_as(p_identifier text) returns void
language sql
set search_path = ''
as $$
  select tests.act_as_role('authenticated', tests.claims(p_identifier))
$$;

create or replace function tests.act_as_anon() returns void
language sql
set search_path = ''
as $$
  select tests.act_as_role('anon', jsonb_build_object('role', 'anon')::text)
$$;

create or replace function tests.act_as_service() returns void
language sql
set search_path = ''
as $$
  select tests.act_as_role('service_role', jsonb_build_object('role', 'service_role')::text)
$$;

-- Role 'none' is the session user (the superuser the file runs as): a DBA, trusted (ID-04),
-- whom auth.uid() does not name.
create or replace function tests.act_as_dba() returns void
language sql
set search_path = ''
as $$
  select tests.act_as_role('none', '')
$$;

-- Befriend two users directly (as the DBA, no identity), for setting up a scene.
create or replace function tests.befriend(a text, b text) returns void
language sql
set search_path = ''
as $$
  insert into public.friendships (user_id, friend_id, status, requested_by)
  select least(tests.uid(a), tests.uid(b)), greatest(tests.uid(a), tests.uid(b)), 'accepted', tests.uid(a)
$$;

grant execute on all functions in schema tests to public;

-- A circle's id by name (definer: usable after `set local role authenticated`).
create or replace function tests.circle(p_name text) returns uuid
language sql stable security definer
set search_path = ''
as $$
  select c.id from public.circles c where c.name = p_name
$$;

-- An event's id by title, and the id of the like group a user created (definer, as above).
create or replace function tests.event(p_title text) returns uuid
language sql stable security definer
set search_path = ''
as $$
  select e.id from public.events e where e.title = p_title
$$;

create or replace function tests.group_of(p_identifier text) returns uuid
language sql stable security definer
set search_path = ''
as $$
  select g.id from public.like_groups g where g.creator_id = tests.uid(p_identifier)
  order by g.created_at desc limit 1
$$;

-- Rows a statement changed, for "denied by RLS means zero rows" assertions:
--   select is(tests.rows_affected($$update …$$), 0, '…');
create or replace function tests.rows_affected(p_sql text) returns integer
language plpgsql
set search_path = ''
as $$
declare
  v_count integer;
begin
  execute p_sql;
  get diagnostics v_count = row_count;
  return v_count;
end
$$;

grant execute on all functions in schema tests to public;
