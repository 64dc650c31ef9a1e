-- depends: 0001_supabase_compat
-- Schema `kithdb`: helpers, trigger functions and definer steps that PostgREST must not expose.

create schema kithdb;
comment on schema kithdb is
  'kithdb internals: helpers, trigger functions and privileged steps. Not exposed by PostgREST.';
grant usage on schema kithdb to authenticated, service_role;

create function kithdb.require_uid() returns uuid
language plpgsql stable
set search_path = ''
as $$
declare
  v_uid uuid := auth.uid();
begin
  if v_uid is null then
    raise exception 'this action needs a signed-in user'
      using errcode = '42501', detail = 'not_authenticated';
  end if;
  return v_uid;
end
$$;
comment on function kithdb.require_uid() is
  'The caller''s user id (auth.uid()); raises 42501 not_authenticated when there is none.';
revoke execute on function kithdb.require_uid() from public, anon;
grant execute on function kithdb.require_uid() to authenticated, service_role;

create function kithdb.is_api_role() returns boolean
language sql stable
set search_path = ''
as $$
  select current_user in ('anon', 'authenticated')
$$;
comment on function kithdb.is_api_role() is
  'True when the statement runs as an API role (anon, authenticated) on behalf of a user. '
  'False for DBAs, service_role and kithdb''s own definer steps, which triggers trust.';
revoke execute on function kithdb.is_api_role() from public, anon;
grant execute on function kithdb.is_api_role() to authenticated, service_role;

create function kithdb.touch_updated_at() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  new.updated_at := now();
  return new;
end
$$;
comment on function kithdb.touch_updated_at() is
  'BEFORE UPDATE trigger: keeps updated_at at the time of the last change.';
revoke execute on function kithdb.touch_updated_at() from public, anon;
