-- depends: 0027_votes_stay_on_decided_groups
-- Approving a group leaves its member rows alone (PRF-02): an approval changes the status
-- (pending -> approved) but not whether the group holds its members, so a member row mirrors
-- only that. Mirroring the whole status would rewrite every member row, each with four index
-- entries, on every approval (measured in CHANGELOG.md).
--
-- Each member row mirrors only group_active (the group is pending or approved, LGR-01):
-- - it turns false in the same statement that rejects or expires the group (AFTER trigger
--   like_groups_release_members), the only changes of status that free the members; an
--   approval writes no member row (PRF-02);
-- - it is true on insert (like_group_members_guard: the group is pending, checked under its lock);
-- - no other write changes it, nor anything else of a member row (like_group_members_follow_group),
--   so the unique index cannot be sidestepped, not even by service_role or a DBA.
-- event_id still comes from the group: the guard checks it on insert and nothing changes it. Who
-- attends (members of approved groups) is read through the group's status.

-- The mirror: group_active instead of group_status ------------------------------------------------

drop trigger like_group_members_sync_circles on public.like_group_members;
alter table public.like_group_members add column group_active boolean;
update public.like_group_members m set group_active = m.group_status in ('pending', 'approved');
alter table public.like_group_members
  alter column group_active set not null,
  alter column group_active set default true,
  drop constraint like_group_members_group_fkey;
drop index public.like_group_members_one_active_group;
drop index public.like_group_members_group_fkey_idx;
alter table public.like_group_members drop column group_status;

-- event_id is the group's: checked on insert (like_group_members_guard) and immutable on both
-- sides (like_group_members_follow_group, like_groups_guard), so a plain key on group_id does,
-- covered by the primary key (group_id, user_id); like_groups loses an index.
alter table public.like_groups drop constraint like_groups_identity;
alter table public.like_group_members
  add constraint like_group_members_group_fkey foreign key (group_id)
    references public.like_groups (id) on delete cascade;
create unique index like_group_members_one_active_group
  on public.like_group_members (event_id, user_id)
  where group_active;
comment on table public.like_group_members is
  'Members of a like group (at most 10). event_id mirrors the group''s event, group_active '
  'whether the group is pending or approved (both kept by triggers), so a user is in at most one '
  'pending or approved group per event.';
comment on column public.like_group_members.event_id is
  'The group''s event (checked on insert, never changed).';
comment on column public.like_group_members.group_active is
  'Whether the group is pending or approved (kept by triggers; LGR-01).';

create function kithdb.like_groups_release_members() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  update public.like_group_members m set group_active = false where m.group_id = new.id;
  return null;
end
$$;
comment on function kithdb.like_groups_release_members() is
  'AFTER a group is rejected or expired: its members are free to apply again (LGR-01).';
revoke execute on function kithdb.like_groups_release_members() from public, anon;
create trigger like_groups_release_members
  after update of status on public.like_groups
  for each row when (new.status in ('rejected', 'expired'))
  execute function kithdb.like_groups_release_members();

create function kithdb.like_group_members_follow_group() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if (new.group_id, new.user_id, new.event_id, new.created_at)
     is distinct from (old.group_id, old.user_id, old.event_id, old.created_at)
     or new.group_active is distinct from exists (
       select from public.like_groups g
       where g.id = new.group_id and g.status in ('pending', 'approved'))
  then
    raise exception 'a like group member never changes; only its group''s status moves it'
      using errcode = '22023', detail = 'like_group_member_immutable';
  end if;
  return new;
end
$$;
comment on function kithdb.like_group_members_follow_group() is
  'BEFORE UPDATE on like_group_members: only group_active changes, and only to follow its group '
  '(LGR-01, LGR-09).';
revoke execute on function kithdb.like_group_members_follow_group() from public, anon;
create trigger like_group_members_follow_group
  before update on public.like_group_members
  for each row execute function kithdb.like_group_members_follow_group();

-- Deleting an approved group's member changes who attends. The row does not say whether its
-- group was approved, so the trigger fires for every active member and asks the group.
create function kithdb.like_group_members_sync_circles() returns trigger
language plpgsql security definer
set search_path = ''
as $$
declare
  v_circle uuid;
begin
  -- A pending group's members do not attend; a deleted group's may have.
  if exists (select from public.like_groups g where g.id = old.group_id and g.status = 'pending') then
    return null;
  end if;
  -- As kithdb.attendance_sync_circles: an event circle being created meanwhile waits.
  perform kithdb.lock_circles_of_event(old.event_id);
  for v_circle in
    select c.id from public.circles c where c.event_id = old.event_id order by c.id
  loop
    perform kithdb.sync_dynamic_circle(v_circle);
  end loop;
  return null;
end
$$;
comment on function kithdb.like_group_members_sync_circles() is
  'AFTER DELETE on like_group_members: an attendee left, re-derive the event''s circles (DYN-03). '
  'Definer: writes memberships no API user may write.';
revoke execute on function kithdb.like_group_members_sync_circles() from public, anon;
create trigger like_group_members_sync_circles
  after delete on public.like_group_members
  for each row when (old.group_active)
  execute function kithdb.like_group_members_sync_circles();

-- A new member row has its group's event and is active ------------------------------------------

create or replace function kithdb.like_group_members_guard() returns trigger
language plpgsql security definer
set search_path = ''
as $$
declare
  v_status public.like_group_status;
  v_event uuid;
begin
  if tg_op = 'DELETE' then
    select g.status into v_status from public.like_groups g where g.id = old.group_id;
    -- The group itself or the member's account is being deleted: let the row go.
    if not found or not exists (select from public.profiles p where p.id = old.user_id) then
      return old;
    end if;
    if v_status <> 'pending' then
      raise exception 'the members of a decided like group never change'
        using errcode = 'PT409', detail = 'like_group_not_pending';
    end if;
    return old;
  end if;

  select g.status, g.event_id into v_status, v_event
  from public.like_groups g where g.id = new.group_id for update;
  if found and new.event_id is distinct from v_event then
    raise exception 'a member''s event_id is its group''s'
      using errcode = '22023', detail = 'like_group_event_mismatch';
  end if;
  if v_status <> 'pending' then
    raise exception 'the members of a decided like group never change'
      using errcode = 'PT409', detail = 'like_group_not_pending';
  end if;
  perform kithdb.lock_attendance(new.event_id, new.user_id);
  if kithdb.is_event_author(new.event_id, new.user_id) then
    raise exception 'an author of the event cannot apply to it'
      using errcode = '42501', detail = 'event_author_cannot_apply';
  end if;
  if (select count(*) from public.like_group_members m where m.group_id = new.group_id) >= 10 then
    raise exception 'a like group has at most 10 members'
      using errcode = '22023', detail = 'too_many_members';
  end if;
  new.group_active := true;  -- the group is pending: checked above, under its lock
  return new;
end
$$;

-- Readers of the old mirror: "pending or approved" is group_active, "approved" the group's status

create or replace function kithdb.check_applicant(p_event_id uuid, p_creator uuid, p_user_id uuid) returns void
language plpgsql stable
set search_path = ''
as $$
begin
  if p_user_id is null then
    raise exception 'member ids cannot be null' using errcode = '22023', detail = 'missing_user_id';
  end if;
  if not exists (select from public.profiles p where p.id = p_user_id) then
    raise exception 'no such user' using errcode = 'PT404', detail = 'user_not_found';
  end if;
  if p_user_id <> p_creator and not exists (
    select from public.friendships f
    where f.user_id = least(p_creator, p_user_id) and f.friend_id = greatest(p_creator, p_user_id)
      and f.status = 'accepted'
  ) then
    raise exception 'you can only apply with your friends'
      using errcode = '42501', detail = 'member_not_friend';
  end if;
  if kithdb.is_event_author(p_event_id, p_user_id) then
    raise exception 'an author of the event cannot apply to it'
      using errcode = '42501', detail = 'event_author_cannot_apply';
  end if;
  if exists (
    select from public.like_group_members m
    where m.event_id = p_event_id and m.user_id = p_user_id and m.group_active
  ) then
    raise exception 'already in a pending or approved group for this event'
      using errcode = '23505', detail = 'already_in_like_group';
  end if;
end
$$;

create or replace function kithdb.expire_overdue_like_groups(p_event_id uuid, p_user_ids uuid[])
returns integer
language plpgsql
set search_path = ''
as $$
declare
  v_user uuid;
  v_group uuid;
  v_groups uuid[] := '{}'::uuid[];
  v_count integer;
begin
  -- One probe of the unique index per user: a single statement over the array is planned
  -- generically as a scan of the event's members (an average event's), whatever its size. It
  -- finds the user's pending or approved group; the update below takes pending ones only.
  foreach v_user in array p_user_ids loop
    select m.group_id into v_group from public.like_group_members m
    where m.event_id = p_event_id and m.user_id = v_user and m.group_active;
    if found then
      v_groups := v_groups || v_group;
    end if;
  end loop;
  if v_groups = '{}' then
    return 0;
  end if;
  with due as (
    select g.id from public.like_groups g
    join public.events e on e.id = g.event_id
    where g.id = any (v_groups)
      and g.status = 'pending'  -- rechecked once a concurrent decision's lock is released
      and now() >= kithdb.like_group_deadline(g.created_at, e.starts_at)
    order by g.id
    for update of g
  )
  update public.like_groups g set status = 'expired' from due where g.id = due.id;
  get diagnostics v_count = row_count;
  return v_count;
end
$$;

create or replace function kithdb.add_like_group_member(p_group_id uuid, p_user_id uuid) returns void
language plpgsql security definer
set search_path = ''
as $$
declare
  v_group public.like_groups;
begin
  -- Attendance lock before the group lock: the order an author being added takes them in.
  perform kithdb.lock_attendance(g.event_id, p_user_id)
  from public.like_groups g
  where g.id = p_group_id and g.creator_id = auth.uid() and p_user_id is not null;
  -- The group and the user's pending groups for its event, in id order (see above); only for
  -- the group's creator, so nobody else's call holds these rows.
  perform from public.like_groups g
  where (g.id = p_group_id and g.creator_id = auth.uid())
     or (g.status = 'pending' and g.id in (
       select m.group_id from public.like_groups t
       join public.like_group_members m
         on m.event_id = t.event_id and m.user_id = p_user_id and m.group_active
       where t.id = p_group_id and t.creator_id = auth.uid()))
  order by g.id
  for update;
  v_group := kithdb.lock_like_group(p_group_id);
  if v_group.creator_id <> auth.uid() then
    raise exception 'only the creator of the group can add members'
      using errcode = '42501', detail = 'not_like_group_creator';
  end if;
  perform kithdb.require_pending(v_group);
  if exists (
    select from public.like_group_members m where m.group_id = p_group_id and m.user_id = p_user_id
  ) then
    raise exception 'already a member of this group'
      using errcode = '23505', detail = 'already_in_like_group';
  end if;
  -- Their overdue group is expired, not pending: it must not block them (LGR-08).
  perform kithdb.expire_overdue_like_groups(v_group.event_id, array[p_user_id]);
  perform kithdb.check_applicant(v_group.event_id, v_group.creator_id, p_user_id);
  begin
    insert into public.like_group_members (group_id, user_id, event_id)
    values (p_group_id, p_user_id, v_group.event_id);
  exception
    when unique_violation then
      raise exception 'already in a pending or approved group for this event'
        using errcode = '23505', detail = 'already_in_like_group';
  end;
end
$$;

create or replace function kithdb.event_authors_no_applicant() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  perform kithdb.lock_attendance(new.event_id, new.user_id);
  if exists (
    select from public.like_group_members m
    where m.event_id = new.event_id and m.user_id = new.user_id
      and m.group_active
  ) then
    raise exception 'someone who applied to attend cannot become an author of the event'
      using errcode = 'PT409', detail = 'event_applicant_cannot_author';
  end if;
  return new;
end
$$;

create or replace function kithdb.circle_rule_members(p_circle_id uuid) returns setof uuid
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
  select a.user_id from c join public.event_authors a on a.event_id = c.event_id
  union
  select m.user_id from c join public.like_group_members m
    on m.event_id = c.event_id and m.group_active  -- the partial index's rows
  join public.like_groups g on g.id = m.group_id and g.status = 'approved'
$$;

