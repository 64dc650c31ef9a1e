-- depends: 0008_chats
-- Like groups: a user applies to attend an event, alone or with friends; the event's authors
-- approve or reject. Approvals from current authors ≥ min(authors, members) approve the group and
-- open its chat; any current author's rejection rejects it; a pending group expires 24 h after its
-- creation or when its event starts, whichever is first. A decided group never changes again.
--
-- "At most one pending or approved group per (event, user)" is a unique index over state the
-- database keeps in sync: every member row carries its group's event_id and status through a
-- composite foreign key with ON UPDATE CASCADE, so the index cannot race.
--
-- API users write none of these tables directly; the RPCs are SECURITY INVOKER wrappers around
-- kithdb definer steps that check every rule against the caller (auth.uid()). Every RPC locks the
-- group row first, so concurrent calls on one group run one after another.

create type public.like_group_status as enum ('pending', 'approved', 'rejected', 'expired');
comment on type public.like_group_status is
  'pending: awaiting the authors; approved: accepted, chat open; rejected: vetoed; expired: not '
  'decided within 24 hours or before the event started.';

create table public.like_groups (
  id uuid primary key default gen_random_uuid(),
  event_id uuid not null references public.events (id) on delete cascade,
  creator_id uuid references public.profiles (id) on delete cascade,
  chat_id uuid unique references public.chats (id),
  status public.like_group_status not null default 'pending',
  created_at timestamptz not null default now(),
  decided_at timestamptz,
  constraint like_groups_decided_at check ((status = 'pending') = (decided_at is null)),
  constraint like_groups_chat_when_approved check ((status = 'approved') = (chat_id is not null)),
  constraint like_groups_creator_while_undecided check (creator_id is not null or status <> 'pending')
);
create index like_groups_event_id_idx on public.like_groups (event_id, status);
create index like_groups_creator_id_idx on public.like_groups (creator_id);
create index like_groups_pending_idx on public.like_groups (event_id) where status = 'pending';
comment on table public.like_groups is
  'A like group: its creator, alone or with friends, asks to attend an event. Readable by its '
  'members and the event''s authors; written only through the like-group RPCs.';
comment on column public.like_groups.id is 'The group''s id.';
comment on column public.like_groups.event_id is 'The event the group applies to.';
comment on column public.like_groups.creator_id is
  'Who created the group, always a member: a decided group passes to the first member in line '
  'who blocked none of the others, or to nobody (null), when they leave it (LGR-11) or block one '
  'of its readers (LGR-12).';
comment on column public.like_groups.chat_id is 'The group''s chat, set when it is approved.';
comment on column public.like_groups.status is 'pending until decided; decided groups never change.';
comment on column public.like_groups.created_at is 'When the group applied (expiry counts from here).';
comment on column public.like_groups.decided_at is 'When it was approved, rejected or expired.';

alter table public.chats
  -- chats holds no row before like groups exist (every chat is a group's): nothing is scanned.
  -- squawk-ignore adding-foreign-key-constraint, constraint-missing-not-valid
  add constraint chats_like_group_id_fkey
  foreign key (like_group_id) references public.like_groups (id) on delete cascade;

-- Each member row mirrors only group_active (the group is pending or approved, LGR-01), so that
-- a unique index keeps a user in one active group per event. An approval changes the status but
-- not whether the group holds its members, so it writes no member row (PRF-02):
-- - group_active is true on insert (like_group_members_guard: the group is pending, checked under
--   its lock) and turns false in the statement that rejects or expires the group
--   (like_groups_release_members);
-- - no other write changes it, nor anything else of a member row
--   (like_group_members_follow_group), so the unique index cannot be sidestepped, not even by
--   service_role or a DBA.
-- event_id is the group's: checked on insert and immutable on both sides
-- (like_group_members_follow_group, like_groups_guard), so a plain key on group_id does.
create table public.like_group_members (
  group_id uuid not null,
  user_id uuid not null references public.profiles (id) on delete cascade,
  event_id uuid not null,
  created_at timestamptz not null default now(),
  group_active boolean not null default true,
  primary key (group_id, user_id),
  constraint like_group_members_group_fkey foreign key (group_id)
    references public.like_groups (id) on delete cascade
);
create unique index like_group_members_one_active_group
  on public.like_group_members (event_id, user_id)
  where group_active;
create index like_group_members_user_id_idx on public.like_group_members (user_id);
comment on table public.like_group_members is
  'Members of a like group (at most 10). event_id mirrors the group''s event, group_active '
  'whether the group is pending or approved (both kept by triggers), so a user is in at most one '
  'pending or approved group per event.';
comment on column public.like_group_members.group_id is 'The group.';
comment on column public.like_group_members.user_id is 'A member.';
comment on column public.like_group_members.event_id is
  'The group''s event (checked on insert, never changed).';
comment on column public.like_group_members.group_active is
  'Whether the group is pending or approved (kept by triggers; LGR-01).';
comment on column public.like_group_members.created_at is 'When they joined the group.';

create table public.like_group_approvals (
  id uuid primary key default gen_random_uuid(),
  group_id uuid not null references public.like_groups (id) on delete cascade,
  author_id uuid not null references public.profiles (id) on delete cascade,
  approved boolean not null,
  created_at timestamptz not null default now(),
  constraint like_group_approvals_one_per_author unique (group_id, author_id)
);
create index like_group_approvals_author_id_idx on public.like_group_approvals (author_id);
comment on table public.like_group_approvals is
  'One approval (yes or no) per author per group; only the approvals of current authors count.';
comment on column public.like_group_approvals.id is 'The approval''s id.';
comment on column public.like_group_approvals.group_id is 'The group decided on.';
comment on column public.like_group_approvals.author_id is 'The author who gave the approval.';
comment on column public.like_group_approvals.approved is 'true approves, false rejects.';
comment on column public.like_group_approvals.created_at is 'When the approval was last given.';

alter table public.like_groups enable row level security;
alter table public.like_group_members enable row level security;
alter table public.like_group_approvals enable row level security;
revoke all on table public.like_groups, public.like_group_members, public.like_group_approvals
  from anon, authenticated, service_role;
grant select on table public.like_groups, public.like_group_members, public.like_group_approvals
  to authenticated;
grant all on table public.like_groups, public.like_group_members, public.like_group_approvals
  to service_role;

-- The caller's own sets, which the policies below read: security-barrier views that run as their
-- owner, each returning only the caller's rows (SEC-07). A view is expanded into each statement's
-- plan, where a definer helper would be a call per statement with a plan cached for its first
-- caller (measured in docs/DESIGN.md, "Policies read views").
create view kithdb.my_member_like_groups with (security_barrier) as
  select m.group_id from public.like_group_members m where m.user_id = (select auth.uid());
comment on view kithdb.my_member_like_groups is
  'Like groups the caller is a member of, for set-based policies. Runs as its owner: a policy on '
  'like_group_members cannot read like_group_members under RLS without recursing.';

create view kithdb.my_like_groups with (security_barrier) as
  select v.group_id from kithdb.my_member_like_groups v
  union
  select g.id from public.like_groups g
  where g.event_id in (select v.event_id from kithdb.my_authored_events v);
comment on view kithdb.my_like_groups is
  'Groups the caller is a member of or whose event they author, for set-based policies. Runs as '
  'its owner: it reads memberships the caller cannot see.';
revoke all on kithdb.my_member_like_groups, kithdb.my_like_groups from public, anon;
grant select on kithdb.my_member_like_groups, kithdb.my_like_groups to authenticated;

create policy like_groups_select on public.like_groups
  for select to authenticated
  using (
    event_id = any (array(select v.event_id from kithdb.my_authored_events v))
    or id = any (array(select v.group_id from kithdb.my_member_like_groups v))
  );

create policy like_group_members_select on public.like_group_members
  for select to authenticated
  using (
    (event_id = any (array(select v.event_id from kithdb.my_authored_events v))
     or group_id = any (array(select v.group_id from kithdb.my_member_like_groups v)))
    and user_id <> all (array(select v.user_id from kithdb.my_blockers v))  -- BLK-03
  );

create policy like_group_approvals_select on public.like_group_approvals
  for select to authenticated
  using (
    group_id = any (array(select v.group_id from kithdb.my_like_groups v))
    and author_id <> all (array(select v.user_id from kithdb.my_blockers v))  -- BLK-03
  );

create function kithdb.like_group_deadline(p_created_at timestamptz, p_starts_at timestamptz)
returns timestamptz
language plpgsql immutable
set search_path = ''
as $$
begin
  return least(p_created_at + interval '24 hours', p_starts_at);
end
$$;
comment on function kithdb.like_group_deadline(timestamptz, timestamptz) is
  'When a pending group expires: 24 hours after it applied, or when its event starts if sooner.';
revoke execute on function kithdb.like_group_deadline(timestamptz, timestamptz) from public, anon;
grant execute on function kithdb.like_group_deadline(timestamptz, timestamptz) to authenticated, service_role;

create function kithdb.decide_like_group(p_group_id uuid) returns public.like_group_status
language plpgsql security definer
set search_path = ''
as $$
declare
  v_group public.like_groups;
  v_starts_at pg_catalog.timestamptz;
begin
  select g.* into v_group from public.like_groups g where g.id = p_group_id for update;
  if not found or v_group.status <> 'pending' then
    return v_group.status;
  end if;
  select e.starts_at into v_starts_at from public.events e where e.id = v_group.event_id;
  if not found then
    return v_group.status;  -- the event is being deleted, and the group with it
  end if;
  return kithdb.decide_like_group(v_group, v_starts_at);
end
$$;
comment on function kithdb.decide_like_group(uuid) is
  'Locks a pending group and decides it: expired when overdue, rejected on any current author''s '
  'veto, approved (with its chat) at min(authors, members) approvals, else pending. Definer: '
  'opens a chat for others; called only by kithdb''s own steps and triggers.';
revoke execute on function kithdb.decide_like_group(uuid) from public, anon, authenticated;

create function kithdb.decide_like_group(p_group public.like_groups, p_starts_at timestamptz)
returns public.like_group_status
language plpgsql
set search_path = ''
as $$
declare
  v_authors bigint;
  v_members bigint;
  v_approvals bigint;
  v_chat pg_catalog.uuid;
  v_rejected boolean;
begin
  if p_group.status <> 'pending' then
    return p_group.status;
  end if;
  -- LGR-08: every check of one request reads one time, its start (now()), so that a group's
  -- created_at, decided_at and decision agree; one that waited past the deadline for a lock acts
  -- as of when it began (docs/DESIGN.md, "A start or a deadline").
  if now() >= kithdb.like_group_deadline(p_group.created_at, p_starts_at) then
    update public.like_groups g set status = 'expired' where g.id = p_group.id;
    return 'expired'::public.like_group_status;
  end if;

  -- Only the approvals of the event's current authors count (LGR-06). One pass over the authors,
  -- each with their approval if they gave one, counts them, their yeses and any no.
  select bool_or(not v.approved), count(*) filter (where v.approved), count(*),
         (select count(*) from public.like_group_members m where m.group_id = p_group.id)
  into v_rejected, v_approvals, v_authors, v_members
  from public.event_authors a
  left join public.like_group_approvals v on v.group_id = p_group.id and v.author_id = a.user_id
  where a.event_id = p_group.event_id;
  if coalesce(v_rejected, false) then
    update public.like_groups g set status = 'rejected' where g.id = p_group.id;
    return 'rejected'::public.like_group_status;
  end if;
  if v_approvals < least(v_authors, v_members) or v_members = 0 then
    return 'pending'::public.like_group_status;
  end if;

  insert into public.chats (kind, like_group_id) values ('approved_group', p_group.id)
  returning id into v_chat;
  insert into public.chat_participants (chat_id, user_id)
  select v_chat, m.user_id from public.like_group_members m where m.group_id = p_group.id
  union
  select v_chat, a.user_id from public.event_authors a where a.event_id = p_group.event_id;
  update public.like_groups g set status = 'approved', chat_id = v_chat where g.id = p_group.id;
  return 'approved'::public.like_group_status;
end
$$;
comment on function kithdb.decide_like_group(public.like_groups, timestamptz) is
  'Decides p_group, which the caller has locked FOR UPDATE, its event starting at p_starts_at: '
  'expired when overdue, rejected on any current author''s veto, approved (with its chat) at '
  'min(authors, members) approvals, else pending. Invoker: only kithdb''s definer steps call it, '
  'and it acts with their rights.';
revoke execute on function kithdb.decide_like_group(public.like_groups, timestamptz)
  from public, anon, authenticated;

create function kithdb.lock_attendance(p_event_id uuid, p_user_id uuid) returns void
language plpgsql
set search_path = ''
as $$
begin
  perform pg_advisory_xact_lock(hashtextextended(p_event_id::pg_catalog.text || '/' || p_user_id::pg_catalog.text, 0));
end
$$;
comment on function kithdb.lock_attendance(uuid, uuid) is
  'Serialises everything that makes p_user_id an author or a like-group member of p_event_id (LGR-03): '
  'the two checks live on different tables, so each side takes this lock, then re-reads.';
revoke execute on function kithdb.lock_attendance(uuid, uuid) from public, anon;
grant execute on function kithdb.lock_attendance(uuid, uuid) to service_role;

create function kithdb.like_groups_guard() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  -- LGR-11, LGR-12: a decided group passes from a creator who leaves it, or who blocks one of
  -- its readers, to a member, or to nobody. The status is tested on its own (DESIGN.md,
  -- "Conditions the plan cache can keep").
  if old.status <> 'pending' then
    if new.creator_id is distinct from old.creator_id
       and (new.id, new.event_id, new.chat_id, new.status, new.created_at, new.decided_at)
           is not distinct from
           (old.id, old.event_id, old.chat_id, old.status, old.created_at, old.decided_at)
       and (new.creator_id is null
            or exists (select from public.like_group_members m
                       where m.group_id = new.id and m.user_id = new.creator_id)) then
      return new;
    end if;
  end if;
  if old.status <> 'pending' then
    raise exception 'a decided like group never changes'
      using errcode = 'PT409', detail = 'like_group_not_pending';
  end if;
  if (new.id, new.event_id, new.creator_id, new.created_at)
     is distinct from (old.id, old.event_id, old.creator_id, old.created_at) then
    raise exception 'a like group''s event, creator and creation time never change'
      using errcode = '22023', detail = 'like_group_immutable';
  end if;
  if new.status <> 'pending' then
    new.decided_at := now();
  end if;
  return new;
end
$$;
comment on function kithdb.like_groups_guard() is
  'BEFORE UPDATE on like_groups: decided groups never change, but a decided group''s creator '
  'passes to a member or to nobody (LGR-09, LGR-11, LGR-12); decided_at is stamped.';
revoke execute on function kithdb.like_groups_guard() from public, anon;
create trigger like_groups_guard
  before update on public.like_groups
  for each row execute function kithdb.like_groups_guard();

-- A new member row has its group's event and is active ------------------------------------------

create function kithdb.like_group_members_guard() returns trigger
language plpgsql security definer
set search_path = ''
as $$
declare
  v_status public.like_group_status;
  v_event pg_catalog.uuid;
  v_creator pg_catalog.uuid;
begin
  if tg_op = 'DELETE' then
    select g.status into v_status from public.like_groups g where g.id = old.group_id;
    -- The group itself or the member's account is being deleted: let the row go.
    if not found or not exists (select from public.profiles p where p.id = old.user_id) then
      return old;
    end if;
    -- LGR-11: a member may leave an approved group; rejected and expired groups stay as decided,
    -- but for a member whom the event's creator blocks (BLK-02, blocks_part_like_groups).
    if v_status not in ('pending', 'approved')
       and not exists (select from public.events e
                       join public.blocks b
                         on b.blocker_id = e.creator_id and b.blocked_id = old.user_id
                       where e.id = old.event_id) then
      raise exception 'the members of a decided like group never change'
        using errcode = 'PT409', detail = 'like_group_not_pending';
    end if;
    return old;
  end if;

  select g.status, g.event_id, g.creator_id into v_status, v_event, v_creator
  from public.like_groups g where g.id = new.group_id for update;
  if found and new.event_id is distinct from v_event then
    raise exception 'a member''s event_id is its group''s'
      using errcode = '22023', detail = 'like_group_event_mismatch';
  end if;
  if v_status <> 'pending' then
    raise exception 'the members of a decided like group never change'
      using errcode = 'PT409', detail = 'like_group_not_pending';
  end if;
  -- LGR-05: a yes counts for the group as it was when given, so a new member takes the group's
  -- approvals back, as a new commit dismisses a review (the inbox puts the application back
  -- before each author who had said yes); the group's row, held above, orders this with every
  -- approval. Refusing the member instead would tell the creator of a yes by an author hidden
  -- from them (BLK-03).
  if exists (select from public.like_group_approvals a where a.group_id = new.group_id) then
    delete from public.like_group_approvals a where a.group_id = new.group_id;
  end if;
  perform kithdb.lock_attendance(new.event_id, new.user_id);
  if kithdb.is_event_author(new.event_id, new.user_id) then
    raise exception 'an author of the event cannot apply to it'
      using errcode = '42501', detail = 'event_author_cannot_apply';
  end if;
  -- LGR-12, LGR-13: no member in a block with an author, but a creator whom an author blocked
  -- (that author sees them, and decides); the creator's own block of an author is theirs to be
  -- told of. An author who blocked the creator is hidden from them (BLK-03) and answers as
  -- nobody. The member's lock waits for every block of theirs in flight, however many authors
  -- there are (create_like_group has taken it already, first).
  perform kithdb.lock_user_blocks(new.user_id, true);
  -- BLK-02: nobody takes part in an event whose creator blocked them; a creator whose
  -- application waited for that block is answered as for an event they cannot see (BLK-03).
  -- Any other member is in a block with an author, below.
  if new.user_id = v_creator
     and exists (select from public.events e
                 where e.id = new.event_id and kithdb.hides_from(e.creator_id, new.user_id)) then
    raise exception 'no such event' using errcode = 'PT404', detail = 'event_not_found';
  end if;
  if exists (select from public.event_authors a
             join public.blocks b
               on b.blocker_id = new.user_id and b.blocked_id = a.user_id
               or b.blocker_id = a.user_id and b.blocked_id = new.user_id
                  and new.user_id is distinct from v_creator
             where a.event_id = new.event_id and not kithdb.hides_from(a.user_id, v_creator)) then
    if new.user_id = v_creator then
      raise exception 'you blocked an author of this event'
        using errcode = '42501', detail = 'user_blocked';
    end if;
    raise exception 'one of these users blocked another'
      using errcode = '42501', detail = 'blocked_pair';
  end if;
  -- ACC-02: nor a member from whom the event of a deleted account stays hidden, as its block
  -- would keep them apart were it standing (the creator was told the event does not exist).
  if exists (select from kithdb.event_hides h
             where h.event_id = new.event_id and h.user_id = new.user_id) then
    raise exception 'one of these users blocked another'
      using errcode = '42501', detail = 'blocked_pair';
  end if;
  if (select count(*) from public.like_group_members m where m.group_id = new.group_id) >= 10 then
    raise exception 'a like group has at most 10 members'
      using errcode = '22023', detail = 'too_many_members';
  end if;
  new.group_active := true;  -- the group is pending: checked above, under its lock
  return new;
end
$$;
comment on function kithdb.like_group_members_guard() is
  'BEFORE INSERT/DELETE on like_group_members: pending groups only, no authors, at most 10; a '
  'new member takes back the approvals given (LGR-02, LGR-03, LGR-05, LGR-09). Definer: locks '
  'and counts beyond the caller''s RLS.';
revoke execute on function kithdb.like_group_members_guard() from public, anon;
create trigger like_group_members_guard
  before insert or delete on public.like_group_members
  for each row execute function kithdb.like_group_members_guard();

-- A block's triggers lock like groups' rows in several statements (BLK-04, LGR-12, LGR-13, a
-- blocked author's groups decided again, NTF-03's wait for decisions in flight); each in id
-- order, but two blocks at once could still take one another's rows in opposite orders across
-- those statements. So the first locks, in one statement and id order, every group the others
-- will: those holding both users, those holding one whose event the other authors, and the
-- pending groups of the blocker's events that the blocked user authors (decided again when
-- they step down from them), after those events' authors' locks. The rest then wait for no
-- group's row. Its name puts it first among blocks' AFTER triggers: before the end of the
-- friendship (blocks_end_friendship), which takes the users' rule-circles locks, for which
-- another block of one of them would wait while holding a pair's lock that a change of these
-- events' authors waits for.
create function kithdb.blocks_claim_like_groups() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  -- The authors' locks of the blocker's events that the blocked user authors first, in id order:
  -- a change of an event's authors takes that lock, then the event's groups (redecided), and
  -- the blocked user's step-down from them (blocks_part_events) takes it after these groups.
  perform kithdb.lock_event_authors(e)
  from pg_catalog.unnest(array(
    select e.id from public.events e
    join public.event_authors a on a.event_id = e.id and a.user_id = new.blocked_id
    where e.creator_id = new.blocker_id
    order by e.id)) e;
  -- Then the blocked user's authorships of those events, which blocks_part_events ends, before
  -- any rule-circles lock (blocks_end_friendship, blocks_part_event_chats): an author creating
  -- an event circle holds their authorship, then takes their rule-circles lock.
  perform from public.event_authors a
  join public.events e on e.id = a.event_id and e.creator_id = new.blocker_id
  where a.user_id = new.blocked_id
  order by a.event_id
  for update of a;
  perform from public.like_groups g
  where g.id = any (array(
    select m.group_id from public.like_group_members m
    where m.user_id in (new.blocker_id, new.blocked_id)
    group by m.group_id
    having count(*) = 2
    union
    select m.group_id from public.like_group_members m
    join public.event_authors a
      on a.event_id = m.event_id and a.user_id in (new.blocker_id, new.blocked_id)
     and a.user_id <> m.user_id
    where m.user_id in (new.blocker_id, new.blocked_id)
    union
    select p.id from public.events e
    join public.event_authors a on a.event_id = e.id and a.user_id = new.blocked_id
    join public.like_groups p on p.event_id = e.id and p.status = 'pending'
    where e.creator_id = new.blocker_id))
  order by g.id
  for update;
  return null;
end
$$;
comment on function kithdb.blocks_claim_like_groups() is
  'AFTER INSERT on blocks, before the triggers that change like groups: locks every group they '
  'will lock, in one statement and id order, so that two blocks never deadlock on them. Definer '
  'because the groups are beyond the blocker''s policies.';
revoke execute on function kithdb.blocks_claim_like_groups() from public, anon;
create trigger blocks_claim_like_groups
  after insert on public.blocks
  for each row execute function kithdb.blocks_claim_like_groups();

-- BLK-04: a block takes one of the pair out of each pending group holding both: never its
-- creator; when neither created it, the blocked user. A group left so may be decided at once,
-- and its approval syncs its event's circles: its name fires it after blocks_part_event_chats,
-- which takes the chats' locks and then those circles' locks, in the order of every write.
create function kithdb.blocks_part_in_pending_groups() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  delete from public.like_group_members m
  using (
    select g.id, case when g.creator_id = new.blocked_id then new.blocker_id
                      else new.blocked_id end as leaver
    from public.like_groups g
    where g.status = 'pending'
      and exists (select from public.like_group_members a
                  where a.group_id = g.id and a.user_id = new.blocker_id)
      and exists (select from public.like_group_members b
                  where b.group_id = g.id and b.user_id = new.blocked_id)
    order by g.id
    for update of g
  ) t
  where m.group_id = t.id and m.user_id = t.leaver;
  -- LGR-13: nor a member and an author of its event, but its creator (LGR-12).
  delete from public.like_group_members m
  using (
    select g.id, o.user_id as leaver from public.like_groups g
    join public.like_group_members o
      on o.group_id = g.id and o.user_id <> g.creator_id
     and o.user_id in (new.blocker_id, new.blocked_id)
    where g.status = 'pending'
      and exists (select from public.event_authors a
                  where a.event_id = g.event_id and a.user_id in (new.blocker_id, new.blocked_id)
                    and a.user_id <> o.user_id)
    order by g.id
    for update of g
  ) t
  where m.group_id = t.id and m.user_id = t.leaver;
  return null;
end
$$;
comment on function kithdb.blocks_part_in_pending_groups() is
  'AFTER INSERT on blocks: no pending like group keeps both users (BLK-04), nor a member and an '
  'author of its event (LGR-13). Definer because API users cannot write like-group tables.';
revoke execute on function kithdb.blocks_part_in_pending_groups() from public, anon;
create trigger blocks_part_in_pending_groups
  after insert on public.blocks
  for each row execute function kithdb.blocks_part_in_pending_groups();

-- LGR-11: p_user_id leaves decided group p_group, which stays as it was decided for the others:
-- its chat first, as its lock (NTF-09) comes before the event's circles' lock (DYN-03), taken when
-- the member's row goes, as in an author's step-down (event_authors_redecide, then
-- event_authors_sync_circles); a group they created passes to its heir
-- (kithdb.like_group_heir). The caller holds the group's row.
create function kithdb.part_like_group(p_group public.like_groups, p_user_id uuid) returns void
language plpgsql
set search_path = ''
as $$
begin
  -- A decision that opened the chat after this transaction began (a block waiting for the
  -- group's row) dated the join later than its now().
  update public.chat_participants p set left_at = greatest(now(), p.joined_at)
  where p.chat_id = p_group.chat_id and p.user_id = p_user_id and p.left_at is null;
  delete from public.like_group_members m
  where m.group_id = p_group.id and m.user_id = p_user_id;
  if p_group.creator_id = p_user_id then
    update public.like_groups g
    set creator_id = kithdb.like_group_heir(p_group.id, p_user_id, false)
    where g.id = p_group.id;
  end if;
end
$$;
comment on function kithdb.part_like_group(public.like_groups, uuid) is
  'p_user_id leaves decided group p_group and its chat; the group passes from them if they '
  'created it (LGR-11). For kithdb''s definers, which hold the group''s row.';
revoke execute on function kithdb.part_like_group(public.like_groups, uuid)
  from public, anon, authenticated, service_role;

-- BLK-02: the blocked user takes part in none of the blocker's events, which are hidden from them
-- (BLK-03), so no group of theirs names one: their pending applications to them are withdrawn,
-- and they leave every other group for one, whatever its status, as a member leaves an approved
-- group (LGR-11): its chat too, and a group they created passes. They were a pending group's
-- member only as its creator (blocks_part_in_pending_groups). The groups' rows and the chats' locks
-- are held already (blocks_claim_like_groups, blocks_part_event_chats); its name fires it after
-- blocks_part_events, which ends the blocked user's authorships of those events first, and after
-- blocks_part_in_pending_groups.
create function kithdb.blocks_part_like_groups() returns trigger
language plpgsql security definer
set search_path = ''
as $$
declare
  v_group public.like_groups;
begin
  delete from public.like_groups g
  using public.events e
  where e.id = g.event_id and e.creator_id = new.blocker_id
    and g.creator_id = new.blocked_id and g.status = 'pending';
  for v_group in
    select g.* from public.like_groups g
    join public.events e on e.id = g.event_id and e.creator_id = new.blocker_id
    join public.like_group_members m on m.group_id = g.id and m.user_id = new.blocked_id
    order by g.id
  loop
    perform kithdb.part_like_group(v_group, new.blocked_id);
  end loop;
  return null;
end
$$;
comment on function kithdb.blocks_part_like_groups() is
  'AFTER INSERT on blocks: the blocked user leaves every like group for the blocker''s events, '
  'and their chats; their pending applications to them are withdrawn (BLK-02). Definer because '
  'API users cannot write like-group tables.';
revoke execute on function kithdb.blocks_part_like_groups() from public, anon;
create trigger blocks_part_like_groups
  after insert on public.blocks
  for each row execute function kithdb.blocks_part_like_groups();

create function kithdb.like_group_members_redecide() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  perform kithdb.decide_like_group(old.group_id);  -- fewer members lower the threshold
  return null;
end
$$;
comment on function kithdb.like_group_members_redecide() is
  'AFTER DELETE on like_group_members: re-decide the group, whose threshold may have dropped '
  '(LGR-07). Definer: may open the group''s chat.';
revoke execute on function kithdb.like_group_members_redecide() from public, anon;
create trigger like_group_members_redecide
  after delete on public.like_group_members
  for each row execute function kithdb.like_group_members_redecide();

create function kithdb.like_group_approvals_guard() returns trigger
language plpgsql security definer
set search_path = ''
as $$
declare
  v_status public.like_group_status;
  v_by_author boolean;
begin
  -- SEC-12: a vote stays its author's, on its group: moved, it would count for another author,
  -- or on a group whose decision never read it.
  if tg_op = 'UPDATE' then
    if (new.id, new.group_id, new.author_id) is distinct from (old.id, old.group_id, old.author_id)
    then
      raise exception 'a vote cannot move to another group or author'
        using errcode = '22023', detail = 'like_group_approval_immutable';
    end if;
  end if;
  if tg_op = 'DELETE' then
    select g.status into v_status from public.like_groups g where g.id = old.group_id;
    if not found or not exists (select from public.profiles p where p.id = old.author_id) then
      return old;  -- the group or the author's account is being deleted
    end if;
  else
    select g.status, exists (
             select from public.event_authors a
             where a.event_id = g.event_id and a.user_id = new.author_id)
    into v_status, v_by_author
    from public.like_groups g where g.id = new.group_id;
    if not found then
      return new;  -- no such group: the foreign key refuses the approval
    end if;
  end if;
  if v_status <> 'pending' then
    raise exception 'the approvals of a decided like group never change'
      using errcode = 'PT409', detail = 'like_group_not_pending';
  end if;
  if tg_op = 'DELETE' then
    return old;
  end if;
  if not v_by_author then
    raise exception 'only an author of the event can approve or reject'
      using errcode = '42501', detail = 'not_event_author';
  end if;
  return new;
end
$$;
comment on function kithdb.like_group_approvals_guard() is
  'BEFORE INSERT/UPDATE/DELETE on like_group_approvals: approvals by current authors on pending '
  'groups only (LGR-05, LGR-09), never moved (SEC-12). Definer: reads the group beyond the '
  'caller''s RLS.';
revoke execute on function kithdb.like_group_approvals_guard() from public, anon;
create trigger like_group_approvals_guard
  before insert or update or delete on public.like_group_approvals
  for each row execute function kithdb.like_group_approvals_guard();

create function kithdb.event_authors_no_like_group_member() returns trigger
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
comment on function kithdb.event_authors_no_like_group_member() is
  'BEFORE INSERT on event_authors and event_author_invitations: a member of a pending or '
  'approved like group of the event is never invited to author it, nor becomes one of its '
  'authors (LGR-03). Definer: reads memberships beyond the caller''s RLS.';
revoke execute on function kithdb.event_authors_no_like_group_member() from public, anon;
create trigger event_authors_no_like_group_member
  before insert on public.event_authors
  for each row execute function kithdb.event_authors_no_like_group_member();
create trigger event_author_invitations_no_like_group_member
  before insert on public.event_author_invitations
  for each row execute function kithdb.event_authors_no_like_group_member();

create function kithdb.event_authors_redecide() returns trigger
language plpgsql security definer
set search_path = ''
as $$
declare
  v_row public.event_authors := case when tg_op = 'DELETE' then old else new end;
  v_group pg_catalog.uuid;
  v_chat pg_catalog.uuid;
begin
  if not exists (select from public.events e where e.id = v_row.event_id) then
    return null;  -- the event is being deleted, with its groups and chats
  end if;
  -- Wait for any decision in flight first: lock the event's pending groups, in id order as every
  -- other step does. A group approved meanwhile is then seen approved below, and its chat gets
  -- (or loses) this author; a group approved later reads the authors after this commit (CHT-02).
  perform from public.like_groups g
  where g.event_id = v_row.event_id and g.status = 'pending'
  order by g.id
  for update;
  -- An approved group's chat holds every member and every current author (CHT-02).
  if tg_op = 'INSERT' then
    insert into public.chat_participants (chat_id, user_id)
    select g.chat_id, new.user_id from public.like_groups g
    where g.event_id = new.event_id and g.status = 'approved'
    on conflict do nothing;
  else
    -- A row whose participant left the chat stays: it is what keeps them out (CHT-05). One chat
    -- at a time, in id order: each removal takes its chat's lock (NTF-09), which a block takes
    -- for every chat of the pair in that order.
    for v_chat in
      select g.chat_id from public.like_groups g
      where g.event_id = old.event_id and g.status = 'approved'
        and not exists (select from public.like_group_members m
                        where m.group_id = g.id and m.user_id = old.user_id)
      order by g.chat_id
    loop
      delete from public.chat_participants p
      where p.chat_id = v_chat and p.user_id = old.user_id and p.left_at is null;
    end loop;
  end if;
  -- A new or departed author changes the threshold and whose approvals count (LGR-07).
  for v_group in
    select g.id from public.like_groups g
    where g.event_id = v_row.event_id and g.status = 'pending'
    order by g.id
  loop
    perform kithdb.decide_like_group(v_group);
  end loop;
  return null;
end
$$;
comment on function kithdb.event_authors_redecide() is
  'AFTER INSERT/DELETE on event_authors: keep approved chats'' participants and re-decide pending '
  'groups (LGR-07, CHT-02). Definer: writes chats and groups the caller cannot.';
revoke execute on function kithdb.event_authors_redecide() from public, anon;
create trigger event_authors_redecide
  after insert or delete on public.event_authors
  for each row execute function kithdb.event_authors_redecide();

create function kithdb.events_keep_attendees() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  -- EVT-07: deleting the event would delete its approved groups' chats, other people's data.
  -- Decisions in flight finish first (they hold their group, taken here in id order as every
  -- step takes them); the check after reads what they decided. The authors come first: an
  -- author stepping down holds their row, then the groups (event_authors_redecide).
  perform from public.event_authors a where a.event_id = old.id order by a.user_id for update;
  perform from public.like_groups g
  where g.event_id = old.id and g.status = 'pending'
  order by g.id
  for update;
  if exists (select from public.like_groups g where g.event_id = old.id and g.status = 'approved')
  then
    raise exception 'an event that groups attend cannot be deleted'
      using errcode = 'PT409', detail = 'event_has_attendees';
  end if;
  return old;
end
$$;
comment on function kithdb.events_keep_attendees() is
  'BEFORE DELETE on events by an API user: an event with approved groups stays, also against an '
  'approval in flight (EVT-07). Definer: waits on groups the deleter may not lock.';
revoke execute on function kithdb.events_keep_attendees() from public, anon;
create trigger events_keep_attendees
  before delete on public.events
  for each row when (kithdb.is_api_role())
  execute function kithdb.events_keep_attendees();

create function kithdb.events_expire_like_groups() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  -- EVT-10: the groups being made for the event finish first; a decision in flight holds its
  -- group, and a group it approved is not pending here.
  perform kithdb.lock_event_applications(new.id, true);
  with due as (
    select g.id from public.like_groups g
    where g.event_id = new.id and g.status = 'pending'
    order by g.id
    for update
  )
  update public.like_groups g set status = 'expired' from due where g.id = due.id;
  return null;
end
$$;
comment on function kithdb.events_expire_like_groups() is
  'AFTER an event is cancelled: its pending like groups expire at once; approved groups and '
  'their chats stay (EVT-10). Definer: the cancelling author may not write groups.';
revoke execute on function kithdb.events_expire_like_groups() from public, anon;
create trigger events_expire_like_groups
  after update of status on public.events
  for each row when (new.status = 'cancelled' and old.status <> 'cancelled')
  execute function kithdb.events_expire_like_groups();

-- The visibility rule (member or author, else PT404) in the locking statement itself.
create function kithdb.lock_like_group(p_group_id uuid) returns public.like_groups
language plpgsql security definer
set search_path = ''
as $$
declare
  v_group public.like_groups;
  v_me pg_catalog.uuid := kithdb.require_uid();
begin
  -- A step on a group decides on its members, authors and votes as they are committed: under a
  -- snapshot older than its lock, it would decide on members added or authors gone since.
  if pg_catalog.current_setting('transaction_isolation') operator(pg_catalog.<>) 'read committed' then
    raise exception 'a step on a like group must see what was committed while it waited: use '
      'READ COMMITTED' using errcode = '25001', detail = 'read_committed_required';
  end if;
  if p_group_id is null then
    raise exception 'p_group_id is required' using errcode = '22023', detail = 'missing_group_id';
  end if;
  select g.* into v_group from public.like_groups g
  where g.id = p_group_id
    and (exists (select from public.like_group_members m where m.group_id = g.id and m.user_id = v_me)
         or exists (select from public.event_authors a where a.event_id = g.event_id and a.user_id = v_me))
  for update;
  -- The rule is read again once the row is held: the first read saw the memberships and
  -- authorships from before its wait, and a change committed meanwhile (a block parting the
  -- caller from the group or the event's authors) makes the group one hidden from them.
  if not found
     or not exists (select from public.like_group_members m
                    where m.group_id = p_group_id and m.user_id = v_me)
        and not exists (select from public.event_authors a
                        where a.event_id = v_group.event_id and a.user_id = v_me) then
    raise exception 'no such like group' using errcode = 'PT404', detail = 'like_group_not_found';
  end if;
  return v_group;
end
$$;
comment on function kithdb.lock_like_group(uuid) is
  'Locks a group the caller may see (member or event author), else PT404; refuses any level but '
  'READ COMMITTED (25001 read_committed_required). Definer: locks a row API users cannot update; '
  'called only by kithdb''s own steps.';
revoke execute on function kithdb.lock_like_group(uuid) from public, anon, authenticated;

create function kithdb.require_pending(p_group public.like_groups) returns void
language plpgsql stable
set search_path = ''
as $$
begin
  perform kithdb.require_pending(
    p_group, (select e.starts_at from public.events e where e.id = p_group.event_id));
end
$$;
comment on function kithdb.require_pending(public.like_groups) is
  'PT409 like_group_not_pending unless the group is pending and not overdue (LGR-08).';
revoke execute on function kithdb.require_pending(public.like_groups) from public, anon, authenticated;

-- LGR-08 for a caller that has already read the event's start.
create function kithdb.require_pending(p_group public.like_groups, p_starts_at timestamptz)
returns void
language plpgsql stable
set search_path = ''
as $$
begin
  if p_group.status = 'pending' and now() >= kithdb.like_group_deadline(p_group.created_at, p_starts_at) then
    raise exception 'this like group has expired'
      using errcode = 'PT409', detail = 'like_group_not_pending';
  elsif p_group.status <> 'pending' then
    raise exception 'this like group is % already', p_group.status
      using errcode = 'PT409', detail = 'like_group_not_pending';
  end if;
end
$$;
comment on function kithdb.require_pending(public.like_groups, timestamptz) is
  'PT409 like_group_not_pending unless the group is pending and not overdue, its event starting '
  'at p_starts_at (LGR-08).';
revoke execute on function kithdb.require_pending(public.like_groups, timestamptz)
  from public, anon, authenticated;

-- Who may join a like group of an event: a friend of its creator who is not one of its authors.

create function kithdb.check_like_group_member(p_event_id uuid, p_creator uuid, p_user_id uuid) returns void
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
  if p_user_id <> p_creator then
    perform kithdb.require_reachable(p_user_id);  -- the caller is the creator
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
comment on function kithdb.check_like_group_member(uuid, uuid, uuid) is
  'Refuses a would-be member of a group for p_event_id created by p_creator (LGR-01..LGR-03).';
revoke execute on function kithdb.check_like_group_member(uuid, uuid, uuid) from public, anon, authenticated;

create function kithdb.expire_overdue_like_groups(p_event_id uuid, p_user_ids uuid[])
returns integer
language plpgsql
set search_path = ''
as $$
declare
  v_user pg_catalog.uuid;
  v_group pg_catalog.uuid;
  v_groups pg_catalog.uuid[] := '{}'::pg_catalog.uuid[];
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
comment on function kithdb.expire_overdue_like_groups(uuid, uuid[]) is
  'Marks expired the overdue pending groups of p_event_id that hold one of p_user_ids, locking '
  'them in id order; returns how many.';
revoke execute on function kithdb.expire_overdue_like_groups(uuid, uuid[])
  from public, anon, authenticated;

create function kithdb.create_like_group(p_event_id uuid, p_member_ids uuid[]) returns uuid
language plpgsql security definer
set search_path = ''
as $$
declare
  v_me pg_catalog.uuid := kithdb.uid();
  v_event public.events;
  v_members pg_catalog.uuid[];
  v_member pg_catalog.uuid;
  v_stranger boolean := false;
  v_group pg_catalog.uuid := gen_random_uuid();
begin
  -- kithdb.require_account(), inline (ID-03): with no identity, or an account that is gone,
  -- 42501 comes before any other error.
  if v_me is null then
    raise exception 'this action needs a signed-in user'
      using errcode = '42501', detail = 'not_authenticated';
  end if;
  if not exists (select from public.profiles p where p.id = v_me) then
    raise exception 'this account is gone'
      using errcode = '42501', detail = 'not_authenticated';
  end if;
  -- SEC-11: the array is bounded before any other check or work.
  if cardinality(p_member_ids) > 100 then
    raise exception 'p_member_ids holds at most 100 ids'
      using errcode = '22023', detail = 'too_many_members';
  end if;
  if p_event_id is null then
    raise exception 'p_event_id is required' using errcode = '22023', detail = 'missing_event_id';
  end if;
  perform kithdb.lock_event_applications(p_event_id, false);
  -- BLK-03: the event of a user who blocked the caller does not exist for them, nor, after that
  -- user deleted their account, does any event of theirs (ACC-02). Asked here, not through the
  -- policies' views: those call Supabase's uid function, whose body names a type that a definer
  -- must not resolve through the caller's pg_temp (SEC-04).
  select * into v_event from public.events e
  where e.id = p_event_id and not kithdb.hides_from(e.creator_id, v_me)
    and not exists (select from kithdb.event_hides h
                    where h.user_id = v_me and h.event_id = e.id);
  if not found then
    raise exception 'no such event' using errcode = 'PT404', detail = 'event_not_found';
  end if;
  if v_event.status = 'cancelled' then
    raise exception 'the event is cancelled' using errcode = 'PT409', detail = 'event_cancelled';
  end if;
  if v_event.starts_at <= now() then
    raise exception 'the event has started' using errcode = 'PT409', detail = 'event_started';
  end if;
  -- unnest, not array_position: a list of lists is read as its elements.
  if exists (select from unnest(p_member_ids) u where u is null) then
    raise exception 'member ids cannot be null' using errcode = '22023', detail = 'missing_user_id';
  end if;
  -- Sorted, so concurrent new like groups lock their members in one order (no deadlock).
  v_members := array(
    select distinct u
    from (select v_me as u union all select unnest(p_member_ids)) m
    order by u
  );
  if cardinality(v_members) > 10 then
    raise exception 'a like group has at most 10 members'
      using errcode = '22023', detail = 'too_many_members';
  end if;
  -- LGR-12, LGR-13: each member waits for the blocks of theirs in flight, in id order, before
  -- any pair's or row's lock (kithdb.lock_user_blocks). Only for members who may join: anyone
  -- else is refused below, and nobody takes a stranger's lock. One probe a member, each its own
  -- statement: a query over the array has a generic plan priced for ten members, which the plan
  -- cache never keeps, and planned afresh on every call it cost a fifth of the call.
  foreach v_member in array v_members loop
    if v_member <> v_me then
      if not exists (select from public.friendships f
                     where f.user_id = least(v_me, v_member)
                       and f.friend_id = greatest(v_me, v_member) and f.status = 'accepted') then
        v_stranger := true;
      end if;
    end if;
  end loop;
  if not v_stranger then
    foreach v_member in array v_members loop
      perform kithdb.lock_user_blocks(v_member, true);
    end loop;
  end if;
  -- ID-03: the caller's own account, deleted while the locks waited (their own, for its deletion;
  -- the event's applications, for a request in flight), and their friendships with it.
  perform kithdb.require_account();
  -- The members' overdue groups are expired, not pending: they must not block this (LGR-08).
  perform kithdb.expire_overdue_like_groups(p_event_id, v_members);
  foreach v_member in array v_members loop
    perform kithdb.check_like_group_member(p_event_id, v_me, v_member);
  end loop;
  foreach v_member in array v_members loop
    perform kithdb.require_unblocked_among(v_member, array_remove(v_members, v_me));
  end loop;

  begin
    insert into public.like_groups (id, event_id, creator_id) values (v_group, p_event_id, v_me);
  exception
    when foreign_key_violation then  -- the event was deleted meanwhile
      raise exception 'no such event' using errcode = 'PT404', detail = 'event_not_found';
  end;
  begin
    insert into public.like_group_members (group_id, user_id, event_id)
    select v_group, u, p_event_id from unnest(v_members) u;
  exception
    when unique_violation then  -- a concurrent like group took one of the members first
      raise exception 'already in a pending or approved group for this event'
        using errcode = '23505', detail = 'already_in_like_group';
    when foreign_key_violation then  -- a member deleted their account meanwhile
      raise exception 'no such user' using errcode = 'PT404', detail = 'user_not_found';
  end;
  return v_group;
end
$$;
comment on function kithdb.create_like_group(uuid, uuid[]) is
  'Step behind public.create_like_group. Definer: API users cannot write like-group tables.';
revoke execute on function kithdb.create_like_group(uuid, uuid[]) from public, anon;
grant execute on function kithdb.create_like_group(uuid, uuid[])
  to authenticated, service_role;

create function kithdb.add_like_group_member(p_group_id uuid, p_user_id uuid) returns void
language plpgsql security definer
set search_path = ''
as $$
declare
  v_group public.like_groups;
  -- Only the group's creator adding an accepted friend takes the user's locks and rows below:
  -- anyone else is refused further on, and nobody holds a stranger's.
  v_friend boolean := exists (
    select from public.like_groups g
    join public.friendships f
      on f.user_id = least(g.creator_id, p_user_id)
     and f.friend_id = greatest(g.creator_id, p_user_id) and f.status = 'accepted'
    where g.id = p_group_id and g.creator_id = kithdb.uid());
begin
  -- The applications' lock, the user's, then the attendance lock, before the group lock: the
  -- order an author being added takes them in (LGR-03, LGR-12, LGR-13).
  perform kithdb.lock_event_applications(g.event_id, false)
  from public.like_groups g
  where g.id = p_group_id and g.creator_id = kithdb.uid() and p_user_id is not null;
  if v_friend then
    perform kithdb.lock_user_blocks(p_user_id, true);
    perform kithdb.lock_attendance(g.event_id, p_user_id)
    from public.like_groups g where g.id = p_group_id;
  end if;
  -- The group and the friend's pending groups for its event, in id order (see above).
  perform from public.like_groups g
  where (g.id = p_group_id and g.creator_id = kithdb.uid())
     or (v_friend and g.status = 'pending' and g.id in (
       select m.group_id from public.like_groups t
       join public.like_group_members m
         on m.event_id = t.event_id and m.user_id = p_user_id and m.group_active
       where t.id = p_group_id))
  order by g.id
  for update;
  v_group := kithdb.lock_like_group(p_group_id);
  if v_group.creator_id is distinct from kithdb.uid() then
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
  perform kithdb.check_like_group_member(v_group.event_id, v_group.creator_id, p_user_id);
  perform kithdb.require_unblocked_among(p_user_id, array(
    select m.user_id from public.like_group_members m
    where m.group_id = p_group_id and m.user_id <> v_group.creator_id));
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
comment on function kithdb.add_like_group_member(uuid, uuid) is
  'Step behind public.add_like_group_member. Definer: API users cannot write like-group tables.';
revoke execute on function kithdb.add_like_group_member(uuid, uuid) from public, anon;
grant execute on function kithdb.add_like_group_member(uuid, uuid)
  to authenticated, service_role;

create function kithdb.remove_like_group_member(p_group_id uuid, p_user_id uuid)
returns public.like_group_status
language plpgsql security definer
set search_path = ''
as $$
declare
  v_group public.like_groups := kithdb.lock_like_group(p_group_id);
begin
  if v_group.creator_id is distinct from kithdb.uid() then
    raise exception 'only the creator of the group can remove members'
      using errcode = '42501', detail = 'not_like_group_creator';
  end if;
  perform kithdb.require_pending(v_group);
  if p_user_id is null then
    raise exception 'p_user_id is required' using errcode = '22023', detail = 'missing_user_id';
  end if;
  if p_user_id = v_group.creator_id then
    raise exception 'the creator does not remove themselves: withdraw the group instead'
      using errcode = 'PT409', detail = 'cannot_remove_like_group_creator';
  end if;
  delete from public.like_group_members m where m.group_id = p_group_id and m.user_id = p_user_id;
  if not found then
    raise exception 'not a member of this group'
      using errcode = 'PT404', detail = 'like_group_member_not_found';
  end if;
  return (select g.status from public.like_groups g where g.id = p_group_id);
end
$$;
comment on function kithdb.remove_like_group_member(uuid, uuid) is
  'Step behind public.remove_like_group_member. Definer: API users cannot write like-group tables.';
revoke execute on function kithdb.remove_like_group_member(uuid, uuid) from public, anon;
grant execute on function kithdb.remove_like_group_member(uuid, uuid)
  to authenticated, service_role;

-- The first in line but p_creator who blocked none of the others and none of the event's
-- authors: creator_id names them to every member and author, and must not name someone hidden
-- from one (BLK-03). A creator who leaves the group is not one of the others; one who stays
-- (LGR-12) is. A member whose account goes in the same statement is no heir. Else nobody.
create function kithdb.like_group_heir(p_group_id uuid, p_creator uuid, p_creator_stays boolean)
returns uuid
language sql stable
set search_path = ''
as $$
  select m.user_id from public.like_group_members m
  where m.group_id = p_group_id and m.user_id <> p_creator
    and exists (select from public.profiles p where p.id = m.user_id)
    and not exists (select from public.like_group_members o
                    join public.blocks b on b.blocker_id = m.user_id and b.blocked_id = o.user_id
                    where o.group_id = p_group_id and (p_creator_stays or o.user_id <> p_creator))
    and not exists (select from public.event_authors a
                    join public.blocks b on b.blocker_id = m.user_id and b.blocked_id = a.user_id
                    where a.event_id = m.event_id)
  order by m.created_at, m.user_id limit 1
$$;
comment on function kithdb.like_group_heir(uuid, uuid, boolean) is
  'Who takes decided group p_group_id from its creator p_creator (LGR-11, LGR-12): null when '
  'nobody may. It reads blocks past RLS, so only definers run it.';
revoke execute on function kithdb.like_group_heir(uuid, uuid, boolean)
  from public, anon, authenticated, service_role;

-- LGR-12: creator_id never names a creator to a reader of the group (a member, or an author of
-- its event) whom they blocked, unless that reader blocked them too and so knows them. Each
-- change that would name them so ends the creator's hold instead: their pending application to
-- the event is withdrawn (an author cannot decide an application they may not see, and the
-- others must not decide it without them); a decided group passes to its heir, the creator
-- staying a member. A reader the creator cannot see is answered about as about nobody: the
-- creator's own changes never depend on what that reader's block hides.
create function kithdb.release_like_groups(p_creator uuid, p_reader uuid, p_event_id uuid)
returns void
language plpgsql
set search_path = ''
as $$
declare
  v_groups pg_catalog.uuid[];
  v_group pg_catalog.uuid;
begin
  if exists (select from public.blocks b
             where b.blocker_id = p_reader and b.blocked_id = p_creator) then
    return;
  end if;
  -- The groups p_creator is a member of, creator or not: one may be passing to them in flight
  -- (LGR-11, or an heir chosen here), and its row's lock waits for that; the creator is read once
  -- the row is held. Whoever passes a group holds its row while they choose the heir, so they
  -- see the blocks committed before, and a block after waits here for them.
  v_groups := array(
    select g.id from public.like_groups g
    join public.like_group_members c on c.group_id = g.id and c.user_id = p_creator
    where (p_event_id is null or g.event_id = p_event_id)
      and (exists (select from public.event_authors a
                   where a.event_id = g.event_id and a.user_id = p_reader)
           or exists (select from public.like_group_members m
                      where m.group_id = g.id and m.user_id = p_reader))
    order by g.id);
  for v_group in
    select g.id from public.like_groups g
    where g.id = any (v_groups)
    order by g.id
    for update
  loop
    continue when not exists (select from public.like_groups g
                              where g.id = v_group and g.creator_id = p_creator);
    delete from public.like_groups g where g.id = v_group and g.status = 'pending';
    if not found then
      update public.like_groups g set creator_id = kithdb.like_group_heir(v_group, p_creator, true)
      where g.id = v_group;
    end if;
  end loop;
end
$$;
comment on function kithdb.release_like_groups(uuid, uuid, uuid) is
  'The like groups p_creator made (for event p_event_id, or any) that would name them to '
  'p_reader, whom they blocked, are withdrawn if pending, else passed (LGR-12). It reads blocks '
  'past RLS, so only definers run it.';
revoke execute on function kithdb.release_like_groups(uuid, uuid, uuid)
  from public, anon, authenticated, service_role;

create function kithdb.blocks_release_like_groups() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  if tg_op = 'INSERT' then
    perform kithdb.release_like_groups(new.blocker_id, new.blocked_id, null);
  elsif exists (select from public.blocks b
                where b.blocker_id = old.blocked_id and b.blocked_id = old.blocker_id) then
    -- A user who lifts their block of someone who blocked them too forgets them.
    perform kithdb.release_like_groups(old.blocked_id, old.blocker_id, null);
  end if;
  return null;
end
$$;
comment on function kithdb.blocks_release_like_groups() is
  'AFTER INSERT or DELETE on blocks: a creator''s like groups stop naming them to a user they '
  'blocked, once that user does not block them (LGR-12). Definer because API users cannot write '
  'like-group tables.';
revoke execute on function kithdb.blocks_release_like_groups() from public, anon;
create trigger blocks_release_like_groups
  after insert or delete on public.blocks
  for each row execute function kithdb.blocks_release_like_groups();

create function kithdb.event_authors_release_like_groups() returns trigger
language plpgsql security definer
set search_path = ''
as $$
declare
  v_creator pg_catalog.uuid;
begin
  -- Every block of the new author's in flight has committed (kithdb.lock_user_blocks), and so
  -- has every group being made for the event (kithdb.lock_event_applications, in
  -- event_authors_guard). A group passing in flight to a member who blocked them is waited for
  -- on its row, and its creator read after.
  perform from public.like_groups g
  where g.event_id = new.event_id
    and exists (select from public.like_group_members m
                join public.blocks b on b.blocker_id = m.user_id and b.blocked_id = new.user_id
                where m.group_id = g.id)
  order by g.id
  for update;
  for v_creator in
    select distinct g.creator_id from public.like_groups g
    join public.blocks b on b.blocker_id = g.creator_id and b.blocked_id = new.user_id
    where g.event_id = new.event_id
    order by g.creator_id
  loop
    perform kithdb.release_like_groups(v_creator, new.user_id, new.event_id);
  end loop;
  -- LGR-13: a member of a pending group in a block with the new author leaves it, but its
  -- creator.
  delete from public.like_group_members m
  using (
    select g.id, o.user_id from public.like_groups g
    join public.like_group_members o on o.group_id = g.id and o.user_id <> g.creator_id
    join public.blocks b
      on b.blocker_id = o.user_id and b.blocked_id = new.user_id
      or b.blocker_id = new.user_id and b.blocked_id = o.user_id
    where g.event_id = new.event_id and g.status = 'pending'
    order by g.id
    for update of g
  ) t
  where m.group_id = t.id and m.user_id = t.user_id;
  return null;
end
$$;
comment on function kithdb.event_authors_release_like_groups() is
  'AFTER INSERT on event_authors: the event''s like groups stop naming, to its new author, a '
  'creator who blocked them (LGR-12), and its pending groups lose each other member in a block '
  'with them (LGR-13). Definer because API users cannot write like-group tables.';
revoke execute on function kithdb.event_authors_release_like_groups() from public, anon;
create trigger event_authors_release_like_groups
  after insert on public.event_authors
  for each row execute function kithdb.event_authors_release_like_groups();

create function kithdb.leave_like_group(p_group_id uuid) returns void
language plpgsql security definer
set search_path = ''
as $$
declare
  v_group public.like_groups := kithdb.lock_like_group(p_group_id);
  v_me pg_catalog.uuid := kithdb.uid();
begin
  if not exists (
    select from public.like_group_members m where m.group_id = p_group_id and m.user_id = v_me
  ) then
    raise exception 'you are not a member of this group'
      using errcode = 'PT404', detail = 'like_group_member_not_found';
  end if;
  if v_group.status = 'approved' then
    perform kithdb.part_like_group(v_group, v_me);
    return;
  end if;
  perform kithdb.require_pending(v_group);
  if v_group.creator_id = v_me then
    delete from public.like_groups g where g.id = p_group_id;  -- the creator leaving withdraws
  else
    delete from public.like_group_members m where m.group_id = p_group_id and m.user_id = v_me;
  end if;
end
$$;
comment on function kithdb.leave_like_group(uuid) is
  'Step behind public.leave_like_group. Definer: API users cannot write like-group tables.';
revoke execute on function kithdb.leave_like_group(uuid) from public, anon;
grant execute on function kithdb.leave_like_group(uuid)
  to authenticated, service_role;

create function kithdb.withdraw_like_group(p_group_id uuid) returns void
language plpgsql security definer
set search_path = ''
as $$
declare
  v_group public.like_groups := kithdb.lock_like_group(p_group_id);
begin
  if v_group.creator_id is distinct from kithdb.uid() then
    raise exception 'only the creator of the group can withdraw it'
      using errcode = '42501', detail = 'not_like_group_creator';
  end if;
  perform kithdb.require_pending(v_group);
  delete from public.like_groups g where g.id = p_group_id;
end
$$;
comment on function kithdb.withdraw_like_group(uuid) is
  'Step behind public.withdraw_like_group. Definer: API users cannot write like-group tables.';
revoke execute on function kithdb.withdraw_like_group(uuid) from public, anon;
grant execute on function kithdb.withdraw_like_group(uuid)
  to authenticated, service_role;

-- The steps behind them ----------------------------------------------------------------------------

create function kithdb.approve_like_group(p_group_id uuid, p_approved boolean,
                                          p_member_ids uuid[])
returns public.like_group_status
language plpgsql security definer
set search_path = ''
as $$
declare
  v_me pg_catalog.uuid := kithdb.uid();
  v_seen pg_catalog.record;
  v_group public.like_groups;
begin
  -- kithdb.require_uid(), inline (ID-03): with no identity, 42501 comes before any other error.
  if v_me is null then
    raise exception 'this action needs a signed-in user'
      using errcode = '42501', detail = 'not_authenticated';
  end if;
  -- As kithdb.lock_like_group: a vote counts for the members and authors committed.
  if pg_catalog.current_setting('transaction_isolation') operator(pg_catalog.<>) 'read committed' then
    raise exception 'a step on a like group must see what was committed while it waited: use '
      'READ COMMITTED' using errcode = '25001', detail = 'read_committed_required';
  end if;
  -- SEC-11: the array is bounded before any other check or work.
  if cardinality(p_member_ids) > 100 then
    raise exception 'p_member_ids holds at most 100 ids'
      using errcode = '22023', detail = 'too_many_members';
  end if;
  if p_group_id is null then
    raise exception 'p_group_id is required' using errcode = '22023', detail = 'missing_group_id';
  end if;
  select g as grp, e.starts_at, exists (
           select from public.event_authors a where a.event_id = g.event_id and a.user_id = v_me
         ) as by_author
  into v_seen
  from public.like_groups g join public.events e on e.id = g.event_id
  where g.id = p_group_id
  for update of g;
  -- lock_like_group's rule: a group the caller neither authors nor belongs to does not exist.
  -- (Separate statements, so that an author's call never runs the membership read.)
  if not found then
    raise exception 'no such like group' using errcode = 'PT404', detail = 'like_group_not_found';
  elsif not v_seen.by_author then
    if not exists (
      select from public.like_group_members m where m.group_id = p_group_id and m.user_id = v_me
    ) then
      raise exception 'no such like group' using errcode = 'PT404', detail = 'like_group_not_found';
    end if;
    raise exception 'only an author of the event can approve or reject'
      using errcode = '42501', detail = 'not_event_author';
  end if;
  if p_approved is null then
    raise exception 'p_approved is required' using errcode = '22023', detail = 'missing_approved';
  end if;
  -- Each check of p_member_ids that runs a query sits inside a plain test of it, which costs an
  -- approval without it nothing: a condition with a subquery starts an executor on every call
  -- (~25k instructions), even where a first term that is false decides it.
  if p_member_ids is not null then
    if exists (select from unnest(p_member_ids) u where u is null) then
      raise exception 'member ids cannot be null'
        using errcode = '22023', detail = 'missing_user_id';
    end if;
  end if;
  v_group := v_seen.grp;
  perform kithdb.require_pending(v_group, v_seen.starts_at);
  -- LGR-05: the members the author read, when given, are the group they decide on. Under the
  -- group's lock, which every change of its members takes, so none slips in after the
  -- comparison. Compared with the members the author reads (BLK-03: not those who blocked
  -- them), so that the answer is the same whatever is hidden from them.
  if p_member_ids is not null then
    if array(select distinct u from unnest(p_member_ids) u order by u)
       is distinct from array(select m.user_id from public.like_group_members m
                              where m.group_id = p_group_id
                                and not kithdb.hides_from(m.user_id, v_me)
                              order by m.user_id) then
      raise exception 'the group''s members changed since you read them'
        using errcode = 'PT409', detail = 'like_group_changed';
    end if;
  end if;
  insert into public.like_group_approvals (group_id, author_id, approved)
  values (p_group_id, v_me, p_approved)
  on conflict (group_id, author_id)
  do update set approved = excluded.approved, created_at = now();
  return kithdb.decide_like_group(v_group, v_seen.starts_at);
end
$$;
comment on function kithdb.approve_like_group(uuid, boolean, uuid[]) is
  'Step behind public.approve_like_group. Definer: records the approval and may open a chat for others.';
revoke execute on function kithdb.approve_like_group(uuid, boolean, uuid[]) from public, anon;
grant execute on function kithdb.approve_like_group(uuid, boolean, uuid[])
  to authenticated, service_role;

-- The public RPCs ---------------------------------------------------------------------------------

create function public.create_like_group(p_event_id uuid, p_member_ids uuid[] default '{}')
returns uuid
language plpgsql
set search_path = ''
as $$
begin
  return kithdb.create_like_group(p_event_id, p_member_ids);
end
$$;
comment on function public.create_like_group(uuid, uuid[]) is
  'Apply to attend event p_event_id with up to 9 friends (p_member_ids); returns the group id.';

create function public.add_like_group_member(p_group_id uuid, p_user_id uuid)
returns void
language plpgsql
set search_path = ''
as $$
begin
  perform kithdb.add_like_group_member(p_group_id, p_user_id);
end
$$;
comment on function public.add_like_group_member(uuid, uuid) is
  'Add your friend p_user_id to your pending group p_group_id (its creator only).';

create function public.remove_like_group_member(p_group_id uuid, p_user_id uuid)
returns public.like_group_status
language plpgsql
set search_path = ''
as $$
begin
  return kithdb.remove_like_group_member(p_group_id, p_user_id);
end
$$;
comment on function public.remove_like_group_member(uuid, uuid) is
  'Remove p_user_id from your pending group p_group_id (its creator only); returns the group''s '
  'status, which is approved when the members left meet the threshold.';

create function public.leave_like_group(p_group_id uuid)
returns void
language plpgsql
set search_path = ''
as $$
begin
  perform kithdb.leave_like_group(p_group_id);
end
$$;
comment on function public.leave_like_group(uuid) is
  'Leave group p_group_id: a pending one (its creator leaving withdraws it), or an approved one, '
  'with its chat (the group goes on without you).';

create function public.withdraw_like_group(p_group_id uuid)
returns void
language plpgsql
set search_path = ''
as $$
begin
  perform kithdb.withdraw_like_group(p_group_id);
end
$$;
comment on function public.withdraw_like_group(uuid) is
  'Withdraw your pending group p_group_id (its creator only): the group is deleted.';

create function public.approve_like_group(p_group_id uuid, p_approved boolean default true,
                                          p_member_ids uuid[] default null)
returns public.like_group_status
language plpgsql
set search_path = ''
as $$
begin
  return kithdb.approve_like_group(p_group_id, p_approved, p_member_ids);
end
$$;
comment on function public.approve_like_group(uuid, boolean, uuid[]) is
  'Give your approval of pending group p_group_id as an author of its event (true approves, false '
  'rejects); with p_member_ids, the members you read, refused if they changed since. Returns the '
  'group''s status after it.';

create function public.expire_like_groups()
returns integer
language plpgsql
set search_path = ''
as $$
begin
  return kithdb.expire_overdue_like_groups();
end
$$;
comment on function public.expire_like_groups() is
  'Mark every overdue pending group expired; returns how many (service_role only).';

revoke execute on function public.create_like_group(uuid, uuid[]),
  public.add_like_group_member(uuid, uuid), public.remove_like_group_member(uuid, uuid),
  public.leave_like_group(uuid), public.withdraw_like_group(uuid),
  public.approve_like_group(uuid, boolean, uuid[]), public.expire_like_groups()
  from public, anon;
grant execute on function public.create_like_group(uuid, uuid[]),
  public.add_like_group_member(uuid, uuid), public.remove_like_group_member(uuid, uuid),
  public.leave_like_group(uuid), public.withdraw_like_group(uuid),
  public.approve_like_group(uuid, boolean, uuid[])
  to authenticated, service_role;
grant execute on function public.expire_like_groups() to service_role;

-- Every minute; the RPCs treat an overdue group as expired meanwhile.
call kithdb.schedule_job('kithdb_expire_like_groups', '* * * * *',
                         'select public.expire_like_groups()');

create function kithdb.expire_overdue_like_groups() returns integer
language plpgsql
set search_path = ''
as $$
declare
  v_count integer;
begin
  with due as (
    select g.id from public.like_groups g
    join public.events e on e.id = g.event_id
    where g.status = 'pending'
      and now() >= kithdb.like_group_deadline(g.created_at, e.starts_at)
    order by g.id
    for update of g
  )
  update public.like_groups g set status = 'expired' from due where g.id = due.id;
  get diagnostics v_count = row_count;
  return v_count;
end
$$;
comment on function kithdb.expire_overdue_like_groups() is
  'Marks every overdue pending group expired, locking them in id order; returns how many.';
revoke execute on function kithdb.expire_overdue_like_groups() from public, anon, authenticated;
grant execute on function kithdb.expire_overdue_like_groups() to service_role;
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

-- PostgREST: reload the schema cache so the API shows this change at once.
notify pgrst, 'reload schema';
