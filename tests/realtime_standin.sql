-- A STAND-IN FOR SUPABASE REALTIME, FOR kithdb's TESTS ONLY: the few objects of Supabase's
-- `realtime` schema that kithdb's inbox module uses (realtime.messages with RLS,
-- realtime.topic(), realtime.send(), realtime.broadcast_changes()), with the same names,
-- signatures and behaviour, so that tests/test_realtime.py can check kithdb's broadcast triggers
-- and its policies on realtime.messages on vanilla PostgreSQL. Realtime itself (the server that
-- replicates realtime.messages to websocket clients and checks a topic's policies when a
-- client joins it) is not here. Never load this into a real database.
create schema realtime;
grant usage on schema realtime to anon, authenticated, service_role;

create table realtime.messages (
  topic text not null,
  extension text not null,
  payload jsonb,
  event text,
  private boolean default false,
  updated_at timestamp without time zone not null default now(),
  inserted_at timestamp without time zone not null default now(),
  id uuid not null default gen_random_uuid(),
  primary key (id, inserted_at)
);
alter table realtime.messages enable row level security;
grant select, insert, update on realtime.messages to anon, authenticated, service_role;

-- The topic Realtime is authorizing, which it sets before it asks the policies.
create function realtime.topic() returns text
language sql stable
as $$ select nullif(current_setting('realtime.topic', true), '')::text $$;

create function realtime.send(payload jsonb, event text, topic text, private boolean default true)
returns void
language plpgsql
as $$
begin
  perform set_config('realtime.topic', topic, true);
  insert into realtime.messages (payload, event, topic, private, extension)
  values (payload, event, topic, private, 'broadcast');
end
$$;

create function realtime.broadcast_changes(
  topic_name text, event_name text, operation text, table_name text, table_schema text,
  new record, old record, level text default 'ROW'
) returns void
language plpgsql
as $$
declare
  row_data jsonb := '{}'::jsonb;
begin
  if level = 'STATEMENT' then
    raise exception 'function can only be triggered for each row, not for each statement';
  end if;
  if operation = 'INSERT' or operation = 'UPDATE' or operation = 'DELETE' then
    row_data := jsonb_build_object('old_record', old, 'record', new, 'operation', operation,
                                   'table', table_name, 'schema', table_schema);
    perform realtime.send(row_data, event_name, topic_name);
  else
    raise exception 'Unexpected operation: %', operation;
  end if;
end
$$;
