-- depends: 0009_posts
-- Dynamic circles: members derived from a rule and kept current by the database.
--   {"kind": "friends"}                 every accepted friend of the creator
--   {"kind": "event", "event_id": "…"}  everyone attending the event: its authors and the
--                                       members of its approved like groups
-- The creator is the admin. Derived members have status member and role member; nobody invites,
-- accepts, promotes or removes them by hand (circle_members_guard refuses API writes).

alter table public.circles add column rule jsonb;
comment on column public.circles.rule is
  'For dynamic circles, the rule its members follow: {"kind":"friends"} or '
  '{"kind":"event","event_id":"<uuid>"}; null for static circles.';

create function kithdb.is_valid_circle_rule(p_rule jsonb) returns boolean
language sql immutable
set search_path = ''
as $$
  select case
    when jsonb_typeof(p_rule) is distinct from 'object' then false
    when p_rule ->> 'kind' = 'friends' then p_rule = '{"kind": "friends"}'::jsonb
    when p_rule ->> 'kind' = 'event' then
      (select array_agg(k order by k) from jsonb_object_keys(p_rule) k) = array['event_id', 'kind']
      and jsonb_typeof(p_rule -> 'event_id') = 'string'
      and (p_rule ->> 'event_id') ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
    else false
  end
$$;
comment on function kithdb.is_valid_circle_rule(jsonb) is
  'True for {"kind":"friends"} and {"kind":"event","event_id":"<uuid>"}, and nothing else.';
revoke execute on function kithdb.is_valid_circle_rule(jsonb) from public, anon;
grant execute on function kithdb.is_valid_circle_rule(jsonb) to authenticated, service_role;

alter table public.circles
  add constraint circles_rule_matches_type check ((circle_type = 'dynamic') = (rule is not null)),
  add constraint circles_rule_valid check (rule is null or kithdb.is_valid_circle_rule(rule));
create index circles_rule_event_idx on public.circles ((rule ->> 'event_id'))
  where circle_type = 'dynamic';

create function kithdb.circle_rule_members(p_circle_id uuid) returns setof uuid
language sql stable security definer
set search_path = ''
as $$
  with c as (select * from public.circles where id = p_circle_id and circle_type = 'dynamic')
  select f.friend_id from c join public.friendships f on f.user_id = c.created_by
  where c.rule ->> 'kind' = 'friends' and f.status = 'accepted'
  union
  select f.user_id from c join public.friendships f on f.friend_id = c.created_by
  where c.rule ->> 'kind' = 'friends' and f.status = 'accepted'
  union
  select a.user_id from c join public.event_authors a on a.event_id = (c.rule ->> 'event_id')::uuid
  where c.rule ->> 'kind' = 'event'
  union
  select m.user_id from c join public.like_group_members m
    on m.event_id = (c.rule ->> 'event_id')::uuid and m.group_status = 'approved'
  where c.rule ->> 'kind' = 'event'
$$;
comment on function kithdb.circle_rule_members(uuid) is
  'Who the rule of a dynamic circle selects today. Definer: reads friendships and attendance the '
  'caller cannot see; called only by kithdb''s own steps.';
revoke execute on function kithdb.circle_rule_members(uuid) from public, anon, authenticated;

create function kithdb.sync_dynamic_circle(p_circle_id uuid) returns void
language plpgsql security definer
set search_path = ''
as $$
declare
  v_creator uuid;
begin
  select c.created_by into v_creator from public.circles c
  where c.id = p_circle_id and c.circle_type = 'dynamic'
  for no key update;
  if not found then
    return;
  end if;
  delete from public.circle_members m
  where m.circle_id = p_circle_id and m.user_id is distinct from v_creator
    and m.user_id not in (select kithdb.circle_rule_members(p_circle_id));
  insert into public.circle_members (circle_id, user_id, role, status, invited_by)
  select p_circle_id, u, 'member', 'member', null
  from kithdb.circle_rule_members(p_circle_id) u
  where u is distinct from v_creator
  on conflict (circle_id, user_id) do nothing;
end
$$;
comment on function kithdb.sync_dynamic_circle(uuid) is
  'Makes a dynamic circle''s members exactly its creator plus what its rule selects (DYN-03). '
  'Definer: writes memberships no API user may write.';
revoke execute on function kithdb.sync_dynamic_circle(uuid) from public, anon, authenticated;

-- Keep members current as the underlying data changes ---------------------------------------------

create function kithdb.friendships_sync_circles() returns trigger
language plpgsql security definer
set search_path = ''
as $$
declare
  v_row public.friendships := case when tg_op = 'DELETE' then old else new end;
  v_circle uuid;
begin
  for v_circle in
    select c.id from public.circles c
    where c.created_by in (v_row.user_id, v_row.friend_id)
      and c.circle_type = 'dynamic' and c.rule ->> 'kind' = 'friends'
    order by c.id
  loop
    perform kithdb.sync_dynamic_circle(v_circle);
  end loop;
  return null;
end
$$;
comment on function kithdb.friendships_sync_circles() is
  'AFTER changes to friendships: re-derive the friends circles of both sides (DYN-03). Definer: '
  'writes memberships no API user may write.';
revoke execute on function kithdb.friendships_sync_circles() from public, anon;
create trigger friendships_sync_circles
  after insert or update of status or delete on public.friendships
  for each row execute function kithdb.friendships_sync_circles();

create function kithdb.attendance_sync_circles() returns trigger
language plpgsql security definer
set search_path = ''
as $$
declare
  v_event uuid := case when tg_op = 'DELETE' then old.event_id else new.event_id end;
  v_circle uuid;
begin
  for v_circle in
    select c.id from public.circles c
    where c.rule ->> 'event_id' = v_event::text and c.circle_type = 'dynamic'
    order by c.id
  loop
    perform kithdb.sync_dynamic_circle(v_circle);
  end loop;
  return null;
end
$$;
comment on function kithdb.attendance_sync_circles() is
  'AFTER changes to an event''s authors or approved groups: re-derive its event circles (DYN-03). '
  'Definer: writes memberships no API user may write.';
revoke execute on function kithdb.attendance_sync_circles() from public, anon;
create trigger event_authors_sync_circles
  after insert or delete on public.event_authors
  for each row execute function kithdb.attendance_sync_circles();
create trigger like_groups_sync_circles
  after update of status on public.like_groups
  for each row when (new.status = 'approved')
  execute function kithdb.attendance_sync_circles();
create trigger like_group_members_sync_circles
  after delete on public.like_group_members
  for each row when (old.group_status = 'approved')
  execute function kithdb.attendance_sync_circles();

-- The RPC ---------------------------------------------------------------------------------------

create function kithdb.create_dynamic_circle(p_name text, p_rule jsonb, p_description text)
returns uuid
language plpgsql security definer
set search_path = ''
as $$
declare
  v_me uuid := kithdb.require_uid();
  v_name text := kithdb.circle_name(p_name, p_description);
  v_event uuid;
  v_id uuid := gen_random_uuid();
begin
  if p_rule is null or not kithdb.is_valid_circle_rule(p_rule) then
    raise exception 'a rule is {"kind":"friends"} or {"kind":"event","event_id":"<uuid>"}'
      using errcode = '22023', detail = 'invalid_circle_rule';
  end if;
  if p_rule ->> 'kind' = 'event' then
    v_event := (p_rule ->> 'event_id')::uuid;
    if not exists (select from public.events e where e.id = v_event) then
      raise exception 'no such event' using errcode = 'PT404', detail = 'event_not_found';
    end if;
    if not kithdb.is_event_author(v_event, v_me) and not exists (
      select from public.like_group_members m
      where m.event_id = v_event and m.user_id = v_me and m.group_status = 'approved'
    ) then
      raise exception 'only an author or attendee of the event can make its circle'
        using errcode = '42501', detail = 'not_event_attendee';
    end if;
  end if;
  insert into public.circles (id, name, description, created_by, circle_type, rule)
  values (v_id, v_name, p_description, v_me, 'dynamic', p_rule);
  perform kithdb.sync_dynamic_circle(v_id);
  return v_id;
end
$$;
comment on function kithdb.create_dynamic_circle(text, jsonb, text) is
  'Step behind public.create_dynamic_circle. Definer: API users may only insert static circles.';
revoke execute on function kithdb.create_dynamic_circle(text, jsonb, text) from public, anon;
grant execute on function kithdb.create_dynamic_circle(text, jsonb, text) to authenticated;

create function public.create_dynamic_circle(p_name text, p_rule jsonb, p_description text default null)
returns uuid
language sql
set search_path = ''
as $$ select kithdb.create_dynamic_circle(p_name, p_rule, p_description) $$;
comment on function public.create_dynamic_circle(text, jsonb, text) is
  'Create a circle whose members follow p_rule: {"kind":"friends"} (your friends) or '
  '{"kind":"event","event_id":"<uuid>"} (everyone attending an event you author or attend). '
  'You are its admin; returns its id.';
revoke execute on function public.create_dynamic_circle(text, jsonb, text) from public, anon;
grant execute on function public.create_dynamic_circle(text, jsonb, text) to authenticated, service_role;

-- PostgREST: reload the schema cache so the API shows this change at once.
notify pgrst, 'reload schema';
