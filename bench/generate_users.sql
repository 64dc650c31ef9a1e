-- The start of every scale's data, included by bench/generate.sql and bench/generate_h.sql:
-- users 1..:users, each with a profile, and bench.uid(n), the id of user n. Triggers are off
-- while loading (session_replication_role = replica): the data is built to satisfy every
-- invariant, and the bench measures reads and RPCs, not the loader.
\set ON_ERROR_STOP on
set session_replication_role = replica;
select setseed(:seed);

create schema if not exists bench;
-- No pinned search_path (its body names only pg_catalog): a SQL function that pins one is parsed
-- again on every call and never inlined, a cost no real caller pays for its ids.
create or replace function bench.uid(n bigint) returns uuid
language sql immutable as
$$ select ('00000000-0000-0000-0000-' || lpad(to_hex(n), 12, '0'))::uuid $$;

insert into auth.users (id, email, raw_user_meta_data)
select bench.uid(g), 'u' || g || '@bench.test', jsonb_build_object('display_name', 'user ' || g)
from generate_series(1, :users) g;
insert into public.profiles (id, display_name)
select bench.uid(g), 'user ' || g from generate_series(1, :users) g;
