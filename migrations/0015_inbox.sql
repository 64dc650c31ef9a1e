-- depends: 0014_accounts
-- The inbox: what waits for a user. Notifications, written by kithdb's triggers when something
-- happens to the user (a friend request, an invitation, an application to their event, a
-- decision on their like group, a resolved report) and read by the recipient alone (NTF-01 to
-- NTF-06); and their chats with what is unread in each (CHT-06, CHT-07).

create type public.notification_kind as enum (
  'friendship_requested',
  'friendship_accepted',
  'circle_invitation',
  'event_author_invitation',
  'like_group_applied',
  'like_group_member_added',
  'like_group_approved',
  'like_group_rejected',
  'like_group_expired',
  'report_resolved'
);
comment on type public.notification_kind is
  'What happened to the recipient (docs/API.md, "notifications"): friendship_requested and '
  'friendship_accepted (actor: the other user); circle_invitation (circle_id); '
  'event_author_invitation (event_id); like_group_applied, to the event''s authors, and '
  'like_group_member_added (like_group_id, event_id; actor: its creator); like_group_approved, '
  '_rejected, _expired, to its members; report_resolved (report_id), to its reporter.';

create table public.notifications (
  id uuid primary key default gen_random_uuid(),
  recipient_id uuid not null references public.profiles (id) on delete cascade,
  kind public.notification_kind not null,
  actor_id uuid references public.profiles (id) on delete cascade,
  -- No foreign keys: a notification naming a circle, an event or a like group goes with the
  -- invitation, authorship or membership it is about (NTF-04), whose own keys cascade and whose
  -- triggers delete it; a key here would make every notification look its subject up and lock
  -- it for nothing (docs/DESIGN.md, "The inbox").
  circle_id uuid,
  event_id uuid,
  like_group_id uuid,
  report_id uuid references public.reports (id) on delete cascade,
  created_at timestamptz not null default now(),
  read_at timestamptz,
  constraint notifications_not_self check (actor_id <> recipient_id),
  constraint notifications_read_after_created check (read_at >= created_at)
);
-- The recipient's notifications, newest first; read_at rides along so that the unread count
-- reads this index alone, without an index of its own for every notification to enter.
create index notifications_recipient_id_idx
  on public.notifications (recipient_id, created_at desc, id desc) include (read_at);
create index notifications_read_at_idx on public.notifications (read_at) where read_at is not null;
create index notifications_actor_id_idx on public.notifications (actor_id) where actor_id is not null;
create index notifications_like_group_id_idx
  on public.notifications (like_group_id) where like_group_id is not null;
create index notifications_report_id_idx
  on public.notifications (report_id) where report_id is not null;
comment on table public.notifications is
  'What happened to the recipient, newest first; written by kithdb only (NTF-01), read by the '
  'recipient alone (NTF-02).';
comment on column public.notifications.id is 'The notification''s id.';
comment on column public.notifications.recipient_id is 'Whom it is for.';
comment on column public.notifications.kind is 'What happened.';
comment on column public.notifications.actor_id is
  'Who did it, where it was one user the recipient may see; null for a decision or a moderator''s '
  'resolution. Its notifications go with the actor''s account.';
comment on column public.notifications.circle_id is 'The circle, for circle_invitation.';
comment on column public.notifications.event_id is
  'The event, for event_author_invitation and the like_group_ kinds.';
comment on column public.notifications.like_group_id is 'The like group, for the like_group_ kinds.';
comment on column public.notifications.report_id is 'The report, for report_resolved.';
comment on column public.notifications.created_at is 'When it happened.';
comment on column public.notifications.read_at is
  'When the recipient marked it read (mark_notifications_read); null while unread. Read '
  'notifications are pruned after 30 days (NTF-06).';

alter table public.notifications enable row level security;
revoke all on table public.notifications from anon, authenticated, service_role;
grant select on table public.notifications to authenticated;
grant update (read_at) on table public.notifications to authenticated;  -- NTF-05
grant all on table public.notifications to service_role;

-- NTF-02: the recipient alone reads a notification, and only marks it read.
create policy notifications_select on public.notifications
  for select to authenticated
  using (recipient_id = (select auth.uid()));
create policy notifications_update on public.notifications
  for update to authenticated
  using (recipient_id = (select auth.uid()) and read_at is null)
  with check (recipient_id = (select auth.uid()));

create function kithdb.notifications_guard() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  -- SEC-12, for every writer: a notification stays with its recipient and says what it said;
  -- moved, it would reach another user without the announcement and broadcast its insert
  -- makes. Tested here, where every update passes anyway, rather than by a trigger of its own.
  if (new.id, new.recipient_id, new.kind, new.actor_id, new.circle_id, new.event_id,
      new.like_group_id, new.report_id)
     is distinct from (old.id, old.recipient_id, old.kind, old.actor_id, old.circle_id,
                       old.event_id, old.like_group_id, old.report_id) then
    raise exception 'a notification cannot move to another recipient or subject'
      using errcode = '22023', detail = 'notification_immutable';
  end if;
  if kithdb.is_api_role() then
    if new.read_at is null then
      raise exception 'a notification once read stays read'
        using errcode = '22023', detail = 'notification_read_required';
    end if;
    -- A notification written after the reader's transaction began is read at its own time.
    new.read_at := coalesce(old.read_at, greatest(now(), old.created_at));
  end if;
  return new;
end
$$;
comment on function kithdb.notifications_guard() is
  'BEFORE UPDATE on notifications: it never moves (SEC-12); an API user only marks it read, at '
  'the database''s time, for good (NTF-05).';
revoke execute on function kithdb.notifications_guard() from public, anon;
create trigger notifications_guard
  before update on public.notifications
  for each row execute function kithdb.notifications_guard();
-- MOD-05: a suspended user marks nothing read. Updating read_at is all an API user may write
-- here; kithdb's inserts and deletes, made for others' actions (a decision's among them), pay
-- for no check.
create trigger notifications_refuse_suspended before update on public.notifications
  for each statement execute function kithdb.refuse_suspended();

-- NTF-03: nothing is written to a recipient in a block with the actor, or who mutes the actor,
-- or about an event hidden from them (BLK-03). Each rule is asked of the recipients only where
-- it can apply (the actor in a block or muted at all, the event's creator blocking anyone, the
-- event hidden from anyone): the usual notification pays one probe per rule, not one per
-- recipient (docs/DESIGN.md, "The inbox"). The recipients' profiles are held (key share) so
-- that an account deleted meanwhile is waited for and then skipped, as its notifications would
-- go with it. One generic plan per statement: custom plans, made afresh on every call, cost more
-- than the rows written.
-- A group's decision passes p_lock_pairs false: it holds the group's row, which a block of the
-- event's creator and a member locks after their pair's lock and before it takes notifications
-- back (blocks_claim_like_groups), so the row orders the two and a pair's lock taken after it
-- would only deadlock.
create function kithdb.notify(
  p_recipients uuid[],
  p_kind public.notification_kind,
  p_actor uuid,
  p_circle_id uuid default null,
  p_event_id uuid default null,
  p_like_group_id uuid default null,
  p_report_id uuid default null,
  p_lock_pairs boolean default true
) returns void
language plpgsql
set search_path = ''
set plan_cache_mode = force_generic_plan
as $$
declare
  v_to pg_catalog.uuid[] := p_recipients;
  v_creator pg_catalog.uuid;
begin
  if p_actor is not null then
    v_to := array(select r from pg_catalog.unnest(v_to) r where r <> p_actor order by r);
    -- Each pair's lock, shared, before the statement that looks for a block, as every write
    -- that connects two users takes it (BLK-06): a block made meanwhile is waited for and seen;
    -- one made later waits for this transaction and takes its notification back
    -- (blocks_unnotify).
    perform kithdb.lock_pair(r, p_actor, false) from pg_catalog.unnest(v_to) r;
    if exists (select from public.blocks b where b.blocked_id = p_actor)
       or exists (select from public.blocks b where b.blocker_id = p_actor)
       or exists (select from public.mutes m where m.muted_id = p_actor) then
      v_to := array(
        select r from pg_catalog.unnest(v_to) r
        where not exists (select from public.blocks b
                          where b.blocker_id = r and b.blocked_id = p_actor)
          and not exists (select from public.blocks b
                          where b.blocker_id = p_actor and b.blocked_id = r)
          and not exists (select from public.mutes m
                          where m.muter_id = r and m.muted_id = p_actor
                            and (m.until is null or m.until > now())));
    end if;
  end if;
  if p_event_id is not null then
    select e.creator_id into v_creator from public.events e where e.id = p_event_id;
    -- The creator's pair lock with each recipient, as above: a block by the creator at the same
    -- moment is seen, or waits and takes the notification back.
    if p_lock_pairs then
      perform kithdb.lock_pair(r, v_creator, false)
      from pg_catalog.unnest(v_to) r
      where r <> v_creator and r is distinct from p_actor;
    elsif cardinality(v_to) > 0
          and pg_catalog.current_setting('transaction_isolation') operator(pg_catalog.<>)
              'read committed' then
      raise exception 'a decision must see the blocks committed while it waited for its group: '
        'use READ COMMITTED' using errcode = '25001', detail = 'read_committed_required';
    end if;
    if exists (select from public.blocks b where b.blocker_id = v_creator) then
      v_to := array(select r from pg_catalog.unnest(v_to) r
                    where not kithdb.hides_from(v_creator, r));
    end if;
    if exists (select from kithdb.event_hides h where h.event_id = p_event_id) then
      v_to := array(select r from pg_catalog.unnest(v_to) r
                    where not exists (select from kithdb.event_hides h
                                      where h.user_id = r and h.event_id = p_event_id));
    end if;
  end if;
  insert into public.notifications
    (recipient_id, kind, actor_id, circle_id, event_id, like_group_id, report_id)
  select r.id, p_kind, p_actor, p_circle_id, p_event_id, p_like_group_id, p_report_id
  from public.profiles r
  where r.id = any (v_to)
  order by r.id
  for key share of r;
end
$$;
comment on function kithdb.notify(uuid[], public.notification_kind, uuid, uuid, uuid, uuid, uuid, boolean) is
  'Write one notification of p_kind to each of p_recipients but the actor, skipping those in a '
  'block with the actor, muting them, or from whom the event is hidden (NTF-03). Called by '
  'kithdb''s triggers only.';
revoke execute on function kithdb.notify(uuid[], public.notification_kind, uuid, uuid, uuid, uuid, uuid, boolean)
  from public, anon, authenticated;

-- NTF-04: a notification of something that waits for the recipient (a friend request, an
-- invitation, an application to their event) lives while it waits; answered, withdrawn or
-- ended, it goes: the inbox keeps no stale question, nor names what its recipient cannot read.
create function kithdb.friendships_notify() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  -- An update that changes neither the status nor the requester is no news: writing again would
  -- let a requester make the addressee's read notification unread, uncounted by RTL-01.
  if tg_op = 'UPDATE'
     and (new.status, new.requested_by) is not distinct from (old.status, old.requested_by) then
    return null;
  end if;
  if tg_op <> 'INSERT' and old.status = 'pending' then
    delete from public.notifications n
    where n.recipient_id = (case when old.requested_by = old.user_id then old.friend_id
                                 else old.user_id end)
      and n.kind = 'friendship_requested' and n.actor_id = old.requested_by;
  end if;
  if tg_op = 'DELETE' then
    return null;
  end if;
  if new.status = 'pending' then
    perform kithdb.notify(
      array[case when new.requested_by = new.user_id then new.friend_id else new.user_id end],
      'friendship_requested', new.requested_by);
  elsif new.status = 'accepted' and tg_op = 'UPDATE' and old.status = 'pending' then
    perform kithdb.notify(
      array[new.requested_by], 'friendship_accepted',
      case when new.requested_by = new.user_id then new.friend_id else new.user_id end);
  end if;
  return null;
end
$$;
comment on function kithdb.friendships_notify() is
  'AFTER INSERT/UPDATE/DELETE on friendships: a request notifies its addressee while it is '
  'pending, an acceptance its requester (NTF-01, NTF-04). Definer because no API role writes '
  'notifications.';
revoke execute on function kithdb.friendships_notify() from public, anon;
create trigger friendships_notify
  after insert or update of status, requested_by or delete on public.friendships
  for each row execute function kithdb.friendships_notify();

create function kithdb.circle_members_notify() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  if tg_op = 'INSERT' then
    perform kithdb.notify(array[new.user_id], 'circle_invitation', new.invited_by,
                          p_circle_id => new.circle_id);
  elsif tg_op = 'DELETE' or new.status <> 'invited' then
    delete from public.notifications n
    where n.recipient_id = old.user_id and n.kind = 'circle_invitation'
      and n.circle_id = old.circle_id;
  end if;
  return null;
end
$$;
comment on function kithdb.circle_members_notify() is
  'AFTER INSERT/UPDATE/DELETE on circle_members: an invitation notifies the invitee while it '
  'waits (NTF-01, NTF-04). Definer because no API role writes notifications.';
revoke execute on function kithdb.circle_members_notify() from public, anon;
create trigger circle_members_notify
  after insert on public.circle_members
  for each row when (new.status = 'invited') execute function kithdb.circle_members_notify();
create trigger circle_members_unnotify
  after update of status or delete on public.circle_members
  for each row when (old.status = 'invited') execute function kithdb.circle_members_notify();

create function kithdb.event_author_invitations_notify() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  if tg_op = 'INSERT' then
    perform kithdb.notify(array[new.user_id], 'event_author_invitation', new.invited_by,
                          p_event_id => new.event_id);
  else
    delete from public.notifications n
    where n.recipient_id = old.user_id and n.kind = 'event_author_invitation'
      and n.event_id = old.event_id;
  end if;
  return null;
end
$$;
comment on function kithdb.event_author_invitations_notify() is
  'AFTER INSERT/DELETE on event_author_invitations: an invitation notifies the invitee while it '
  'waits (NTF-01, NTF-04). Definer because no API role writes notifications.';
revoke execute on function kithdb.event_author_invitations_notify() from public, anon;
create trigger event_author_invitations_notify
  after insert or delete on public.event_author_invitations
  for each row execute function kithdb.event_author_invitations_notify();

-- A former author does not read the event's pending groups (NTF-04).
create function kithdb.event_authors_unnotify() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  delete from public.notifications n
  where n.recipient_id = old.user_id and n.kind = 'like_group_applied'
    and n.event_id = old.event_id;
  return null;
end
$$;
comment on function kithdb.event_authors_unnotify() is
  'AFTER DELETE on event_authors: the applications to the event leave the former author''s '
  'inbox (NTF-04). Definer because no API role deletes notifications.';
revoke execute on function kithdb.event_authors_unnotify() from public, anon;
create trigger event_authors_unnotify
  after delete on public.event_authors
  for each row execute function kithdb.event_authors_unnotify();

create function kithdb.like_groups_notify() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  if tg_op = 'INSERT' then
    -- The authors' rows are held (key share): an author stepping down meanwhile is waited for
    -- and then skipped; one stepping down after waits for this, and takes the notification
    -- back (event_authors_unnotify).
    perform kithdb.notify(
      array(select a.user_id from public.event_authors a where a.event_id = new.event_id
            order by a.user_id for key share),
      'like_group_applied', new.creator_id,
      p_event_id => new.event_id, p_like_group_id => new.id);
  else
    delete from public.notifications n
    where n.like_group_id = new.id and n.kind = 'like_group_applied';
    perform kithdb.notify(
      array(select m.user_id from public.like_group_members m where m.group_id = new.id),
      ('like_group_' operator(pg_catalog.||) new.status::pg_catalog.text)::public.notification_kind,
      null, p_event_id => new.event_id, p_like_group_id => new.id, p_lock_pairs => false);
  end if;
  return null;
end
$$;
comment on function kithdb.like_groups_notify() is
  'AFTER INSERT on like_groups: the event''s authors learn of the application while it is '
  'pending; AFTER its decision: every member learns it (NTF-01, NTF-04). Definer because no API '
  'role writes notifications.';
revoke execute on function kithdb.like_groups_notify() from public, anon;
create trigger like_groups_notify
  after insert on public.like_groups
  for each row when (new.status = 'pending') execute function kithdb.like_groups_notify();
create trigger like_groups_notify_decision
  after update of status on public.like_groups
  for each row when (old.status = 'pending' and new.status <> 'pending')
  execute function kithdb.like_groups_notify();

-- LGR-05: a member added to a pending group takes its approvals back; each author who had said
-- yes finds the application new and unread in their inbox, to approve the group as it is. Only a
-- notification still there is written again, so one that a block took back stays gone; the
-- group's row, which the member's addition holds and a block between an author and the group's
-- creator takes after their pair's lock, orders the two. A group deleted meanwhile is not
-- pending here and gets none.
create function kithdb.like_group_approvals_renotify() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  if exists (select from public.like_groups g where g.id = old.group_id and g.status = 'pending')
  then
    with gone as (
      delete from public.notifications n
      where n.recipient_id = old.author_id and n.like_group_id = old.group_id
        and n.kind = 'like_group_applied'
      returning n.actor_id, n.event_id
    )
    insert into public.notifications (recipient_id, kind, actor_id, event_id, like_group_id)
    select old.author_id, 'like_group_applied', g.actor_id, g.event_id, old.group_id
    from gone g
    where not exists (select from public.mutes m
                      where m.muter_id = old.author_id and m.muted_id = g.actor_id
                        and (m.until is null or m.until > now()));
  end if;
  return null;
end
$$;
comment on function kithdb.like_group_approvals_renotify() is
  'AFTER DELETE of a yes on a pending group: its author finds the application new in their '
  'inbox (LGR-05, NTF-01). Definer because no API role writes notifications.';
revoke execute on function kithdb.like_group_approvals_renotify() from public, anon;
create trigger like_group_approvals_renotify
  after delete on public.like_group_approvals
  for each row when (old.approved) execute function kithdb.like_group_approvals_renotify();

-- A group withdrawn, or deleted with its event, takes its application's notifications along;
-- its members' go with their rows (like_group_members_notify).
create function kithdb.like_groups_unnotify() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  delete from public.notifications n where n.like_group_id = old.id;
  return null;
end
$$;
comment on function kithdb.like_groups_unnotify() is
  'AFTER DELETE on like_groups: the notifications naming the group go (NTF-04). Definer because '
  'no API role deletes notifications.';
revoke execute on function kithdb.like_groups_unnotify() from public, anon;
create trigger like_groups_unnotify
  after delete on public.like_groups
  for each row execute function kithdb.like_groups_unnotify();

create function kithdb.like_group_members_notify() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  if tg_op = 'INSERT' then
    perform kithdb.notify(array[new.user_id], 'like_group_member_added', g.creator_id,
                          p_event_id => g.event_id, p_like_group_id => g.id)
    from public.like_groups g
    where g.id = new.group_id and g.status = 'pending' and g.creator_id <> new.user_id;
  else
    delete from public.notifications n
    where n.recipient_id = old.user_id and n.like_group_id = old.group_id;
  end if;
  return null;
end
$$;
comment on function kithdb.like_group_members_notify() is
  'AFTER INSERT/DELETE on like_group_members: a member added by the group''s creator learns it; '
  'a member who leaves or is removed loses what named the group (NTF-01, NTF-04). Definer '
  'because no API role writes notifications.';
revoke execute on function kithdb.like_group_members_notify() from public, anon;
create trigger like_group_members_notify
  after insert or delete on public.like_group_members
  for each row execute function kithdb.like_group_members_notify();

create function kithdb.reports_notify() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  if new.reporter_id is not null then
    perform kithdb.notify(array[new.reporter_id], 'report_resolved', null,
                          p_report_id => new.id);
  end if;
  return null;
end
$$;
comment on function kithdb.reports_notify() is
  'AFTER UPDATE on reports: its reporter learns that a report was resolved, not by whom '
  '(NTF-01). Definer because no API role writes notifications.';
revoke execute on function kithdb.reports_notify() from public, anon;
create trigger reports_notify
  after update of status on public.reports
  for each row when (old.status = 'open' and new.status <> 'open')
  execute function kithdb.reports_notify();

-- NTF-03: a block takes back what the pair's notifications say of each other, and what the
-- blocked user's say of the blocker's events (which do not exist for them, BLK-03).
create function kithdb.blocks_unnotify() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  -- A decision of a group holding the blocked user, for the blocker's event, writes its
  -- notifications under the group's row, not the pair's lock (kithdb.notify). The block holds
  -- that row already (blocks_claim_like_groups): a decision in flight has committed, and the
  -- delete below sees what it wrote; one to come waits for this block and then sees it.
  delete from public.notifications n
  where n.recipient_id = new.blocker_id and n.actor_id = new.blocked_id
     or n.recipient_id = new.blocked_id and n.actor_id = new.blocker_id
     or n.recipient_id = new.blocked_id
        and n.event_id in (select e.id from public.events e where e.creator_id = new.blocker_id);
  return null;
end
$$;
comment on function kithdb.blocks_unnotify() is
  'AFTER INSERT on blocks: the pair''s notifications of each other, and the blocked user''s of '
  'the blocker''s events, go (NTF-03). Definer because the pair''s rows are beyond both.';
revoke execute on function kithdb.blocks_unnotify() from public, anon;
create trigger blocks_unnotify
  after insert on public.blocks
  for each row execute function kithdb.blocks_unnotify();

-- The same when an event passes to an author who blocked some of its notifications' recipients:
-- from then on it is hidden from them (BLK-03), and so are those notifications. The blocker's
-- blocked users are few; each one's notifications are found by recipient.
create function kithdb.events_unnotify() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  -- A decision in flight of one of the event's pending groups notifies under the group's row
  -- (kithdb.notify): waited for here, so that the delete below sees what it wrote; one to come
  -- waits for this pass and reads the new creator.
  perform from public.like_groups g
  where g.event_id = new.id and g.status = 'pending'
  order by g.id
  for share;
  delete from public.notifications n
  where n.recipient_id in (select b.blocked_id from public.blocks b
                           where b.blocker_id = new.creator_id)
    and n.event_id = new.id
    and kithdb.hides_from(new.creator_id, n.recipient_id);
  return null;
end
$$;
comment on function kithdb.events_unnotify() is
  'AFTER an event passes to another creator: the notifications naming it go from the users '
  'that creator''s blocks hide it from (NTF-03). Definer because the blocks are beyond the '
  'caller.';
revoke execute on function kithdb.events_unnotify() from public, anon;
create trigger events_unnotify
  after update of creator_id on public.events
  for each row when (new.creator_id is distinct from old.creator_id)
  execute function kithdb.events_unnotify();

-- NTF-07: a direct connection hears of a user's new notifications and messages on the user's
-- channel (LISTEN), the Python client's listen(). The payload holds ids only: any role that may
-- connect may LISTEN to any channel, so the listener reads each row back as the user, under RLS.
create function kithdb.user_channel(p_user_id uuid) returns text
language sql immutable
set search_path = ''
as $$
  select 'kithdb_user_' operator(pg_catalog.||) p_user_id::pg_catalog.text
$$;
comment on function kithdb.user_channel(uuid) is
  'The LISTEN channel of user p_user_id: kithdb_user_<id> (NTF-07).';
revoke execute on function kithdb.user_channel(uuid) from public, anon;
grant execute on function kithdb.user_channel(uuid) to authenticated, service_role;

-- Who listens: a transaction that NOTIFYs serialises its commit with every other such
-- transaction of the database (PostgreSQL takes one lock for the notification queue until the
-- commit is flushed), which cost send_message 60 % of its rate at M with 8 clients. So a change
-- is announced only to users a connection listens for; listen() registers its user here, and
-- an unlogged table suits a registry that a restart, which ends every LISTEN, empties anyway.
create unlogged table kithdb.listeners (
  user_id uuid not null references public.profiles (id) on delete cascade,
  -- pg_backend_pid()'s type.
  -- squawk-ignore prefer-bigint-over-int
  pid integer not null,
  started_at timestamptz not null default now(),
  primary key (user_id, pid)
);
comment on table kithdb.listeners is
  'The users whose channel a connection (backend pid) listens to (NTF-07); a row of a '
  'connection that ended goes at the next start_listening (a row left meanwhile costs a NOTIFY '
  'nobody hears, nothing more).';
revoke all on table kithdb.listeners from public, anon, authenticated, service_role;

create function kithdb.start_listening() returns text
language plpgsql security definer
set search_path = ''
as $$
declare
  v_me pg_catalog.uuid := kithdb.require_account();
begin
  delete from kithdb.listeners l
  where not exists (select from pg_catalog.pg_stat_activity a where a.pid = l.pid);
  insert into kithdb.listeners (user_id, pid) values (v_me, pg_catalog.pg_backend_pid())
  on conflict (user_id, pid) do nothing;
  return kithdb.user_channel(v_me);
end
$$;
comment on function kithdb.start_listening() is
  'Register this connection as listening for the caller (NTF-07) and return the caller''s '
  'channel; LISTEN to it first. Definer because kithdb.listeners is kithdb''s; it registers '
  'only the caller, for the connection it runs on.';
revoke execute on function kithdb.start_listening() from public, anon;
grant execute on function kithdb.start_listening() to authenticated;

create function kithdb.notifications_announce() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  if exists (select from kithdb.listeners l where l.user_id = new.recipient_id) then
    perform pg_catalog.pg_notify(kithdb.user_channel(new.recipient_id),
      pg_catalog.json_build_object('kind', 'notification', 'id', new.id)::pg_catalog.text);
  end if;
  return null;
end
$$;
comment on function kithdb.notifications_announce() is
  'AFTER INSERT on notifications: its id on the recipient''s channel, at commit, if a '
  'connection listens for them (NTF-07). Definer because kithdb.listeners is kithdb''s.';
revoke execute on function kithdb.notifications_announce() from public, anon;
create trigger notifications_announce
  after insert on public.notifications
  for each row execute function kithdb.notifications_announce();

-- A message is announced to the chat's participants who have not left and are in no block with
-- its sender (BLK-07): one who left or was removed hears nothing more (CHT-05).
create function kithdb.chat_messages_announce() returns trigger
language plpgsql security definer
set search_path = ''
as $$
declare
  v_sender_present boolean;
  v_listened boolean;
begin
  -- NTF-09: the chat's lock, shared, before its participants are read, and read by a snapshot
  -- taken after it: under an older one, a departure that committed meanwhile would not be seen.
  if pg_catalog.current_setting('transaction_isolation') operator(pg_catalog.<>) 'read committed' then
    raise exception 'a message must see who left the chat while it waited: use READ COMMITTED'
      using errcode = '25001', detail = 'read_committed_required';
  end if;
  perform pg_catalog.pg_advisory_xact_lock_shared(1803,  -- the key of kithdb.lock_chats
    pg_catalog.hashtext(new.chat_id::pg_catalog.text));
  -- One statement asks both questions: each statement costs an executor's start.
  select exists (select from public.chat_participants p
                 where p.chat_id = new.chat_id and p.user_id = new.sender_id
                   and p.left_at is null),
         exists (select from kithdb.listeners)
  into v_sender_present, v_listened;
  -- CHT-05: the sender's departure (their leaving, a removal, a block) may have committed while
  -- this waited: the message would come after it, read by those who stay. It is refused as one
  -- to a chat that does not exist, as the insert's policy refuses it after the departure.
  if new.sender_id is not null and not v_sender_present then
    raise exception 'no such chat' using errcode = 'PT404', detail = 'chat_not_found';
  end if;
  -- The payload is made for each listener only: most messages have none, and most databases
  -- no listener at all (Supabase clients hear through Realtime), where the chat is not read.
  if not v_listened then
    return null;
  end if;
  perform pg_catalog.pg_notify(kithdb.user_channel(p.user_id),
    pg_catalog.json_build_object('kind', 'message', 'id', new.id)::pg_catalog.text)
  from public.chat_participants p
  where p.chat_id = new.chat_id and p.left_at is null
    and exists (select from kithdb.listeners l where l.user_id = p.user_id)
    and not exists (select from public.blocks b
                    where b.blocker_id = p.user_id and b.blocked_id = new.sender_id)
    and not exists (select from public.blocks b
                    where b.blocker_id = new.sender_id and b.blocked_id = p.user_id);
  return null;
end
$$;
comment on function kithdb.chat_messages_announce() is
  'AFTER INSERT on chat_messages: refused unless its sender is still in the chat once it holds '
  'the chat''s lock (CHT-05); its id on the channel of each present participant a connection '
  'listens for, at commit (NTF-07). Definer because a sender does not read the blocks of the '
  'others, nor kithdb.listeners.';
revoke execute on function kithdb.chat_messages_announce() from public, anon;
create trigger chat_messages_announce
  after insert on public.chat_messages
  for each row execute function kithdb.chat_messages_announce();

-- NTF-09: a message is announced and broadcast, at its commit, to whom is present when it is
-- written; a departure in between would leave them hearing a message sent after they left or
-- blocked its sender. So the announcement takes the chat's lock shared before it reads who is
-- in the chat, and holds it to its commit; a departure takes it exclusive, waiting for the
-- messages in flight, and the messages after it wait for it and read it. An advisory lock, not
-- the chat's row: the row is key-share locked by every write naming the chat, some of which
-- wait for what a departure holds. 1803 sets these apart from kithdb's other advisory locks.
create function kithdb.chat_participants_wait_for_messages() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  -- An account's deletion removes it from all its chats in one cascade, in no set order: at
  -- its first removal it takes them all in id order, rows then locks. The deletion of its auth
  -- user holds them already (kithdb.lock_account); a DBA's delete of the profile alone does not.
  if tg_op = 'DELETE' and not exists (select from public.profiles r where r.id = old.user_id) then
    perform kithdb.lock_chats_of(old.user_id);
  end if;
  perform kithdb.lock_chats(array[old.chat_id]);
  if tg_op = 'DELETE' then
    return old;
  end if;
  return new;
end
$$;
comment on function kithdb.chat_participants_wait_for_messages() is
  'BEFORE a participant leaves a chat or is removed from it: the chat''s lock, exclusive, so '
  'that the messages in flight there are committed first (NTF-09).';
revoke execute on function kithdb.chat_participants_wait_for_messages() from public, anon;
-- A participant who left hears nothing more: their row's removal waits for no message.
create trigger chat_participants_wait_on_removal
  before delete on public.chat_participants
  for each row when (old.left_at is null)
  execute function kithdb.chat_participants_wait_for_messages();
create trigger chat_participants_wait_on_leave
  before update of left_at on public.chat_participants
  for each row when (old.left_at is null and new.left_at is not null)
  execute function kithdb.chat_participants_wait_for_messages();

-- A block touches two sets of chats: those the pair shares, whose messages in flight between them
-- it waits for, and those of the blocker's events that blocks_part_events and
-- blocks_part_like_groups take the blocked user out of, as an author or as a member of the group.
-- It takes all their locks at once, in id order, as an account's deletion takes its chats'; and
-- first the blocked user's rows in the chats they leave, as every departure takes its
-- row before its chat's lock; and before those the two users' rule-circles locks, which
-- blocks_sync_circles takes after it, and which a block ending a friendship takes before it
-- (blocks_end_friendship). Its name fires it after blocks_part_circles (an account's deletion
-- locks its static circles before its chats) and before blocks_part_events.
create function kithdb.blocks_part_event_chats() returns trigger
language plpgsql security definer
set search_path = ''
as $$
declare
  v_parted pg_catalog.uuid[] := array(
    select p.chat_id
    from public.events e
    join public.like_groups g on g.event_id = e.id and g.status = 'approved'
    join public.chat_participants p
      on p.chat_id = g.chat_id and p.user_id = new.blocked_id and p.left_at is null
    where e.creator_id = new.blocker_id
    order by p.chat_id);
begin
  perform kithdb.lock_rule_circles_of(u)
  from pg_catalog.unnest(array[new.blocker_id, new.blocked_id]) u order by u;
  perform from public.chat_participants p
  where p.chat_id = any (v_parted) and p.user_id = new.blocked_id
  order by p.chat_id
  for update;
  perform kithdb.lock_chats(v_parted operator(pg_catalog.||) array(
    select p.chat_id from public.chat_participants p
    where p.user_id = new.blocker_id and p.left_at is null
      and exists (select from public.chat_participants q
                  where q.chat_id = p.chat_id and q.user_id = new.blocked_id
                    and q.left_at is null)));
  -- Then, in event order, as an account's deletion takes them (kithdb.lock_account), the
  -- circles' locks of the events whose circles the block's later steps sync: the blocker's
  -- events the blocked user authors or attends, which they leave one group or authorship at a
  -- time, and those of the pending groups holding one of the pair with the other as a member or
  -- an author, which blocks_part_in_pending_groups leaves, and may so approve.
  perform kithdb.lock_circles_of_event(e.event_id)
  from (select a.event_id from public.event_authors a
        join public.events e on e.id = a.event_id and e.creator_id = new.blocker_id
        where a.user_id = new.blocked_id
        union
        select m.event_id from public.like_group_members m
        join public.events e on e.id = m.event_id and e.creator_id = new.blocker_id
        where m.user_id = new.blocked_id and m.group_active
        union
        select g.event_id from public.like_group_members m
        join public.like_groups g on g.id = m.group_id and g.status = 'pending'
        where m.user_id in (new.blocker_id, new.blocked_id)
          and (exists (select from public.like_group_members o
                       where o.group_id = g.id and o.user_id in (new.blocker_id, new.blocked_id)
                         and o.user_id <> m.user_id)
               or exists (select from public.event_authors a
                          where a.event_id = g.event_id
                            and a.user_id in (new.blocker_id, new.blocked_id)
                            and a.user_id <> m.user_id))
        order by 1) e;
  return null;
end
$$;
comment on function kithdb.blocks_part_event_chats() is
  'AFTER INSERT on blocks: the locks of the chats the pair shares and of those the blocked user '
  'leaves with the blocker''s events, exclusive, in id order, so that the messages in flight '
  'there are committed first (NTF-09); then those events'' circles'' locks, in event order. '
  'Definer because the blocker may not read every participant of those chats.';
revoke execute on function kithdb.blocks_part_event_chats() from public, anon;
create trigger blocks_part_event_chats
  after insert on public.blocks
  for each row execute function kithdb.blocks_part_event_chats();

create function public.mark_notifications_read(p_ids uuid[] default null) returns integer
language plpgsql
set search_path = ''
as $$
declare
  v_count integer;
  v_me pg_catalog.uuid;
begin
  -- SEC-11: the array is bounded before any other check or work.
  if cardinality(p_ids) > 100 then
    raise exception 'p_ids holds at most 100 ids'
      using errcode = '22023', detail = 'too_many_notifications';
  end if;
  v_me := kithdb.require_uid();
  -- The caller's own, also for service_role, which RLS does not hold to them. A notification
  -- written after this transaction began is read at its own time.
  update public.notifications n set read_at = greatest(now(), n.created_at)
  where n.recipient_id = v_me and n.read_at is null and (p_ids is null or n.id = any (p_ids));
  get diagnostics v_count = row_count;
  return v_count;
end
$$;
comment on function public.mark_notifications_read(uuid[]) is
  'Mark your notifications p_ids (at most 100; null: all of them) read; returns how many were '
  'unread. Ids that are not your unread notifications are passed over.';

create function public.unread_notification_count() returns integer
language plpgsql stable
set search_path = ''
as $$
declare
  v_me pg_catalog.uuid := kithdb.require_uid();
begin
  -- The caller's own, also for service_role, which RLS does not hold to them.
  return (select count(*) from public.notifications n
          where n.recipient_id = v_me and n.read_at is null);
end
$$;
comment on function public.unread_notification_count() is
  'How many of your notifications are unread.';

create function public.prune_notifications() returns integer
language plpgsql
set search_path = ''
as $$
declare
  v_count integer;
begin
  delete from public.notifications n where n.read_at < now() - interval '30 days';
  get diagnostics v_count = row_count;
  return v_count;
end
$$;
comment on function public.prune_notifications() is
  'Delete the notifications read more than 30 days ago; returns how many (service_role only, '
  'daily by pg_cron where installed: NTF-06).';

revoke execute on function public.mark_notifications_read(uuid[]),
  public.unread_notification_count(), public.prune_notifications()
  from public, anon;
grant execute on function public.mark_notifications_read(uuid[]),
  public.unread_notification_count()
  to authenticated, service_role;
grant execute on function public.prune_notifications() to service_role;

call kithdb.schedule_job('kithdb_prune_notifications', '17 3 * * *',
                         'select public.prune_notifications()');

-- CHT-07: the caller's chats, newest activity first, each with the last message the caller reads
-- there and how many messages by others they have not read. Definer, as home_feed's page: it
-- reads exactly what chat_participants_select and chat_messages_select show the caller, by the
-- caller's own id, where the policies of the four tables it reads would each derive the
-- caller's chats and hidden users again (1.4 times the hand-written read at S; docs/DESIGN.md,
-- "The inbox"). tests/test_inbox.py holds it to the table reads under RLS. The count is taken
-- for the page's chats only; one generic plan and no JIT, as feed.
create function kithdb.my_chats_page(p_limit integer, p_before timestamptz, p_before_id uuid)
returns table (
  chat_id uuid,
  like_group_id uuid,
  event_id uuid,
  last_message_at timestamptz,
  last_message_id uuid,
  last_message text,
  last_sender_id uuid,
  last_message_removed_at timestamptz,
  unread_count integer,
  last_read_at timestamptz
)
language plpgsql stable security definer
set search_path = ''
set plan_cache_mode = force_generic_plan
set jit = off
as $$
declare
  v_me pg_catalog.uuid := kithdb.uid();
  v_at pg_catalog.timestamptz := coalesce(p_before, 'infinity');
  -- Without p_before_id, every chat at p_before is excluded, as in feed.
  v_id pg_catalog.uuid := coalesce(p_before_id, '00000000-0000-0000-0000-000000000000'::pg_catalog.uuid);
  -- BLK-07: the users the caller blocked and those who blocked them.
  v_hidden pg_catalog.uuid[] := array(
    select b.blocked_id from public.blocks b where b.blocker_id = v_me
    union all
    select b.blocker_id from public.blocks b where b.blocked_id = v_me);
begin
  return query
    select c.chat_id, c.like_group_id, c.event_id, c.activity_at, c.message_id, c.body,
           c.sender_id, c.removed_at, u.unread, c.last_read_at
    from (
      select p.chat_id, ch.like_group_id, g.event_id, p.last_read_at,
             coalesce(m.created_at, ch.created_at) as activity_at,
             m.id as message_id, m.body, m.sender_id, m.removed_at
      from public.chat_participants p
      join public.chats ch on ch.id = p.chat_id
      left join public.like_groups g on g.id = ch.like_group_id
      left join lateral (
        select m.id, m.body, m.sender_id, m.created_at, m.removed_at from public.chat_messages m
        where m.chat_id = p.chat_id
          and (m.sender_id is not null and m.sender_id <> all (v_hidden)
               or m.sender_id is null
               and not exists (select from kithdb.message_tombstones t
                               join kithdb.tombstone_hides h on h.tombstone = t.tombstone
                               where t.message_id = m.id and h.user_id = v_me))
          and (m.removed_at is null or m.sender_id = v_me)  -- MOD-04
        order by m.created_at desc, m.id desc
        limit 1
      ) m on true
      where p.user_id = v_me and p.left_at is null
        and (coalesce(m.created_at, ch.created_at), p.chat_id) < (v_at, v_id)
      order by 5 desc, 1 desc
      limit p_limit
    ) c
    cross join lateral (
      select count(*)::integer as unread from public.chat_messages m
      where m.chat_id = c.chat_id
        and m.created_at > coalesce(c.last_read_at, '-infinity')
        and m.sender_id is distinct from v_me
        and (m.sender_id is not null and m.sender_id <> all (v_hidden)
             or m.sender_id is null
             and not exists (select from kithdb.message_tombstones t
                             join kithdb.tombstone_hides h on h.tombstone = t.tombstone
                             where t.message_id = m.id and h.user_id = v_me))
        and m.removed_at is null
    ) u
    order by c.activity_at desc, c.chat_id desc;
end
$$;
comment on function kithdb.my_chats_page(integer, timestamptz, uuid) is
  'One page of the caller''s chats with their last message and unread count (CHT-07). Definer: '
  'it reads exactly what the chats'' policies show the caller, by the caller''s own id, where '
  'each policy would derive the caller''s chats again.';
revoke execute on function kithdb.my_chats_page(integer, timestamptz, uuid) from public, anon;
grant execute on function kithdb.my_chats_page(integer, timestamptz, uuid)
  to authenticated, service_role;

create function public.my_chats(
  p_limit integer default 20,
  p_before timestamptz default null,
  p_before_id uuid default null
) returns table (
  chat_id uuid,
  like_group_id uuid,
  event_id uuid,
  last_message_at timestamptz,
  last_message_id uuid,
  last_message text,
  last_sender_id uuid,
  last_message_removed_at timestamptz,
  unread_count integer,
  last_read_at timestamptz
)
language plpgsql stable
set search_path = ''
as $$
begin
  perform kithdb.require_uid();
  perform kithdb.check_page(p_limit, p_before, p_before_id);
  return query select * from kithdb.my_chats_page(p_limit, p_before, p_before_id);
end
$$;
comment on function public.my_chats(integer, timestamptz, uuid) is
  'Your chats, newest activity first by (last_message_at, chat_id): the last message you read '
  'there (your own removed one marked by last_message_removed_at) and how many messages by '
  'others came after your last_read_at (mark_chat_read); page with p_before and p_before_id as '
  'feed does.';
revoke execute on function public.my_chats(integer, timestamptz, uuid) from public, anon;
grant execute on function public.my_chats(integer, timestamptz, uuid) to authenticated, service_role;

-- NTF-08: realtime, the Supabase way. Clients subscribe to their inbox in two ways, authorized by
-- the database:
-- * Postgres Changes: chat_messages and notifications are in the publication supabase_realtime
--   (created where missing, on any PostgreSQL), and Realtime shows a subscriber each change
--   their RLS reads.
-- * Broadcast, where Supabase Realtime is installed: each new notification, and each new
--   message, goes to the private topic user:<id> of each user who reads it
--   (realtime.broadcast_changes); realtime.messages' policies let a user receive their own
--   topic only, and send to none. There is no topic per chat, for messages or for what clients
--   broadcast to each other (typing, presence): Realtime authorizes a topic once, when it is
--   joined, not per message, so a chat's topic would carry what a participant sends to one who
--   blocked them, and their presence, from the block on (BLK-03, BLK-07).
do $$
begin
  if not exists (select from pg_catalog.pg_publication where pubname = 'supabase_realtime') then
    create publication supabase_realtime;
    comment on publication supabase_realtime is 'kithdb: created where Supabase had not.';
  end if;
  alter publication supabase_realtime add table public.chat_messages, public.notifications;
end
$$;

do $do$
begin
  if pg_catalog.to_regprocedure('realtime.broadcast_changes(text, text, text, text, text, '
                                'record, record, text)') is null then
    return;
  end if;
  execute $sql$
    create function kithdb.notifications_broadcast() returns trigger
    language plpgsql security definer
    set search_path = ''
    as $$
    begin
      perform realtime.broadcast_changes(
        'user:' operator(pg_catalog.||) new.recipient_id::pg_catalog.text, 'notification',
        tg_op, tg_table_name, tg_table_schema, new, null);
      return null;
    end
    $$
  $sql$;
  comment on function kithdb.notifications_broadcast() is
    'AFTER INSERT on notifications: the row to its recipient''s topic user:<id> (NTF-08). '
    'Definer because API users may not write realtime.messages.';
  revoke execute on function kithdb.notifications_broadcast() from public, anon;
  create trigger notifications_broadcast
    after insert on public.notifications
    for each row execute function kithdb.notifications_broadcast();

  execute $sql$
    create function kithdb.chat_messages_broadcast() returns trigger
    language plpgsql security definer
    set search_path = ''
    as $$
    begin
      -- Fired after chat_messages_announce (triggers fire in name order), which has taken the
      -- chat's lock and checked the isolation level (NTF-09).
      perform realtime.broadcast_changes(
        'user:' operator(pg_catalog.||) p.user_id::pg_catalog.text, 'message',
        tg_op, tg_table_name, tg_table_schema, new, null)
      from public.chat_participants p
      where p.chat_id = new.chat_id and p.left_at is null
        and not exists (select from public.blocks b
                        where b.blocker_id = p.user_id and b.blocked_id = new.sender_id)
        and not exists (select from public.blocks b
                        where b.blocker_id = new.sender_id and b.blocked_id = p.user_id);
      return null;
    end
    $$
  $sql$;
  comment on function kithdb.chat_messages_broadcast() is
    'AFTER INSERT on chat_messages: the row to the topic user:<id> of each participant who has '
    'not left and is in no block with its sender (NTF-08). Definer because API users may not '
    'write realtime.messages, nor read the others'' blocks.';
  revoke execute on function kithdb.chat_messages_broadcast() from public, anon;
  create trigger chat_messages_broadcast
    after insert on public.chat_messages
    for each row execute function kithdb.chat_messages_broadcast();

  create policy kithdb_receive_own_topics on realtime.messages
    for select to authenticated
    using (
      realtime.messages.extension in ('broadcast', 'presence')
      and realtime.messages.topic = (select realtime.topic())
      and (select realtime.topic()) = 'user:' || (select auth.uid())::text
    );
end
$do$;

-- PostgREST: reload the schema cache so the API shows this change at once.
notify pgrst, 'reload schema';
