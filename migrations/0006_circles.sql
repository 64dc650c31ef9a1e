-- depends: 0005_friendships
-- Circles: named groups of friends with admins, joined by invitation only.
--
-- Where each rule lives (IDs in docs/INVARIANTS.md):
--   circle_members_guard      (invoker, BEFORE)  what an API user may write: CIR-05..CIR-08
--   circle_members_capacity   (definer, BEFORE)  at most 150 rows per circle, race-free: CIR-09
--   circle_members_integrity  (definer, AFTER)   an admin while members remain; the last member
--                                                leaving deletes the circle: CIR-03, CIR-04
--   circles_add_founder       (definer, AFTER)   the creator becomes the first admin: CIR-01
-- The circle row is the lock every insert, role change and removal takes (FOR NO KEY UPDATE), so
-- concurrent invitations, demotions and departures see each other's committed effects. Lock order
-- is always member row, then circle row: no RPC locks the circle first, so nothing deadlocks.

create type public.circle_type as enum ('static', 'dynamic');
comment on type public.circle_type is
  'static: members join by invitation; dynamic: members are derived from a rule.';
create type public.circle_role as enum ('admin', 'member');
comment on type public.circle_role is 'admin: manages the circle; member: belongs to it.';
create type public.circle_member_status as enum ('invited', 'member');
comment on type public.circle_member_status is
  'invited: asked by an admin, not yet accepted; member: belongs to the circle.';

create table public.circles (
  id uuid primary key default gen_random_uuid(),
  name text not null,
  description text,
  created_by uuid default auth.uid() references public.profiles (id) on delete set null,
  circle_type public.circle_type not null default 'static',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint circles_name_length check (char_length(name) between 1 and 50),
  constraint circles_name_trimmed check (name = btrim(name)),
  constraint circles_name_not_blank
    check (name ~ '^[!-~]' or not kithdb.is_blank(name)),
  constraint circles_description_length check (char_length(description) <= 200)
);
create index circles_created_by_idx on public.circles (created_by);
comment on table public.circles is
  'A named group of users with at least one admin. Visible to its members and invitees.';
comment on column public.circles.id is 'The circle''s id.';
comment on column public.circles.name is 'Name, trimmed, 1–50 characters.';
comment on column public.circles.description is 'Optional description, at most 200 characters.';
comment on column public.circles.created_by is
  'Who created the circle (its first admin); null once that account is deleted.';
comment on column public.circles.circle_type is 'static (invitations) or dynamic (rule-based).';
comment on column public.circles.created_at is 'When the circle was created.';
comment on column public.circles.updated_at is 'When the circle was last changed.';

create table public.circle_members (
  circle_id uuid not null references public.circles (id) on delete cascade,
  user_id uuid not null references public.profiles (id) on delete cascade,
  role public.circle_role not null default 'member',
  status public.circle_member_status not null default 'invited',
  invited_by uuid default auth.uid() references public.profiles (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (circle_id, user_id),
  constraint circle_members_invitee_role check (status = 'member' or role = 'member')
);
create index circle_members_user_id_idx on public.circle_members (user_id, circle_id);
create index circle_members_invited_by_idx on public.circle_members (invited_by);
comment on table public.circle_members is
  'Members and invitations of a circle (at most 150 rows per circle).';
comment on column public.circle_members.circle_id is 'The circle.';
comment on column public.circle_members.user_id is 'The member or invitee.';
comment on column public.circle_members.role is 'admin or member; an invitee is always member.';
comment on column public.circle_members.status is 'invited until the invitee accepts, then member.';
comment on column public.circle_members.invited_by is
  'The admin who sent the invitation (null for the creator, or once that account is deleted).';
comment on column public.circle_members.created_at is 'When the invitation (or founding) happened.';
comment on column public.circle_members.updated_at is 'When the row last changed.';

create trigger circles_refuse_gone_account
  before insert on public.circles
  for each statement execute function kithdb.refuse_gone_account();
create trigger circles_touch_updated_at
  before update on public.circles
  for each row execute function kithdb.touch_updated_at();
create trigger circle_members_touch_updated_at
  before update on public.circle_members
  for each row execute function kithdb.touch_updated_at();

create function kithdb.is_circle_member(circle_uuid uuid, user_uuid uuid) returns boolean
language plpgsql stable security definer
set search_path = ''
as $$
begin
  return exists (
    select from public.circle_members m
    where m.circle_id = circle_uuid and m.user_id = user_uuid and m.status = 'member'
  );
end
$$;
comment on function kithdb.is_circle_member(uuid, uuid) is
  'True when user_uuid is a member (not just invited). Definer: answers regardless of the caller''s '
  'RLS, so only trusted roles may ask it (CIR-12).';

create function kithdb.is_circle_admin(circle_uuid uuid, user_uuid uuid) returns boolean
language plpgsql stable security definer
set search_path = ''
as $$
begin
  return exists (
    select from public.circle_members m
    where m.circle_id = circle_uuid and m.user_id = user_uuid
      and m.role = 'admin' and m.status = 'member'
  );
end
$$;
comment on function kithdb.is_circle_admin(uuid, uuid) is
  'True when user_uuid is an admin member. Definer: answers regardless of the caller''s RLS, so '
  'only trusted roles may ask it (CIR-12).';

create function kithdb.has_circle_access(circle_uuid uuid, user_uuid uuid) returns boolean
language plpgsql stable security definer
set search_path = ''
as $$
begin
  return exists (
    select from public.circle_members m
    where m.circle_id = circle_uuid and m.user_id = user_uuid
  );
end
$$;
comment on function kithdb.has_circle_access(uuid, uuid) is
  'True when user_uuid is a member or invitee. Definer: answers regardless of the caller''s RLS, '
  'so only trusted roles may ask it (CIR-12).';

-- What code running as the caller asks: the same questions, about the caller only (CIR-12).
create function kithdb.caller_is_circle_member(p_circle_id uuid) returns boolean
language plpgsql stable security definer
set search_path = ''
as $$
begin
  return exists (
    select from public.circle_members m
    where m.circle_id = p_circle_id and m.user_id = kithdb.uid() and m.status = 'member'
  );
end
$$;
comment on function kithdb.caller_is_circle_member(uuid) is
  'True when the caller is a member (not just invited) of the circle. Definer: reads the caller''s '
  'membership past RLS, which code running as the caller needs before the circle is visible; it '
  'answers about the caller only.';

create function kithdb.caller_is_circle_admin(p_circle_id uuid) returns boolean
language plpgsql stable security definer
set search_path = ''
as $$
begin
  return exists (
    select from public.circle_members m
    where m.circle_id = p_circle_id and m.user_id = kithdb.uid()
      and m.role = 'admin' and m.status = 'member'
  );
end
$$;
comment on function kithdb.caller_is_circle_admin(uuid) is
  'True when the caller is an admin member of the circle. Definer: as '
  'kithdb.caller_is_circle_member; it answers about the caller only.';

create function kithdb.is_new_circle(circle_uuid uuid) returns boolean
language plpgsql stable security definer
set search_path = ''
as $$
begin
  return not exists (
    select from public.circle_members m join public.circles c on c.id = m.circle_id
    where m.circle_id = circle_uuid and c.created_by = kithdb.uid()
  );
end
$$;
comment on function kithdb.is_new_circle(uuid) is
  'False for a circle the caller created that has member rows; true otherwise, and so for the '
  'instant between a circle''s insert and its founder, when INSERT … RETURNING must already show '
  'it to its creator. Definer: must see rows the caller cannot; about anyone else''s circle it '
  'answers true whether the circle exists or not (CIR-12).';

revoke execute on function kithdb.is_circle_member(uuid, uuid), kithdb.is_circle_admin(uuid, uuid),
  kithdb.has_circle_access(uuid, uuid)
  from public, anon, authenticated;
grant execute on function kithdb.is_circle_member(uuid, uuid), kithdb.is_circle_admin(uuid, uuid),
  kithdb.has_circle_access(uuid, uuid)
  to service_role;
revoke execute on function kithdb.caller_is_circle_member(uuid), kithdb.caller_is_circle_admin(uuid),
  kithdb.is_new_circle(uuid)
  from public, anon;
grant execute on function kithdb.caller_is_circle_member(uuid), kithdb.caller_is_circle_admin(uuid),
  kithdb.is_new_circle(uuid)
  to authenticated, service_role;

-- Triggers --------------------------------------------------------------------------------------

-- CIR-02: a circle never passes to another creator, who would read a rule circle's member list
-- (DYN-05). Cleared it may be, as a block and an account's deletion do.
create trigger circles_immutable
  before update on public.circles
  for each row
  when (new.created_by is not null and new.created_by is distinct from old.created_by)
  execute function kithdb.refuse_row_move(
    'circle_creator_immutable', 'a circle''s creator never changes');
-- SEC-12: ids that name a circle without a foreign key (notifications, reports) keep naming it.
create trigger circles_id_immutable
  before update on public.circles
  for each row
  when (new.id is distinct from old.id)
  execute function kithdb.refuse_row_move('circle_id_immutable', 'a circle keeps its id');

create function kithdb.circles_add_founder() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  if new.created_by is not null then
    insert into public.circle_members (circle_id, user_id, role, status, invited_by)
    values (new.id, new.created_by, 'admin', 'member', null);
  end if;
  return null;
end
$$;
comment on function kithdb.circles_add_founder() is
  'AFTER INSERT on circles: the creator becomes its first admin (CIR-01). Definer: nobody may '
  'otherwise insert a member row that is not an invitation.';
revoke execute on function kithdb.circles_add_founder() from public, anon;
create trigger circles_add_founder
  after insert on public.circles
  for each row execute function kithdb.circles_add_founder();

create function kithdb.require_unblocked_creator(p_circle_id uuid, p_user_id uuid) returns void
language plpgsql security definer
set search_path = ''
as $$
declare
  v_me pg_catalog.uuid := kithdb.uid();
  v_creator pg_catalog.uuid;
begin
  -- Asked only by an admin of the circle about a friend, as an invitation gets this far; the
  -- admin's own pair with p_user_id is kithdb.require_reachable's to answer.
  if v_me is null or not kithdb.caller_is_circle_admin(p_circle_id)
     or not kithdb.are_friends(v_me, p_user_id) then
    return;
  end if;
  -- Someone in the circle already joins nobody: the unique key answers, as for anyone.
  if exists (select from public.circle_members m
             where m.circle_id = p_circle_id and m.user_id = p_user_id) then
    return;
  end if;
  select c.created_by into v_creator from public.circles c
  where c.id = p_circle_id and c.circle_type = 'static';
  if v_creator <> p_user_id and v_creator <> v_me then
    perform kithdb.require_unblocked_among(p_user_id, array[v_creator]);
  end if;
end
$$;
comment on function kithdb.require_unblocked_creator(uuid, uuid) is
  'For an admin inviting their friend p_user_id, not in the circle yet, into static circle '
  'p_circle_id: 42501 blocked_pair when a block stands between p_user_id and the circle''s '
  'creator, whose name created_by would show them (BLK-03, BLK-04); the pair''s shared lock is '
  'held. Definer because blocks between others are hidden from the caller; it answers only an '
  'admin of the circle, about a friend of theirs who would join.';
revoke execute on function kithdb.require_unblocked_creator(uuid, uuid) from public, anon;
grant execute on function kithdb.require_unblocked_creator(uuid, uuid) to authenticated;

create function kithdb.circle_members_guard() returns trigger
language plpgsql
set search_path = ''
as $$
declare
  v_uid pg_catalog.uuid;
  v_row public.circle_members := case when tg_op = 'DELETE' then old else new end;
begin
  -- For every writer: a row moved to another circle or user would skip what joining and
  -- leaving do (the admin, the cap, the shared posts: CIR-03, CIR-09, CIR-13), and one that
  -- names another inviter would tell its invitee a lie (SEC-12). The inviter may be cleared, as
  -- the deletion of their account does.
  if tg_op = 'UPDATE'
     and ((new.circle_id, new.user_id) is distinct from (old.circle_id, old.user_id)
          or new.invited_by is not null and new.invited_by is distinct from old.invited_by)
  then
    raise exception 'a circle''s row cannot move to another circle, user or inviter'
      using errcode = '42501', detail = 'circle_member_immutable';
  end if;
  -- Nor may a member go back to an invitation: what a member's leaving does (their posts, the
  -- last admin, the last member: CIR-03, CIR-04, CIR-13) runs on a member's row only, so a
  -- demoted member would leave without it.
  if tg_op = 'UPDATE' and old.status = 'member' and new.status <> 'member' then
    raise exception 'a membership cannot go back to an invitation'
      using errcode = 'PT409', detail = 'circle_member_invalid_transition';
  end if;
  if not kithdb.is_api_role() then
    -- BLK-04 whoever writes: no row joins a user with a circle's creator in a block with them.
    -- Beyond that, DBAs, service_role and kithdb's own steps are trusted here.
    if tg_op = 'INSERT' then
      perform kithdb.require_unblocked_among(new.user_id, array[c.created_by])
      from public.circles c
      where c.id = new.circle_id and c.circle_type = 'static' and c.created_by <> new.user_id;
    end if;
    return v_row;
  end if;
  v_uid := kithdb.require_uid();
  -- DYN-07: a dynamic circle's members follow its rule, but each may leave it.
  if exists (select from public.circles c where c.id = v_row.circle_id and c.circle_type = 'dynamic')
     and not (tg_op = 'DELETE' and old.user_id = v_uid) then
    raise exception 'the members of a dynamic circle follow its rule'
      using errcode = '42501', detail = 'dynamic_circle_membership';
  end if;
  if tg_op = 'DELETE' then
    return old;
  end if;

  if tg_op = 'INSERT' then
    if not kithdb.caller_is_circle_admin(new.circle_id) then
      raise exception 'only an admin of the circle can invite'
        using errcode = '42501', detail = 'not_circle_admin';
    end if;
    if new.status <> 'invited' or new.role <> 'member' or new.invited_by is distinct from v_uid then
      raise exception 'membership starts with an invitation in your own name'
        using errcode = '42501', detail = 'circle_membership_requires_invitation';
    end if;
    perform kithdb.require_reachable(new.user_id);
    if not kithdb.are_friends(v_uid, new.user_id) then
      raise exception 'you can only invite your friends'
        using errcode = '42501', detail = 'invitee_not_friend';
    end if;
    perform kithdb.require_unblocked_creator(new.circle_id, new.user_id);
    return new;
  end if;

  if (new.circle_id, new.user_id, new.invited_by, new.created_at)
     is distinct from (old.circle_id, old.user_id, old.invited_by, old.created_at) then
    raise exception 'only role and status of a membership can change'
      using errcode = '42501', detail = 'circle_member_immutable';
  end if;
  if new.status is distinct from old.status then
    if old.status <> 'invited' or new.status <> 'member' then
      raise exception 'a membership cannot go back to an invitation'
        using errcode = 'PT409', detail = 'circle_member_invalid_transition';
    end if;
    if new.user_id <> v_uid then
      raise exception 'only the invitee can accept an invitation'
        using errcode = '42501', detail = 'only_invitee_accepts';
    end if;
  end if;
  if new.role is distinct from old.role then
    if not kithdb.caller_is_circle_admin(new.circle_id) then
      raise exception 'only an admin of the circle can change roles'
        using errcode = '42501', detail = 'not_circle_admin';
    end if;
    if old.status <> 'member' then
      raise exception 'an invitee has no role to change until they accept'
        using errcode = 'PT409', detail = 'circle_member_not_joined';
    end if;
  end if;
  return new;
end
$$;
comment on function kithdb.circle_members_guard() is
  'BEFORE INSERT/UPDATE/DELETE on circle_members: what an API user may write (CIR-05..CIR-08, DYN-02).';
revoke execute on function kithdb.circle_members_guard() from public, anon;
create trigger circle_members_guard
  before insert or update or delete on public.circle_members
  for each row execute function kithdb.circle_members_guard();

create function kithdb.circle_members_capacity() returns trigger
language plpgsql security definer
set search_path = ''
as $$
declare
  v_type public.circle_type;
begin
  -- The circle row is the lock: concurrent inserts count one after another.
  select c.circle_type into v_type from public.circles c where c.id = new.circle_id for no key update;
  -- Deleted while this waited (its last member left): as the RPC answers, not a raw 23503.
  if not found then
    raise exception 'no such circle' using errcode = 'PT404', detail = 'circle_not_found';
  end if;
  if v_type = 'dynamic' then
    return new;  -- derived from data (all friends, all attendees): the rule decides its size
  end if;
  if (select count(*) from public.circle_members m where m.circle_id = new.circle_id) >= 150 then
    raise exception 'a circle holds at most 150 members and invitations'
      using errcode = 'PT409', detail = 'circle_full';
  end if;
  return new;
end
$$;
comment on function kithdb.circle_members_capacity() is
  'BEFORE INSERT on circle_members: at most 150 rows per static circle (CIR-09). Definer: must lock the '
  'circle and count rows the caller may not see.';
revoke execute on function kithdb.circle_members_capacity() from public, anon;
-- Triggers fire in name order: this one is named to run after circle_members_guard, so that a
-- caller who may not invite is refused before anything reads whether the circle is full (SEC-08).
create trigger circle_members_within_capacity
  before insert on public.circle_members
  for each row execute function kithdb.circle_members_capacity();

create function kithdb.circle_members_integrity() returns trigger
language plpgsql security definer
set search_path = ''
as $$
declare
  v_heir pg_catalog.uuid;
begin
  -- A promotion takes no admin away (and an heir's, below, needs no admin the user acting sees),
  -- nor does a role written again unchanged.
  if tg_op = 'UPDATE' and (new.role = 'admin' or new.role is not distinct from old.role) then
    return null;
  end if;
  -- Lock the circle; if it is gone (being deleted), there is nothing left to keep. An API
  -- user's own statement on a member's row (a table write's DELETE or role change; the RPCs
  -- hold the circle already) held that row before the circle, the other order from every other
  -- writer of members (a block parting the member, an account's deletion, an admin): waiting
  -- would deadlock with one that waits for this row, so it asks without waiting and is told to
  -- try again (40001 circle_busy).
  if pg_catalog.pg_trigger_depth() = 1
     and pg_catalog.current_setting('role') operator(pg_catalog.=) 'authenticated' then
    perform from public.circles c where c.id = old.circle_id for no key update skip locked;
    if not found and exists (select from public.circles c where c.id = old.circle_id) then
      raise exception 'the circle is being changed by another request: try again'
        using errcode = '40001', detail = 'circle_busy';
    end if;
  else
    perform from public.circles c where c.id = old.circle_id for no key update;
  end if;
  if not found then
    return null;
  end if;
  if not exists (
    select from public.circle_members m where m.circle_id = old.circle_id and m.status = 'member'
  ) then
    -- An acceptance by table write holds its row without the circle's lock: wait for those in
    -- flight, then look again, so that none is deleted with the circle after it succeeded.
    perform from public.circle_members m where m.circle_id = old.circle_id for share;
    if not exists (
      select from public.circle_members m where m.circle_id = old.circle_id and m.status = 'member'
    ) then
      delete from public.circles c where c.id = old.circle_id;  -- CIR-04: the last member left
      return null;
    end if;
  end if;
  -- A member who is no admin takes none away (CIR-08: anyone may leave), whoever is hidden.
  if old.role = 'member' then
    return null;
  end if;
  -- Another admin, one the user acting sees (BLK-03): an admin who blocked them does not count,
  -- so the answer never depends on someone hidden from them.
  if exists (
    select from public.circle_members m
    where m.circle_id = old.circle_id and m.role = 'admin' and m.status = 'member'
      and (kithdb.uid() is null or not kithdb.hides_from(m.user_id, kithdb.uid()))
  ) then
    return null;
  end if;
  -- DYN-04: a dynamic circle's only admin is its creator; it ends with them, with no heir (one
  -- would read a member list that only its creator may read, DYN-05).
  if tg_op = 'DELETE' and exists (
    select from public.circles c where c.id = old.circle_id and c.circle_type = 'dynamic'
  ) then
    delete from public.circles c where c.id = old.circle_id;
    return null;
  end if;
  -- CIR-03: no admin would remain. An account deletion must not be blocked by its circles, so
  -- the longest-standing member takes over. So too where every member left blocked the user
  -- acting, to whom the circle must answer as one they were alone in (BLK-03, SEC-08), unless an
  -- admin remains among them. Anyone else is refused.
  if tg_op = 'DELETE'
     and (not exists (select from public.profiles p where p.id = old.user_id)
          or kithdb.uid() is not null
             and not exists (select from public.circle_members m
                             where m.circle_id = old.circle_id and m.status = 'member'
                               and not kithdb.hides_from(m.user_id, kithdb.uid()))) then
    if not exists (select from public.circle_members m
                   where m.circle_id = old.circle_id and m.role = 'admin' and m.status = 'member')
    then
      select m.user_id into v_heir from public.circle_members m
      where m.circle_id = old.circle_id and m.status = 'member'
      order by m.created_at, m.user_id limit 1;
      update public.circle_members m set role = 'admin'
      where m.circle_id = old.circle_id and m.user_id = v_heir;
    end if;
    return null;
  end if;
  raise exception 'a circle with members needs an admin: promote someone first'
    using errcode = 'PT409', detail = 'last_circle_admin';
end
$$;
comment on function kithdb.circle_members_integrity() is
  'AFTER UPDATE/DELETE on circle_members: an admin while members remain (CIR-03); the last member '
  'leaving deletes the circle (CIR-04). Definer: must lock, read and delete beyond the caller''s RLS.';
revoke execute on function kithdb.circle_members_integrity() from public, anon;
-- Only a member's row can take away the last member or admin. An invitation's row leaves the
-- circle alone, without its lock: a declined invitation racing the last member's leaving (whose
-- circle deletion removes the invitation) would otherwise each wait for the other.
create trigger circle_members_integrity
  after update of role or delete on public.circle_members
  for each row when (old.status = 'member')
  execute function kithdb.circle_members_integrity();

create trigger circles_insert_limit
  after insert on public.circles
  referencing new table as new_rows
  for each statement execute function kithdb.limit_api_insert();
create trigger circle_members_insert_limit
  after insert on public.circle_members
  referencing new table as new_rows
  for each statement execute function kithdb.limit_api_insert();

-- Privileges and policies -----------------------------------------------------------------------

alter table public.circles enable row level security;
alter table public.circle_members enable row level security;
revoke all on table public.circles, public.circle_members from anon, authenticated, service_role;
grant select, delete on table public.circles to authenticated;
-- The id is the database's (ID-06): a client that picked it could re-create a deleted circle
-- under an id that other rows still name.
grant insert (name, description, created_by), update (name, description)
  on table public.circles to authenticated;
grant select, delete on table public.circle_members to authenticated;
grant insert (circle_id, user_id, role, status, invited_by), update (role, status)
  on table public.circle_members to authenticated;
grant all on table public.circles, public.circle_members to service_role;

-- BLK-02, BLK-03: a block withdraws the invitations between the pair, either way, and those of
-- either into a circle the other created, and takes the blocked user out of the blocker's static
-- circles (whose creator is hidden from them)
-- while another admin remains; their own rows stop naming the blocker as who invited them.
create function kithdb.blocks_part_circles() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  -- The static circles first, in id order, then the rows in them, as every other writer of
  -- members takes them (kithdb.lock_circle): a row held while its circle is waited for would
  -- deadlock with an admin holding the circle while they wait for that row. Only static ones:
  -- every row written here is in one, and a rule circle is taken later, after its rule's locks
  -- (blocks_sync_circles), as every other sync takes it.
  perform from public.circles c
  where c.circle_type = 'static'
    and c.id in (select m.circle_id from public.circle_members m
                 where m.user_id = new.blocked_id
                   and (m.invited_by = new.blocker_id
                        or exists (select from public.circles o
                                   where o.id = m.circle_id and o.created_by = new.blocker_id))
                 union all
                 select m.circle_id from public.circle_members m
                 where m.user_id = new.blocker_id
                   and (m.invited_by = new.blocked_id
                        or exists (select from public.circles o
                                   where o.id = m.circle_id and o.created_by = new.blocked_id)))
  order by c.id
  for no key update of c;
  -- The invitations between the pair, and those of either into a circle the other created
  -- (whoever invited, and whether or not its creator is still in it): accepted, they would join
  -- the two, as a new invitation may not (BLK-04).
  delete from public.circle_members m
  using public.circles c
  where c.id = m.circle_id and m.status = 'invited'
    and ((m.user_id = new.blocked_id
          and (m.invited_by = new.blocker_id or c.created_by = new.blocker_id))
         or (m.user_id = new.blocker_id
             and (m.invited_by = new.blocked_id or c.created_by = new.blocked_id)));
  -- The blocker's circles: those they created and still belong to; one they left is its
  -- admins' (CIR-08).
  delete from public.circle_members m
  using public.circles c
  where c.id = m.circle_id and c.created_by = new.blocker_id and c.circle_type = 'static'
    and m.user_id = new.blocked_id
    and exists (select from public.circle_members b
                where b.circle_id = m.circle_id and b.user_id = new.blocker_id
                  and b.status = 'member')
    and exists (select from public.circle_members a
                where a.circle_id = m.circle_id and a.user_id <> new.blocked_id
                  and a.role = 'admin' and a.status = 'member');
  update public.circle_members m set invited_by = null
  where m.user_id = new.blocked_id and m.invited_by = new.blocker_id;
  -- Where the blocked user stays (its only admin), the circle stops naming its creator.
  update public.circles c set created_by = null
  where c.created_by = new.blocker_id and c.circle_type = 'static'
    and exists (select from public.circle_members m
                where m.circle_id = c.id and m.user_id = new.blocked_id);
  return null;
end
$$;
comment on function kithdb.blocks_part_circles() is
  'AFTER INSERT on blocks: the invitations between the pair, and into a circle the other created, '
  'go, and the blocked user leaves the blocker''s static circles (BLK-02). Definer because the '
  'blocker need not administer the circles concerned.';
revoke execute on function kithdb.blocks_part_circles() from public, anon;

create trigger blocks_part_circles
  after insert on public.blocks
  for each row execute function kithdb.blocks_part_circles();

-- The caller's own sets, which the policies below read: security-barrier views that run as their
-- owner, each returning only the caller's rows (SEC-07). A view is expanded into each statement's
-- plan, where a definer helper would be a call per statement with a plan cached for its first
-- caller (measured in docs/DESIGN.md, "Policies read views").
create view kithdb.my_circles with (security_barrier) as
  select m.circle_id from public.circle_members m where m.user_id = (select auth.uid());
comment on view kithdb.my_circles is
  'Circles the caller belongs to or is invited to, for set-based policies. Runs as its owner: '
  'policies on circle_members cannot read circle_members under RLS without recursing.';

create view kithdb.my_rosters with (security_barrier) as
  select m.circle_id from public.circle_members m
  join public.circles c on c.id = m.circle_id
  where m.user_id = (select auth.uid())
    and (c.circle_type = 'static' or c.created_by = (select auth.uid()));
comment on view kithdb.my_rosters is
  'Circles whose member list the caller reads: the static circles they belong to or are invited '
  'to, and the rule circles they created (DYN-05: a rule circle''s list is its creator''s alone). '
  'Runs as its owner: as kithdb.my_circles.';

create view kithdb.my_member_circles with (security_barrier) as
  select m.circle_id from public.circle_members m
  where m.user_id = (select auth.uid()) and m.status = 'member';
comment on view kithdb.my_member_circles is
  'Circles the caller is a member of (not just invited), for set-based policies. Runs as its '
  'owner: as kithdb.my_circles.';

create view kithdb.my_admin_circles with (security_barrier) as
  select m.circle_id from public.circle_members m
  where m.user_id = (select auth.uid()) and m.role = 'admin' and m.status = 'member';
comment on view kithdb.my_admin_circles is
  'Circles the caller administers, for set-based policies. Runs as its owner: as kithdb.my_circles.';
revoke all on kithdb.my_circles, kithdb.my_rosters, kithdb.my_member_circles, kithdb.my_admin_circles
  from public, anon;
grant select on kithdb.my_circles, kithdb.my_rosters, kithdb.my_member_circles, kithdb.my_admin_circles
  to authenticated;

create policy circles_select on public.circles
  for select to authenticated
  using (
    id = any (array(select v.circle_id from kithdb.my_circles v))
    or (created_by = (select auth.uid()) and kithdb.is_new_circle(id))
  );
create policy circles_insert on public.circles
  for insert to authenticated
  with check (created_by = (select auth.uid()) and circle_type = 'static');

create policy circles_update on public.circles
  for update to authenticated
  using (id = any (array(select v.circle_id from kithdb.my_admin_circles v)))
  with check (id = any (array(select v.circle_id from kithdb.my_admin_circles v)));

create policy circles_delete on public.circles
  for delete to authenticated
  using (id = any (array(select v.circle_id from kithdb.my_admin_circles v)));

create policy circle_members_select on public.circle_members
  for select to authenticated
  using (
    user_id = (select auth.uid())
    or (circle_id = any (array(select v.circle_id from kithdb.my_rosters v))
        and user_id <> all (array(select v.user_id from kithdb.my_blockers v))
        and (invited_by is null
             or invited_by <> all (array(select v.user_id from kithdb.my_blockers v))))
  );

create policy circle_members_insert on public.circle_members
  for insert to authenticated
  with check (circle_id = any (array(select v.circle_id from kithdb.my_admin_circles v)));

-- An admin's write reaches only the rows circle_members_select shows them: PostgreSQL applies
-- the select policy to an update or delete only when it reads a column, so a write without a
-- filter would otherwise reach a member who blocked the admin (BLK-03, SEC-08).
create policy circle_members_update on public.circle_members
  for update to authenticated
  using (
    user_id = (select auth.uid())
    or (circle_id = any (array(select v.circle_id from kithdb.my_admin_circles v))
        and user_id <> all (array(select v.user_id from kithdb.my_blockers v))
        and (invited_by is null
             or invited_by <> all (array(select v.user_id from kithdb.my_blockers v))))
  )
  with check (
    user_id = (select auth.uid())
    or circle_id = any (array(select v.circle_id from kithdb.my_admin_circles v))
  );

create policy circle_members_delete on public.circle_members
  for delete to authenticated
  using (
    user_id = (select auth.uid())
    or (circle_id = any (array(select v.circle_id from kithdb.my_admin_circles v))
        and user_id <> all (array(select v.user_id from kithdb.my_blockers v))
        and (invited_by is null
             or invited_by <> all (array(select v.user_id from kithdb.my_blockers v))))
  );

-- RPCs ------------------------------------------------------------------------------------------

create function kithdb.circle_for_admin(p_circle_id uuid) returns void
language plpgsql stable
set search_path = ''
as $$
begin
  perform kithdb.require_uid();  -- no identity is refused before anything else
  if p_circle_id is null then
    raise exception 'p_circle_id is required' using errcode = '22023', detail = 'missing_circle_id';
  end if;
  if not exists (select from public.circles c where c.id = p_circle_id) then
    raise exception 'no such circle' using errcode = 'PT404', detail = 'circle_not_found';
  end if;
  if not kithdb.caller_is_circle_admin(p_circle_id) then
    raise exception 'only an admin of the circle can do this'
      using errcode = '42501', detail = 'not_circle_admin';
  end if;
  if exists (select from public.circles c where c.id = p_circle_id and c.circle_type = 'dynamic') then
    raise exception 'the members of a dynamic circle follow its rule'
      using errcode = '42501', detail = 'dynamic_circle_membership';
  end if;
end
$$;
comment on function kithdb.circle_for_admin(uuid) is
  'Refuses unless the caller sees the circle (PT404) and administers it (42501).';
revoke execute on function kithdb.circle_for_admin(uuid) from public, anon;
grant execute on function kithdb.circle_for_admin(uuid) to authenticated, service_role;

create function kithdb.circle_name(p_name text, p_description text) returns text
language plpgsql immutable
set search_path = ''
as $$
declare
  v_name pg_catalog.text := btrim(p_name);
begin
  if v_name is null or (v_name !~ '^[!-~]' and kithdb.is_blank(v_name)) then
    raise exception 'a circle needs a name' using errcode = '22023', detail = 'circle_name_required';
  end if;
  if char_length(v_name) > 50 then
    raise exception 'a circle name has at most 50 characters'
      using errcode = '22023', detail = 'circle_name_too_long';
  end if;
  if char_length(p_description) > 200 then
    raise exception 'a circle description has at most 200 characters'
      using errcode = '22023', detail = 'circle_description_too_long';
  end if;
  return v_name;
end
$$;
comment on function kithdb.circle_name(text, text) is
  'The trimmed circle name, or 22023 when the name or description is invalid (CIR-01).';
revoke execute on function kithdb.circle_name(text, text) from public, anon;
grant execute on function kithdb.circle_name(text, text) to authenticated, service_role;

create function public.create_circle(p_name text, p_description text default null) returns uuid
language plpgsql
set search_path = ''
as $$
declare
  v_me pg_catalog.uuid := kithdb.require_account();
  v_name pg_catalog.text := kithdb.circle_name(p_name, p_description);
  v_id pg_catalog.uuid;
begin
  -- The founder's admin row is added by kithdb.circles_add_founder in the same statement.
  insert into public.circles (name, description, created_by)
  values (v_name, p_description, v_me)
  returning id into v_id;
  return v_id;
end
$$;
comment on function public.create_circle(text, text) is
  'Create a circle named p_name (trimmed, 1–50 characters) with you as its admin; returns its id.';

create function public.invite_to_circle(p_circle_id uuid, p_user_id uuid) returns void
language plpgsql
set search_path = ''
as $$
declare
  v_me pg_catalog.uuid := kithdb.require_uid();
  v_status public.circle_member_status;
begin
  perform kithdb.circle_for_admin(p_circle_id);
  if p_user_id is null then
    raise exception 'p_user_id is required' using errcode = '22023', detail = 'missing_user_id';
  end if;
  if not exists (select from public.profiles p where p.id = p_user_id) then
    raise exception 'no such user' using errcode = 'PT404', detail = 'user_not_found';
  end if;
  perform kithdb.require_reachable(p_user_id);
  select m.status into v_status from public.circle_members m
  where m.circle_id = p_circle_id and m.user_id = p_user_id;
  if v_status = 'member' then
    raise exception 'already a member of this circle'
      using errcode = '23505', detail = 'already_circle_member';
  elsif v_status = 'invited' then
    raise exception 'already invited to this circle' using errcode = '23505', detail = 'already_invited';
  end if;
  if not kithdb.are_friends(v_me, p_user_id) then
    raise exception 'you can only invite your friends'
      using errcode = '42501', detail = 'invitee_not_friend';
  end if;
  begin
    insert into public.circle_members (circle_id, user_id, role, status, invited_by)
    values (p_circle_id, p_user_id, 'member', 'invited', v_me);
  exception
    when unique_violation then  -- another admin invited them a moment ago
      raise exception 'already invited to this circle'
        using errcode = '23505', detail = 'already_invited';
    when foreign_key_violation then  -- the circle ended (its last member left) or the account went
      if not exists (select from public.circles c where c.id = p_circle_id) then
        raise exception 'no such circle' using errcode = 'PT404', detail = 'circle_not_found';
      end if;
      raise exception 'no such user' using errcode = 'PT404', detail = 'user_not_found';
  end;
end
$$;
comment on function public.invite_to_circle(uuid, uuid) is
  'Invite your friend p_user_id into circle p_circle_id (admins only); they accept or decline.';

create function kithdb.lock_my_invitation(p_circle_id uuid) returns uuid
language plpgsql
set search_path = ''
as $$
declare
  v_me pg_catalog.uuid := kithdb.require_uid();
  v_status public.circle_member_status;
begin
  if p_circle_id is null then
    raise exception 'p_circle_id is required' using errcode = '22023', detail = 'missing_circle_id';
  end if;
  select m.status into v_status from public.circle_members m
  where m.circle_id = p_circle_id and m.user_id = v_me
  for update;
  if v_status is null then
    raise exception 'no invitation to this circle'
      using errcode = 'PT404', detail = 'circle_invitation_not_found';
  elsif v_status = 'member' then
    raise exception 'already a member of this circle'
      using errcode = '23505', detail = 'already_circle_member';
  end if;
  return v_me;
end
$$;
comment on function kithdb.lock_my_invitation(uuid) is
  'Locks the caller''s invitation to p_circle_id and returns the caller; PT404 without one, '
  '23505 when already a member.';
revoke execute on function kithdb.lock_my_invitation(uuid) from public, anon;
grant execute on function kithdb.lock_my_invitation(uuid) to authenticated, service_role;

-- Whoever changes a member's row takes the circle's lock before the row: an invitee accepting,
-- a member leaving, an admin removing or promoting one. It is the order an account deletion
-- takes them in (the circle, then rows in it, a new admin's among them), and the order the last
-- member's leaving takes them in before it ends the circle: a writer holding a row while it
-- waits for the circle would deadlock with either (ACC-02), and an acceptance the leaving did not
-- wait for would be deleted with the circle after it succeeded (CIR-04).
create function kithdb.lock_circle(p_circle_id uuid) returns void
language plpgsql security definer
set search_path = ''
as $$
begin
  -- Whatever the caller's row says: an acceptance in flight may be making them a member.
  perform from public.circles c
  where c.id = p_circle_id
    and exists (select from public.circle_members m
                where m.circle_id = c.id and m.user_id = kithdb.uid())
  for no key update of c;
end
$$;
comment on function kithdb.lock_circle(uuid) is
  'Locks circle p_circle_id''s row until the transaction ends, if the caller is a member or '
  'invitee of it; answers nothing. Definer because circles'' update policy would keep a member '
  'who is no admin, or an invitee, from the lock.';
revoke execute on function kithdb.lock_circle(uuid) from public, anon;
grant execute on function kithdb.lock_circle(uuid) to authenticated, service_role;

create function public.accept_circle_invitation(p_circle_id uuid) returns void
language plpgsql
set search_path = ''
as $$
declare
  v_me pg_catalog.uuid;
begin
  -- BLK-06: the pair lock with the inviter before the circle and the row, in the order a block
  -- takes them, so a block and an acceptance wait for each other instead of deadlocking. The
  -- inviter's profile is not held: their account's deletion holds the circle before it, and
  -- the acceptance changes nothing that names them.
  perform kithdb.lock_my_pair(m.invited_by, false) from public.circle_members m
  where m.circle_id = p_circle_id and m.user_id = kithdb.uid() and m.invited_by is not null;
  perform kithdb.lock_circle(p_circle_id);
  v_me := kithdb.lock_my_invitation(p_circle_id);
  update public.circle_members m set status = 'member'
  where m.circle_id = p_circle_id and m.user_id = v_me;
end
$$;
comment on function public.accept_circle_invitation(uuid) is
  'Accept your invitation to circle p_circle_id: you become a member.';

create function public.decline_circle_invitation(p_circle_id uuid) returns void
language plpgsql
set search_path = ''
as $$
declare
  v_me pg_catalog.uuid := kithdb.lock_my_invitation(p_circle_id);
begin
  delete from public.circle_members m where m.circle_id = p_circle_id and m.user_id = v_me;
end
$$;
comment on function public.decline_circle_invitation(uuid) is
  'Decline your invitation to circle p_circle_id: the invitation is removed.';

create function public.leave_circle(p_circle_id uuid) returns void
language plpgsql
set search_path = ''
as $$
declare
  v_me pg_catalog.uuid := kithdb.require_uid();
begin
  if p_circle_id is null then
    raise exception 'p_circle_id is required' using errcode = '22023', detail = 'missing_circle_id';
  end if;
  perform kithdb.lock_circle(p_circle_id);
  delete from public.circle_members m where m.circle_id = p_circle_id and m.user_id = v_me;
  if not found then
    raise exception 'you are not in this circle' using errcode = 'PT404', detail = 'circle_not_found';
  end if;
end
$$;
comment on function public.leave_circle(uuid) is
  'Leave circle p_circle_id (or drop your invitation). The last admin must first promote one of '
  'the members they read; the last member leaving deletes the circle.';

create function public.remove_circle_member(p_circle_id uuid, p_user_id uuid) returns void
language plpgsql
set search_path = ''
as $$
begin
  perform kithdb.circle_for_admin(p_circle_id);
  if p_user_id is null then
    raise exception 'p_user_id is required' using errcode = '22023', detail = 'missing_user_id';
  end if;
  perform kithdb.lock_circle(p_circle_id);
  delete from public.circle_members m where m.circle_id = p_circle_id and m.user_id = p_user_id;
  if not found then
    perform kithdb.circle_for_admin(p_circle_id);  -- demoted meanwhile?
    raise exception 'no such member or invitation in this circle'
      using errcode = 'PT404', detail = 'circle_member_not_found';
  end if;
end
$$;
comment on function public.remove_circle_member(uuid, uuid) is
  'Remove member or invitee p_user_id from circle p_circle_id (admins only).';

create function public.set_circle_member_role(p_circle_id uuid, p_user_id uuid, p_role public.circle_role)
returns void
language plpgsql
set search_path = ''
as $$
declare
  v_status public.circle_member_status;
  v_role public.circle_role;
begin
  perform kithdb.circle_for_admin(p_circle_id);
  if p_user_id is null then
    raise exception 'p_user_id is required' using errcode = '22023', detail = 'missing_user_id';
  end if;
  if p_role is null then
    raise exception 'p_role is required' using errcode = '22023', detail = 'missing_role';
  end if;
  perform kithdb.lock_circle(p_circle_id);
  select m.status, m.role into v_status, v_role from public.circle_members m
  where m.circle_id = p_circle_id and m.user_id = p_user_id
  for update;
  if v_status is null then
    perform kithdb.circle_for_admin(p_circle_id);  -- demoted meanwhile?
    raise exception 'no such member in this circle'
      using errcode = 'PT404', detail = 'circle_member_not_found';
  elsif v_status = 'invited' then
    raise exception 'an invitee has no role to change until they accept'
      using errcode = 'PT409', detail = 'circle_member_not_joined';
  end if;
  if v_role = p_role then
    return;
  end if;
  update public.circle_members m set role = p_role
  where m.circle_id = p_circle_id and m.user_id = p_user_id;
  if not found then
    perform kithdb.circle_for_admin(p_circle_id);  -- demoted meanwhile: 42501, never a silent no-op
    raise exception 'no such member in this circle'
      using errcode = 'PT404', detail = 'circle_member_not_found';
  end if;
end
$$;
comment on function public.set_circle_member_role(uuid, uuid, public.circle_role) is
  'Make member p_user_id of circle p_circle_id an admin or a plain member (admins only).';

revoke execute on function public.create_circle(text, text), public.invite_to_circle(uuid, uuid),
  public.accept_circle_invitation(uuid), public.decline_circle_invitation(uuid),
  public.leave_circle(uuid), public.remove_circle_member(uuid, uuid),
  public.set_circle_member_role(uuid, uuid, public.circle_role)
  from public, anon;
grant execute on function public.create_circle(text, text), public.invite_to_circle(uuid, uuid),
  public.accept_circle_invitation(uuid), public.decline_circle_invitation(uuid),
  public.leave_circle(uuid), public.remove_circle_member(uuid, uuid),
  public.set_circle_member_role(uuid, uuid, public.circle_role)
  to authenticated, service_role;

-- PostgREST: reload the schema cache so the API shows this change at once.
notify pgrst, 'reload schema';
