-- depends: 0006_circles
-- Events and their authors. The creator is the first author, added by trigger; the other
-- authors are friends of the creator who accepted an invitation; nobody is added or removed by
-- others once the event has started, and an author may always step down.

-- EVT-10: a cancelled event stays, for the groups that were to attend and their chats.
create type public.event_status as enum ('scheduled', 'cancelled');
comment on type public.event_status is
  'scheduled: on; cancelled: called off by an author, kept for those who were to attend.';

create table public.events (
  id uuid primary key default gen_random_uuid(),
  creator_id uuid default auth.uid() references public.profiles (id) on delete set null,
  title text not null,
  description text,
  starts_at timestamptz not null,
  ends_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  status public.event_status not null default 'scheduled',
  cancelled_at timestamptz,
  constraint events_cancelled_at check ((status = 'cancelled') = (cancelled_at is not null)),
  constraint events_creator_unless_cancelled check (creator_id is not null or status = 'cancelled'),
  constraint events_title_length check (char_length(title) between 1 and 120),
  constraint events_title_trimmed check (title = btrim(title)),
  constraint events_title_not_blank
    check (title ~ '^[!-~]' or not kithdb.is_blank(title)),
  constraint events_description_length check (char_length(description) <= 2000),
  constraint events_ends_after_start check (ends_at is null or ends_at > starts_at)
);
create index events_creator_id_idx on public.events (creator_id);
create index events_starts_at_idx on public.events (starts_at);
comment on table public.events is
  'An event, readable by every signed-in user; changed and deleted by its authors.';
comment on column public.events.id is 'The event''s id.';
comment on column public.events.creator_id is
  'Who created the event; always one of its authors. Null only on a cancelled event whose creator '
  'deleted their account with no other author to take it.';
comment on column public.events.title is 'Title, trimmed, 1–120 characters.';
comment on column public.events.description is 'Optional description, at most 2000 characters.';
comment on column public.events.starts_at is 'When the event starts: its authors and like groups freeze then.';
comment on column public.events.ends_at is 'When the event ends (optional, after starts_at).';
comment on column public.events.created_at is 'When the event was created.';
comment on column public.events.updated_at is 'When the event was last changed.';
comment on column public.events.status is 'scheduled, or cancelled by an author (for good).';
comment on column public.events.cancelled_at is 'When it was cancelled; null while scheduled.';

create table public.event_authors (
  event_id uuid not null references public.events (id) on delete cascade,
  user_id uuid not null references public.profiles (id) on delete cascade,
  added_at timestamptz not null default now(),
  primary key (event_id, user_id)
);
create index event_authors_user_id_idx on public.event_authors (user_id, event_id);
comment on table public.event_authors is
  'The authors of an event: its creator and the friends of the creator added as authors.';
comment on column public.event_authors.event_id is 'The event.';
comment on column public.event_authors.user_id is 'An author of the event.';
comment on column public.event_authors.added_at is 'When they became an author.';

-- EVT-08: nobody is made an author without consent. An author invites; the invitee's acceptance
-- turns the invitation into an event_authors row, so every reader of event_authors sees only
-- people who said yes.
create table public.event_author_invitations (
  event_id uuid not null references public.events (id) on delete cascade,
  user_id uuid not null references public.profiles (id) on delete cascade,
  invited_by uuid default auth.uid() references public.profiles (id) on delete set null,
  created_at timestamptz not null default now(),
  primary key (event_id, user_id)
);
create index event_author_invitations_user_id_idx on public.event_author_invitations (user_id);
create index event_author_invitations_invited_by_idx
  on public.event_author_invitations (invited_by);
comment on table public.event_author_invitations is
  'Invitations to author an event, seen by the invitee and the event''s authors; the invitee '
  'accepts (becoming an author) or declines, an author withdraws.';
comment on column public.event_author_invitations.event_id is 'The event.';
comment on column public.event_author_invitations.user_id is 'Who is invited to author it.';
comment on column public.event_author_invitations.invited_by is
  'The author who invited them (not readable through the API: it could name an author hidden '
  'from a reader, BLK-03); null once that account is deleted.';
comment on column public.event_author_invitations.created_at is 'When they were invited.';

create trigger events_refuse_gone_account
  before insert on public.events
  for each statement execute function kithdb.refuse_gone_account();
create trigger events_touch_updated_at
  before update on public.events
  for each row execute function kithdb.touch_updated_at();

-- SEC-12: ids that name an event without a foreign key (notifications, reports) keep naming it,
-- also once the event has no author left to hold it.
create trigger events_id_immutable
  before update on public.events
  for each row
  when (new.id is distinct from old.id)
  execute function kithdb.refuse_row_move('event_id_immutable', 'an event keeps its id');

create function kithdb.is_event_author(p_event_id uuid, p_user_id uuid) returns boolean
language plpgsql stable
set search_path = ''
as $$
begin
  return exists (
    select from public.event_authors a where a.event_id = p_event_id and a.user_id = p_user_id
  );
end
$$;
comment on function kithdb.is_event_author(uuid, uuid) is
  'True when p_user_id is an author of p_event_id (authors are public to signed-in users).';
revoke execute on function kithdb.is_event_author(uuid, uuid) from public, anon;
grant execute on function kithdb.is_event_author(uuid, uuid) to authenticated, service_role;

create function kithdb.is_friend_of_event_creator(p_event_id uuid, p_user_id uuid) returns boolean
language plpgsql stable security definer
set search_path = ''
as $$
declare
  v_me pg_catalog.uuid := kithdb.uid();
begin
  return exists (
    select from public.events e
    join public.event_authors a on a.event_id = e.id and a.user_id = v_me
    join public.friendships f
      on f.user_id = least(e.creator_id, p_user_id) and f.friend_id = greatest(e.creator_id, p_user_id)
    where e.id = p_event_id and f.status = 'accepted'
  ) and not kithdb.hides_from(p_user_id, v_me);
end
$$;
comment on function kithdb.is_friend_of_event_creator(uuid, uuid) is
  'True when the caller authors p_event_id and p_user_id is an accepted friend of its creator '
  'who has not blocked the caller (BLK-03); false for anyone else who asks (CIR-12). Definer: an '
  'author adding someone cannot see the creator''s friendships.';
revoke execute on function kithdb.is_friend_of_event_creator(uuid, uuid) from public, anon;
grant execute on function kithdb.is_friend_of_event_creator(uuid, uuid) to authenticated, service_role;

create function kithdb.events_add_creator() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  insert into public.event_authors (event_id, user_id) values (new.id, new.creator_id);
  return null;
end
$$;
comment on function kithdb.events_add_creator() is
  'AFTER INSERT on events: the creator is the first author (EVT-01). Definer: authors are '
  'otherwise added only by existing authors.';
revoke execute on function kithdb.events_add_creator() from public, anon;
create trigger events_add_creator
  after insert on public.events
  for each row execute function kithdb.events_add_creator();

create function kithdb.events_guard() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  -- EVT-09: the event passes to another author only when its creator steps down (trigger
  -- event_authors_pass_event), never by an API role's own update. ACC-02: it names nobody only
  -- once its creator's account is gone.
  if new.creator_id is distinct from old.creator_id
     and (kithdb.is_api_role()
          or (new.creator_id is null
              and exists (select from public.profiles p where p.id = old.creator_id))
          or (new.creator_id is not null and not kithdb.is_event_author(new.id, new.creator_id)))
  then
    raise exception 'the creator of an event changes only when they step down'
      using errcode = '42501', detail = 'event_creator_immutable';
  end if;
  -- EVT-10: a cancelled event is kept as it was, for those who were to attend.
  if kithdb.is_api_role() and old.status = 'cancelled' then
    raise exception 'the event is cancelled' using errcode = 'PT409', detail = 'event_cancelled';
  end if;
  if new.status is distinct from old.status then
    new.cancelled_at := case when new.status = 'cancelled' then now() end;
  end if;
  -- EVT-06: moving a started event's start (forward, then back) would reopen its authors (EVT-04).
  -- Started as of this row's write, not of the transaction's start: a request that began before
  -- the start came does not move it after, when the expiry may have withdrawn its invitations.
  if kithdb.is_api_role() and old.starts_at <= pg_catalog.clock_timestamp()
     and new.starts_at is distinct from old.starts_at then
    raise exception 'the event has started: its start is fixed'
      using errcode = 'PT409', detail = 'event_started';
  end if;
  return new;
end
$$;
comment on function kithdb.events_guard() is
  'BEFORE UPDATE on events: the creator changes only to another author, never by an API role '
  '(EVT-01, EVT-09); a cancelled event stays as it is, and cancelled_at follows the status '
  '(EVT-10); the start of a started event is fixed (EVT-06).';
revoke execute on function kithdb.events_guard() from public, anon;
create trigger events_guard
  before update on public.events
  for each row execute function kithdb.events_guard();

-- Applications to an event (its like groups) against what changes who may apply: a cancellation
-- and a new author. Taken before the event's authors lock, and before any user's lock
-- (kithdb.lock_user_blocks), by every path that takes them.
create function kithdb.lock_event_applications(p_event_id uuid, p_exclusive boolean)
returns void
language plpgsql
set search_path = ''
as $$
declare
  v_key pg_catalog.int8 := pg_catalog.hashtextextended(
    'event applications/' operator(pg_catalog.||) p_event_id::pg_catalog.text, 0);
begin
  if pg_catalog.current_setting('transaction_isolation') operator(pg_catalog.<>) 'read committed' then
    raise exception 'a new like group, a new author or a cancellation must see what was '
      'committed while it waited: use READ COMMITTED'
      using errcode = '25001', detail = 'read_committed_required';
  end if;
  if p_exclusive then
    perform pg_catalog.pg_advisory_xact_lock(v_key);
  else
    perform pg_catalog.pg_advisory_xact_lock_shared(v_key);
  end if;
end
$$;
comment on function kithdb.lock_event_applications(uuid, boolean) is
  'Orders a cancellation of p_event_id, or a new author (exclusive), against the like groups '
  'being made for it (shared, then the event is read): the exclusive side sees every group made '
  'before it, and a group made after it sees the event cancelled or the new author (EVT-10, '
  'LGR-12). Refuses any level but READ COMMITTED (25001 read_committed_required).';
revoke execute on function kithdb.lock_event_applications(uuid, boolean) from public, anon;
grant execute on function kithdb.lock_event_applications(uuid, boolean) to service_role;

-- EVT-09: one change of an event's authors at a time (an invitation, an acceptance, a departure,
-- a removal): each checks what the one before committed, so two departures never leave the event
-- without an author and two acceptances never seat a blocked pair together.
create function kithdb.lock_event_authors(p_event_id uuid) returns void
language plpgsql
set search_path = ''
as $$
begin
  if kithdb.is_api_role()
     and pg_catalog.current_setting('transaction_isolation') operator(pg_catalog.<>) 'read committed'
  then
    raise exception 'a change of an event''s authors must see what was committed while it '
      'waited: use READ COMMITTED' using errcode = '25001', detail = 'read_committed_required';
  end if;
  perform pg_catalog.pg_advisory_xact_lock(pg_catalog.hashtextextended(
    'event authors/' operator(pg_catalog.||) p_event_id::pg_catalog.text, 0));
end
$$;
comment on function kithdb.lock_event_authors(uuid) is
  'Serialises the changes of p_event_id''s authors and invitations until the transaction ends; '
  'an API user must be in READ COMMITTED (25001 read_committed_required).';
revoke execute on function kithdb.lock_event_authors(uuid) from public, anon;
grant execute on function kithdb.lock_event_authors(uuid) to authenticated, service_role;

create function kithdb.require_unblocked_authors(p_event_id uuid, p_user_id uuid) returns void
language plpgsql security definer
set search_path = ''
as $$
declare
  v_me pg_catalog.uuid := kithdb.uid();
  -- The caller's own pair is kithdb.require_reachable's to answer, as a user who does not exist.
  v_authors pg_catalog.uuid[] := array(
    select a.user_id from public.event_authors a
    where a.event_id = p_event_id and a.user_id <> v_me);
begin
  -- An author is answered about a user they may invite, as the invitation would be: a friend of
  -- the creator who has not blocked them (BLK-01).
  if kithdb.is_event_author(p_event_id, v_me) then
    if kithdb.is_friend_of_event_creator(p_event_id, p_user_id) then
      perform kithdb.require_unblocked_among(p_user_id, v_authors);
      -- ACC-02: the event of a deleted account stays hidden from each user it blocked, as its
      -- block would keep them apart were it standing.
      if exists (select from kithdb.event_hides h
                 where h.event_id = p_event_id and h.user_id = p_user_id) then
        raise exception 'one of these users blocked another'
          using errcode = '42501', detail = 'blocked_pair';
      end if;
    end if;
  elsif p_user_id = v_me and exists (select from public.event_author_invitations i
                                     where i.event_id = p_event_id and i.user_id = v_me) then
    -- An invitee and an author in a block: the invitation is gone, as a block withdraws it,
    -- whoever blocked whom (BLK-03).
    begin
      perform kithdb.require_unblocked_among(p_user_id, v_authors);
    exception when insufficient_privilege then
      raise exception 'no invitation to author this event'
        using errcode = 'PT404', detail = 'event_author_invitation_not_found';
    end;
  end if;
end
$$;
comment on function kithdb.require_unblocked_authors(uuid, uuid) is
  'For an author inviting p_user_id, a friend of the creator who has not blocked them, to '
  'p_event_id''s authors: 42501 blocked_pair when a block stands between p_user_id and another '
  'author (nothing about anyone else); for p_user_id accepting an invitation to them: '
  'PT404 event_author_invitation_not_found (BLK-03, BLK-04). Either way each pair''s shared lock '
  'is held. Definer because blocks between others are hidden from the caller; it answers only '
  'an author of the event, or its invitee, and never about the caller''s own pairs.';
revoke execute on function kithdb.require_unblocked_authors(uuid, uuid) from public, anon;
grant execute on function kithdb.require_unblocked_authors(uuid, uuid) to authenticated, service_role;

-- EVT-09: a creator who steps down passes the event to the author who joined first, so that an
-- event always has a creator among its authors (EVT-03). The event becomes theirs, so the first
-- in line who blocked none of the other authors takes it (BLK-02): a blocked author would have
-- to leave it. Each candidate's pairs are locked before its blocks are read, so a block in
-- flight is seen.
-- Once the event is the heir's, their blocks hide it, and the notifications naming it, from the
-- users they blocked (BLK-03, NTF-03): a block of theirs in flight would read the event as
-- someone else's, and the pass would not read the block. So the pass first takes the candidates'
-- blocker locks exclusive (kithdb.lock_blocks_by): it waits for their blocks in flight, and
-- their blocks to come wait for it. Not that of a candidate who blocked the creator: to the
-- creator they do not exist, and the wait would time their writes.
create function kithdb.pass_event_from(p_event_id uuid, p_creator uuid) returns boolean
language plpgsql security definer
set search_path = ''
as $$
declare
  v_others pg_catalog.uuid[];
  v_candidate pg_catalog.uuid;
  v_next pg_catalog.uuid;
begin
  perform kithdb.lock_event_authors(p_event_id);
  if not exists (select from public.events e
                 where e.id = p_event_id and e.creator_id = p_creator) then
    return true;
  end if;
  -- An author whose account goes in the same statement (a DBA deleting several) is no heir.
  v_others := array(select a.user_id from public.event_authors a
                    where a.event_id = p_event_id and a.user_id <> p_creator
                      and exists (select from public.profiles p where p.id = a.user_id)
                    order by a.added_at, a.user_id);
  if cardinality(v_others) = 0 then
    return false;
  end if;
  perform kithdb.lock_blocks_by(o, true)
  from pg_catalog.unnest(array(select o from pg_catalog.unnest(v_others) o
                               where not kithdb.hides_from(o, p_creator) order by o)) o;
  foreach v_candidate in array v_others loop
    perform kithdb.lock_pair(v_candidate, o, false) from pg_catalog.unnest(v_others) o
    where o <> v_candidate;
    if not exists (select from public.blocks b
                   where b.blocker_id = v_candidate and b.blocked_id = any (v_others)) then
      v_next := v_candidate;
      exit;
    end if;
  end loop;
  update public.events e set creator_id = coalesce(v_next, v_others[1]) where e.id = p_event_id;
  if v_next is null then  -- every one of them blocked another: the first takes it, alone
    delete from public.event_authors a
    where a.event_id = p_event_id and a.user_id <> p_creator
      and a.user_id in (select b.blocked_id from public.blocks b
                        where b.blocker_id = v_others[1]);
  end if;
  return true;
end
$$;
comment on function kithdb.pass_event_from(uuid, uuid) is
  'If p_creator created p_event_id: the first other author in line who blocked none of the '
  'others becomes its creator, once their blocks in flight have committed (NTF-03); false when '
  'no other author is left. Definer because no API role may change an event''s creator '
  '(EVT-09); it acts for any creator, so only definers run it.';
revoke execute on function kithdb.pass_event_from(uuid, uuid)
  from public, anon, authenticated, service_role;

create function kithdb.lock_new_authorship(p_event_id uuid) returns void
language plpgsql
security definer
set search_path = ''
as $$
begin
  if exists (select from public.event_author_invitations i
             where i.event_id = p_event_id and i.user_id = kithdb.uid()) then
    -- The event's row first, as its deletion takes it before its cascade reaches the invitation
    -- that the acceptance uses up: each then waits for the other (EVT-07).
    perform from public.events e where e.id = p_event_id for key share;
    perform kithdb.lock_event_applications(p_event_id, true);
    perform kithdb.lock_user_blocks(kithdb.uid(), true);
  end if;
end
$$;
comment on function kithdb.lock_new_authorship(uuid) is
  'Definer because API roles may not take these locks at will (an invitee may not lock the '
  'event''s row); it takes them only for the caller''s own acceptance of an invitation to author '
  'p_event_id, and answers nothing (LGR-12, EVT-07).';
revoke execute on function kithdb.lock_new_authorship(uuid) from public, anon;
grant execute on function kithdb.lock_new_authorship(uuid) to authenticated, service_role;

create function kithdb.lock_new_invitation(p_event_id uuid) returns void
language plpgsql
security definer
set search_path = ''
as $$
begin
  if kithdb.is_event_author(p_event_id, kithdb.uid()) then
    perform kithdb.lock_event_applications(p_event_id, false);
  end if;
end
$$;
comment on function kithdb.lock_new_invitation(uuid) is
  'Definer because API roles may not take this lock at will; it takes the event''s applications '
  'lock, shared, only for an author of p_event_id inviting someone to author it, and answers '
  'nothing (EVT-10).';
revoke execute on function kithdb.lock_new_invitation(uuid) from public, anon;
grant execute on function kithdb.lock_new_invitation(uuid) to authenticated, service_role;

create function kithdb.event_authors_guard() returns trigger
language plpgsql
set search_path = ''
as $$
declare
  v_event public.events;
  v_row public.event_authors := case when tg_op = 'DELETE' then old else new end;
begin
  if kithdb.is_api_role() and tg_op = 'INSERT' then
    -- EVT-08: only the invitee turns an invitation into authorship, and it is used up doing so.
    -- Refused before anything is read about the event (SEC-08).
    if new.user_id is distinct from kithdb.require_uid() then
      raise exception 'an author joins by accepting an invitation'
        using errcode = '42501', detail = 'event_author_requires_invitation';
    end if;
    -- LGR-12: a new author waits for the applications and the blocks of theirs in flight.
    perform kithdb.lock_new_authorship(new.event_id);
    perform kithdb.lock_event_authors(new.event_id);
    if not exists (select from public.event_author_invitations i
                   where i.event_id = new.event_id and i.user_id = new.user_id) then
      raise exception 'an author joins by accepting an invitation'
        using errcode = '42501', detail = 'event_author_requires_invitation';
    end if;
    perform kithdb.require_unblocked_authors(new.event_id, new.user_id);
    delete from public.event_author_invitations i
    where i.event_id = new.event_id and i.user_id = new.user_id;
    if not found then
      raise exception 'an author joins by accepting an invitation'
        using errcode = '42501', detail = 'event_author_requires_invitation';
    end if;
    select * into v_event from public.events e where e.id = new.event_id;
    if v_event.status = 'cancelled' then
      raise exception 'the event is cancelled' using errcode = 'PT409', detail = 'event_cancelled';
    end if;
    -- Started as of this write, also for a request that began before the start (EVT-04).
    if v_event.starts_at <= pg_catalog.clock_timestamp() then
      raise exception 'the event has started: its authors are fixed'
        using errcode = 'PT409', detail = 'event_started';
    end if;
    -- The friendship the invitation was made on may have ended since (EVT-02).
    if not exists (
      select from public.friendships f
      where f.user_id = least(v_event.creator_id, new.user_id)
        and f.friend_id = greatest(v_event.creator_id, new.user_id) and f.status = 'accepted'
    ) then
      raise exception 'an author must be a friend of the event''s creator'
        using errcode = '42501', detail = 'author_not_friend_of_creator';
    end if;
    return new;
  end if;
  -- SEC-08: an API user who is not an author is refused before anything is read about the event
  -- or the named user, with the answer every such caller gets.
  if kithdb.is_api_role() and not kithdb.is_event_author(v_row.event_id, kithdb.require_uid()) then
    raise exception 'only an author of the event can do this'
      using errcode = '42501', detail = 'not_event_author';
  end if;
  select * into v_event from public.events e where e.id = v_row.event_id;
  if not found then
    return v_row;  -- the event is being deleted: its authors go with it
  end if;
  -- LGR-12, as above; a new event's creator meets no application or block.
  if tg_op = 'INSERT' and new.user_id is distinct from v_event.creator_id then
    perform kithdb.lock_event_applications(new.event_id, true);
    perform kithdb.lock_user_blocks(new.user_id, true);
  end if;
  -- A creator's own step-down changes the event's row (EVT-09): before the authors' lock, as a
  -- cancellation takes it before the applications', so that the three do not wait in a ring.
  -- leave_event_authors takes it before the author's row as well, as an account deletion does.
  if tg_op = 'DELETE' and kithdb.is_api_role() and old.user_id = kithdb.uid()
     and old.user_id = v_event.creator_id then
    perform from public.events e where e.id = old.event_id for no key update;
  end if;
  perform kithdb.lock_event_authors(v_row.event_id);
  select * into v_event from public.events e where e.id = v_row.event_id;
  if tg_op = 'INSERT' then
    -- A trusted writer's author needs no invitation any more.
    delete from public.event_author_invitations i
    where i.event_id = new.event_id and i.user_id = new.user_id;
    return new;
  end if;
  -- EVT-09: an author may always step down; the last one may not, and a creator passes the event
  -- once their authorship is gone (trigger event_authors_pass_event).
  if kithdb.is_api_role() and old.user_id = kithdb.uid() then
    return old;
  end if;
  if old.user_id = v_event.creator_id then
    -- Only an account deletion (never an API role's statement) takes the creator away; an API
    -- caller's view of profiles hides those who blocked them.
    if kithdb.is_api_role() or exists (select from public.profiles p where p.id = old.user_id) then
      raise exception 'the creator of an event is always one of its authors'
        using errcode = 'PT409', detail = 'cannot_remove_event_creator';
    end if;
    return old;
  end if;
  if not kithdb.is_api_role() then
    return old;  -- trusted writers may change the authors of a past event
  end if;
  if v_event.starts_at <= pg_catalog.clock_timestamp() then  -- as of this write (EVT-04)
    raise exception 'the event has started: its authors are fixed'
      using errcode = 'PT409', detail = 'event_started';
  end if;
  return old;
end
$$;
comment on function kithdb.event_authors_guard() is
  'BEFORE INSERT/DELETE on event_authors: an API user joins only by accepting their invitation, '
  'as a friend of the creator, before the start (EVT-02, EVT-04, EVT-08); the creator stays '
  '(EVT-03); an author steps down unless they are the last (EVT-09).';
revoke execute on function kithdb.event_authors_guard() from public, anon;
create trigger event_authors_guard
  before insert or delete on public.event_authors
  for each row execute function kithdb.event_authors_guard();

-- EVT-08: an authorship stays with its user and event, for trusted writers too: moved, it would
-- make an author of someone who never accepted.
create trigger event_authors_immutable
  before update on public.event_authors
  for each row
  when ((new.event_id, new.user_id) is distinct from (old.event_id, old.user_id))
  execute function kithdb.refuse_row_move(
    'event_author_immutable', 'an authorship cannot move to another user or event');

-- EVT-09: a creator who stepped down passes the event. The creator is always an author (EVT-03),
-- so only a creator can be the last one, and that step is refused. A trigger, not a function an
-- API role may call: the event passes only with its creator's authorship.
create function kithdb.event_authors_pass_event() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  if not kithdb.pass_event_from(old.event_id, old.user_id) then
    raise exception 'the last author of an event cannot step down'
      using errcode = 'PT409', detail = 'last_event_author';
  end if;
  return null;
end
$$;
comment on function kithdb.event_authors_pass_event() is
  'AFTER an API user''s own authorship of an event is deleted: if they created it, it passes to '
  'another author (PT409 last_event_author when none is left). Definer because it runs '
  'kithdb.pass_event_from, which only definers may.';
revoke execute on function kithdb.event_authors_pass_event() from public, anon;
create trigger event_authors_pass_event
  after delete on public.event_authors
  for each row when (kithdb.is_api_role() and old.user_id = kithdb.uid())
  execute function kithdb.event_authors_pass_event();

-- BLK-03: what an author reads of the event's invitations never names someone in a block with
-- them: a new author's arrival withdraws the invitations of users in a block with them, who
-- could not join them.
create function kithdb.event_authors_part_invitations() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  delete from public.event_author_invitations i
  where i.event_id = new.event_id
    and exists (select from public.blocks b
                where (b.blocker_id = new.user_id and b.blocked_id = i.user_id)
                   or (b.blocker_id = i.user_id and b.blocked_id = new.user_id));
  return null;
end
$$;
comment on function kithdb.event_authors_part_invitations() is
  'AFTER INSERT on event_authors: the invitations of users in a block with the new author are '
  'withdrawn (BLK-02, BLK-03). Definer: reads blocks and deletes invitations beyond the new '
  'author''s RLS.';
revoke execute on function kithdb.event_authors_part_invitations() from public, anon;
create trigger event_authors_part_invitations
  after insert on public.event_authors
  for each row execute function kithdb.event_authors_part_invitations();

create function kithdb.event_author_invitations_guard() returns trigger
language plpgsql
set search_path = ''
as $$
declare
  v_event public.events;
begin
  if not kithdb.is_api_role() then
    return new;  -- trusted writers invite as they see fit
  end if;
  -- SEC-08: a caller who is not an author is refused before anything is read about the event or
  -- the invitee.
  if not kithdb.is_event_author(new.event_id, kithdb.require_uid()) then
    raise exception 'only an author of the event can do this'
      using errcode = '42501', detail = 'not_event_author';
  end if;
  -- EVT-10: the applications lock, shared, as a new like group takes it: a cancellation, which
  -- takes it exclusive before it withdraws the event's invitations, waits for this one, or this
  -- reads the event cancelled. Before the authors lock, as an acceptance takes the two.
  perform kithdb.lock_new_invitation(new.event_id);
  perform kithdb.lock_event_authors(new.event_id);
  -- Asked again under the authors lock: a caller removed while this waited is no author either.
  if not kithdb.is_event_author(new.event_id, kithdb.uid()) then
    raise exception 'only an author of the event can do this'
      using errcode = '42501', detail = 'not_event_author';
  end if;
  -- Key-shared here, where its foreign key would wait for it anyway: an event being deleted is
  -- waited for, and then there is none (as add_event_author answers), not a raw 23503.
  select * into v_event from public.events e where e.id = new.event_id for key share;
  if not found then
    raise exception 'no such event' using errcode = 'PT404', detail = 'event_not_found';
  end if;
  if v_event.status = 'cancelled' then
    raise exception 'the event is cancelled' using errcode = 'PT409', detail = 'event_cancelled';
  end if;
  if v_event.starts_at <= pg_catalog.clock_timestamp() then  -- as of this write (EVT-04)
    raise exception 'the event has started: its authors are fixed'
      using errcode = 'PT409', detail = 'event_started';
  end if;
  -- EVT-11: what an event's authors cost grows with their number (a like group's notifications,
  -- a passing event's pairs), so an API user may not make it unbounded. Counted under the
  -- authors' lock, before anything is read about the invitee.
  if (select count(*) from public.event_authors a where a.event_id = new.event_id)
     + (select count(*) from public.event_author_invitations i where i.event_id = new.event_id)
     >= 20 then
    raise exception 'an event holds at most 20 authors and invitations'
      using errcode = 'PT409', detail = 'event_authors_full';
  end if;
  perform kithdb.require_reachable(new.user_id);
  if kithdb.is_event_author(new.event_id, new.user_id) then
    raise exception 'already an author of this event'
      using errcode = '23505', detail = 'already_event_author';
  end if;
  -- Only a friend of the creator is asked about blocks (BLK-01): anyone else is refused as such.
  if not kithdb.is_friend_of_event_creator(new.event_id, new.user_id) then
    raise exception 'an author must be a friend of the event''s creator'
      using errcode = '42501', detail = 'author_not_friend_of_creator';
  end if;
  perform kithdb.require_unblocked_authors(new.event_id, new.user_id);
  return new;
end
$$;
comment on function kithdb.event_author_invitations_guard() is
  'BEFORE INSERT on event_author_invitations: an author invites a friend of the creator who is '
  'not an author yet, before the start, in their own name, up to 20 authors and invitations '
  '(EVT-02, EVT-04, EVT-08, EVT-11, BLK-04).';
revoke execute on function kithdb.event_author_invitations_guard() from public, anon;
create trigger event_author_invitations_guard
  before insert on public.event_author_invitations
  for each row execute function kithdb.event_author_invitations_guard();

-- SEC-12: an invitation stays with the event, invitee and inviter it was made for: moved, it
-- would leave the notification its insert wrote with the first invitee, naming the first
-- inviter. An inviter's account deletion clears the inviter.
create trigger event_author_invitations_immutable
  before update on public.event_author_invitations
  for each row
  when ((new.event_id, new.user_id) is distinct from (old.event_id, old.user_id)
        or new.invited_by is not null and new.invited_by is distinct from old.invited_by)
  execute function kithdb.refuse_row_move(
    'event_author_invitation_immutable',
    'an invitation cannot move to another event, invitee or inviter');

-- EVT-10, NTF-04: a cancelled event takes no acceptance, so its invitations go (and their
-- notifications with them) rather than wait in the invitees' inboxes for an answer that can only
-- be refused. The applications lock, exclusive, first: an acceptance takes it before it deletes
-- its invitation, and an invitation being made takes it shared before it reads the event, so
-- each waits for the other in one order.
create function kithdb.events_withdraw_author_invitations() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  perform kithdb.lock_event_applications(new.id, true);
  delete from public.event_author_invitations i where i.event_id = new.id;
  return null;
end
$$;
comment on function kithdb.events_withdraw_author_invitations() is
  'AFTER an event is cancelled: its invitations to author it are withdrawn (EVT-10). Definer '
  'because the cancelling author may not withdraw invitations hidden from them.';
revoke execute on function kithdb.events_withdraw_author_invitations() from public, anon;
create trigger events_withdraw_author_invitations
  after update of status on public.events
  for each row when (new.status = 'cancelled' and old.status <> 'cancelled')
  execute function kithdb.events_withdraw_author_invitations();

create trigger events_insert_limit
  after insert on public.events
  referencing new table as new_rows
  for each statement execute function kithdb.limit_api_insert();
create trigger event_authors_insert_limit
  after insert on public.event_authors
  referencing new table as new_rows
  for each statement execute function kithdb.limit_api_insert();
create trigger event_author_invitations_insert_limit
  after insert on public.event_author_invitations
  referencing new table as new_rows
  for each statement execute function kithdb.limit_api_insert();

-- BLK-03: a block takes the blocked user off the authors of the blocker's events, which are
-- hidden from them, and withdraws every invitation that would make the two authors of one event.
create function kithdb.blocks_part_events() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  delete from public.event_authors a
  using public.events e
  where e.id = a.event_id and e.creator_id = new.blocker_id and a.user_id = new.blocked_id;
  delete from public.event_author_invitations i
  where (i.user_id = new.blocked_id
         and (i.invited_by = new.blocker_id
              or exists (select from public.event_authors a
                         where a.event_id = i.event_id and a.user_id = new.blocker_id)))
     or (i.user_id = new.blocker_id
         and (i.invited_by = new.blocked_id
              or exists (select from public.event_authors a
                         where a.event_id = i.event_id and a.user_id = new.blocked_id)));
  return null;
end
$$;
comment on function kithdb.blocks_part_events() is
  'AFTER INSERT on blocks: the blocked user stops authoring the blocker''s events, and the '
  'invitations between the pair or to an event the other authors are withdrawn (BLK-02). '
  'Definer because the blocker''s statement deletes rows its policies do not let it.';
revoke execute on function kithdb.blocks_part_events() from public, anon;
create trigger blocks_part_events
  after insert on public.blocks
  for each row execute function kithdb.blocks_part_events();

alter table public.events enable row level security;
alter table public.event_authors enable row level security;
alter table public.event_author_invitations enable row level security;
revoke all on table public.events, public.event_authors, public.event_author_invitations
  from anon, authenticated, service_role;
grant select, delete on table public.events to authenticated;
-- The id is the database's (ID-06): a client that picked it could re-create a deleted event
-- under an id that circles, groups or rules still name.
grant insert (creator_id, title, description, starts_at, ends_at),
  update (title, description, starts_at, ends_at, status) on table public.events to authenticated;
grant select, delete on table public.event_authors to authenticated;
grant insert (event_id, user_id) on table public.event_authors to authenticated;
grant select (event_id, user_id, created_at), delete on table public.event_author_invitations
  to authenticated;
grant insert (event_id, user_id) on table public.event_author_invitations to authenticated;
grant all on table public.events, public.event_authors, public.event_author_invitations
  to service_role;

-- ACC-02: a block outlives its blocker's account for what the blocker leaves behind. An event
-- of a deleted account stays hidden from each user it blocked (BLK-03), as it was.
create table kithdb.event_hides (
  user_id uuid not null references public.profiles (id) on delete cascade,
  event_id uuid not null references public.events (id) on delete cascade,
  primary key (user_id, event_id)
);
create index event_hides_event_id_idx on kithdb.event_hides (event_id);
comment on table kithdb.event_hides is
  'Events of deleted accounts hidden from the users those accounts blocked (ACC-02, BLK-03); '
  'written by kithdb.profiles_part_account.';
revoke all on table kithdb.event_hides from public, anon, authenticated, service_role;

-- The caller's own sets, which the policies below read: security-barrier views that run as their
-- owner, each returning only the caller's rows (SEC-07). A view is expanded into each statement's
-- plan, where a definer helper would be a call per statement with a plan cached for its first
-- caller (measured in docs/DESIGN.md, "Policies read views").
create view kithdb.my_authored_events with (security_barrier) as
  select a.event_id from public.event_authors a where a.user_id = (select auth.uid());
comment on view kithdb.my_authored_events is
  'Events the caller is an author of, for set-based policies. Runs as its owner: a policy on '
  'event_authors cannot read event_authors under RLS without recursing.';
create view kithdb.my_blockers_events with (security_barrier) as
  select e.id as event_id from public.events e
  where e.creator_id = any (array(select v.user_id from kithdb.my_blockers v))
  union all
  select h.event_id from kithdb.event_hides h where h.user_id = (select auth.uid());
comment on view kithdb.my_blockers_events is
  'The events of the users who blocked the caller, also of those who deleted their account since '
  '(BLK-03, ACC-02), for the events policies. Runs as its owner: as kithdb.my_blockers.';
revoke all on kithdb.my_authored_events, kithdb.my_blockers_events from public, anon;
grant select on kithdb.my_authored_events, kithdb.my_blockers_events to authenticated;

-- The events whose authors the caller does not see (BLK-03), one value behind a call, as
-- kithdb.my_blocker_ids and for the same policy.
create function kithdb.my_hidden_event_ids() returns uuid[]
language plpgsql stable
set search_path = ''
as $$
begin
  return array(select v.event_id from kithdb.my_blockers_events v
               except
               select v.event_id from kithdb.my_authored_events v);
end
$$;
comment on function kithdb.my_hidden_event_ids() is
  'The events of the users who blocked the caller, except those the caller hosts with them '
  '(BLK-03), as an array read once per statement from (select …) in a policy.';
revoke execute on function kithdb.my_hidden_event_ids() from public, anon;
grant execute on function kithdb.my_hidden_event_ids() to authenticated;

-- BLK-03: to the blocked, the blocker's events do not exist, except those they host with them.
create policy events_select on public.events
  for select to authenticated
  using (
    id <> all (array(select v.event_id from kithdb.my_blockers_events v))
    or id = any (array(select v.event_id from kithdb.my_authored_events v))
  );
create policy events_insert on public.events
  for insert to authenticated
  with check (creator_id = (select auth.uid()));

create policy events_update on public.events
  for update to authenticated
  using (id = any (array(select v.event_id from kithdb.my_authored_events v)))
  with check (id = any (array(select v.event_id from kithdb.my_authored_events v)));
create policy events_delete on public.events
  for delete to authenticated
  using (creator_id = (select auth.uid()));

create policy event_authors_select on public.event_authors
  for select to authenticated
  -- The caller's own rows first: an author's own reads (their events, their queue) call
  -- neither function below, which run only when a row needs them. The cast makes each
  -- (select …) one array: `<> all ((select …))` would compare with each row of the sublink.
  using (
    user_id = (select auth.uid())
    or (user_id <> all ((select kithdb.my_blocker_ids())::uuid[])
        and event_id <> all ((select kithdb.my_hidden_event_ids())::uuid[]))
  );

-- EVT-08: the invitee adds themselves; event_authors_guard uses up their invitation.
create policy event_authors_insert on public.event_authors
  for insert to authenticated
  with check (user_id = (select auth.uid()));

-- An author's delete reaches only the authors event_authors_select shows them: PostgreSQL applies
-- the select policy to a delete only when it reads a column, so a delete without a filter would
-- otherwise reach a co-author who blocked them, and its refusal would tell them so (BLK-03,
-- SEC-08).
create policy event_authors_delete on public.event_authors
  for delete to authenticated
  using (
    event_id = any (array(select v.event_id from kithdb.my_authored_events v))
    and (user_id = (select auth.uid())
         or user_id <> all ((select kithdb.my_blocker_ids())::uuid[]))
  );

-- EVT-08: an invitation is seen by its invitee and the event's authors, except, as in
-- event_authors, one of a user who blocked the caller (BLK-03). Who invited is not the API's to
-- read (column grants): it would name authors hidden from some of its readers.
create policy event_author_invitations_select on public.event_author_invitations
  for select to authenticated
  using (
    user_id = (select auth.uid())
    or (event_id = any (array(select v.event_id from kithdb.my_authored_events v))
        and user_id <> all ((select kithdb.my_blocker_ids())::uuid[]))
  );
create policy event_author_invitations_insert on public.event_author_invitations
  for insert to authenticated
  with check (
    invited_by = (select auth.uid())
    and event_id = any (array(select v.event_id from kithdb.my_authored_events v))
  );
-- The invitee declines, an author withdraws what they see.
create policy event_author_invitations_delete on public.event_author_invitations
  for delete to authenticated
  using (
    user_id = (select auth.uid())
    or (event_id = any (array(select v.event_id from kithdb.my_authored_events v))
        and user_id <> all ((select kithdb.my_blocker_ids())::uuid[]))
  );

create function kithdb.event_for_author(p_event_id uuid) returns public.events
language plpgsql stable
set search_path = ''
as $$
declare
  v_me pg_catalog.uuid := kithdb.require_uid();  -- no identity is refused before anything else
  v_event public.events;
begin
  if p_event_id is null then
    raise exception 'p_event_id is required' using errcode = '22023', detail = 'missing_event_id';
  end if;
  select * into v_event from public.events e where e.id = p_event_id;
  if not found then
    raise exception 'no such event' using errcode = 'PT404', detail = 'event_not_found';
  end if;
  if not kithdb.is_event_author(p_event_id, v_me) then
    raise exception 'only an author of the event can do this'
      using errcode = '42501', detail = 'not_event_author';
  end if;
  return v_event;
end
$$;
comment on function kithdb.event_for_author(uuid) is
  'The event, or PT404 event_not_found / 42501 not_event_author for the caller.';
revoke execute on function kithdb.event_for_author(uuid) from public, anon;
grant execute on function kithdb.event_for_author(uuid) to authenticated, service_role;

create function public.create_event(
  p_title text,
  p_starts_at timestamptz,
  p_ends_at timestamptz default null,
  p_description text default null
) returns uuid
language plpgsql
set search_path = ''
as $$
declare
  v_me pg_catalog.uuid := kithdb.require_account();
  v_title pg_catalog.text := btrim(p_title);
  v_id pg_catalog.uuid;
begin
  if v_title is null or (v_title !~ '^[!-~]' and kithdb.is_blank(v_title)) then
    raise exception 'an event needs a title' using errcode = '22023', detail = 'event_title_required';
  end if;
  if char_length(v_title) > 120 then
    raise exception 'an event title has at most 120 characters'
      using errcode = '22023', detail = 'event_title_too_long';
  end if;
  if char_length(p_description) > 2000 then
    raise exception 'an event description has at most 2000 characters'
      using errcode = '22023', detail = 'event_description_too_long';
  end if;
  if p_starts_at is null then
    raise exception 'p_starts_at is required' using errcode = '22023', detail = 'missing_starts_at';
  end if;
  if p_ends_at <= p_starts_at then
    raise exception 'an event ends after it starts'
      using errcode = '22023', detail = 'event_ends_before_start';
  end if;
  insert into public.events (creator_id, title, description, starts_at, ends_at)
  values (v_me, v_title, p_description, p_starts_at, p_ends_at)
  returning id into v_id;
  return v_id;
end
$$;
comment on function public.create_event(text, timestamptz, timestamptz, text) is
  'Create an event with you as its creator and first author; returns its id.';

create function public.add_event_author(p_event_id uuid, p_user_id uuid) returns void
language plpgsql
set search_path = ''
as $$
declare
  v_event public.events := kithdb.event_for_author(p_event_id);
begin
  if p_user_id is null then
    raise exception 'p_user_id is required' using errcode = '22023', detail = 'missing_user_id';
  end if;
  if not exists (select from public.profiles p where p.id = p_user_id) then
    raise exception 'no such user' using errcode = 'PT404', detail = 'user_not_found';
  end if;
  perform kithdb.require_reachable(p_user_id);
  if kithdb.is_event_author(p_event_id, p_user_id) then
    raise exception 'already an author of this event'
      using errcode = '23505', detail = 'already_event_author';
  end if;
  begin
    insert into public.event_author_invitations (event_id, user_id) values (v_event.id, p_user_id);
  exception
    when unique_violation then
      raise exception 'already invited to author this event'
        using errcode = '23505', detail = 'already_invited';
    when foreign_key_violation then  -- the event, or the user's account, went meanwhile
      if not exists (select from public.events e where e.id = v_event.id) then
        raise exception 'no such event' using errcode = 'PT404', detail = 'event_not_found';
      end if;
      raise exception 'no such user' using errcode = 'PT404', detail = 'user_not_found';
  end;
end
$$;
comment on function public.add_event_author(uuid, uuid) is
  'Invite p_user_id, a friend of the event''s creator, to author the event (authors only, before '
  'the start): they become an author when they accept.';

create function public.respond_event_author_invitation(p_event_id uuid, p_accept boolean)
returns void
language plpgsql
set search_path = ''
as $$
declare
  v_me pg_catalog.uuid := kithdb.require_uid();
  v_detail pg_catalog.text;
begin
  if p_event_id is null then
    raise exception 'p_event_id is required' using errcode = '22023', detail = 'missing_event_id';
  end if;
  if p_accept is null then
    raise exception 'p_accept is required' using errcode = '22023', detail = 'missing_accept';
  end if;
  if not exists (select from public.event_author_invitations i
                 where i.event_id = p_event_id and i.user_id = v_me) then
    raise exception 'no invitation to author this event'
      using errcode = 'PT404', detail = 'event_author_invitation_not_found';
  end if;
  if not p_accept then
    delete from public.event_author_invitations i
    where i.event_id = p_event_id and i.user_id = v_me;
    return;
  end if;
  begin
    insert into public.event_authors (event_id, user_id) values (p_event_id, v_me);
  exception
    when insufficient_privilege then
      get stacked diagnostics v_detail = pg_exception_detail;
      if v_detail = 'event_author_requires_invitation' then  -- withdrawn a moment ago
        raise exception 'no invitation to author this event'
          using errcode = 'PT404', detail = 'event_author_invitation_not_found';
      end if;
      raise;
  end;
end
$$;
comment on function public.respond_event_author_invitation(uuid, boolean) is
  'Accept (p_accept = true: you become an author) or decline your invitation to author the '
  'event.';

create function public.leave_event_authors(p_event_id uuid) returns void
language plpgsql
set search_path = ''
as $$
declare
  v_event public.events := kithdb.event_for_author(p_event_id);
begin
  -- A creator's step-down changes the event's row (EVT-09): taken first, before the author's
  -- row, as the creator's account deletion takes it (event_authors_guard takes it before the
  -- authors' lock for a table write).
  perform from public.events e where e.id = v_event.id for no key update;
  if not found then  -- deleted while this waited
    raise exception 'no such event' using errcode = 'PT404', detail = 'event_not_found';
  end if;
  delete from public.event_authors a where a.event_id = v_event.id and a.user_id = kithdb.uid();
end
$$;
comment on function public.leave_event_authors(uuid) is
  'Step down as an author of the event, at any time; a creator passes the event to the author '
  'who joined first; the last author cannot step down.';

create function public.remove_event_author(p_event_id uuid, p_user_id uuid) returns void
language plpgsql
set search_path = ''
as $$
declare
  v_event public.events := kithdb.event_for_author(p_event_id);
begin
  if p_user_id is null then
    raise exception 'p_user_id is required' using errcode = '22023', detail = 'missing_user_id';
  end if;
  if p_user_id = kithdb.uid() then  -- a step-down: its lock first, as leave_event_authors's
    perform from public.events e where e.id = v_event.id for no key update;
  end if;
  delete from public.event_authors a where a.event_id = v_event.id and a.user_id = p_user_id;
  if not found then
    raise exception 'not an author of this event'
      using errcode = 'PT404', detail = 'event_author_not_found';
  end if;
end
$$;
comment on function public.remove_event_author(uuid, uuid) is
  'Remove author p_user_id (authors only, before the start; never the creator); yourself, as '
  'leave_event_authors.';

create function public.cancel_event(p_event_id uuid) returns void
language plpgsql
set search_path = ''
as $$
declare
  v_event public.events := kithdb.event_for_author(p_event_id);
begin
  if v_event.status = 'cancelled' then
    raise exception 'the event is cancelled' using errcode = 'PT409', detail = 'event_cancelled';
  end if;
  update public.events e set status = 'cancelled' where e.id = v_event.id;
  if not found then  -- deleted while this waited
    raise exception 'no such event' using errcode = 'PT404', detail = 'event_not_found';
  end if;
end
$$;
comment on function public.cancel_event(uuid) is
  'Cancel the event (authors only, for good): its pending like groups expire at once; approved '
  'groups and their chats stay, with the event shown cancelled.';

-- EVT-04, NTF-04: a started event takes no acceptance, so its invitations go (their
-- notifications with them) rather than wait in the invitees' inboxes for an answer that can only
-- be refused. The expiry waits for nothing, so it never deadlocks with what it races: it skips an
-- invitation that a decline, an acceptance or a cancellation holds, one whose notification its
-- invitee is marking read (the delete's trigger would wait for that row, while the marking may
-- wait for another this run took), and one whose event is being changed (a start moved to the
-- future in flight keeps its invitations). What it skips goes by itself or at the next run.
create function public.expire_author_invitations() returns integer
language plpgsql
set search_path = ''
as $$
declare
  v_due record;
  v_count integer := 0;
begin
  for v_due in
    select i.event_id, i.user_id from public.event_author_invitations i
    join public.events e on e.id = i.event_id
    where e.starts_at <= now()
    order by i.event_id, i.user_id
    for update of i skip locked
    for share of e skip locked
  loop
    perform from public.notifications n
    where n.recipient_id = v_due.user_id and n.kind = 'event_author_invitation'
      and n.event_id = v_due.event_id
    for update skip locked;
    if not found and exists (select from public.notifications n
                             where n.recipient_id = v_due.user_id
                               and n.kind = 'event_author_invitation'
                               and n.event_id = v_due.event_id) then
      continue;
    end if;
    delete from public.event_author_invitations i
    where i.event_id = v_due.event_id and i.user_id = v_due.user_id;
    v_count := v_count + 1;
  end loop;
  return v_count;
end
$$;
comment on function public.expire_author_invitations() is
  'Withdraw every invitation to author an event that has started; returns how many '
  '(service_role only, every minute by pg_cron where installed: EVT-04).';

revoke execute on function public.create_event(text, timestamptz, timestamptz, text),
  public.add_event_author(uuid, uuid), public.remove_event_author(uuid, uuid),
  public.respond_event_author_invitation(uuid, boolean), public.leave_event_authors(uuid),
  public.cancel_event(uuid), public.expire_author_invitations()
  from public, anon;
grant execute on function public.create_event(text, timestamptz, timestamptz, text),
  public.add_event_author(uuid, uuid), public.remove_event_author(uuid, uuid),
  public.respond_event_author_invitation(uuid, boolean), public.leave_event_authors(uuid),
  public.cancel_event(uuid)
  to authenticated, service_role;
grant execute on function public.expire_author_invitations() to service_role;

call kithdb.schedule_job('kithdb_expire_author_invitations', '* * * * *',
                         'select public.expire_author_invitations()');

-- PostgREST: reload the schema cache so the API shows this change at once.
notify pgrst, 'reload schema';
