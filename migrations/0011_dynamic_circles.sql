-- depends: 0010_posts
-- Dynamic circles: members derived from a rule and kept current by the database.
--   {"kind": "friends"}                 every accepted friend of the creator
--   {"kind": "event", "event_id": "…"}  everyone attending the event: its authors and the
--                                       members of its approved like groups
-- The creator is the admin. Derived members have status member and role member; nobody invites,
-- accepts, promotes or removes them by hand (circle_members_guard refuses API writes).
-- A rule circle is its creator's: only they read its member list (DYN-05), and it ends when they
-- go. An event circle is made by an author of the event, belongs to it (circles.event_id, a
-- foreign key: it is deleted with the event) and ends when its creator stops being an author.
-- Its rule never changes (DYN-04).

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
    when p_rule ->> 'kind' = 'friends' then p_rule = '{"kind": "friends"}'::pg_catalog.jsonb
    when p_rule ->> 'kind' = 'event' then
      (select array_agg(k order by k) from jsonb_object_keys(p_rule) k) = array['event_id', 'kind']
      and jsonb_typeof(p_rule -> 'event_id') = 'string'
      and (p_rule ->> 'event_id') ~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
    else false
  end
$$;
comment on function kithdb.is_valid_circle_rule(jsonb) is
  'True for {"kind":"friends"} and {"kind":"event","event_id":"<uuid>"} with the uuid in its '
  'canonical lower-case form, and nothing else.';
revoke execute on function kithdb.is_valid_circle_rule(jsonb) from public, anon;
grant execute on function kithdb.is_valid_circle_rule(jsonb) to authenticated, service_role;

create function kithdb.canonical_circle_rule(p_rule jsonb) returns jsonb
language sql immutable
set search_path = ''
as $$
  select case
    when jsonb_typeof(p_rule -> 'event_id') = 'string'
      then jsonb_set(p_rule, '{event_id}', to_jsonb(lower(p_rule ->> 'event_id')))
    else p_rule
  end
$$;
comment on function kithdb.canonical_circle_rule(jsonb) is
  'The rule with its event_id in lower case, as uuids are written (DYN-01): the rule is stored '
  'in this form, so an id typed in upper case names the same event.';
revoke execute on function kithdb.canonical_circle_rule(jsonb) from public, anon, authenticated;

-- The two locks every step that creates a rule circle or changes what a rule selects takes
-- (DYN-03, DYN-06): creations count one after another, and a creation and a change of the rule's
-- source wait for each other, so neither misses the other.
create function kithdb.lock_rule_circles_of(p_user_id uuid) returns void
language plpgsql
set search_path = ''
as $$
begin
  perform pg_advisory_xact_lock(hashtextextended('rule circles/' || p_user_id::pg_catalog.text, 0));
end
$$;
comment on function kithdb.lock_rule_circles_of(uuid) is
  'Serialises the creation of p_user_id''s rule circles with each other and with changes of '
  'their friendships, until the transaction ends.';

create function kithdb.lock_circles_of_event(p_event_id uuid) returns void
language plpgsql
set search_path = ''
as $$
begin
  perform pg_advisory_xact_lock(hashtextextended('event circles/' || p_event_id::pg_catalog.text, 0));
end
$$;
comment on function kithdb.lock_circles_of_event(uuid) is
  'Serialises the creation of p_event_id''s circles with each other and with changes of its '
  'authors and attendees, until the transaction ends.';
revoke execute on function kithdb.lock_rule_circles_of(uuid), kithdb.lock_circles_of_event(uuid)
  from public, anon, authenticated;

-- circles gets its rules in the deployment that creates it (one migration per module until the
-- first release, docs/DESIGN.md): the table is new here, and these statements find it empty.
alter table public.circles
  -- squawk-ignore constraint-missing-not-valid
  add constraint circles_rule_matches_type check ((circle_type = 'dynamic') = (rule is not null)),
  -- squawk-ignore constraint-missing-not-valid
  add constraint circles_rule_valid check (rule is null or kithdb.is_valid_circle_rule(rule));

-- DYN-04: a real reference to the event, derived from the rule, so that the circle goes with it.
-- A stored generated column rewrites the table and its key scans it: empty here, as above.
alter table public.circles
  -- squawk-ignore adding-field-with-default
  add column event_id uuid generated always as (
    case when rule ->> 'kind' = 'event' and kithdb.is_valid_circle_rule(rule)
      then (rule ->> 'event_id')::uuid end
  -- squawk-ignore adding-foreign-key-constraint
  ) stored references public.events (id) on delete cascade;
comment on column public.circles.event_id is
  'For an event circle, the event its rule names (derived from rule): the circle is deleted with '
  'the event. Null for other circles.';
-- circles is new here (above); CONCURRENTLY cannot run in yoyo's transaction anyway.
-- squawk-ignore require-concurrent-index-creation
create index circles_event_id_idx on public.circles (event_id) where event_id is not null;

create function kithdb.circles_guard() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if (new.circle_type, new.rule) is distinct from (old.circle_type, old.rule) then
    raise exception 'a circle''s type and rule never change'
      using errcode = '22023', detail = 'circle_rule_immutable';
  end if;
  return new;
end
$$;
comment on function kithdb.circles_guard() is
  'BEFORE UPDATE on circles: a circle''s type and rule never change (DYN-04), for trusted writers '
  'too: an event circle never moves to another event.';
revoke execute on function kithdb.circles_guard() from public, anon;
create trigger circles_guard
  before update on public.circles
  for each row execute function kithdb.circles_guard();

create function kithdb.circles_rule_caps() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  -- Each sync re-derives a rule circle, so their number is what one user can make others pay for
  -- (DYN-06). Concurrent creations count one after another: by creator, then by event.
  perform kithdb.lock_rule_circles_of(new.created_by);
  if (select count(*) from public.circles c
      where c.created_by = new.created_by and c.circle_type = 'dynamic') > 10 then
    raise exception 'a user makes at most 10 rule circles'
      using errcode = 'PT409', detail = 'too_many_rule_circles';
  end if;
  if new.event_id is not null then
    perform kithdb.lock_circles_of_event(new.event_id);
    if (select count(*) from public.circles c where c.event_id = new.event_id) > 5 then
      raise exception 'an event has at most 5 circles'
        using errcode = 'PT409', detail = 'too_many_event_circles';
    end if;
  end if;
  return null;
end
$$;
comment on function kithdb.circles_rule_caps() is
  'AFTER INSERT of a dynamic circle: at most 10 per creator and 5 per event, also under '
  'concurrency (DYN-06). Definer: counts circles the caller cannot see.';
revoke execute on function kithdb.circles_rule_caps() from public, anon;
create trigger circles_rule_caps
  after insert on public.circles
  for each row when (new.circle_type = 'dynamic')
  execute function kithdb.circles_rule_caps();

-- DYN-07: a member who leaves a dynamic circle stays out, whatever its rule selects, until they
-- rejoin it.
create table public.circle_opt_outs (
  circle_id uuid not null references public.circles (id) on delete cascade,
  user_id uuid not null references public.profiles (id) on delete cascade,
  created_at timestamptz not null default now(),
  primary key (circle_id, user_id)
);
create index circle_opt_outs_user_id_idx on public.circle_opt_outs (user_id);
comment on table public.circle_opt_outs is
  'The dynamic circles a user left, which their rules skip for them until rejoin_circle; seen by '
  'that user alone.';
comment on column public.circle_opt_outs.circle_id is 'The dynamic circle left.';
comment on column public.circle_opt_outs.user_id is 'Who left it.';
comment on column public.circle_opt_outs.created_at is 'When they left.';
alter table public.circle_opt_outs enable row level security;
revoke all on table public.circle_opt_outs from anon, authenticated, service_role;
grant select on table public.circle_opt_outs to authenticated;
grant all on table public.circle_opt_outs to service_role;
create policy circle_opt_outs_select on public.circle_opt_outs
  for select to authenticated
  using (user_id = (select auth.uid()));

-- A member leaving by leave_circle or by table delete: the rule skips them from now on.
create function kithdb.circle_members_opt_out() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  if old.user_id = kithdb.uid() and exists (
    select from public.circles c where c.id = old.circle_id and c.circle_type = 'dynamic'
  ) then
    insert into public.circle_opt_outs (circle_id, user_id) values (old.circle_id, old.user_id)
    on conflict do nothing;
  end if;
  return null;
end
$$;
comment on function kithdb.circle_members_opt_out() is
  'AFTER DELETE on circle_members by an API user, or by service_role for the user its token '
  'names: a member leaving a dynamic circle is recorded, so that its rule skips them (DYN-07). '
  'Definer: API users do not write circle_opt_outs.';
revoke execute on function kithdb.circle_members_opt_out() from public, anon;
-- Not for kithdb's own definer steps, whose deletes are the rule's, nor a DBA's.
create trigger circle_members_opt_out
  after delete on public.circle_members
  for each row when (kithdb.is_api_role() or current_user = 'service_role')
  execute function kithdb.circle_members_opt_out();

create function kithdb.circle_rule_members(p_circle_id uuid, p_user_id uuid default null)
returns setof uuid
language plpgsql stable security definer
set search_path = ''
as $$
begin
  -- PL/pgSQL keeps this query's plan for the session (PRF-01): it runs on every change to a
  -- rule circle's members. Given p_user_id, each source is read at that user alone (an index
  -- probe), so a change that concerns one user costs the same whatever the circle's size.
  return query
  with c as (select * from public.circles where id = p_circle_id and circle_type = 'dynamic')
  select s.user_id from (
  select f.friend_id from c join public.friendships f on f.user_id = c.created_by
  where c.rule ->> 'kind' = 'friends' and f.status = 'accepted'
    and (p_user_id is null or f.friend_id = p_user_id)
  union
  select f.user_id from c join public.friendships f on f.friend_id = c.created_by
  where c.rule ->> 'kind' = 'friends' and f.status = 'accepted'
    and (p_user_id is null or f.user_id = p_user_id)
  union
  select r.user_id from c cross join lateral (
    select a.user_id from public.event_authors a
    where a.event_id = c.event_id and (p_user_id is null or a.user_id = p_user_id)
    union
    select m.user_id from public.like_group_members m
    join public.like_groups g on g.id = m.group_id and g.status = 'approved'
    where m.event_id = c.event_id and m.group_active  -- the partial index's rows
      and (p_user_id is null or m.user_id = p_user_id)
  ) r
  -- BLK-04: nobody blocked by, or blocking, the creator (friends: a block ends the friendship).
  where not exists (
    select from public.blocks b
    where (b.blocker_id = c.created_by and b.blocked_id = r.user_id)
       or (b.blocker_id = r.user_id and b.blocked_id = c.created_by)
  )
  ) s (user_id)
  -- DYN-07: nobody who left the circle.
  where not exists (
    select from public.circle_opt_outs o where o.circle_id = p_circle_id and o.user_id = s.user_id
  );
end
$$;
comment on function kithdb.circle_rule_members(uuid, uuid) is
  'Who the rule of a dynamic circle selects today; given p_user_id, that user if it selects them. '
  'Definer: reads friendships and attendance the caller cannot see; called only by kithdb''s own '
  'steps.';
revoke execute on function kithdb.circle_rule_members(uuid, uuid) from public, anon, authenticated;

create function kithdb.sync_dynamic_circle(p_circle_id uuid, p_user_id uuid default null)
returns void
language plpgsql security definer
set search_path = ''
as $$
declare
  v_creator pg_catalog.uuid;
  v_event pg_catalog.uuid;
begin
  select c.created_by, c.event_id into v_creator, v_event from public.circles c
  where c.id = p_circle_id and c.circle_type = 'dynamic'
  for no key update;
  if not found then
    return;
  end if;
  -- DYN-04: the circle is its creator's, and an event circle an author's, or it ends.
  if v_creator is null or (v_event is not null and not exists (
    select from public.event_authors a where a.event_id = v_event and a.user_id = v_creator
  )) then
    delete from public.circles c where c.id = p_circle_id;
    return;
  end if;
  -- One user: statements of their own, each at that user's rows alone. The whole circle's
  -- statements below, planned for a rule that selects many, would read the circle's members
  -- and, in a small database, every profile.
  if p_user_id is not null then
    if p_user_id = v_creator then
      return;
    elsif not exists (select from kithdb.circle_rule_members(p_circle_id, p_user_id)) then
      delete from public.circle_members m
      where m.circle_id = p_circle_id and m.user_id = p_user_id;
    elsif not exists (select from public.circle_members m
                      where m.circle_id = p_circle_id and m.user_id = p_user_id) then
      -- Held as below: a deletion of the account in flight is waited for, then nothing added.
      insert into public.circle_members (circle_id, user_id, role, status, invited_by)
      select p_circle_id, p.id, 'member', 'member', null
      from public.profiles p where p.id = p_user_id
      for key share of p
      on conflict (circle_id, user_id) do nothing;
    end if;
    return;
  end if;
  delete from public.circle_members m
  where m.circle_id = p_circle_id and m.user_id is distinct from v_creator
    and m.user_id not in (select kithdb.circle_rule_members(p_circle_id));
  -- The new members' profiles held (key share) as they are read: an account whose deletion is
  -- in flight is waited for and then left out, where its row's foreign key would refuse the
  -- whole sync (23503). Only the new ones: the members already in hold nothing, and a sync of
  -- their circle waits for no deletion of theirs.
  insert into public.circle_members (circle_id, user_id, role, status, invited_by)
  select p_circle_id, p.id, 'member', 'member', null
  from public.profiles p
  where p.id in (select kithdb.circle_rule_members(p_circle_id))
    and p.id is distinct from v_creator
    and not exists (select from public.circle_members m
                    where m.circle_id = p_circle_id and m.user_id = p.id)
  order by p.id
  for key share of p
  on conflict (circle_id, user_id) do nothing;
end
$$;
comment on function kithdb.sync_dynamic_circle(uuid, uuid) is
  'Makes a dynamic circle''s members exactly its creator plus what its rule selects (DYN-03), or '
  'deletes it when its creator is gone or has stopped authoring its event (DYN-04); given '
  'p_user_id, only that user''s membership, for a change that concerns no one else. Definer: '
  'writes memberships no API user may write.';
revoke execute on function kithdb.sync_dynamic_circle(uuid, uuid) from public, anon, authenticated;

-- Keep members current as the underlying data changes ---------------------------------------------

create function kithdb.friendships_sync_circles() returns trigger
language plpgsql security definer
set search_path = ''
as $$
declare
  v_row public.friendships := case when tg_op = 'DELETE' then old else new end;
  v_circle pg_catalog.uuid;
  v_other pg_catalog.uuid;
begin
  -- Only a friendship that begins or ends changes who is in a friends circle. Anything else (a
  -- stranger's request, its refusal) must not make its addressee's circles pay (DYN-06).
  if coalesce(old.status = 'accepted', false) = coalesce(new.status = 'accepted', false) then
    return null;
  end if;
  -- ACC-02: a friendship that ends with an account: that account's memberships go with it, and
  -- the others' circles lose no one else. tg_op is tested on its own (DESIGN.md, "Conditions
  -- the plan cache can keep").
  if tg_op = 'DELETE' then
    if exists (
      select from pg_catalog.unnest(array[old.user_id, old.friend_id]) u
      where not exists (select from public.profiles p where p.id = u)
    ) then
      return null;
    end if;
  end if;
  -- A friends circle being created meanwhile waits, so either it reads this change or this
  -- reads it.
  perform kithdb.lock_rule_circles_of(u)
  from unnest(array[v_row.user_id, v_row.friend_id]) u order by u;
  -- Only the other side's membership changes in each side's circles.
  for v_circle, v_other in
    select c.id, case when c.created_by = v_row.user_id then v_row.friend_id else v_row.user_id end
    from public.circles c
    where c.created_by in (v_row.user_id, v_row.friend_id)
      and c.circle_type = 'dynamic' and c.rule ->> 'kind' = 'friends'
    order by c.id
  loop
    perform kithdb.sync_dynamic_circle(v_circle, v_other);
  end loop;
  return null;
end
$$;
comment on function kithdb.friendships_sync_circles() is
  'AFTER a friendship begins or ends: re-derive each side''s membership in the other''s friends '
  'circles (DYN-03). '
  'Definer: writes memberships no API user may write.';
revoke execute on function kithdb.friendships_sync_circles() from public, anon;
create trigger friendships_sync_circles
  after insert or update of status or delete on public.friendships
  for each row execute function kithdb.friendships_sync_circles();

create function kithdb.blocks_sync_circles() returns trigger
language plpgsql security definer
set search_path = ''
as $$
declare
  v_row public.blocks := case when tg_op = 'DELETE' then old else new end;
  v_circle pg_catalog.uuid;
  v_other pg_catalog.uuid;
begin
  -- ACC-02: a block that ends with an account changes no one else's circles (the account's
  -- memberships go with it), and its deletion, which has left its chats by then, takes no
  -- rule-circles lock after them (docs/DESIGN.md, "A departure waits for the messages in
  -- flight"). tg_op is tested on its own, as in friendships_sync_circles.
  if tg_op = 'DELETE' then
    if exists (
      select from pg_catalog.unnest(array[old.blocker_id, old.blocked_id]) u
      where not exists (select from public.profiles p where p.id = u)
    ) then
      return null;
    end if;
  end if;
  -- A rule circle either user is creating meanwhile waits, so either it reads this block or
  -- this reads it.
  perform kithdb.lock_rule_circles_of(u)
  from unnest(array[v_row.blocker_id, v_row.blocked_id]) u order by u;
  -- Only the other user's membership changes in each one's circles: a stranger's block costs
  -- the same whatever the circles hold.
  for v_circle, v_other in
    select c.id,
           case when c.created_by = v_row.blocker_id then v_row.blocked_id else v_row.blocker_id end
    from public.circles c
    where c.created_by in (v_row.blocker_id, v_row.blocked_id)
      and c.circle_type = 'dynamic' and c.event_id is not null
    order by c.id
  loop
    perform kithdb.sync_dynamic_circle(v_circle, v_other);
  end loop;
  return null;
end
$$;
comment on function kithdb.blocks_sync_circles() is
  'AFTER a block is made or lifted: re-derive each user''s membership in the other''s '
  'attendance circles (BLK-04). '
  'Definer: writes memberships no API user may write.';
revoke execute on function kithdb.blocks_sync_circles() from public, anon;
create trigger blocks_sync_circles
  after insert or delete on public.blocks
  for each row execute function kithdb.blocks_sync_circles();

-- An event circle being created meanwhile waits (its creation takes the same lock), so either
-- it reads the change or the change reads it.
create function kithdb.sync_event_circles(p_event_id uuid, p_user_id uuid) returns void
language plpgsql
set search_path = ''
as $$
declare
  v_circle pg_catalog.uuid;
begin
  perform kithdb.lock_circles_of_event(p_event_id);
  for v_circle in
    select c.id from public.circles c where c.event_id = p_event_id order by c.id
  loop
    perform kithdb.sync_dynamic_circle(v_circle, p_user_id);
  end loop;
end
$$;
comment on function kithdb.sync_event_circles(uuid, uuid) is
  'Re-derives p_user_id''s membership in each of p_event_id''s circles, in id order, once no '
  'circle of the event is being created (DYN-03). Invoker: only kithdb''s definer triggers call '
  'it.';
revoke execute on function kithdb.sync_event_circles(uuid, uuid) from public, anon, authenticated;

create function kithdb.event_authors_sync_circles() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  if tg_op = 'DELETE' then
    perform kithdb.sync_event_circles(old.event_id, old.user_id);
  else
    perform kithdb.sync_event_circles(new.event_id, new.user_id);
  end if;
  return null;
end
$$;
comment on function kithdb.event_authors_sync_circles() is
  'AFTER an author comes or goes: re-derive their membership in the event''s circles (DYN-03). '
  'Definer: writes memberships no API user may write.';
revoke execute on function kithdb.event_authors_sync_circles() from public, anon;
create trigger event_authors_sync_circles
  after insert or delete on public.event_authors
  for each row execute function kithdb.event_authors_sync_circles();

create function kithdb.like_groups_sync_circles() returns trigger
language plpgsql security definer
set search_path = ''
as $$
declare
  v_member pg_catalog.uuid;
begin
  -- The group's members are read only for an event that has circles: an approval elsewhere pays
  -- nothing for them. The lock first, as in kithdb.sync_event_circles.
  perform kithdb.lock_circles_of_event(new.event_id);
  if exists (select from public.circles c where c.event_id = new.event_id) then
    for v_member in
      select m.user_id from public.like_group_members m where m.group_id = new.id
      order by m.user_id
    loop
      perform kithdb.sync_event_circles(new.event_id, v_member);
    end loop;
  end if;
  return null;
end
$$;
comment on function kithdb.like_groups_sync_circles() is
  'AFTER a like group is approved: re-derive its members'' memberships in the event''s circles '
  '(DYN-03). Definer: writes memberships no API user may write.';
revoke execute on function kithdb.like_groups_sync_circles() from public, anon;
create trigger like_groups_sync_circles
  after update of status on public.like_groups
  for each row when (new.status = 'approved')
  execute function kithdb.like_groups_sync_circles();

-- The RPC ---------------------------------------------------------------------------------------

create function kithdb.create_dynamic_circle(p_name text, p_rule jsonb, p_description text)
returns uuid
language plpgsql security definer
set search_path = ''
as $$
declare
  v_me pg_catalog.uuid := kithdb.require_account();
  v_name pg_catalog.text := kithdb.circle_name(p_name, p_description);
  v_rule pg_catalog.jsonb := kithdb.canonical_circle_rule(p_rule);
  v_event pg_catalog.uuid;
  v_id pg_catalog.uuid := gen_random_uuid();
begin
  if v_rule is null or not kithdb.is_valid_circle_rule(v_rule) then
    raise exception 'a rule is {"kind":"friends"} or {"kind":"event","event_id":"<uuid>"}'
      using errcode = '22023', detail = 'invalid_circle_rule';
  end if;
  if v_rule ->> 'kind' = 'event' then
    v_event := (v_rule ->> 'event_id')::pg_catalog.uuid;
    -- BLK-03: the event of a user who blocked the caller does not exist for them, nor, after
    -- that user deleted their account, does any event of theirs (ACC-02). Key-shared before the
    -- authorship, as a deletion of the event takes its row and then its authors: a deletion in
    -- flight is waited for, and the event is then gone.
    perform from public.events e
    where e.id = v_event and not kithdb.hides_from(e.creator_id, v_me)
      and not exists (select from kithdb.event_hides h
                      where h.user_id = v_me and h.event_id = e.id)
    for key share of e;
    if not found then
      raise exception 'no such event' using errcode = 'PT404', detail = 'event_not_found';
    end if;
    -- Only an author: an attendee's circle would show them every approved group's members.
    -- The key-share lock keeps them an author until this commits (DYN-04).
    perform from public.event_authors a where a.event_id = v_event and a.user_id = v_me
    for key share;
    if not found then
      raise exception 'only an author of the event can make its circle'
        using errcode = '42501', detail = 'not_event_author';
    end if;
  end if;
  insert into public.circles (id, name, description, created_by, circle_type, rule)
  values (v_id, v_name, p_description, v_me, 'dynamic', v_rule);
  perform kithdb.sync_dynamic_circle(v_id);
  return v_id;
end
$$;
comment on function kithdb.create_dynamic_circle(text, jsonb, text) is
  'Step behind public.create_dynamic_circle. Definer: API users may only insert static circles.';
revoke execute on function kithdb.create_dynamic_circle(text, jsonb, text) from public, anon;
grant execute on function kithdb.create_dynamic_circle(text, jsonb, text)
  to authenticated, service_role;

create function public.create_dynamic_circle(p_name text, p_rule jsonb, p_description text default null)
returns uuid
language plpgsql
set search_path = ''
as $$
begin
  return kithdb.create_dynamic_circle(p_name, p_rule, p_description);
end
$$;
comment on function public.create_dynamic_circle(text, jsonb, text) is
  'Create a circle whose members follow p_rule: {"kind":"friends"} (your friends) or '
  '{"kind":"event","event_id":"<uuid>"} (the authors and attendees of an event you author). You '
  'are its admin and alone read its member list; returns its id.';
revoke execute on function public.create_dynamic_circle(text, jsonb, text) from public, anon;
grant execute on function public.create_dynamic_circle(text, jsonb, text) to authenticated, service_role;

-- Deleting an approved group's member changes who attends. The row does not say whether its
-- group was approved, so the trigger fires for every active member and asks the group.
create function kithdb.like_group_members_sync_circles() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  -- A pending group's members do not attend; a deleted group's may have.
  if exists (select from public.like_groups g where g.id = old.group_id and g.status = 'pending') then
    return null;
  end if;
  perform kithdb.sync_event_circles(old.event_id, old.user_id);
  return null;
end
$$;
comment on function kithdb.like_group_members_sync_circles() is
  'AFTER DELETE on like_group_members: an attendee left, re-derive their membership in the '
  'event''s circles (DYN-03). Definer: writes memberships no API user may write.';
revoke execute on function kithdb.like_group_members_sync_circles() from public, anon;
create trigger like_group_members_sync_circles
  after delete on public.like_group_members
  for each row when (old.group_active)
  execute function kithdb.like_group_members_sync_circles();

-- service_role may write opt-outs as a user's own leave_circle and rejoin_circle do (DYN-07);
-- its writes take effect at once, as theirs do. kithdb's own writes of the table, which run as
-- its owner, sync for themselves.
--
-- A new opt-out takes the circle's row and the user's profile before its own row is written, in
-- the order of the member's own leave (the circle, then the opt-out) and of an account's deletion
-- (the profile first): were the row written first, a leave under way would wait for it while its
-- sync waits for the leave's circle (40P01). A delete holds its row before any trigger runs, so
-- it keeps a known limit (docs/DESIGN.md).
create function kithdb.circle_opt_outs_lock() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  perform from public.circles c where c.id = new.circle_id for no key update;
  perform from public.profiles p where p.id = new.user_id for key share;
  return new;
end
$$;
comment on function kithdb.circle_opt_outs_lock() is
  'BEFORE service_role inserts into circle_opt_outs: holds the circle, then the user''s profile, '
  'as a member''s own leave does (DYN-07).';
revoke execute on function kithdb.circle_opt_outs_lock() from public, anon;
create trigger circle_opt_outs_lock
  before insert on public.circle_opt_outs
  for each row when (current_user = 'service_role')
  execute function kithdb.circle_opt_outs_lock();

create function kithdb.circle_opt_outs_sync() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  if tg_op = 'DELETE' then
    perform kithdb.sync_dynamic_circle(old.circle_id, old.user_id);
  else
    perform kithdb.sync_dynamic_circle(new.circle_id, new.user_id);
  end if;
  return null;
end
$$;
comment on function kithdb.circle_opt_outs_sync() is
  'AFTER service_role inserts or deletes circle_opt_outs: re-derive the user''s membership in '
  'the circle (DYN-03, DYN-07). Definer: writes memberships no API user may write.';
revoke execute on function kithdb.circle_opt_outs_sync() from public, anon;
create trigger circle_opt_outs_sync
  after insert or delete on public.circle_opt_outs
  for each row when (current_user = 'service_role')
  execute function kithdb.circle_opt_outs_sync();

-- SEC-12: an opt-out stays with its circle and user; moved, it would take one user out of a
-- circle and bring another back past the locks that opting out takes (circle_opt_outs_lock).
create trigger circle_opt_outs_immutable
  before update on public.circle_opt_outs
  for each row
  when ((new.circle_id, new.user_id) is distinct from (old.circle_id, old.user_id))
  execute function kithdb.refuse_row_move(
    'circle_opt_out_immutable', 'an opt-out cannot move to another circle or user');

create function kithdb.rejoin_circle(p_circle_id uuid) returns void
language plpgsql security definer
set search_path = ''
as $$
begin
  delete from public.circle_opt_outs o where o.circle_id = p_circle_id and o.user_id = kithdb.uid();
  if not found then  -- never left it, or no such circle: one answer
    raise exception 'no such circle' using errcode = 'PT404', detail = 'circle_not_found';
  end if;
  perform kithdb.sync_dynamic_circle(p_circle_id, kithdb.uid());
end
$$;
comment on function kithdb.rejoin_circle(uuid) is
  'Step behind public.rejoin_circle: drops the caller''s own opt-out and re-derives their '
  'membership. Definer: API users do not write circle_opt_outs or memberships of dynamic circles.';
revoke execute on function kithdb.rejoin_circle(uuid) from public, anon;
grant execute on function kithdb.rejoin_circle(uuid)
  to authenticated, service_role;

create function public.rejoin_circle(p_circle_id uuid) returns void
language plpgsql
set search_path = ''
as $$
begin
  perform kithdb.require_uid();
  if p_circle_id is null then
    raise exception 'p_circle_id is required' using errcode = '22023', detail = 'missing_circle_id';
  end if;
  perform kithdb.rejoin_circle(p_circle_id);
end
$$;
comment on function public.rejoin_circle(uuid) is
  'Rejoin dynamic circle p_circle_id, which you left: its rule counts you again, and you are a '
  'member again if it selects you.';
revoke execute on function public.rejoin_circle(uuid) from public, anon;
grant execute on function public.rejoin_circle(uuid) to authenticated, service_role;

-- PostgREST: reload the schema cache so the API shows this change at once.
notify pgrst, 'reload schema';
