-- depends: 0012_moderation
-- Rate limits: rolling per-user caps on what can be used to spam (friend requests, circle
-- invitations, like-group applications, reports, chat messages per chat) or to make an account's
-- deletion take a lock per row (events, blocks), set in one table that
-- service_role may change; over a cap, PT429 rate_limited and nothing is written. A request or
-- invitation declined by its addressee is not repeated by the same sender for a while
-- (PT409 recently_declined) unless the addressee asks first (RTL-01 to RTL-05).

create type public.rate_limited_action as enum (
  'friend_request', 'circle_invitation', 'like_group', 'report', 'chat_message', 'repeat_declined',
  'event_author_invitation', 'like_group_member', 'event', 'block'
);
comment on type public.rate_limited_action is
  'What public.rate_limits caps: friend requests, circle invitations, like-group applications, '
  'reports, chat messages (per chat), repeating a declined request or invitation, invitations '
  'to author an event, members put in a like group by someone else, events and blocks made.';

create table public.rate_limits (
  action public.rate_limited_action primary key,
  -- A cap per period, never near 2^31.
  -- squawk-ignore prefer-bigint-over-int
  max_count integer not null,
  per interval not null,
  constraint rate_limits_max_count check (max_count >= 0),
  constraint rate_limits_per check (per > interval '0')
);
comment on table public.rate_limits is
  'Each user may do an action at most max_count times in any window of length per (chat '
  'messages: per chat). For repeat_declined, max_count is 0 and per is how long after a decline '
  'the same sender may not ask again. service_role may change the rows.';
comment on column public.rate_limits.action is 'What is capped.';
comment on column public.rate_limits.max_count is 'How many in a window (repeat_declined: 0).';
comment on column public.rate_limits.per is 'The window''s length (repeat_declined: the cool-down).';

insert into public.rate_limits (action, max_count, per) values
  ('friend_request', 50, interval '1 day'),
  ('circle_invitation', 100, interval '1 day'),
  ('like_group', 20, interval '1 day'),
  ('report', 20, interval '1 day'),
  ('chat_message', 30, interval '1 minute'),
  ('repeat_declined', 0, interval '30 days'),
  -- Each notifies its invitee or member; withdrawn and made again, each would notify afresh.
  ('event_author_invitation', 100, interval '1 day'),
  -- 20 applications of 9 friends each, and room to add to them.
  ('like_group_member', 300, interval '1 day'),
  -- An account's deletion takes locks per event it created and per block it is in, and the
  -- server's lock table is shared: thousands of each run it out for every other user.
  ('event', 50, interval '1 day'),
  ('block', 100, interval '1 day');

alter table public.rate_limits enable row level security;
revoke all on table public.rate_limits from anon, authenticated, service_role;
grant select on table public.rate_limits to authenticated;
grant select, insert, update, delete on table public.rate_limits to service_role;

create policy rate_limits_select on public.rate_limits
  for select to authenticated
  using (true);

-- What each user did, for the rolling counts: a row per counted write, pruned as it ages out.
-- Kept apart from the rows it counts, which their writers may delete (a request withdrawn and
-- sent again counts twice).
create table kithdb.rate_events (
  user_id uuid not null references public.profiles (id) on delete cascade,
  action public.rate_limited_action not null,
  scope uuid,
  at timestamptz not null
);
create index rate_events_window_idx on kithdb.rate_events (user_id, action, scope, at);
comment on table kithdb.rate_events is
  'One row per counted write of a user (RTL-01), for the window of public.rate_limits.';
revoke all on table kithdb.rate_events from public, anon, authenticated, service_role;

create function kithdb.count_rate() returns trigger
language plpgsql security definer
set search_path = ''
as $$
declare
  v_me pg_catalog.uuid := kithdb.uid();
  v_action public.rate_limited_action := tg_argv[0]::public.rate_limited_action;
  v_scope pg_catalog.uuid := (pg_catalog.to_jsonb(new) operator(pg_catalog.->>) tg_argv[1])::pg_catalog.uuid;
  v_limit public.rate_limits;
begin
  if v_me is null then
    return null;  -- service_role without a user, a DBA: not a user's action
  end if;
  select * into v_limit from public.rate_limits l where l.action = v_action;
  if not found then
    return null;
  end if;
  -- The user's writes of one kind count one after another, so that two at once cannot both be
  -- the last one allowed. 1802 sets kithdb's rate locks apart from other advisory locks.
  perform pg_catalog.pg_advisory_xact_lock(1802,
    pg_catalog.hashtext(v_me::pg_catalog.text operator(pg_catalog.||) v_action::pg_catalog.text));
  delete from kithdb.rate_events e
  where e.user_id = v_me and e.action = v_action and e.at <= now() - v_limit.per;
  if (select count(*) from kithdb.rate_events e
      where e.user_id = v_me and e.action = v_action and e.scope is not distinct from v_scope)
     >= v_limit.max_count then
    raise exception 'too many of these for now: try again later'
      using errcode = 'PT429', detail = 'rate_limited';
  end if;
  insert into kithdb.rate_events (user_id, action, scope, at)
  values (v_me, v_action, v_scope, now());
  return null;
end
$$;
comment on function kithdb.count_rate() is
  'AFTER INSERT (or re-sent request): counts the acting user''s write of kind tg_argv[0] (per '
  'the column named by tg_argv[1], if any) and refuses it over public.rate_limits: PT429 '
  'rate_limited (RTL-01). Definer because it writes kithdb.rate_events, which no user may; it '
  'counts only the caller.';
revoke execute on function kithdb.count_rate() from public, anon;

create trigger friendships_count_rate
  after insert or update of status on public.friendships
  for each row when (new.status = 'pending')
  execute function kithdb.count_rate('friend_request');
create trigger circle_members_count_rate
  after insert on public.circle_members
  for each row when (new.status = 'invited')
  execute function kithdb.count_rate('circle_invitation');
create trigger like_groups_count_rate
  after insert on public.like_groups
  for each row execute function kithdb.count_rate('like_group');
create trigger reports_count_rate
  after insert on public.reports
  for each row execute function kithdb.count_rate('report');
create trigger chat_messages_count_rate
  after insert on public.chat_messages
  for each row execute function kithdb.count_rate('chat_message', 'chat_id');
create trigger event_author_invitations_count_rate
  after insert on public.event_author_invitations
  for each row execute function kithdb.count_rate('event_author_invitation');
create trigger like_group_members_count_rate
  after insert on public.like_group_members
  for each row when (new.user_id is distinct from kithdb.uid())
  execute function kithdb.count_rate('like_group_member');
create trigger events_count_rate
  after insert on public.events
  for each row execute function kithdb.count_rate('event');
-- Named to fire after every other AFTER trigger of a block, so that the user's rate lock is the
-- last lock the block takes and cannot stand in the order of the others.
create trigger blocks_within_rate
  after insert on public.blocks
  for each row execute function kithdb.count_rate('block');

-- Declines ------------------------------------------------------------------------------------------

create function kithdb.cool_down() returns interval
language plpgsql stable
set search_path = ''
as $$
begin
  return (select l.per from public.rate_limits l where l.action = 'repeat_declined');
end
$$;
comment on function kithdb.cool_down() is
  'How long after a decline the same sender may not ask again (RTL-03, RTL-04).';
revoke execute on function kithdb.cool_down() from public, anon;
grant execute on function kithdb.cool_down() to authenticated, service_role;

create function kithdb.friendships_recently_declined() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if old.updated_at > now() - kithdb.cool_down() then
    raise exception 'they declined your request recently'
      using errcode = 'PT409', detail = 'recently_declined';
  end if;
  return new;
end
$$;
comment on function kithdb.friendships_recently_declined() is
  'BEFORE a declined request is sent again by its sender: refused during the cool-down, PT409 '
  'recently_declined (RTL-03); the addressee asking first is not a repeat.';
revoke execute on function kithdb.friendships_recently_declined() from public, anon;
create trigger friendships_recently_declined
  before update of status on public.friendships
  for each row
  when (old.status = 'declined' and new.status = 'pending' and new.requested_by = old.requested_by)
  execute function kithdb.friendships_recently_declined();

-- RTL-03: the declined row is the cool-down's record; its sender clearing it would start over.
create function kithdb.friendships_keep_decline() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  -- A block ends the pair's rows whatever they are (BLK-02): safety comes before the cool-down.
  if kithdb.is_api_role() and old.requested_by = kithdb.uid()
     and old.updated_at > now() - kithdb.cool_down()
     and not exists (select from public.blocks b
                     where b.blocker_id = old.requested_by
                       and b.blocked_id in (old.user_id, old.friend_id)) then
    raise exception 'they declined your request recently'
      using errcode = 'PT409', detail = 'recently_declined';
  end if;
  return old;
end
$$;
comment on function kithdb.friendships_keep_decline() is
  'BEFORE DELETE of a declined request by its sender: refused during the cool-down, PT409 '
  'recently_declined (RTL-03), but for a block by the sender; the addressee clears it at will.';
revoke execute on function kithdb.friendships_keep_decline() from public, anon;
create trigger friendships_keep_decline
  before delete on public.friendships
  for each row when (old.status = 'declined')
  execute function kithdb.friendships_keep_decline();

-- RTL-03: a block between the pair ends a declined request (BLK-02), not its cool-down, or the
-- sender could block and unblock to ask again at once. The decline is kept here, beyond every
-- API role, and a new request from its sender is refused against it as the declined row's
-- renewal is. The addressee clearing the row without a block forgives, and keeps nothing.
create table kithdb.friendship_declines (
  user_id uuid not null references public.profiles (id) on delete cascade,
  declined_by uuid not null references public.profiles (id) on delete cascade,
  declined_at timestamptz not null,
  primary key (user_id, declined_by)
);
create index friendship_declines_declined_by_idx on kithdb.friendship_declines (declined_by);
comment on table kithdb.friendship_declines is
  'Declined friend requests that a block ended during their cool-down: user_id''s request, '
  'declined by declined_by at declined_at (RTL-03).';
revoke all on table kithdb.friendship_declines from public, anon, authenticated, service_role;

create function kithdb.friendships_record_decline() returns trigger
language plpgsql security definer
set search_path = ''
as $$
declare
  v_addressee pg_catalog.uuid :=
    case when old.requested_by = old.user_id then old.friend_id else old.user_id end;
begin
  if old.updated_at > now() - kithdb.cool_down()
     and exists (select from public.blocks b
                 where b.blocker_id = old.requested_by and b.blocked_id = v_addressee
                    or b.blocker_id = v_addressee and b.blocked_id = old.requested_by)
     -- Not an account's deletion: the row goes with the account.
     and exists (select from public.profiles p where p.id = old.requested_by)
     and exists (select from public.profiles p where p.id = v_addressee) then
    insert into kithdb.friendship_declines (user_id, declined_by, declined_at)
    values (old.requested_by, v_addressee, old.updated_at)
    on conflict (user_id, declined_by) do update set declined_at = excluded.declined_at;
  end if;
  return null;
end
$$;
comment on function kithdb.friendships_record_decline() is
  'AFTER a block ends a declined request during its cool-down: the decline is kept for the '
  'cool-down (RTL-03). Definer because it writes kithdb.friendship_declines, which no user may.';
revoke execute on function kithdb.friendships_record_decline() from public, anon;
create trigger friendships_record_decline
  after delete on public.friendships
  for each row when (old.status = 'declined')
  execute function kithdb.friendships_record_decline();

create function kithdb.friendships_recorded_decline() returns trigger
language plpgsql security definer
set search_path = ''
as $$
declare
  v_other pg_catalog.uuid :=
    case when new.requested_by = new.user_id then new.friend_id else new.user_id end;
begin
  -- The addressee asking first is no repeat, and forgives the decline.
  delete from kithdb.friendship_declines d
  where d.user_id = v_other and d.declined_by = new.requested_by;
  if exists (select from kithdb.friendship_declines d
             where d.user_id = new.requested_by and d.declined_by = v_other
               and d.declined_at > now() - kithdb.cool_down()) then
    raise exception 'they declined your request recently'
      using errcode = 'PT409', detail = 'recently_declined';
  end if;
  return new;
end
$$;
comment on function kithdb.friendships_recorded_decline() is
  'BEFORE a new request: refused, PT409 recently_declined, while its sender''s last one to the '
  'addressee, which a block ended, is in its cool-down; a request from that addressee forgives '
  'it (RTL-03). Definer because it reads kithdb.friendship_declines, which no user may.';
revoke execute on function kithdb.friendships_recorded_decline() from public, anon;
create trigger friendships_recorded_decline
  before insert on public.friendships
  for each row when (new.status = 'pending' and kithdb.is_api_role())
  execute function kithdb.friendships_recorded_decline();

-- Who declined which circle's invitation, and when: the row of the invitation itself is gone.
create table kithdb.circle_declines (
  circle_id uuid not null references public.circles (id) on delete cascade,
  user_id uuid not null references public.profiles (id) on delete cascade,
  declined_at timestamptz not null,
  primary key (circle_id, user_id)
);
create index circle_declines_user_id_idx on kithdb.circle_declines (user_id);
comment on table kithdb.circle_declines is
  'The latest decline of each circle''s invitation by each invitee (RTL-04).';
revoke all on table kithdb.circle_declines from public, anon, authenticated, service_role;

create function kithdb.circle_members_record_decline() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  -- Only deletions lock a circle row against key share: a circle being deleted has no cool-down
  -- to keep, and waiting for it would deadlock with its deletion, which waits for this invitation.
  -- The invitee's own statement only (trigger depth 1): an invitation their block withdrew, which
  -- another admin may have made, is no decline of theirs (BLK-02).
  if kithdb.uid() = old.user_id and pg_catalog.pg_trigger_depth() = 1 then
    insert into kithdb.circle_declines (circle_id, user_id, declined_at)
    select c.id, old.user_id, now() from public.circles c
    where c.id = old.circle_id
      and exists (select from public.profiles p where p.id = old.user_id)  -- not a deletion
    for key share of c skip locked
    on conflict (circle_id, user_id) do update set declined_at = excluded.declined_at;
  end if;
  return null;
end
$$;
comment on function kithdb.circle_members_record_decline() is
  'AFTER an invitee drops their own invitation: recorded for the cool-down (RTL-04), unless the '
  'circle is being deleted. Definer because it writes kithdb.circle_declines, which no user may.';
revoke execute on function kithdb.circle_members_record_decline() from public, anon;
create trigger circle_members_record_decline
  after delete on public.circle_members
  for each row when (old.status = 'invited')
  execute function kithdb.circle_members_record_decline();

create function kithdb.circle_members_recently_declined() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  if exists (select from kithdb.circle_declines d
             where d.circle_id = new.circle_id and d.user_id = new.user_id
               and d.declined_at > now() - kithdb.cool_down()) then
    raise exception 'they declined this circle''s invitation recently'
      using errcode = 'PT409', detail = 'recently_declined';
  end if;
  return null;
end
$$;
comment on function kithdb.circle_members_recently_declined() is
  'AFTER an invitation: refused during the cool-down after the invitee declined this circle''s '
  'last one, PT409 recently_declined (RTL-04). Definer because kithdb.circle_declines is '
  'kithdb''s.';
revoke execute on function kithdb.circle_members_recently_declined() from public, anon;
-- After the row, so after its insert waited for a decline in flight of the invitation before it
-- (the same key), and read by a snapshot taken then; the guard has accepted the inviter.
create trigger circle_members_recently_declined
  after insert on public.circle_members
  for each row when (new.status = 'invited')
  execute function kithdb.circle_members_recently_declined();

-- Who declined to author which event, and when: the row of the invitation itself is gone.
create table kithdb.event_author_declines (
  event_id uuid not null references public.events (id) on delete cascade,
  user_id uuid not null references public.profiles (id) on delete cascade,
  declined_at timestamptz not null,
  primary key (event_id, user_id)
);
create index event_author_declines_user_id_idx on kithdb.event_author_declines (user_id);
comment on table kithdb.event_author_declines is
  'The latest decline of an invitation to author each event by each invitee (RTL-05).';
revoke all on table kithdb.event_author_declines from public, anon, authenticated, service_role;

create function kithdb.event_author_invitations_record_decline() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  -- The invitee drops their own invitation to decline it, and to accept it, whose authorship
  -- then clears the decline (event_authors_clear_decline). An event or account being deleted
  -- keeps nothing, nor an invitation the invitee's block withdrew (trigger depth 1: their own
  -- statement only; BLK-02).
  if kithdb.uid() = old.user_id and pg_catalog.pg_trigger_depth() = 1 then
    insert into kithdb.event_author_declines (event_id, user_id, declined_at)
    select e.id, old.user_id, now() from public.events e
    where e.id = old.event_id
      and exists (select from public.profiles p where p.id = old.user_id)
    for key share of e skip locked
    on conflict (event_id, user_id) do update set declined_at = excluded.declined_at;
  end if;
  return null;
end
$$;
comment on function kithdb.event_author_invitations_record_decline() is
  'AFTER an invitee drops their own invitation to author an event: recorded for the cool-down '
  '(RTL-05), unless the event is being deleted. Definer because it writes '
  'kithdb.event_author_declines, which no user may.';
revoke execute on function kithdb.event_author_invitations_record_decline() from public, anon;
create trigger event_author_invitations_record_decline
  after delete on public.event_author_invitations
  for each row execute function kithdb.event_author_invitations_record_decline();

create function kithdb.event_authors_clear_decline() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  delete from kithdb.event_author_declines d
  where d.event_id = new.event_id and d.user_id = new.user_id;
  return null;
end
$$;
comment on function kithdb.event_authors_clear_decline() is
  'AFTER a user becomes an author of an event: whatever invitation they dropped was accepted, '
  'no decline (RTL-05). Definer because kithdb.event_author_declines is kithdb''s.';
revoke execute on function kithdb.event_authors_clear_decline() from public, anon;
create trigger event_authors_clear_decline
  after insert on public.event_authors
  for each row execute function kithdb.event_authors_clear_decline();

create function kithdb.event_author_invitations_recently_declined() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  if exists (select from kithdb.event_author_declines d
             where d.event_id = new.event_id and d.user_id = new.user_id
               and d.declined_at > now() - kithdb.cool_down()) then
    raise exception 'they declined to author this event recently'
      using errcode = 'PT409', detail = 'recently_declined';
  end if;
  return null;
end
$$;
comment on function kithdb.event_author_invitations_recently_declined() is
  'AFTER an invitation to author an event: refused during the cool-down after the invitee '
  'declined the event''s last one, PT409 recently_declined (RTL-05). Definer because '
  'kithdb.event_author_declines is kithdb''s.';
revoke execute on function kithdb.event_author_invitations_recently_declined() from public, anon;
-- After the row, so after its insert waited for a decline in flight of the invitation before it
-- (the same key), and read by a snapshot taken then; the guard has accepted the inviter.
create trigger event_author_invitations_recently_declined
  after insert on public.event_author_invitations
  for each row execute function kithdb.event_author_invitations_recently_declined();

-- PostgREST: reload the schema cache so the API shows this change at once.
notify pgrst, 'reload schema';
