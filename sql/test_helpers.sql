-- Test scaffolding for pgTAP files, loaded into the test template database only (never a
-- migration). Users are named by an identifier so tests read as stories: tests.uid('ada').

create schema if not exists tests;
grant usage on schema tests to public;

create or replace function tests.create_user(p_identifier text) returns uuid
language sql
set search_path = ''
as $$
  insert into auth.users (id, email, raw_user_meta_data)
  values (gen_random_uuid(), p_identifier || '@example.test',
          jsonb_build_object('display_name', p_identifier, 'test_identifier', p_identifier))
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

-- The claims PostgREST sets for a signed-in user: use with the CONTRACT §2 form,
--   set local role authenticated;
--   select set_config('request.jwt.claims', tests.claims('ada'), true);
create or replace function tests.claims(p_identifier text) returns text
language sql stable
set search_path = ''
as $$
  select jsonb_build_object('sub', tests.uid(p_identifier), 'role', 'authenticated')::text
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
