-- depends: 0001_supabase_compat
-- Schema `kithdb`: helpers, trigger functions and definer steps that PostgREST must not expose.

create schema kithdb;
comment on schema kithdb is
  'kithdb internals: helpers, trigger functions and privileged steps. Not exposed by PostgREST.';
grant usage on schema kithdb to authenticated, service_role;

-- `yoyo apply` without `?schema=` keeps its bookkeeping tables in public, where PostgREST would
-- let any API user read or delete the migration history. Hide them: RLS on, service_role only.
do $$
declare
  v_table regclass;
begin
  for v_table in
    select c.oid::regclass from pg_catalog.pg_class c
    where c.relnamespace = 'public'::regnamespace and c.relkind = 'r'
      and c.relname in ('_yoyo_migration', '_yoyo_log', '_yoyo_version', 'yoyo_lock')
  loop
    execute format('alter table %s enable row level security', v_table);
    execute format('create policy kithdb_hide_from_api on %s for select to service_role using (true)',
                   v_table);
  end loop;
end
$$;

-- The caller's user id, read from the request's JWT claims as Supabase's auth.uid() reads it, with
-- every name qualified. Function bodies call this, never auth.uid(): a definer runs what it calls
-- with search_path = '', which still looks up type names in the caller's pg_temp first, and
-- auth.uid() (Supabase's, and the stand-in copying it) casts to `uuid` and `jsonb` unqualified, so
-- a caller's pg_temp domain named uuid would run as the definer's owner (SEC-04).
create function kithdb.uid() returns uuid
language plpgsql stable
set search_path = ''
as $$
begin
  return coalesce(
    nullif(pg_catalog.current_setting('request.jwt.claim.sub', true), ''),
    (nullif(pg_catalog.current_setting('request.jwt.claims', true), '')::pg_catalog.jsonb
      operator(pg_catalog.->>) 'sub')
  )::pg_catalog.uuid;
end
$$;
comment on function kithdb.uid() is
  'The caller''s user id, as auth.uid() reads it, with every name qualified (SEC-04): what '
  'function bodies call instead of auth.uid().';
revoke execute on function kithdb.uid() from public, anon;
grant execute on function kithdb.uid() to authenticated, service_role;

create function kithdb.require_uid() returns uuid
language plpgsql stable
set search_path = ''
as $$
declare
  v_uid pg_catalog.uuid := kithdb.uid();
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

-- Predicates and locks the RPCs and triggers call, same results as before ----------------------

create function kithdb.is_api_role() returns boolean
language plpgsql stable
set search_path = ''
as $$
begin
  return current_user in ('anon', 'authenticated');
end
$$;
comment on function kithdb.is_api_role() is
  'True when the statement runs as an API role (anon, authenticated) on behalf of a user. '
  'False for DBAs, service_role and kithdb''s own definer steps, which triggers trust.';
revoke execute on function kithdb.is_api_role() from public, anon;
grant execute on function kithdb.is_api_role() to authenticated, service_role;

-- Blank text (docs/DESIGN.md, "Blank text"): nothing but white space, control and invisible
-- formatting characters, of every kind, written out because \s reaches beyond ASCII only as the
-- database's locale says. The one definition that the checks of bodies, names and titles and the
-- RPCs refusing them first share. They ask it only of text that does not begin with a visible
-- ASCII character (`!~ '^[!-~]'`), which is most text: the call, with its SET clause, costs
-- more than that test (docs/DESIGN.md, "Blank text").
create function kithdb.is_blank(p_text text) returns boolean
language plpgsql immutable parallel safe
set search_path = ''
as $$
begin
  return p_text !~ ('[^\u0001-\u0020\u007f-\u00a0\u00ad\u034f\u061c\u115f\u1160\u1680\u17b4\u17b5\u180b-\u180f'
                    '\u2000-\u200f\u2028-\u202f\u205f-\u206f\u2800\u3000\u3164\ufe00-\ufe0f\ufeff\uffa0'
                    '\ufff0-\ufffb\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U00013430-\U0001343f\U000e0000-\U000e0fff]');
end
$$;
comment on function kithdb.is_blank(text) is
  'True when p_text shows nothing: white space, control and invisible formatting characters '
  'only (null for null).';
revoke execute on function kithdb.is_blank(text) from public, anon;
grant execute on function kithdb.is_blank(text) to authenticated, service_role;

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

-- A row never moves (SEC-12): its id and the columns that say whose it is and where it belongs
-- keep the values its insert gave them, for every writer, so that what a row means changes only
-- by its insert and delete, and what those do (notifications, chats, circles, Realtime) follows
-- it. Each table's trigger says in its WHEN which change is a move, so an update that moves
-- nothing never calls this (an account's deletion clears its sender on every message it sent);
-- a column that `on delete set null` clears may be cleared.
create function kithdb.refuse_row_move() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  raise exception '%', tg_argv[1] using errcode = '22023', detail = tg_argv[0];
end
$$;
comment on function kithdb.refuse_row_move() is
  'BEFORE UPDATE trigger, for every writer, whose WHEN says the update moves the row (SEC-12): '
  '22023 with reason tg_argv[0] and message tg_argv[1].';
revoke execute on function kithdb.refuse_row_move() from public, anon;

create function kithdb.limit_api_insert() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if kithdb.is_api_role() and (select count(*) from new_rows) > 100 then
    raise exception 'one request inserts at most 100 rows into %', tg_table_name
      using errcode = '22023', detail = 'too_many_rows';
  end if;
  return null;
end
$$;
comment on function kithdb.limit_api_insert() is
  'AFTER INSERT, per statement, on every table API users insert into (the <table>_insert_limit '
  'triggers): one API statement inserts at most 100 rows, so a single request cannot flood a '
  'table (SEC-10). kithdb''s own definer steps are not held to it.';
revoke execute on function kithdb.limit_api_insert() from public, anon;

-- The modules' upkeep (expiries, the inbox's prune) runs under pg_cron where it is installed;
-- elsewhere an operator calls the same service_role functions on the same schedule. The schema is
-- named through format(), so that these compile, and pass plpgsql_check, where `cron` does not
-- exist. Procedures, so that a migration's CALL prints no result row.
create procedure kithdb.schedule_job(p_name text, p_schedule text, p_command text)
language plpgsql
set search_path = ''
as $$
begin
  if exists (select from pg_catalog.pg_extension where extname = 'pg_cron') then
    execute pg_catalog.format('select %I.schedule($1, $2, $3)', 'cron')
      using p_name, p_schedule, p_command;
  end if;
end
$$;
comment on procedure kithdb.schedule_job(text, text, text) is
  'Schedules pg_cron job p_name (p_schedule, p_command) where pg_cron is installed; else nothing.';
revoke execute on procedure kithdb.schedule_job(text, text, text)
  from public, anon, authenticated, service_role;

create procedure kithdb.unschedule_job(p_name text)
language plpgsql
set search_path = ''
as $$
begin
  if exists (select from pg_catalog.pg_extension where extname = 'pg_cron') then
    -- The migrating role's own job of that name, as cron.unschedule(name) takes: a superuser
    -- reads every role's jobs, and another role's job of the same name is not kithdb's.
    execute pg_catalog.format('select %1$I.unschedule(j.jobid) from %1$I.job j'
                              ' where j.jobname = $1 and j.username = current_user', 'cron')
      using p_name;
  end if;
end
$$;
comment on procedure kithdb.unschedule_job(text) is
  'Removes the migrating role''s pg_cron job p_name if it is there; else nothing.';
revoke execute on procedure kithdb.unschedule_job(text)
  from public, anon, authenticated, service_role;
