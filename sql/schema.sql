--
-- PostgreSQL database dump
--



SET statement_timeout = 0;
SET lock_timeout = 0;
SET idle_in_transaction_session_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);
SET check_function_bodies = false;
SET xmloption = content;
SET client_min_messages = warning;
SET row_security = off;

--
-- Name: auth; Type: SCHEMA; Schema: -; Owner: -
--

CREATE SCHEMA auth;


--
-- Name: extensions; Type: SCHEMA; Schema: -; Owner: -
--

CREATE SCHEMA extensions;


--
-- Name: kithdb; Type: SCHEMA; Schema: -; Owner: -
--

CREATE SCHEMA kithdb;


--
-- Name: SCHEMA kithdb; Type: COMMENT; Schema: -; Owner: -
--

COMMENT ON SCHEMA kithdb IS 'kithdb internals: helpers, trigger functions and privileged steps. Not exposed by PostgREST.';


--
-- Name: pgcrypto; Type: EXTENSION; Schema: -; Owner: -
--

CREATE EXTENSION IF NOT EXISTS pgcrypto WITH SCHEMA extensions;


--
-- Name: EXTENSION pgcrypto; Type: COMMENT; Schema: -; Owner: -
--

COMMENT ON EXTENSION pgcrypto IS 'cryptographic functions';


--
-- Name: uuid-ossp; Type: EXTENSION; Schema: -; Owner: -
--

CREATE EXTENSION IF NOT EXISTS "uuid-ossp" WITH SCHEMA extensions;


--
-- Name: EXTENSION "uuid-ossp"; Type: COMMENT; Schema: -; Owner: -
--

COMMENT ON EXTENSION "uuid-ossp" IS 'generate universally unique identifiers (UUIDs)';


--
-- Name: chat_kind; Type: TYPE; Schema: public; Owner: -
--

CREATE TYPE public.chat_kind AS ENUM (
    'approved_group'
);


--
-- Name: TYPE chat_kind; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON TYPE public.chat_kind IS 'approved_group: the chat of an approved like group.';


--
-- Name: circle_member_status; Type: TYPE; Schema: public; Owner: -
--

CREATE TYPE public.circle_member_status AS ENUM (
    'invited',
    'member'
);


--
-- Name: TYPE circle_member_status; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON TYPE public.circle_member_status IS 'invited: asked by an admin, not yet accepted; member: belongs to the circle.';


--
-- Name: circle_role; Type: TYPE; Schema: public; Owner: -
--

CREATE TYPE public.circle_role AS ENUM (
    'admin',
    'member'
);


--
-- Name: TYPE circle_role; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON TYPE public.circle_role IS 'admin: manages the circle; member: belongs to it.';


--
-- Name: circle_type; Type: TYPE; Schema: public; Owner: -
--

CREATE TYPE public.circle_type AS ENUM (
    'static',
    'dynamic'
);


--
-- Name: TYPE circle_type; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON TYPE public.circle_type IS 'static: members join by invitation; dynamic: members are derived from a rule.';


--
-- Name: event_status; Type: TYPE; Schema: public; Owner: -
--

CREATE TYPE public.event_status AS ENUM (
    'scheduled',
    'cancelled'
);


--
-- Name: TYPE event_status; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON TYPE public.event_status IS 'scheduled: on; cancelled: called off by an author, kept for those who were to attend.';


--
-- Name: friendship_status; Type: TYPE; Schema: public; Owner: -
--

CREATE TYPE public.friendship_status AS ENUM (
    'pending',
    'accepted',
    'declined'
);


--
-- Name: TYPE friendship_status; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON TYPE public.friendship_status IS 'pending: requested, awaiting the addressee; accepted: friends; declined: refused, may be re-sent.';


--
-- Name: like_group_status; Type: TYPE; Schema: public; Owner: -
--

CREATE TYPE public.like_group_status AS ENUM (
    'pending',
    'approved',
    'rejected',
    'expired'
);


--
-- Name: TYPE like_group_status; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON TYPE public.like_group_status IS 'pending: awaiting the authors; approved: accepted, chat open; rejected: vetoed; expired: not decided within 24 hours or before the event started.';


--
-- Name: moderation_action; Type: TYPE; Schema: public; Owner: -
--

CREATE TYPE public.moderation_action AS ENUM (
    'dismiss',
    'remove_content',
    'suspend_user'
);


--
-- Name: TYPE moderation_action; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON TYPE public.moderation_action IS 'What a moderator does with a report.';


--
-- Name: notification_kind; Type: TYPE; Schema: public; Owner: -
--

CREATE TYPE public.notification_kind AS ENUM (
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


--
-- Name: TYPE notification_kind; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON TYPE public.notification_kind IS 'What happened to the recipient (docs/API.md, "notifications"): friendship_requested and friendship_accepted (actor: the other user); circle_invitation (circle_id); event_author_invitation (event_id); like_group_applied, to the event''s authors, and like_group_member_added (like_group_id, event_id; actor: its creator); like_group_approved, _rejected, _expired, to its members; report_resolved (report_id), to its reporter.';


--
-- Name: post_audience; Type: TYPE; Schema: public; Owner: -
--

CREATE TYPE public.post_audience AS ENUM (
    'public',
    'friends',
    'circles'
);


--
-- Name: TYPE post_audience; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON TYPE public.post_audience IS 'Who reads a post besides its author: public (every signed-in user), friends, or circles.';


--
-- Name: rate_limited_action; Type: TYPE; Schema: public; Owner: -
--

CREATE TYPE public.rate_limited_action AS ENUM (
    'friend_request',
    'circle_invitation',
    'like_group',
    'report',
    'chat_message',
    'repeat_declined',
    'event_author_invitation',
    'like_group_member',
    'event',
    'block'
);


--
-- Name: TYPE rate_limited_action; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON TYPE public.rate_limited_action IS 'What public.rate_limits caps: friend requests, circle invitations, like-group applications, reports, chat messages (per chat), repeating a declined request or invitation, invitations to author an event, members put in a like group by someone else, events and blocks made.';


--
-- Name: report_reason; Type: TYPE; Schema: public; Owner: -
--

CREATE TYPE public.report_reason AS ENUM (
    'spam',
    'harassment',
    'hate',
    'violence',
    'sexual',
    'self_harm',
    'other'
);


--
-- Name: TYPE report_reason; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON TYPE public.report_reason IS 'Why a user reports something.';


--
-- Name: report_status; Type: TYPE; Schema: public; Owner: -
--

CREATE TYPE public.report_status AS ENUM (
    'open',
    'dismissed',
    'actioned'
);


--
-- Name: TYPE report_status; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON TYPE public.report_status IS 'open until a moderator resolves it: dismissed (nothing done) or actioned (content removed or user suspended).';


--
-- Name: report_target_kind; Type: TYPE; Schema: public; Owner: -
--

CREATE TYPE public.report_target_kind AS ENUM (
    'post',
    'message',
    'user',
    'circle',
    'event'
);


--
-- Name: TYPE report_target_kind; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON TYPE public.report_target_kind IS 'What a report is about.';


--
-- Name: email(); Type: FUNCTION; Schema: auth; Owner: -
--

CREATE FUNCTION auth.email() RETURNS text
    LANGUAGE sql STABLE
    AS $$
      select coalesce(
        nullif(current_setting('request.jwt.claim.email', true), ''),
        (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'email')
      )::text
    $$;


--
-- Name: FUNCTION email(); Type: COMMENT; Schema: auth; Owner: -
--

COMMENT ON FUNCTION auth.email() IS 'Deprecated. Use auth.jwt() -> ''email'' instead.';


--
-- Name: jwt(); Type: FUNCTION; Schema: auth; Owner: -
--

CREATE FUNCTION auth.jwt() RETURNS jsonb
    LANGUAGE sql STABLE
    AS $$
      select coalesce(
        nullif(current_setting('request.jwt.claim', true), ''),
        nullif(current_setting('request.jwt.claims', true), '')
      )::jsonb
    $$;


--
-- Name: role(); Type: FUNCTION; Schema: auth; Owner: -
--

CREATE FUNCTION auth.role() RETURNS text
    LANGUAGE sql STABLE
    AS $$
      select coalesce(
        nullif(current_setting('request.jwt.claim.role', true), ''),
        (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'role')
      )::text
    $$;


--
-- Name: FUNCTION role(); Type: COMMENT; Schema: auth; Owner: -
--

COMMENT ON FUNCTION auth.role() IS 'Deprecated. Use auth.jwt() -> ''role'' instead.';


--
-- Name: uid(); Type: FUNCTION; Schema: auth; Owner: -
--

CREATE FUNCTION auth.uid() RETURNS uuid
    LANGUAGE sql STABLE
    AS $$
      select coalesce(
        nullif(current_setting('request.jwt.claim.sub', true), ''),
        (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'sub')
      )::uuid
    $$;


--
-- Name: FUNCTION uid(); Type: COMMENT; Schema: auth; Owner: -
--

COMMENT ON FUNCTION auth.uid() IS 'Deprecated. Use auth.jwt() -> ''sub'' instead.';


--
-- Name: add_like_group_member(uuid, uuid); Type: FUNCTION; Schema: kithdb; Owner: -
--

CREATE FUNCTION kithdb.add_like_group_member(p_group_id uuid, p_user_id uuid) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
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


--
-- Name: FUNCTION add_like_group_member(p_group_id uuid, p_user_id uuid); Type: COMMENT; Schema: kithdb; Owner: -
--

COMMENT ON FUNCTION kithdb.add_like_group_member(p_group_id uuid, p_user_id uuid) IS 'Step behind public.add_like_group_member. Definer: API users cannot write like-group tables.';


--
-- Name: approve_like_group(uuid, boolean, uuid[]); Type: FUNCTION; Schema: kithdb; Owner: -
--

CREATE FUNCTION kithdb.approve_like_group(p_group_id uuid, p_approved boolean, p_member_ids uuid[]) RETURNS public.like_group_status
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
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


--
-- Name: FUNCTION approve_like_group(p_group_id uuid, p_approved boolean, p_member_ids uuid[]); Type: COMMENT; Schema: kithdb; Owner: -
--

COMMENT ON FUNCTION kithdb.approve_like_group(p_group_id uuid, p_approved boolean, p_member_ids uuid[]) IS 'Step behind public.approve_like_group. Definer: records the approval and may open a chat for others.';


--
-- Name: are_friends(uuid, uuid); Type: FUNCTION; Schema: kithdb; Owner: -
--

CREATE FUNCTION kithdb.are_friends(a uuid, b uuid) RETURNS boolean
    LANGUAGE plpgsql STABLE
    SET search_path TO ''
    AS $$
begin
  return exists (
    select from public.friendships f
    where f.user_id = least(a, b) and f.friend_id = greatest(a, b) and f.status = 'accepted'
  );
end
$$;


--
-- Name: FUNCTION are_friends(a uuid, b uuid); Type: COMMENT; Schema: kithdb; Owner: -
--

COMMENT ON FUNCTION kithdb.are_friends(a uuid, b uuid) IS 'True when a and b are accepted friends. Invoker: a signed-in caller can only ask about itself.';


--
-- Name: auth_users_lock_account(); Type: FUNCTION; Schema: kithdb; Owner: -
--

CREATE FUNCTION kithdb.auth_users_lock_account() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
begin
  if pg_catalog.current_setting('transaction_isolation') operator(pg_catalog.=) 'read committed'
     and exists (select from public.profiles p where p.id = old.id) then
    perform kithdb.lock_account(old.id);
  end if;
  return old;
end
$$;


--
-- Name: FUNCTION auth_users_lock_account(); Type: COMMENT; Schema: kithdb; Owner: -
--

COMMENT ON FUNCTION kithdb.auth_users_lock_account() IS 'BEFORE DELETE on auth.users: the account''s locks in order before its rows go (ACC-03). Definer because the auth server''s role may lock none of kithdb''s rows.';


--
-- Name: blocks_claim_like_groups(); Type: FUNCTION; Schema: kithdb; Owner: -
--

CREATE FUNCTION kithdb.blocks_claim_like_groups() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
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


--
-- Name: FUNCTION blocks_claim_like_groups(); Type: COMMENT; Schema: kithdb; Owner: -
--

COMMENT ON FUNCTION kithdb.blocks_claim_like_groups() IS 'AFTER INSERT on blocks, before the triggers that change like groups: locks every group they will lock, in one statement and id order, so that two blocks never deadlock on them. Definer because the groups are beyond the blocker''s policies.';


--
-- Name: blocks_end_friendship(); Type: FUNCTION; Schema: kithdb; Owner: -
--

CREATE FUNCTION kithdb.blocks_end_friendship() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
begin
  delete from public.friendships f
  where f.user_id = least(new.blocker_id, new.blocked_id)
    and f.friend_id = greatest(new.blocker_id, new.blocked_id);
  return null;
end
$$;


--
-- Name: FUNCTION blocks_end_friendship(); Type: COMMENT; Schema: kithdb; Owner: -
--

COMMENT ON FUNCTION kithdb.blocks_end_friendship() IS 'AFTER INSERT on blocks: the pair''s friendship row goes (BLK-02).';


--
-- Name: blocks_lock_my_block(); Type: FUNCTION; Schema: kithdb; Owner: -
--

CREATE FUNCTION kithdb.blocks_lock_my_block() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
declare
  v_row public.blocks := case when tg_op = 'DELETE' then old else new end;
begin
  if v_row.blocker_id = kithdb.uid() then
    perform kithdb.lock_my_block(v_row.blocked_id);
    if tg_op = 'INSERT' then
      perform kithdb.hold_user(new.blocked_id);  -- as block_user: after the block's locks
    end if;
  end if;
  return v_row;
end
$$;


--
-- Name: FUNCTION blocks_lock_my_block(); Type: COMMENT; Schema: kithdb; Owner: -
--

COMMENT ON FUNCTION kithdb.blocks_lock_my_block() IS 'BEFORE INSERT or DELETE on blocks by an API user: the locks of the caller''s own block (kithdb.lock_my_block), none for a block in someone else''s name (BLK-03, BLK-06, NTF-03).';


--
-- Name: blocks_lock_pair(); Type: FUNCTION; Schema: kithdb; Owner: -
--

CREATE FUNCTION kithdb.blocks_lock_pair() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  v_row public.blocks := case when tg_op = 'DELETE' then old else new end;
begin
  -- A block of a user who blocked the blocker takes no lock: it changes no tie the standing block
  -- has not ended already, and a wait would time the blocked user's writes in flight (BLK-03).
  if tg_op = 'INSERT' and kithdb.hides_from(new.blocked_id, new.blocker_id) then
    return new;
  end if;
  if tg_op = 'INSERT' then
    perform kithdb.lock_blocks_by(new.blocker_id, false);
  end if;
  perform kithdb.lock_block(v_row.blocker_id, v_row.blocked_id);
  return v_row;
end
$$;


--
-- Name: FUNCTION blocks_lock_pair(); Type: COMMENT; Schema: kithdb; Owner: -
--

COMMENT ON FUNCTION kithdb.blocks_lock_pair() IS 'Definer because service_role, a trusted writer, may not call kithdb.hides_from; a trigger function cannot be called directly. BEFORE INSERT or DELETE on blocks by a trusted writer (API users: blocks_lock_my_block): for a block, its blocker''s lock shared; the two users'' shared locks and the pair''s exclusive one, before the AFTER triggers of later modules end or restore what a block changes (BLK-06, LGR-12, NTF-03).';


--
-- Name: blocks_part_circles(); Type: FUNCTION; Schema: kithdb; Owner: -
--

CREATE FUNCTION kithdb.blocks_part_circles() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
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


--
-- Name: FUNCTION blocks_part_circles(); Type: COMMENT; Schema: kithdb; Owner: -
--

COMMENT ON FUNCTION kithdb.blocks_part_circles() IS 'AFTER INSERT on blocks: the invitations between the pair, and into a circle the other created, go, and the blocked user leaves the blocker''s static circles (BLK-02). Definer because the blocker need not administer the circles concerned.';


--
-- Name: blocks_part_event_chats(); Type: FUNCTION; Schema: kithdb; Owner: -
--

CREATE FUNCTION kithdb.blocks_part_event_chats() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
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


--
-- Name: FUNCTION blocks_part_event_chats(); Type: COMMENT; Schema: kithdb; Owner: -
--

COMMENT ON FUNCTION kithdb.blocks_part_event_chats() IS 'AFTER INSERT on blocks: the locks of the chats the pair shares and of those the blocked user leaves with the blocker''s events, exclusive, in id order, so that the messages in flight there are committed first (NTF-09); then those events'' circles'' locks, in event order. Definer because the blocker may not read every participant of those chats.';


--
-- Name: blocks_part_events(); Type: FUNCTION; Schema: kithdb; Owner: -
--

CREATE FUNCTION kithdb.blocks_part_events() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
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


--
-- Name: FUNCTION blocks_part_events(); Type: COMMENT; Schema: kithdb; Owner: -
--

COMMENT ON FUNCTION kithdb.blocks_part_events() IS 'AFTER INSERT on blocks: the blocked user stops authoring the blocker''s events, and the invitations between the pair or to an event the other authors are withdrawn (BLK-02). Definer because the blocker''s statement deletes rows its policies do not let it.';


--
-- Name: blocks_part_in_pending_groups(); Type: FUNCTION; Schema: kithdb; Owner: -
--

CREATE FUNCTION kithdb.blocks_part_in_pending_groups() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
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


--
-- Name: FUNCTION blocks_part_in_pending_groups(); Type: COMMENT; Schema: kithdb; Owner: -
--

COMMENT ON FUNCTION kithdb.blocks_part_in_pending_groups() IS 'AFTER INSERT on blocks: no pending like group keeps both users (BLK-04), nor a member and an author of its event (LGR-13). Definer because API users cannot write like-group tables.';


--
-- Name: blocks_part_like_groups(); Type: FUNCTION; Schema: kithdb; Owner: -
--

CREATE FUNCTION kithdb.blocks_part_like_groups() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
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


--
-- Name: FUNCTION blocks_part_like_groups(); Type: COMMENT; Schema: kithdb; Owner: -
--

COMMENT ON FUNCTION kithdb.blocks_part_like_groups() IS 'AFTER INSERT on blocks: the blocked user leaves every like group for the blocker''s events, and their chats; their pending applications to them are withdrawn (BLK-02). Definer because API users cannot write like-group tables.';


--
-- Name: blocks_release_like_groups(); Type: FUNCTION; Schema: kithdb; Owner: -
--

CREATE FUNCTION kithdb.blocks_release_like_groups() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
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


--
-- Name: FUNCTION blocks_release_like_groups(); Type: COMMENT; Schema: kithdb; Owner: -
--

COMMENT ON FUNCTION kithdb.blocks_release_like_groups() IS 'AFTER INSERT or DELETE on blocks: a creator''s like groups stop naming them to a user they blocked, once that user does not block them (LGR-12). Definer because API users cannot write like-group tables.';


--
-- Name: blocks_sync_circles(); Type: FUNCTION; Schema: kithdb; Owner: -
--

CREATE FUNCTION kithdb.blocks_sync_circles() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
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


--
-- Name: FUNCTION blocks_sync_circles(); Type: COMMENT; Schema: kithdb; Owner: -
--

COMMENT ON FUNCTION kithdb.blocks_sync_circles() IS 'AFTER a block is made or lifted: re-derive each user''s membership in the other''s attendance circles (BLK-04). Definer: writes memberships no API user may write.';


--
-- Name: blocks_unnotify(); Type: FUNCTION; Schema: kithdb; Owner: -
--

CREATE FUNCTION kithdb.blocks_unnotify() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
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


--
-- Name: FUNCTION blocks_unnotify(); Type: COMMENT; Schema: kithdb; Owner: -
--

COMMENT ON FUNCTION kithdb.blocks_unnotify() IS 'AFTER INSERT on blocks: the pair''s notifications of each other, and the blocked user''s of the blocker''s events, go (NTF-03). Definer because the pair''s rows are beyond both.';


--
-- Name: caller_is_circle_admin(uuid); Type: FUNCTION; Schema: kithdb; Owner: -
--

CREATE FUNCTION kithdb.caller_is_circle_admin(p_circle_id uuid) RETURNS boolean
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
begin
  return exists (
    select from public.circle_members m
    where m.circle_id = p_circle_id and m.user_id = kithdb.uid()
      and m.role = 'admin' and m.status = 'member'
  );
end
$$;


--
-- Name: FUNCTION caller_is_circle_admin(p_circle_id uuid); Type: COMMENT; Schema: kithdb; Owner: -
--

COMMENT ON FUNCTION kithdb.caller_is_circle_admin(p_circle_id uuid) IS 'True when the caller is an admin member of the circle. Definer: as kithdb.caller_is_circle_member; it answers about the caller only.';


--
-- Name: caller_is_circle_member(uuid); Type: FUNCTION; Schema: kithdb; Owner: -
--

CREATE FUNCTION kithdb.caller_is_circle_member(p_circle_id uuid) RETURNS boolean
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
begin
  return exists (
    select from public.circle_members m
    where m.circle_id = p_circle_id and m.user_id = kithdb.uid() and m.status = 'member'
  );
end
$$;


--
-- Name: FUNCTION caller_is_circle_member(p_circle_id uuid); Type: COMMENT; Schema: kithdb; Owner: -
--

COMMENT ON FUNCTION kithdb.caller_is_circle_member(p_circle_id uuid) IS 'True when the caller is a member (not just invited) of the circle. Definer: reads the caller''s membership past RLS, which code running as the caller needs before the circle is visible; it answers about the caller only.';


--
-- Name: can_see_report_target(public.report_target_kind, uuid); Type: FUNCTION; Schema: kithdb; Owner: -
--

CREATE FUNCTION kithdb.can_see_report_target(p_kind public.report_target_kind, p_id uuid) RETURNS boolean
    LANGUAGE plpgsql STABLE
    SET search_path TO ''
    AS $$
begin
  -- Read under the caller's policies: a report is only about what its reporter sees (MOD-01).
  return case p_kind
    when 'post' then exists (select from public.posts p where p.id = p_id)
    when 'message' then exists (select from public.chat_messages m where m.id = p_id)
    when 'user' then exists (select from public.profiles p where p.id = p_id)
    when 'circle' then exists (select from public.circles c where c.id = p_id)
    when 'event' then exists (select from public.events e where e.id = p_id)
  end;
end
$$;


--
-- Name: FUNCTION can_see_report_target(p_kind public.report_target_kind, p_id uuid); Type: COMMENT; Schema: kithdb; Owner: -
--

COMMENT ON FUNCTION kithdb.can_see_report_target(p_kind public.report_target_kind, p_id uuid) IS 'True when the caller sees the target under its table''s policies (MOD-01).';


--
-- Name: canonical_circle_rule(jsonb); Type: FUNCTION; Schema: kithdb; Owner: -
--

CREATE FUNCTION kithdb.canonical_circle_rule(p_rule jsonb) RETURNS jsonb
    LANGUAGE sql IMMUTABLE
    SET search_path TO ''
    AS $$
  select case
    when jsonb_typeof(p_rule -> 'event_id') = 'string'
      then jsonb_set(p_rule, '{event_id}', to_jsonb(lower(p_rule ->> 'event_id')))
    else p_rule
  end
$$;


--
-- Name: FUNCTION canonical_circle_rule(p_rule jsonb); Type: COMMENT; Schema: kithdb; Owner: -
--

COMMENT ON FUNCTION kithdb.canonical_circle_rule(p_rule jsonb) IS 'The rule with its event_id in lower case, as uuids are written (DYN-01): the rule is stored in this form, so an id typed in upper case names the same event.';


--
-- Name: chat_messages_announce(); Type: FUNCTION; Schema: kithdb; Owner: -
--

CREATE FUNCTION kithdb.chat_messages_announce() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
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


--
-- Name: FUNCTION chat_messages_announce(); Type: COMMENT; Schema: kithdb; Owner: -
--

COMMENT ON FUNCTION kithdb.chat_messages_announce() IS 'AFTER INSERT on chat_messages: refused unless its sender is still in the chat once it holds the chat''s lock (CHT-05); its id on the channel of each present participant a connection listens for, at commit (NTF-07). Definer because a sender does not read the blocks of the others, nor kithdb.listeners.';


--
-- Name: chat_participants_guard(); Type: FUNCTION; Schema: kithdb; Owner: -
--

CREATE FUNCTION kithdb.chat_participants_guard() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
begin
  -- A participant who left stays out, and a chat read stays read: the times are the database's,
  -- and neither is undone.
  if kithdb.is_api_role() then
    if new.last_read_at is distinct from old.last_read_at then
      if new.last_read_at is null then
        raise exception 'a chat once read stays read'
          using errcode = '22023', detail = 'chat_read_required';
      end if;
      new.last_read_at := now();
    elsif new.left_at is null then
      raise exception 'a participant who leaves a chat stays out'
        using errcode = '22023', detail = 'chat_left_required';
    end if;
    if new.left_at is distinct from old.left_at then
      -- Never before the joining: a join committed after this request began is later than its
      -- now().
      new.left_at := greatest(now(), old.joined_at);
    end if;
  end if;
  return new;
end
$$;


--
-- Name: FUNCTION chat_participants_guard(); Type: COMMENT; Schema: kithdb; Owner: -
--

COMMENT ON FUNCTION kithdb.chat_participants_guard() IS 'BEFORE UPDATE on chat_participants: an API user only leaves or marks the chat read, at the database''s time (CHT-05, CHT-06).';


--
-- Name: chat_participants_wait_for_messages(); Type: FUNCTION; Schema: kithdb; Owner: -
--

CREATE FUNCTION kithdb.chat_participants_wait_for_messages() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
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


--
-- Name: FUNCTION chat_participants_wait_for_messages(); Type: COMMENT; Schema: kithdb; Owner: -
--

COMMENT ON FUNCTION kithdb.chat_participants_wait_for_messages() IS 'BEFORE a participant leaves a chat or is removed from it: the chat''s lock, exclusive, so that the messages in flight there are committed first (NTF-09).';


--
-- Name: check_like_group_member(uuid, uuid, uuid); Type: FUNCTION; Schema: kithdb; Owner: -
--

CREATE FUNCTION kithdb.check_like_group_member(p_event_id uuid, p_creator uuid, p_user_id uuid) RETURNS void
    LANGUAGE plpgsql STABLE
    SET search_path TO ''
    AS $$
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


--
-- Name: FUNCTION check_like_group_member(p_event_id uuid, p_creator uuid, p_user_id uuid); Type: COMMENT; Schema: kithdb; Owner: -
--

COMMENT ON FUNCTION kithdb.check_like_group_member(p_event_id uuid, p_creator uuid, p_user_id uuid) IS 'Refuses a would-be member of a group for p_event_id created by p_creator (LGR-01..LGR-03).';


--
-- Name: check_page(integer, timestamp with time zone, uuid); Type: FUNCTION; Schema: kithdb; Owner: -
--

CREATE FUNCTION kithdb.check_page(p_limit integer, p_before timestamp with time zone, p_before_id uuid) RETURNS void
    LANGUAGE plpgsql IMMUTABLE
    SET search_path TO ''
    AS $$
begin
  if p_limit is null or p_limit < 1 or p_limit > 100 then
    raise exception 'p_limit must be between 1 and 100' using errcode = '22023', detail = 'invalid_limit';
  end if;
  if p_before_id is not null and p_before is null then
    raise exception 'p_before_id pages together with p_before'
      using errcode = '22023', detail = 'missing_before';
  end if;
end
$$;


--
-- Name: FUNCTION check_page(p_limit integer, p_before timestamp with time zone, p_before_id uuid); Type: COMMENT; Schema: kithdb; Owner: -
--

COMMENT ON FUNCTION kithdb.check_page(p_limit integer, p_before timestamp with time zone, p_before_id uuid) IS 'The paging arguments every keyset read takes (PST-04): 1–100 rows, and p_before_id only with p_before; raises 22023 invalid_limit or missing_before.';


--
-- Name: circle_for_admin(uuid); Type: FUNCTION; Schema: kithdb; Owner: -
--

CREATE FUNCTION kithdb.circle_for_admin(p_circle_id uuid) RETURNS void
    LANGUAGE plpgsql STABLE
    SET search_path TO ''
    AS $$
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


--
-- Name: FUNCTION circle_for_admin(p_circle_id uuid); Type: COMMENT; Schema: kithdb; Owner: -
--

COMMENT ON FUNCTION kithdb.circle_for_admin(p_circle_id uuid) IS 'Refuses unless the caller sees the circle (PT404) and administers it (42501).';


--
-- Name: circle_members_capacity(); Type: FUNCTION; Schema: kithdb; Owner: -
--

CREATE FUNCTION kithdb.circle_members_capacity() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
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


--
-- Name: FUNCTION circle_members_capacity(); Type: COMMENT; Schema: kithdb; Owner: -
--

COMMENT ON FUNCTION kithdb.circle_members_capacity() IS 'BEFORE INSERT on circle_members: at most 150 rows per static circle (CIR-09). Definer: must lock the circle and count rows the caller may not see.';


--
-- Name: circle_members_guard(); Type: FUNCTION; Schema: kithdb; Owner: -
--

CREATE FUNCTION kithdb.circle_members_guard() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
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


--
-- Name: FUNCTION circle_members_guard(); Type: COMMENT; Schema: kithdb; Owner: -
--

COMMENT ON FUNCTION kithdb.circle_members_guard() IS 'BEFORE INSERT/UPDATE/DELETE on circle_members: what an API user may write (CIR-05..CIR-08, DYN-02).';


--
-- Name: circle_members_integrity(); Type: FUNCTION; Schema: kithdb; Owner: -
--

CREATE FUNCTION kithdb.circle_members_integrity() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
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


--
-- Name: FUNCTION circle_members_integrity(); Type: COMMENT; Schema: kithdb; Owner: -
--

COMMENT ON FUNCTION kithdb.circle_members_integrity() IS 'AFTER UPDATE/DELETE on circle_members: an admin while members remain (CIR-03); the last member leaving deletes the circle (CIR-04). Definer: must lock, read and delete beyond the caller''s RLS.';


--
-- Name: circle_members_notify(); Type: FUNCTION; Schema: kithdb; Owner: -
--

CREATE FUNCTION kithdb.circle_members_notify() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
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


--
-- Name: FUNCTION circle_members_notify(); Type: COMMENT; Schema: kithdb; Owner: -
--

COMMENT ON FUNCTION kithdb.circle_members_notify() IS 'AFTER INSERT/UPDATE/DELETE on circle_members: an invitation notifies the invitee while it waits (NTF-01, NTF-04). Definer because no API role writes notifications.';


--
-- Name: circle_members_opt_out(); Type: FUNCTION; Schema: kithdb; Owner: -
--

CREATE FUNCTION kithdb.circle_members_opt_out() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
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


--
-- Name: FUNCTION circle_members_opt_out(); Type: COMMENT; Schema: kithdb; Owner: -
--

COMMENT ON FUNCTION kithdb.circle_members_opt_out() IS 'AFTER DELETE on circle_members by an API user, or by service_role for the user its token names: a member leaving a dynamic circle is recorded, so that its rule skips them (DYN-07). Definer: API users do not write circle_opt_outs.';


--
-- Name: circle_members_recently_declined(); Type: FUNCTION; Schema: kithdb; Owner: -
--

CREATE FUNCTION kithdb.circle_members_recently_declined() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
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


--
-- Name: FUNCTION circle_members_recently_declined(); Type: COMMENT; Schema: kithdb; Owner: -
--

COMMENT ON FUNCTION kithdb.circle_members_recently_declined() IS 'AFTER an invitation: refused during the cool-down after the invitee declined this circle''s last one, PT409 recently_declined (RTL-04). Definer because kithdb.circle_declines is kithdb''s.';


--
-- Name: circle_members_record_decline(); Type: FUNCTION; Schema: kithdb; Owner: -
--

CREATE FUNCTION kithdb.circle_members_record_decline() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
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


--
-- Name: FUNCTION circle_members_record_decline(); Type: COMMENT; Schema: kithdb; Owner: -
--

COMMENT ON FUNCTION kithdb.circle_members_record_decline() IS 'AFTER an invitee drops their own invitation: recorded for the cool-down (RTL-04), unless the circle is being deleted. Definer because it writes kithdb.circle_declines, which no user may.';


--
-- Name: circle_members_unshare_posts(); Type: FUNCTION; Schema: kithdb; Owner: -
--

CREATE FUNCTION kithdb.circle_members_unshare_posts() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
begin
  -- The member's posts leave the circle with them (CIR-13); a circle being deleted takes its
  -- post_circles rows with it anyway.
  delete from public.post_circles pc
  using public.posts p
  where pc.circle_id = old.circle_id and p.id = pc.post_id and p.author_id = old.user_id
    and exists (select from public.circles c where c.id = old.circle_id);
  return null;
end
$$;


--
-- Name: FUNCTION circle_members_unshare_posts(); Type: COMMENT; Schema: kithdb; Owner: -
--

COMMENT ON FUNCTION kithdb.circle_members_unshare_posts() IS 'AFTER DELETE of a member: their posts leave that circle (CIR-13). Definer: an admin removing a member may not otherwise delete the member''s post_circles rows.';


--
-- Name: circle_name(text, text); Type: FUNCTION; Schema: kithdb; Owner: -
--

CREATE FUNCTION kithdb.circle_name(p_name text, p_description text) RETURNS text
    LANGUAGE plpgsql IMMUTABLE
    SET search_path TO ''
    AS $$
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


--
-- Name: FUNCTION circle_name(p_name text, p_description text); Type: COMMENT; Schema: kithdb; Owner: -
--

COMMENT ON FUNCTION kithdb.circle_name(p_name text, p_description text) IS 'The trimmed circle name, or 22023 when the name or description is invalid (CIR-01).';


--
-- Name: circle_opt_outs_lock(); Type: FUNCTION; Schema: kithdb; Owner: -
--

CREATE FUNCTION kithdb.circle_opt_outs_lock() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
begin
  perform from public.circles c where c.id = new.circle_id for no key update;
  perform from public.profiles p where p.id = new.user_id for key share;
  return new;
end
$$;


--
-- Name: FUNCTION circle_opt_outs_lock(); Type: COMMENT; Schema: kithdb; Owner: -
--

COMMENT ON FUNCTION kithdb.circle_opt_outs_lock() IS 'BEFORE service_role inserts into circle_opt_outs: holds the circle, then the user''s profile, as a member''s own leave does (DYN-07).';


--
-- Name: circle_opt_outs_sync(); Type: FUNCTION; Schema: kithdb; Owner: -
--

CREATE FUNCTION kithdb.circle_opt_outs_sync() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
begin
  if tg_op = 'DELETE' then
    perform kithdb.sync_dynamic_circle(old.circle_id, old.user_id);
  else
    perform kithdb.sync_dynamic_circle(new.circle_id, new.user_id);
  end if;
  return null;
end
$$;


--
-- Name: FUNCTION circle_opt_outs_sync(); Type: COMMENT; Schema: kithdb; Owner: -
--

COMMENT ON FUNCTION kithdb.circle_opt_outs_sync() IS 'AFTER service_role inserts or deletes circle_opt_outs: re-derive the user''s membership in the circle (DYN-03, DYN-07). Definer: writes memberships no API user may write.';


--
-- Name: circle_rule_members(uuid, uuid); Type: FUNCTION; Schema: kithdb; Owner: -
--

CREATE FUNCTION kithdb.circle_rule_members(p_circle_id uuid, p_user_id uuid DEFAULT NULL::uuid) RETURNS SETOF uuid
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
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


--
-- Name: FUNCTION circle_rule_members(p_circle_id uuid, p_user_id uuid); Type: COMMENT; Schema: kithdb; Owner: -
--

COMMENT ON FUNCTION kithdb.circle_rule_members(p_circle_id uuid, p_user_id uuid) IS 'Who the rule of a dynamic circle selects today; given p_user_id, that user if it selects them. Definer: reads friendships and attendance the caller cannot see; called only by kithdb''s own steps.';


--
-- Name: circles_add_founder(); Type: FUNCTION; Schema: kithdb; Owner: -
--

CREATE FUNCTION kithdb.circles_add_founder() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
begin
  if new.created_by is not null then
    insert into public.circle_members (circle_id, user_id, role, status, invited_by)
    values (new.id, new.created_by, 'admin', 'member', null);
  end if;
  return null;
end
$$;


--
-- Name: FUNCTION circles_add_founder(); Type: COMMENT; Schema: kithdb; Owner: -
--

COMMENT ON FUNCTION kithdb.circles_add_founder() IS 'AFTER INSERT on circles: the creator becomes its first admin (CIR-01). Definer: nobody may otherwise insert a member row that is not an invitation.';


--
-- Name: circles_guard(); Type: FUNCTION; Schema: kithdb; Owner: -
--

CREATE FUNCTION kithdb.circles_guard() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
begin
  if (new.circle_type, new.rule) is distinct from (old.circle_type, old.rule) then
    raise exception 'a circle''s type and rule never change'
      using errcode = '22023', detail = 'circle_rule_immutable';
  end if;
  return new;
end
$$;


--
-- Name: FUNCTION circles_guard(); Type: COMMENT; Schema: kithdb; Owner: -
--

COMMENT ON FUNCTION kithdb.circles_guard() IS 'BEFORE UPDATE on circles: a circle''s type and rule never change (DYN-04), for trusted writers too: an event circle never moves to another event.';


--
-- Name: circles_rule_caps(); Type: FUNCTION; Schema: kithdb; Owner: -
--

CREATE FUNCTION kithdb.circles_rule_caps() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
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


--
-- Name: FUNCTION circles_rule_caps(); Type: COMMENT; Schema: kithdb; Owner: -
--

COMMENT ON FUNCTION kithdb.circles_rule_caps() IS 'AFTER INSERT of a dynamic circle: at most 10 per creator and 5 per event, also under concurrency (DYN-06). Definer: counts circles the caller cannot see.';


--
-- Name: cool_down(); Type: FUNCTION; Schema: kithdb; Owner: -
--

CREATE FUNCTION kithdb.cool_down() RETURNS interval
    LANGUAGE plpgsql STABLE
    SET search_path TO ''
    AS $$
begin
  return (select l.per from public.rate_limits l where l.action = 'repeat_declined');
end
$$;


--
-- Name: FUNCTION cool_down(); Type: COMMENT; Schema: kithdb; Owner: -
--

COMMENT ON FUNCTION kithdb.cool_down() IS 'How long after a decline the same sender may not ask again (RTL-03, RTL-04).';


--
-- Name: count_rate(); Type: FUNCTION; Schema: kithdb; Owner: -
--

CREATE FUNCTION kithdb.count_rate() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
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


--
-- Name: FUNCTION count_rate(); Type: COMMENT; Schema: kithdb; Owner: -
--

COMMENT ON FUNCTION kithdb.count_rate() IS 'AFTER INSERT (or re-sent request): counts the acting user''s write of kind tg_argv[0] (per the column named by tg_argv[1], if any) and refuses it over public.rate_limits: PT429 rate_limited (RTL-01). Definer because it writes kithdb.rate_events, which no user may; it counts only the caller.';


--
-- Name: create_dynamic_circle(text, jsonb, text); Type: FUNCTION; Schema: kithdb; Owner: -
--

CREATE FUNCTION kithdb.create_dynamic_circle(p_name text, p_rule jsonb, p_description text) RETURNS uuid
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
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


--
-- Name: FUNCTION create_dynamic_circle(p_name text, p_rule jsonb, p_description text); Type: COMMENT; Schema: kithdb; Owner: -
--

COMMENT ON FUNCTION kithdb.create_dynamic_circle(p_name text, p_rule jsonb, p_description text) IS 'Step behind public.create_dynamic_circle. Definer: API users may only insert static circles.';


--
-- Name: create_like_group(uuid, uuid[]); Type: FUNCTION; Schema: kithdb; Owner: -
--

CREATE FUNCTION kithdb.create_like_group(p_event_id uuid, p_member_ids uuid[]) RETURNS uuid
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
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


--
-- Name: FUNCTION create_like_group(p_event_id uuid, p_member_ids uuid[]); Type: COMMENT; Schema: kithdb; Owner: -
--

COMMENT ON FUNCTION kithdb.create_like_group(p_event_id uuid, p_member_ids uuid[]) IS 'Step behind public.create_like_group. Definer: API users cannot write like-group tables.';


--
-- Name: create_profile_for_new_user(); Type: FUNCTION; Schema: kithdb; Owner: -
--

CREATE FUNCTION kithdb.create_profile_for_new_user() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
begin
  insert into public.profiles (id, display_name)
  values (new.id, kithdb.default_display_name(new.raw_user_meta_data))
  on conflict (id) do nothing;
  return new;
end
$$;


--
-- Name: FUNCTION create_profile_for_new_user(); Type: COMMENT; Schema: kithdb; Owner: -
--

COMMENT ON FUNCTION kithdb.create_profile_for_new_user() IS 'Definer because sign-ups insert into auth.users as Supabase''s auth role, which cannot write public.profiles.';


--
-- Name: decide_like_group(uuid); Type: FUNCTION; Schema: kithdb; Owner: -
--

CREATE FUNCTION kithdb.decide_like_group(p_group_id uuid) RETURNS public.like_group_status
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
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


--
-- Name: FUNCTION decide_like_group(p_group_id uuid); Type: COMMENT; Schema: kithdb; Owner: -
--

COMMENT ON FUNCTION kithdb.decide_like_group(p_group_id uuid) IS 'Locks a pending group and decides it: expired when overdue, rejected on any current author''s veto, approved (with its chat) at min(authors, members) approvals, else pending. Definer: opens a chat for others; called only by kithdb''s own steps and triggers.';


SET default_tablespace = '';

SET default_table_access_method = heap;

--
-- Name: like_groups; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.like_groups (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    event_id uuid NOT NULL,
    creator_id uuid,
    chat_id uuid,
    status public.like_group_status DEFAULT 'pending'::public.like_group_status NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    decided_at timestamp with time zone,
    CONSTRAINT like_groups_chat_when_approved CHECK (((status = 'approved'::public.like_group_status) = (chat_id IS NOT NULL))),
    CONSTRAINT like_groups_creator_while_undecided CHECK (((creator_id IS NOT NULL) OR (status <> 'pending'::public.like_group_status))),
    CONSTRAINT like_groups_decided_at CHECK (((status = 'pending'::public.like_group_status) = (decided_at IS NULL)))
);


--
-- Name: TABLE like_groups; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON TABLE public.like_groups IS 'A like group: its creator, alone or with friends, asks to attend an event. Readable by its members and the event''s authors; written only through the like-group RPCs.';


--
-- Name: COLUMN like_groups.id; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.like_groups.id IS 'The group''s id.';


--
-- Name: COLUMN like_groups.event_id; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.like_groups.event_id IS 'The event the group applies to.';


--
-- Name: COLUMN like_groups.creator_id; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.like_groups.creator_id IS 'Who created the group, always a member: a decided group passes to the first member in line who blocked none of the others, or to nobody (null), when they leave it (LGR-11) or block one of its readers (LGR-12).';


--
-- Name: COLUMN like_groups.chat_id; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.like_groups.chat_id IS 'The group''s chat, set when it is approved.';


--
-- Name: COLUMN like_groups.status; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.like_groups.status IS 'pending until decided; decided groups never change.';


--
-- Name: COLUMN like_groups.created_at; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.like_groups.created_at IS 'When the group applied (expiry counts from here).';


--
-- Name: COLUMN like_groups.decided_at; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.like_groups.decided_at IS 'When it was approved, rejected or expired.';


--
-- Name: decide_like_group(public.like_groups, timestamp with time zone); Type: FUNCTION; Schema: kithdb; Owner: -
--

CREATE FUNCTION kithdb.decide_like_group(p_group public.like_groups, p_starts_at timestamp with time zone) RETURNS public.like_group_status
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
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


--
-- Name: FUNCTION decide_like_group(p_group public.like_groups, p_starts_at timestamp with time zone); Type: COMMENT; Schema: kithdb; Owner: -
--

COMMENT ON FUNCTION kithdb.decide_like_group(p_group public.like_groups, p_starts_at timestamp with time zone) IS 'Decides p_group, which the caller has locked FOR UPDATE, its event starting at p_starts_at: expired when overdue, rejected on any current author''s veto, approved (with its chat) at min(authors, members) approvals, else pending. Invoker: only kithdb''s definer steps call it, and it acts with their rights.';


--
-- Name: default_display_name(jsonb); Type: FUNCTION; Schema: kithdb; Owner: -
--

CREATE FUNCTION kithdb.default_display_name(p_meta jsonb) RETURNS text
    LANGUAGE sql IMMUTABLE
    SET search_path TO ''
    AS $$
  select coalesce(
    (select n.name
     from unnest(array[p_meta ->> 'display_name', p_meta ->> 'full_name', p_meta ->> 'name',
                       p_meta ->> 'user_name']) with ordinality as c (raw, rank)
     cross join lateral (
       select btrim(left(btrim(pg_catalog.regexp_replace(
         pg_catalog.regexp_replace(c.raw,
           '[\u0001-\u0008\u000e-\u001f\u007f-\u009f\u00ad\u0600-\u0605\u061c\u06dd\u070f\u17b4\u17b5'
           '\u180e\u200b\u200e\u200f\u202a-\u202e\u2060-\u206f\ufeff\ufff0-\ufffb'
           '\U0001d173-\U0001d17a\U000e0000-\U000e007f]',
           '', 'g'),
         '[\s\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+', ' ', 'g')), 80)) as name
     ) n
     where n.name !~ ('[^\s@\uff20\ufe6b][@\uff20\ufe6b]+ ?[^\s@\uff20\ufe6b]'
                      '|[@\uff20\ufe6b] ?[^\s@\uff20\ufe6b]+\.[^\s@\uff20\ufe6b]')
       and not kithdb.is_blank(pg_catalog.regexp_replace(
             n.name, '[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]', '', 'g'))
     order by c.rank
     limit 1),
    'New member'
  )
$$;


--
-- Name: FUNCTION default_display_name(p_meta jsonb); Type: COMMENT; Schema: kithdb; Owner: -
--

COMMENT ON FUNCTION kithdb.default_display_name(p_meta jsonb) IS 'A new user''s display name: metadata display_name, else full_name, else name, else user_name (cleaned of invisible characters, its spaces made one, cut to 80: the first with something visible and no email address in it), else ''New member''; never the email address (PRO-04).';


--
-- Name: delete_my_account(text); Type: FUNCTION; Schema: kithdb; Owner: -
--

CREATE FUNCTION kithdb.delete_my_account(p_confirm text) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  v_me pg_catalog.uuid := kithdb.require_uid();
begin
  if p_confirm is distinct from v_me::pg_catalog.text then
    raise exception 'confirm by passing your own user id'
      using errcode = '22023', detail = 'account_confirmation_mismatch';
  end if;
  if pg_catalog.current_setting('transaction_isolation') operator(pg_catalog.<>) 'read committed'
  then
    raise exception 'an account deletion must see what was committed while it waited: '
      'use READ COMMITTED' using errcode = '25001', detail = 'read_committed_required';
  end if;
  -- The auth row before anything of the account's, as an operator's delete of it takes it
  -- before its trigger's locks (auth_users_lock_account): a deletion by both at once waits here.
  perform from auth.users u where u.id = v_me for update;
  -- MOD-05: a suspension refuses writes, not the account's deletion (which ends it anyway). A
  -- suspension being made holds the profile (its foreign key): the account's locks, then the
  -- profile's row, in the deletion's order, wait for it, so that the delete below sees it
  -- rather than the cascade's writes meeting it.
  perform kithdb.lock_account(v_me);
  perform from public.profiles p where p.id = v_me for update;
  delete from public.suspensions s where s.user_id = v_me;
  -- The auth user's delete cascades (its trigger finds the account's locks held).
  delete from auth.users u where u.id = v_me;
  if not found then
    -- A profile with no auth user behind it (created by a DBA) goes by itself.
    delete from public.profiles p where p.id = v_me;
  end if;
end
$$;


--
-- Name: FUNCTION delete_my_account(p_confirm text); Type: COMMENT; Schema: kithdb; Owner: -
--

COMMENT ON FUNCTION kithdb.delete_my_account(p_confirm text) IS 'Step behind public.delete_my_account (ACC-02). Definer because no API role may delete from auth.users; it deletes only the caller.';


--
-- Name: event_author_invitations_guard(); Type: FUNCTION; Schema: kithdb; Owner: -
--

CREATE FUNCTION kithdb.event_author_invitations_guard() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
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


--
-- Name: FUNCTION event_author_invitations_guard(); Type: COMMENT; Schema: kithdb; Owner: -
--

COMMENT ON FUNCTION kithdb.event_author_invitations_guard() IS 'BEFORE INSERT on event_author_invitations: an author invites a friend of the creator who is not an author yet, before the start, in their own name, up to 20 authors and invitations (EVT-02, EVT-04, EVT-08, EVT-11, BLK-04).';


--
-- Name: event_author_invitations_notify(); Type: FUNCTION; Schema: kithdb; Owner: -
--

CREATE FUNCTION kithdb.event_author_invitations_notify() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
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


--
-- Name: FUNCTION event_author_invitations_notify(); Type: COMMENT; Schema: kithdb; Owner: -
--

COMMENT ON FUNCTION kithdb.event_author_invitations_notify() IS 'AFTER INSERT/DELETE on event_author_invitations: an invitation notifies the invitee while it waits (NTF-01, NTF-04). Definer because no API role writes notifications.';


--
-- Name: event_author_invitations_recently_declined(); Type: FUNCTION; Schema: kithdb; Owner: -
--

CREATE FUNCTION kithdb.event_author_invitations_recently_declined() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
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


--
-- Name: FUNCTION event_author_invitations_recently_declined(); Type: COMMENT; Schema: kithdb; Owner: -
--

COMMENT ON FUNCTION kithdb.event_author_invitations_recently_declined() IS 'AFTER an invitation to author an event: refused during the cool-down after the invitee declined the event''s last one, PT409 recently_declined (RTL-05). Definer because kithdb.event_author_declines is kithdb''s.';


--
-- Name: event_author_invitations_record_decline(); Type: FUNCTION; Schema: kithdb; Owner: -
--

CREATE FUNCTION kithdb.event_author_invitations_record_decline() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
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


--
-- Name: FUNCTION event_author_invitations_record_decline(); Type: COMMENT; Schema: kithdb; Owner: -
--

COMMENT ON FUNCTION kithdb.event_author_invitations_record_decline() IS 'AFTER an invitee drops their own invitation to author an event: recorded for the cool-down (RTL-05), unless the event is being deleted. Definer because it writes kithdb.event_author_declines, which no user may.';


--
-- Name: event_authors_clear_decline(); Type: FUNCTION; Schema: kithdb; Owner: -
--

CREATE FUNCTION kithdb.event_authors_clear_decline() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
begin
  delete from kithdb.event_author_declines d
  where d.event_id = new.event_id and d.user_id = new.user_id;
  return null;
end
$$;


--
-- Name: FUNCTION event_authors_clear_decline(); Type: COMMENT; Schema: kithdb; Owner: -
--

COMMENT ON FUNCTION kithdb.event_authors_clear_decline() IS 'AFTER a user becomes an author of an event: whatever invitation they dropped was accepted, no decline (RTL-05). Definer because kithdb.event_author_declines is kithdb''s.';


--
-- Name: event_authors_guard(); Type: FUNCTION; Schema: kithdb; Owner: -
--

CREATE FUNCTION kithdb.event_authors_guard() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
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


--
-- Name: FUNCTION event_authors_guard(); Type: COMMENT; Schema: kithdb; Owner: -
--

COMMENT ON FUNCTION kithdb.event_authors_guard() IS 'BEFORE INSERT/DELETE on event_authors: an API user joins only by accepting their invitation, as a friend of the creator, before the start (EVT-02, EVT-04, EVT-08); the creator stays (EVT-03); an author steps down unless they are the last (EVT-09).';


--
-- Name: event_authors_no_like_group_member(); Type: FUNCTION; Schema: kithdb; Owner: -
--

CREATE FUNCTION kithdb.event_authors_no_like_group_member() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
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


--
-- Name: FUNCTION event_authors_no_like_group_member(); Type: COMMENT; Schema: kithdb; Owner: -
--

COMMENT ON FUNCTION kithdb.event_authors_no_like_group_member() IS 'BEFORE INSERT on event_authors and event_author_invitations: a member of a pending or approved like group of the event is never invited to author it, nor becomes one of its authors (LGR-03). Definer: reads memberships beyond the caller''s RLS.';


--
-- Name: event_authors_part_invitations(); Type: FUNCTION; Schema: kithdb; Owner: -
--

CREATE FUNCTION kithdb.event_authors_part_invitations() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
begin
  delete from public.event_author_invitations i
  where i.event_id = new.event_id
    and exists (select from public.blocks b
                where (b.blocker_id = new.user_id and b.blocked_id = i.user_id)
                   or (b.blocker_id = i.user_id and b.blocked_id = new.user_id));
  return null;
end
$$;


--
-- Name: FUNCTION event_authors_part_invitations(); Type: COMMENT; Schema: kithdb; Owner: -
--

COMMENT ON FUNCTION kithdb.event_authors_part_invitations() IS 'AFTER INSERT on event_authors: the invitations of users in a block with the new author are withdrawn (BLK-02, BLK-03). Definer: reads blocks and deletes invitations beyond the new author''s RLS.';


--
-- Name: event_authors_pass_event(); Type: FUNCTION; Schema: kithdb; Owner: -
--

CREATE FUNCTION kithdb.event_authors_pass_event() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
begin
  if not kithdb.pass_event_from(old.event_id, old.user_id) then
    raise exception 'the last author of an event cannot step down'
      using errcode = 'PT409', detail = 'last_event_author';
  end if;
  return null;
end
$$;


--
-- Name: FUNCTION event_authors_pass_event(); Type: COMMENT; Schema: kithdb; Owner: -
--

COMMENT ON FUNCTION kithdb.event_authors_pass_event() IS 'AFTER an API user''s own authorship of an event is deleted: if they created it, it passes to another author (PT409 last_event_author when none is left). Definer because it runs kithdb.pass_event_from, which only definers may.';


--
-- Name: event_authors_redecide(); Type: FUNCTION; Schema: kithdb; Owner: -
--

CREATE FUNCTION kithdb.event_authors_redecide() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
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


--
-- Name: FUNCTION event_authors_redecide(); Type: COMMENT; Schema: kithdb; Owner: -
--

COMMENT ON FUNCTION kithdb.event_authors_redecide() IS 'AFTER INSERT/DELETE on event_authors: keep approved chats'' participants and re-decide pending groups (LGR-07, CHT-02). Definer: writes chats and groups the caller cannot.';


--
-- Name: event_authors_release_like_groups(); Type: FUNCTION; Schema: kithdb; Owner: -
--

CREATE FUNCTION kithdb.event_authors_release_like_groups() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
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


--
-- Name: FUNCTION event_authors_release_like_groups(); Type: COMMENT; Schema: kithdb; Owner: -
--

COMMENT ON FUNCTION kithdb.event_authors_release_like_groups() IS 'AFTER INSERT on event_authors: the event''s like groups stop naming, to its new author, a creator who blocked them (LGR-12), and its pending groups lose each other member in a block with them (LGR-13). Definer because API users cannot write like-group tables.';


--
-- Name: event_authors_sync_circles(); Type: FUNCTION; Schema: kithdb; Owner: -
--

CREATE FUNCTION kithdb.event_authors_sync_circles() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
begin
  if tg_op = 'DELETE' then
    perform kithdb.sync_event_circles(old.event_id, old.user_id);
  else
    perform kithdb.sync_event_circles(new.event_id, new.user_id);
  end if;
  return null;
end
$$;


--
-- Name: FUNCTION event_authors_sync_circles(); Type: COMMENT; Schema: kithdb; Owner: -
--

COMMENT ON FUNCTION kithdb.event_authors_sync_circles() IS 'AFTER an author comes or goes: re-derive their membership in the event''s circles (DYN-03). Definer: writes memberships no API user may write.';


--
-- Name: event_authors_unnotify(); Type: FUNCTION; Schema: kithdb; Owner: -
--

CREATE FUNCTION kithdb.event_authors_unnotify() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
begin
  delete from public.notifications n
  where n.recipient_id = old.user_id and n.kind = 'like_group_applied'
    and n.event_id = old.event_id;
  return null;
end
$$;


--
-- Name: FUNCTION event_authors_unnotify(); Type: COMMENT; Schema: kithdb; Owner: -
--

COMMENT ON FUNCTION kithdb.event_authors_unnotify() IS 'AFTER DELETE on event_authors: the applications to the event leave the former author''s inbox (NTF-04). Definer because no API role deletes notifications.';


--
-- Name: is_blank(text); Type: FUNCTION; Schema: kithdb; Owner: -
--

CREATE FUNCTION kithdb.is_blank(p_text text) RETURNS boolean
    LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
    SET search_path TO ''
    AS $$
begin
  return p_text !~ ('[^\u0001-\u0020\u007f-\u00a0\u00ad\u034f\u061c\u115f\u1160\u1680\u17b4\u17b5\u180b-\u180f'
                    '\u2000-\u200f\u2028-\u202f\u205f-\u206f\u2800\u3000\u3164\ufe00-\ufe0f\ufeff\uffa0'
                    '\ufff0-\ufffb\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U00013430-\U0001343f\U000e0000-\U000e0fff]');
end
$$;


--
-- Name: FUNCTION is_blank(p_text text); Type: COMMENT; Schema: kithdb; Owner: -
--

COMMENT ON FUNCTION kithdb.is_blank(p_text text) IS 'True when p_text shows nothing: white space, control and invisible formatting characters only (null for null).';


--
-- Name: events; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.events (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    creator_id uuid DEFAULT auth.uid(),
    title text NOT NULL,
    description text,
    starts_at timestamp with time zone NOT NULL,
    ends_at timestamp with time zone,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    status public.event_status DEFAULT 'scheduled'::public.event_status NOT NULL,
    cancelled_at timestamp with time zone,
    CONSTRAINT events_cancelled_at CHECK (((status = 'cancelled'::public.event_status) = (cancelled_at IS NOT NULL))),
    CONSTRAINT events_creator_unless_cancelled CHECK (((creator_id IS NOT NULL) OR (status = 'cancelled'::public.event_status))),
    CONSTRAINT events_description_length CHECK ((char_length(description) <= 2000)),
    CONSTRAINT events_ends_after_start CHECK (((ends_at IS NULL) OR (ends_at > starts_at))),
    CONSTRAINT events_title_length CHECK (((char_length(title) >= 1) AND (char_length(title) <= 120))),
    CONSTRAINT events_title_not_blank CHECK (((title ~ '^[!-~]'::text) OR (NOT kithdb.is_blank(title)))),
    CONSTRAINT events_title_trimmed CHECK ((title = btrim(title)))
);


--
-- Name: TABLE events; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON TABLE public.events IS 'An event, readable by every signed-in user; changed and deleted by its authors.';


--
-- Name: COLUMN events.id; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.events.id IS 'The event''s id.';


--
-- Name: COLUMN events.creator_id; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.events.creator_id IS 'Who created the event; always one of its authors. Null only on a cancelled event whose creator deleted their account with no other author to take it.';


--
-- Name: COLUMN events.title; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.events.title IS 'Title, trimmed, 1–120 characters.';


--
-- Name: COLUMN events.description; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.events.description IS 'Optional description, at most 2000 characters.';


--
-- Name: COLUMN events.starts_at; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.events.starts_at IS 'When the event starts: its authors and like groups freeze then.';


--
-- Name: COLUMN events.ends_at; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.events.ends_at IS 'When the event ends (optional, after starts_at).';


--
-- Name: COLUMN events.created_at; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.events.created_at IS 'When the event was created.';


--
-- Name: COLUMN events.updated_at; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.events.updated_at IS 'When the event was last changed.';


--
-- Name: COLUMN events.status; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.events.status IS 'scheduled, or cancelled by an author (for good).';


--
-- Name: COLUMN events.cancelled_at; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.events.cancelled_at IS 'When it was cancelled; null while scheduled.';


--
-- Name: event_for_author(uuid); Type: FUNCTION; Schema: kithdb; Owner: -
--

CREATE FUNCTION kithdb.event_for_author(p_event_id uuid) RETURNS public.events
    LANGUAGE plpgsql STABLE
    SET search_path TO ''
    AS $$
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


--
-- Name: FUNCTION event_for_author(p_event_id uuid); Type: COMMENT; Schema: kithdb; Owner: -
--

COMMENT ON FUNCTION kithdb.event_for_author(p_event_id uuid) IS 'The event, or PT404 event_not_found / 42501 not_event_author for the caller.';


--
-- Name: events_add_creator(); Type: FUNCTION; Schema: kithdb; Owner: -
--

CREATE FUNCTION kithdb.events_add_creator() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
begin
  insert into public.event_authors (event_id, user_id) values (new.id, new.creator_id);
  return null;
end
$$;


--
-- Name: FUNCTION events_add_creator(); Type: COMMENT; Schema: kithdb; Owner: -
--

COMMENT ON FUNCTION kithdb.events_add_creator() IS 'AFTER INSERT on events: the creator is the first author (EVT-01). Definer: authors are otherwise added only by existing authors.';


--
-- Name: events_expire_like_groups(); Type: FUNCTION; Schema: kithdb; Owner: -
--

CREATE FUNCTION kithdb.events_expire_like_groups() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
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


--
-- Name: FUNCTION events_expire_like_groups(); Type: COMMENT; Schema: kithdb; Owner: -
--

COMMENT ON FUNCTION kithdb.events_expire_like_groups() IS 'AFTER an event is cancelled: its pending like groups expire at once; approved groups and their chats stay (EVT-10). Definer: the cancelling author may not write groups.';


--
-- Name: events_guard(); Type: FUNCTION; Schema: kithdb; Owner: -
--

CREATE FUNCTION kithdb.events_guard() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
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


--
-- Name: FUNCTION events_guard(); Type: COMMENT; Schema: kithdb; Owner: -
--

COMMENT ON FUNCTION kithdb.events_guard() IS 'BEFORE UPDATE on events: the creator changes only to another author, never by an API role (EVT-01, EVT-09); a cancelled event stays as it is, and cancelled_at follows the status (EVT-10); the start of a started event is fixed (EVT-06).';


--
-- Name: events_keep_attendees(); Type: FUNCTION; Schema: kithdb; Owner: -
--

CREATE FUNCTION kithdb.events_keep_attendees() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
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


--
-- Name: FUNCTION events_keep_attendees(); Type: COMMENT; Schema: kithdb; Owner: -
--

COMMENT ON FUNCTION kithdb.events_keep_attendees() IS 'BEFORE DELETE on events by an API user: an event with approved groups stays, also against an approval in flight (EVT-07). Definer: waits on groups the deleter may not lock.';


--
-- Name: events_unnotify(); Type: FUNCTION; Schema: kithdb; Owner: -
--

CREATE FUNCTION kithdb.events_unnotify() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
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


--
-- Name: FUNCTION events_unnotify(); Type: COMMENT; Schema: kithdb; Owner: -
--

COMMENT ON FUNCTION kithdb.events_unnotify() IS 'AFTER an event passes to another creator: the notifications naming it go from the users that creator''s blocks hide it from (NTF-03). Definer because the blocks are beyond the caller.';


--
-- Name: events_withdraw_author_invitations(); Type: FUNCTION; Schema: kithdb; Owner: -
--

CREATE FUNCTION kithdb.events_withdraw_author_invitations() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
begin
  perform kithdb.lock_event_applications(new.id, true);
  delete from public.event_author_invitations i where i.event_id = new.id;
  return null;
end
$$;


--
-- Name: FUNCTION events_withdraw_author_invitations(); Type: COMMENT; Schema: kithdb; Owner: -
--

COMMENT ON FUNCTION kithdb.events_withdraw_author_invitations() IS 'AFTER an event is cancelled: its invitations to author it are withdrawn (EVT-10). Definer because the cancelling author may not withdraw invitations hidden from them.';


--
-- Name: expire_overdue_like_groups(); Type: FUNCTION; Schema: kithdb; Owner: -
--

CREATE FUNCTION kithdb.expire_overdue_like_groups() RETURNS integer
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
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


--
-- Name: FUNCTION expire_overdue_like_groups(); Type: COMMENT; Schema: kithdb; Owner: -
--

COMMENT ON FUNCTION kithdb.expire_overdue_like_groups() IS 'Marks every overdue pending group expired, locking them in id order; returns how many.';


--
-- Name: expire_overdue_like_groups(uuid, uuid[]); Type: FUNCTION; Schema: kithdb; Owner: -
--

CREATE FUNCTION kithdb.expire_overdue_like_groups(p_event_id uuid, p_user_ids uuid[]) RETURNS integer
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
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


--
-- Name: FUNCTION expire_overdue_like_groups(p_event_id uuid, p_user_ids uuid[]); Type: COMMENT; Schema: kithdb; Owner: -
--

COMMENT ON FUNCTION kithdb.expire_overdue_like_groups(p_event_id uuid, p_user_ids uuid[]) IS 'Marks expired the overdue pending groups of p_event_id that hold one of p_user_ids, locking them in id order; returns how many.';


--
-- Name: export_my_data(); Type: FUNCTION; Schema: kithdb; Owner: -
--

CREATE FUNCTION kithdb.export_my_data() RETURNS jsonb
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  v_me pg_catalog.uuid := kithdb.require_uid();
  -- The events of users who blocked the caller do not exist for them (BLK-03), nor, after such a
  -- user deleted their account, do its events (ACC-02), unless the caller authors them: what the
  -- caller wrote about one, an invitation or a vote, would tell them of it as it changed (an
  -- invitation to the caller is theirs to read whatever its event). Asked here, not through
  -- kithdb.my_hidden_event_ids: the policies' views call Supabase's uid function, whose body
  -- names a type that a definer must not resolve through the caller's pg_temp (SEC-04).
  v_hidden_events pg_catalog.uuid[] := array(
    select e.id from public.blocks b join public.events e on e.creator_id = b.blocker_id
    where b.blocked_id = v_me and kithdb.hides_from(b.blocker_id, v_me)
    union all
    select h.event_id from kithdb.event_hides h where h.user_id = v_me
    except
    select a.event_id from public.event_authors a where a.user_id = v_me);
begin
  return pg_catalog.jsonb_build_object(
    'format', 'kithdb export 1',
    'exported_at', pg_catalog.now(),
    'user_id', v_me,
    'profile', (select pg_catalog.to_jsonb(p) from public.profiles p where p.id = v_me),
    'friendships', coalesce((
      select pg_catalog.jsonb_agg(pg_catalog.to_jsonb(f) order by f.created_at)
      from public.friendships f where v_me in (f.user_id, f.friend_id)), '[]'),
    'blocks', coalesce((
      select pg_catalog.jsonb_agg(pg_catalog.to_jsonb(b) order by b.created_at)
      from public.blocks b where b.blocker_id = v_me), '[]'),
    'mutes', coalesce((
      select pg_catalog.jsonb_agg(pg_catalog.to_jsonb(m) order by m.created_at)
      from public.mutes m
      where m.muter_id = v_me and not kithdb.hides_from(m.muted_id, v_me)), '[]'),
    -- A circle the caller left is not theirs to read (CIR-10): what its admins wrote
    -- since is not the caller's.
    'circles_created', coalesce((
      select pg_catalog.jsonb_agg(pg_catalog.to_jsonb(c) order by c.created_at)
      from public.circles c
      where c.created_by = v_me
        and c.id in (select m.circle_id from public.circle_members m where m.user_id = v_me)),
      '[]'),
    'circle_memberships', coalesce((
      select pg_catalog.jsonb_agg(pg_catalog.to_jsonb(m) order by m.created_at)
      from public.circle_members m where m.user_id = v_me), '[]'),
    'circle_opt_outs', coalesce((
      select pg_catalog.jsonb_agg(pg_catalog.to_jsonb(o) order by o.created_at)
      from public.circle_opt_outs o where o.user_id = v_me), '[]'),
    'posts', coalesce((
      select pg_catalog.jsonb_agg(
               pg_catalog.to_jsonb(p) operator(pg_catalog.||) pg_catalog.jsonb_build_object(
                 'circle_ids', array(select pc.circle_id from public.post_circles pc
                                     where pc.post_id = p.id order by pc.circle_id))
               order by p.created_at, p.id)
      from public.posts p where p.author_id = v_me), '[]'),
    'events_created', coalesce((
      select pg_catalog.jsonb_agg(pg_catalog.to_jsonb(e) order by e.created_at)
      from public.events e where e.creator_id = v_me), '[]'),
    'event_authorships', coalesce((
      select pg_catalog.jsonb_agg(pg_catalog.to_jsonb(a) order by a.added_at)
      from public.event_authors a where a.user_id = v_me), '[]'),
    'event_author_invitations', coalesce((
      select pg_catalog.jsonb_agg(pg_catalog.to_jsonb(i) operator(pg_catalog.-) 'invited_by'
                                  order by i.created_at)
      from public.event_author_invitations i
      where i.user_id = v_me
         or (i.invited_by = v_me and not kithdb.hides_from(i.user_id, v_me)
             and i.event_id <> all (v_hidden_events))), '[]'),
    'like_groups_created', coalesce((
      select pg_catalog.jsonb_agg(pg_catalog.to_jsonb(g) order by g.created_at)
      from public.like_groups g where g.creator_id = v_me), '[]'),
    'like_group_memberships', coalesce((
      select pg_catalog.jsonb_agg(pg_catalog.to_jsonb(m) order by m.created_at)
      from public.like_group_members m where m.user_id = v_me), '[]'),
    'like_group_approvals', coalesce((
      select pg_catalog.jsonb_agg(pg_catalog.to_jsonb(v) order by v.created_at)
      from public.like_group_approvals v
      join public.like_groups g on g.id = v.group_id
      where v.author_id = v_me and g.event_id <> all (v_hidden_events)), '[]'),
    'chat_participations', coalesce((
      select pg_catalog.jsonb_agg(pg_catalog.to_jsonb(c) order by c.joined_at)
      from public.chat_participants c where c.user_id = v_me), '[]'),
    'chat_messages', coalesce((
      select pg_catalog.jsonb_agg(pg_catalog.to_jsonb(m) order by m.created_at, m.id)
      from public.chat_messages m where m.sender_id = v_me), '[]'),
    'reports', coalesce((
      select pg_catalog.jsonb_agg(pg_catalog.to_jsonb(r) operator(pg_catalog.-) 'resolved_by'
                                  order by r.created_at)
      from public.reports r where r.reporter_id = v_me), '[]'),
    'suspensions', coalesce((
      select pg_catalog.jsonb_agg(pg_catalog.to_jsonb(s))
      from public.suspensions s where s.user_id = v_me), '[]')
  );
end
$$;


--
-- Name: FUNCTION export_my_data(); Type: COMMENT; Schema: kithdb; Owner: -
--

COMMENT ON FUNCTION kithdb.export_my_data() IS 'Step behind public.export_my_data (ACC-01). Definer because some of what the caller wrote is beyond their reads; every part is selected by the caller''s own id.';


--
-- Name: friendships_guard(); Type: FUNCTION; Schema: kithdb; Owner: -
--

CREATE FUNCTION kithdb.friendships_guard() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
declare
  -- API users must follow the consent rules; DBAs and service_role are trusted with any status.
  v_uid pg_catalog.uuid := case when kithdb.is_api_role() then kithdb.require_uid() end;
begin
  -- Requests are made, never imposed: an API user's new row is their own pending request.
  if tg_op = 'INSERT' then
    if v_uid is not null and (new.status <> 'pending' or new.requested_by <> v_uid) then
      raise exception 'a friendship starts as your own pending request'
        using errcode = '42501', detail = 'friendship_requires_consent';
    end if;
    perform kithdb.friendships_require_unblocked(new, v_uid);
    return new;
  end if;

  if (new.user_id, new.friend_id) is distinct from (old.user_id, old.friend_id) then
    raise exception 'the pair of a friendship cannot change'
      using errcode = '22023', detail = 'friendship_pair_immutable';
  end if;
  if (new.status, new.requested_by) is not distinct from (old.status, old.requested_by) then
    return new;
  end if;
  if new.status <> 'declined' then
    -- This row is held already, and a block in flight holds the pair's lock and waits for it
    -- (blocks_end_friendship): waiting here would deadlock (BLK-06). The RPCs, which take the
    -- pair's lock before the row, hold it already and pass.
    if not kithdb.try_lock_pair(new.user_id, new.friend_id) then
      raise exception 'another request between these two users is under way: try again'
        using errcode = '40001', detail = 'pair_busy';
    end if;
    perform kithdb.friendships_require_unblocked(new, v_uid);
  end if;

  if old.status = 'pending' and new.status in ('accepted', 'declined') then
    if new.requested_by <> old.requested_by then
      raise exception 'responding to a request does not change who sent it'
        using errcode = '22023', detail = 'friendship_requested_by_immutable';
    end if;
    if v_uid is not null and v_uid = old.requested_by then
      raise exception 'only the addressee can respond to a friend request'
        using errcode = '42501', detail = 'not_friendship_addressee';
    end if;
  elsif old.status = 'declined' and new.status = 'pending' then
    if v_uid is not null and new.requested_by <> v_uid then
      raise exception 'a friend request is sent in your own name'
        using errcode = '42501', detail = 'friendship_requires_consent';
    end if;
  else
    raise exception 'a % friendship cannot become %', old.status, new.status
      using errcode = 'PT409', detail = 'friendship_invalid_transition';
  end if;
  return new;
end
$$;


--
-- Name: FUNCTION friendships_guard(); Type: COMMENT; Schema: kithdb; Owner: -
--

COMMENT ON FUNCTION kithdb.friendships_guard() IS 'BEFORE INSERT/UPDATE on friendships: consent and the pending → accepted/declined → pending cycle.';


--
-- Name: friendships_keep_decline(); Type: FUNCTION; Schema: kithdb; Owner: -
--

CREATE FUNCTION kithdb.friendships_keep_decline() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
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


--
-- Name: FUNCTION friendships_keep_decline(); Type: COMMENT; Schema: kithdb; Owner: -
--

COMMENT ON FUNCTION kithdb.friendships_keep_decline() IS 'BEFORE DELETE of a declined request by its sender: refused during the cool-down, PT409 recently_declined (RTL-03), but for a block by the sender; the addressee clears it at will.';


--
-- Name: friendships_notify(); Type: FUNCTION; Schema: kithdb; Owner: -
--

CREATE FUNCTION kithdb.friendships_notify() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
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


--
-- Name: FUNCTION friendships_notify(); Type: COMMENT; Schema: kithdb; Owner: -
--

COMMENT ON FUNCTION kithdb.friendships_notify() IS 'AFTER INSERT/UPDATE/DELETE on friendships: a request notifies its addressee while it is pending, an acceptance its requester (NTF-01, NTF-04). Definer because no API role writes notifications.';


--
-- Name: friendships_recently_declined(); Type: FUNCTION; Schema: kithdb; Owner: -
--

CREATE FUNCTION kithdb.friendships_recently_declined() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
begin
  if old.updated_at > now() - kithdb.cool_down() then
    raise exception 'they declined your request recently'
      using errcode = 'PT409', detail = 'recently_declined';
  end if;
  return new;
end
$$;


--
-- Name: FUNCTION friendships_recently_declined(); Type: COMMENT; Schema: kithdb; Owner: -
--

COMMENT ON FUNCTION kithdb.friendships_recently_declined() IS 'BEFORE a declined request is sent again by its sender: refused during the cool-down, PT409 recently_declined (RTL-03); the addressee asking first is not a repeat.';


--
-- Name: friendships_record_decline(); Type: FUNCTION; Schema: kithdb; Owner: -
--

CREATE FUNCTION kithdb.friendships_record_decline() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
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


--
-- Name: FUNCTION friendships_record_decline(); Type: COMMENT; Schema: kithdb; Owner: -
--

COMMENT ON FUNCTION kithdb.friendships_record_decline() IS 'AFTER a block ends a declined request during its cool-down: the decline is kept for the cool-down (RTL-03). Definer because it writes kithdb.friendship_declines, which no user may.';


--
-- Name: friendships_recorded_decline(); Type: FUNCTION; Schema: kithdb; Owner: -
--

CREATE FUNCTION kithdb.friendships_recorded_decline() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
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


--
-- Name: FUNCTION friendships_recorded_decline(); Type: COMMENT; Schema: kithdb; Owner: -
--

COMMENT ON FUNCTION kithdb.friendships_recorded_decline() IS 'BEFORE a new request: refused, PT409 recently_declined, while its sender''s last one to the addressee, which a block ended, is in its cool-down; a request from that addressee forgives it (RTL-03). Definer because it reads kithdb.friendship_declines, which no user may.';


--
-- Name: friendships; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.friendships (
    user_id uuid NOT NULL,
    friend_id uuid NOT NULL,
    status public.friendship_status DEFAULT 'pending'::public.friendship_status NOT NULL,
    requested_by uuid NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT friendships_ordered_pair CHECK ((user_id < friend_id)),
    CONSTRAINT friendships_requested_by_in_pair CHECK (((requested_by = user_id) OR (requested_by = friend_id)))
);


--
-- Name: TABLE friendships; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON TABLE public.friendships IS 'One row per unordered pair of users (user_id < friend_id). Write through request_friendship, respond_friendship and remove_friendship, or directly under the same rules.';


--
-- Name: COLUMN friendships.user_id; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.friendships.user_id IS 'The smaller user id of the pair.';


--
-- Name: COLUMN friendships.friend_id; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.friendships.friend_id IS 'The larger user id of the pair.';


--
-- Name: COLUMN friendships.status; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.friendships.status IS 'Where the request stands; accepted means friends.';


--
-- Name: COLUMN friendships.requested_by; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.friendships.requested_by IS 'Who sent the current request (one of the pair); the other one is the addressee.';


--
-- Name: COLUMN friendships.created_at; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.friendships.created_at IS 'When the pair first appeared.';


--
-- Name: COLUMN friendships.updated_at; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.friendships.updated_at IS 'When the row last changed.';


--
-- Name: friendships_require_unblocked(public.friendships, uuid); Type: FUNCTION; Schema: kithdb; Owner: -
--

CREATE FUNCTION kithdb.friendships_require_unblocked(p_row public.friendships, p_uid uuid) RETURNS void
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
begin
  if p_uid is null then
    perform kithdb.require_unblocked(p_row.user_id, p_row.friend_id);
  elsif p_uid in (p_row.user_id, p_row.friend_id) then
    perform kithdb.require_reachable(
      case when p_uid = p_row.user_id then p_row.friend_id else p_row.user_id end);
  end if;
end
$$;


--
-- Name: FUNCTION friendships_require_unblocked(p_row public.friendships, p_uid uuid); Type: COMMENT; Schema: kithdb; Owner: -
--

COMMENT ON FUNCTION kithdb.friendships_require_unblocked(p_row public.friendships, p_uid uuid) IS 'Refuse a friendship row between two users either of whom blocked the other, as the writer may be told (BLK-04).';


--
-- Name: friendships_sync_circles(); Type: FUNCTION; Schema: kithdb; Owner: -
--

CREATE FUNCTION kithdb.friendships_sync_circles() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
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


--
-- Name: FUNCTION friendships_sync_circles(); Type: COMMENT; Schema: kithdb; Owner: -
--

COMMENT ON FUNCTION kithdb.friendships_sync_circles() IS 'AFTER a friendship begins or ends: re-derive each side''s membership in the other''s friends circles (DYN-03). Definer: writes memberships no API user may write.';


--
-- Name: has_circle_access(uuid, uuid); Type: FUNCTION; Schema: kithdb; Owner: -
--

CREATE FUNCTION kithdb.has_circle_access(circle_uuid uuid, user_uuid uuid) RETURNS boolean
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
begin
  return exists (
    select from public.circle_members m
    where m.circle_id = circle_uuid and m.user_id = user_uuid
  );
end
$$;


--
-- Name: FUNCTION has_circle_access(circle_uuid uuid, user_uuid uuid); Type: COMMENT; Schema: kithdb; Owner: -
--

COMMENT ON FUNCTION kithdb.has_circle_access(circle_uuid uuid, user_uuid uuid) IS 'True when user_uuid is a member or invitee. Definer: answers regardless of the caller''s RLS, so only trusted roles may ask it (CIR-12).';


--
-- Name: hides_from(uuid, uuid); Type: FUNCTION; Schema: kithdb; Owner: -
--

CREATE FUNCTION kithdb.hides_from(p_user_id uuid, p_viewer uuid) RETURNS boolean
    LANGUAGE plpgsql STABLE
    SET search_path TO ''
    AS $$
begin
  return exists (select from public.blocks b
                 where b.blocker_id = p_user_id and b.blocked_id = p_viewer)
     and not exists (select from public.blocks b
                     where b.blocker_id = p_viewer and b.blocked_id = p_user_id);
end
$$;


--
-- Name: FUNCTION hides_from(p_user_id uuid, p_viewer uuid); Type: COMMENT; Schema: kithdb; Owner: -
--

COMMENT ON FUNCTION kithdb.hides_from(p_user_id uuid, p_viewer uuid) IS 'True when p_user_id blocked p_viewer and p_viewer has not blocked them back: to p_viewer, p_user_id and what is theirs do not exist (BLK-03), as kithdb.my_blockers says for the caller. For definers, which read past blocks'' policy.';


--
-- Name: hold_profile(uuid); Type: FUNCTION; Schema: kithdb; Owner: -
--

CREATE FUNCTION kithdb.hold_profile(p_user_id uuid) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
begin
  perform from public.profiles p where p.id = p_user_id for key share;
end
$$;


--
-- Name: FUNCTION hold_profile(p_user_id uuid); Type: COMMENT; Schema: kithdb; Owner: -
--

COMMENT ON FUNCTION kithdb.hold_profile(p_user_id uuid) IS 'Key-share lock on p_user_id''s profile until the transaction ends; answers nothing (ACC-02). Definer because profiles'' update policy would hide every row but the caller''s from the lock.';


--
-- Name: hold_user(uuid); Type: FUNCTION; Schema: kithdb; Owner: -
--

CREATE FUNCTION kithdb.hold_user(p_user_id uuid) RETURNS void
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
begin
  if not exists (select from public.profiles p where p.id = p_user_id) then
    raise exception 'no such user' using errcode = 'PT404', detail = 'user_not_found';
  end if;
  perform kithdb.hold_profile(p_user_id);
  if not exists (select from public.profiles p where p.id = p_user_id) then
    raise exception 'no such user' using errcode = 'PT404', detail = 'user_not_found';
  end if;
end
$$;


--
-- Name: FUNCTION hold_user(p_user_id uuid); Type: COMMENT; Schema: kithdb; Owner: -
--

COMMENT ON FUNCTION kithdb.hold_user(p_user_id uuid) IS 'PT404 user_not_found unless the caller reads p_user_id''s profile, before and after holding it against a deletion (ACC-02, BLK-03).';


--
-- Name: posts; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.posts (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    author_id uuid DEFAULT auth.uid() NOT NULL,
    body text NOT NULL,
    audience public.post_audience DEFAULT 'public'::public.post_audience NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    removed_at timestamp with time zone,
    CONSTRAINT posts_body_length CHECK (((char_length(body) >= 1) AND (char_length(body) <= 5000))),
    CONSTRAINT posts_body_not_blank CHECK (((body ~ '^[!-~]'::text) OR (NOT kithdb.is_blank(body)))),
    CONSTRAINT posts_created_at_finite CHECK (isfinite(created_at))
);


--
-- Name: TABLE posts; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON TABLE public.posts IS 'A post and its audience; see post_circles for circle audiences.';


--
-- Name: COLUMN posts.id; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.posts.id IS 'The post''s id.';


--
-- Name: COLUMN posts.author_id; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.posts.author_id IS 'Who wrote it.';


--
-- Name: COLUMN posts.body; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.posts.body IS 'The text, 1–5000 characters, not blank.';


--
-- Name: COLUMN posts.audience; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.posts.audience IS 'public, friends or circles (see post_circles).';


--
-- Name: COLUMN posts.created_at; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.posts.created_at IS 'When it was posted; the feed pages on (created_at, id).';


--
-- Name: COLUMN posts.updated_at; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.posts.updated_at IS 'When it was last edited.';


--
-- Name: COLUMN posts.removed_at; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.posts.removed_at IS 'When a moderator removed it (MOD-04): from then on only its author reads it, marked so.';


--
-- Name: home_feed_page(integer, timestamp with time zone, uuid); Type: FUNCTION; Schema: kithdb; Owner: -
--

CREATE FUNCTION kithdb.home_feed_page(p_limit integer, p_before timestamp with time zone, p_before_id uuid) RETURNS SETOF public.posts
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO ''
    SET plan_cache_mode TO 'force_generic_plan'
    SET jit TO 'off'
    AS $$
declare
  v_me pg_catalog.uuid := kithdb.uid();
  -- The page ends below the cursor, or below every post. Without p_before_id, every post at
  -- p_before is excluded: no uuid sorts below the nil uuid.
  v_at pg_catalog.timestamptz := coalesce(p_before, 'infinity');
  v_id pg_catalog.uuid := coalesce(p_before_id, '00000000-0000-0000-0000-000000000000'::pg_catalog.uuid);
  v_friends pg_catalog.uuid[];
  v_circles pg_catalog.uuid[];
  -- Whom the caller blocked and who blocked them (BLK-07): a circle's post by one is skipped.
  v_hidden pg_catalog.uuid[];
  v_none_hidden boolean;
  -- The friends probed, and a time no other friend has posted after (null: none is left out).
  v_probed pg_catalog.uuid[];
  v_rest_before pg_catalog.timestamptz;
  -- The friends' newest posts below the cursor, when read straight from the time index.
  v_dense_at pg_catalog.timestamptz[] := '{}'::pg_catalog.timestamptz[];
  v_dense_id pg_catalog.uuid[] := '{}'::pg_catalog.uuid[];
  v_recent pg_catalog.uuid[];
  v_recent_at pg_catalog.timestamptz[];
  v_scanned integer;
  -- Past this many rows of author_activity, probing every friend costs less than looking on.
  v_budget integer;
  -- The page's lowest possible key, and the sources that reach it.
  v_floor_at pg_catalog.timestamptz;
  v_floor_id pg_catalog.uuid;
  v_kinds integer[];
  v_sources pg_catalog.uuid[];
begin
  -- Also for a caller who calls it directly: a page of 1–100.
  perform kithdb.check_page(p_limit, p_before, p_before_id);
  if v_me is null then
    return;
  end if;
  select coalesce(array_agg(f.id), '{}') into v_friends from (
    select f.friend_id as id from public.friendships f
    where f.user_id = v_me and f.status = 'accepted'
    union all
    select f.user_id from public.friendships f
    where f.friend_id = v_me and f.status = 'accepted'
  ) f;
  select coalesce(array_agg(m.circle_id), '{}') into v_circles from public.circle_members m
  where m.user_id = v_me and m.status = 'member';
  -- The users whose posts this page skips: blocked either way (BLK-07) and muted (MUT-02).
  select coalesce(array_agg(h.id), '{}') into v_hidden from (
    select b.blocked_id as id from public.blocks b where b.blocker_id = v_me
    union all
    select b.blocker_id from public.blocks b where b.blocked_id = v_me
    union all
    select m.muted_id from public.mutes m
    where m.muter_id = v_me and (m.until is null or m.until > now())
  ) h;
  v_none_hidden := cardinality(v_hidden) = 0;
  -- A block ends a friendship (BLK-02); a muted friend stays a friend but is skipped here.
  if not v_none_hidden then
    v_friends := array(select f.id from unnest(v_friends) f(id) where f.id <> all (v_hidden));
  end if;
  v_probed := v_friends;

  -- Many friends: their posts are dense among everyone's shared posts. Read those below the
  -- cursor newest first, at most 8 per friend (the cost of reading the friend list again): when
  -- p_limit of them are the friends', they are the friends' newest, and no friend is probed.
  if cardinality(v_friends) > 64 then
    select array_agg(w.created_at order by w.created_at desc, w.id desc),
           array_agg(w.id order by w.created_at desc, w.id desc)
      into v_dense_at, v_dense_id
    from (
      select w.created_at, w.id from (
        select p.created_at, p.id, p.author_id from public.posts p
        where p.audience <> 'circles' and p.removed_at is null and (p.created_at, p.id) < (v_at, v_id)
        order by p.created_at desc, p.id desc
        limit 8 * cardinality(v_friends)
      ) w
      where (w.author_id in (select unnest(v_friends))) is true
      order by w.created_at desc, w.id desc
      limit p_limit
    ) w;
    if cardinality(v_dense_id) = p_limit then
      v_probed := '{}';
    else
      v_dense_at := '{}';
      v_dense_id := '{}';
    end if;
  end if;

  -- Many friends, not dense: the ones who posted last, read from author_activity newest first.
  -- Every friend who posted after the cursor is probed (their newest post below it may be
  -- anywhere), then p_limit more; the next one's last_shared_at bounds every friend left out.
  if cardinality(v_friends) > 64 and cardinality(v_dense_id) = 0 then
    v_budget := 16 * cardinality(v_friends);
    v_recent := '{}';
    v_scanned := 0;
    if p_before is not null then
      select coalesce(array_agg(s.author_id) filter (where s.friend), '{}'), count(*)
        into v_recent, v_scanned
      from (
        select a.author_id, (a.author_id in (select unnest(v_friends))) is true as friend
        from kithdb.author_activity a
        where a.last_shared_at >= v_at
        order by a.last_shared_at desc, a.author_id desc
        limit v_budget
      ) s;
    end if;
    -- Past the budget (v_scanned = v_budget) this reads nothing, and every friend is probed.
    select array_agg(s.author_id order by s.last_shared_at desc, s.author_id desc),
           array_agg(s.last_shared_at order by s.last_shared_at desc, s.author_id desc)
      into v_probed, v_recent_at
    from (
      select a.author_id, a.last_shared_at from (
        select a.author_id, a.last_shared_at from kithdb.author_activity a
        where a.last_shared_at < v_at
        order by a.last_shared_at desc, a.author_id desc
        limit v_budget - v_scanned
      ) a
      where (a.author_id in (select unnest(v_friends))) is true
      limit p_limit + 1
    ) s;
    if cardinality(v_recent_at) = p_limit + 1 then
      v_rest_before := v_recent_at[p_limit + 1];
      v_probed := v_recent || v_probed[1:p_limit];
    else
      v_probed := v_friends;
    end if;
  end if;

  <<page>>
  loop
    -- Each source's newest post below the cursor (kind 0: the caller's own posts, every
    -- audience; 1: a friend's public and friends posts; 2: a circle's posts, PST-01), and the
    -- friends' dense posts (3), each read already; the p_limit-th newest of them is the page's
    -- lowest possible key: that many posts are at or above it, so the page is too, and only a
    -- source whose newest post reaches it has a post on the page. With fewer heads than that,
    -- every post of every source may be on it.
    select x.at, x.id, x.kinds, x.sources
      into v_floor_at, v_floor_id, v_kinds, v_sources
    from (
      with heads as materialized (
        select 0 as kind, v_me as source, h.created_at, h.id
        from (select p.created_at, p.id from public.posts p
              where p.author_id = v_me and (p.created_at, p.id) < (v_at, v_id)
              order by p.created_at desc, p.id desc limit 1) h
        union all
        select 1, f.id, h.created_at, h.id
        from unnest(v_probed) f(id) cross join lateral (
          select p.created_at, p.id from public.posts p
          where p.author_id = f.id and p.audience <> 'circles' and p.removed_at is null
            and (p.created_at, p.id) < (v_at, v_id)
          order by p.created_at desc, p.id desc limit 1) h
        union all
        select 3, null, d.at, d.id from unnest(v_dense_at, v_dense_id) d(at, id)
        union all
        select 2, c.id, h.post_created_at, h.post_id
        from unnest(v_circles) c(id) cross join lateral (
          select pc.post_created_at, pc.post_id from public.post_circles pc
          where pc.circle_id = c.id and (pc.post_created_at, pc.post_id) < (v_at, v_id)
            and (v_none_hidden or not exists (
              select from public.posts p where p.id = pc.post_id and p.author_id = any (v_hidden)))
          order by pc.post_created_at desc, pc.post_id desc limit 1) h
      ),
      floor as (
        select f.at, f.id from (
          (select d.created_at as at, d.id from (select distinct h.created_at, h.id from heads h) d
           order by d.created_at desc, d.id desc offset p_limit - 1 limit 1)
          union all
          select '-infinity'::pg_catalog.timestamptz, '00000000-0000-0000-0000-000000000000'::pg_catalog.uuid
        ) f
        order by f.at desc, f.id desc limit 1
      )
      select b.at, b.id,
             coalesce(array_agg(h.kind) filter (where h.kind < 3), '{}') as kinds,
             coalesce(array_agg(h.source) filter (where h.kind < 3), '{}') as sources
      from floor b join heads h on (h.created_at, h.id) >= (b.at, b.id)
      group by b.at, b.id
    ) x;
    -- A friend left out may have posted after the page's lowest key: probe them all.
    exit page when v_rest_before is null or v_floor_at > v_rest_before;
    v_probed := v_friends;
    v_rest_before := null;
  end loop;
  if v_floor_at is null then
    return;
  end if;

  -- Each source that reaches the floor, read down to it; a post reached through a circle is on
  -- the page only while its audience is circles (PST-07), checked on the page's rows alone.
  return query
    select p.* from (
      select k.created_at, k.id, min(k.kind) as kind from (
        select q.created_at, q.id, s.kind
        from unnest(v_kinds, v_sources) s(kind, source) cross join lateral (
          (select p.created_at, p.id from public.posts p
           where s.kind = 0 and p.author_id = s.source
             and (p.created_at, p.id) < (v_at, v_id)
             and (p.created_at, p.id) >= (v_floor_at, v_floor_id)
           order by p.created_at desc, p.id desc limit p_limit)
          union all
          (select p.created_at, p.id from public.posts p
           where s.kind = 1 and p.author_id = s.source and p.audience <> 'circles'
             and p.removed_at is null
             and (p.created_at, p.id) < (v_at, v_id)
             and (p.created_at, p.id) >= (v_floor_at, v_floor_id)
           order by p.created_at desc, p.id desc limit p_limit)
          union all
          (select pc.post_created_at, pc.post_id from public.post_circles pc
           where s.kind = 2 and pc.circle_id = s.source
             and (pc.post_created_at, pc.post_id) < (v_at, v_id)
             and (pc.post_created_at, pc.post_id) >= (v_floor_at, v_floor_id)
             and (v_none_hidden or not exists (
               select from public.posts p where p.id = pc.post_id and p.author_id = any (v_hidden)))
           order by pc.post_created_at desc, pc.post_id desc limit p_limit)
        ) q
        union all
        select d.at, d.id, 1 from unnest(v_dense_at, v_dense_id) d(at, id)
        where (d.at, d.id) >= (v_floor_at, v_floor_id)
      ) k
      group by k.created_at, k.id
      order by k.created_at desc, k.id desc
      limit p_limit
    ) k
    join public.posts p on p.id = k.id and (k.kind < 2 or p.audience = 'circles')
    order by p.created_at desc, p.id desc;
end
$$;


--
-- Name: FUNCTION home_feed_page(p_limit integer, p_before timestamp with time zone, p_before_id uuid); Type: COMMENT; Schema: kithdb; Owner: -
--

COMMENT ON FUNCTION kithdb.home_feed_page(p_limit integer, p_before timestamp with time zone, p_before_id uuid) IS 'One page of the caller''s home feed (PST-08): their own posts, their friends'' public and friends posts, their circles'' posts, each once, newest first below the cursor. Definer: it reads exactly what posts_select shows the caller from these sources, through the indexes of each source, where the policy would be evaluated per row against every friend.';


--
-- Name: is_api_role(); Type: FUNCTION; Schema: kithdb; Owner: -
--

CREATE FUNCTION kithdb.is_api_role() RETURNS boolean
    LANGUAGE plpgsql STABLE
    SET search_path TO ''
    AS $$
begin
  return current_user in ('anon', 'authenticated');
end
$$;


--
-- Name: FUNCTION is_api_role(); Type: COMMENT; Schema: kithdb; Owner: -
--

COMMENT ON FUNCTION kithdb.is_api_role() IS 'True when the statement runs as an API role (anon, authenticated) on behalf of a user. False for DBAs, service_role and kithdb''s own definer steps, which triggers trust.';


--
-- Name: is_circle_admin(uuid, uuid); Type: FUNCTION; Schema: kithdb; Owner: -
--

CREATE FUNCTION kithdb.is_circle_admin(circle_uuid uuid, user_uuid uuid) RETURNS boolean
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
begin
  return exists (
    select from public.circle_members m
    where m.circle_id = circle_uuid and m.user_id = user_uuid
      and m.role = 'admin' and m.status = 'member'
  );
end
$$;


--
-- Name: FUNCTION is_circle_admin(circle_uuid uuid, user_uuid uuid); Type: COMMENT; Schema: kithdb; Owner: -
--

COMMENT ON FUNCTION kithdb.is_circle_admin(circle_uuid uuid, user_uuid uuid) IS 'True when user_uuid is an admin member. Definer: answers regardless of the caller''s RLS, so only trusted roles may ask it (CIR-12).';


--
-- Name: is_circle_member(uuid, uuid); Type: FUNCTION; Schema: kithdb; Owner: -
--

CREATE FUNCTION kithdb.is_circle_member(circle_uuid uuid, user_uuid uuid) RETURNS boolean
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
begin
  return exists (
    select from public.circle_members m
    where m.circle_id = circle_uuid and m.user_id = user_uuid and m.status = 'member'
  );
end
$$;


--
-- Name: FUNCTION is_circle_member(circle_uuid uuid, user_uuid uuid); Type: COMMENT; Schema: kithdb; Owner: -
--

COMMENT ON FUNCTION kithdb.is_circle_member(circle_uuid uuid, user_uuid uuid) IS 'True when user_uuid is a member (not just invited). Definer: answers regardless of the caller''s RLS, so only trusted roles may ask it (CIR-12).';


--
-- Name: is_event_author(uuid, uuid); Type: FUNCTION; Schema: kithdb; Owner: -
--

CREATE FUNCTION kithdb.is_event_author(p_event_id uuid, p_user_id uuid) RETURNS boolean
    LANGUAGE plpgsql STABLE
    SET search_path TO ''
    AS $$
begin
  return exists (
    select from public.event_authors a where a.event_id = p_event_id and a.user_id = p_user_id
  );
end
$$;


--
-- Name: FUNCTION is_event_author(p_event_id uuid, p_user_id uuid); Type: COMMENT; Schema: kithdb; Owner: -
--

COMMENT ON FUNCTION kithdb.is_event_author(p_event_id uuid, p_user_id uuid) IS 'True when p_user_id is an author of p_event_id (authors are public to signed-in users).';


--
-- Name: is_friend_of_event_creator(uuid, uuid); Type: FUNCTION; Schema: kithdb; Owner: -
--

CREATE FUNCTION kithdb.is_friend_of_event_creator(p_event_id uuid, p_user_id uuid) RETURNS boolean
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
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


--
-- Name: FUNCTION is_friend_of_event_creator(p_event_id uuid, p_user_id uuid); Type: COMMENT; Schema: kithdb; Owner: -
--

COMMENT ON FUNCTION kithdb.is_friend_of_event_creator(p_event_id uuid, p_user_id uuid) IS 'True when the caller authors p_event_id and p_user_id is an accepted friend of its creator who has not blocked the caller (BLK-03); false for anyone else who asks (CIR-12). Definer: an author adding someone cannot see the creator''s friendships.';


--
-- Name: is_new_circle(uuid); Type: FUNCTION; Schema: kithdb; Owner: -
--

CREATE FUNCTION kithdb.is_new_circle(circle_uuid uuid) RETURNS boolean
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
begin
  return not exists (
    select from public.circle_members m join public.circles c on c.id = m.circle_id
    where m.circle_id = circle_uuid and c.created_by = kithdb.uid()
  );
end
$$;


--
-- Name: FUNCTION is_new_circle(circle_uuid uuid); Type: COMMENT; Schema: kithdb; Owner: -
--

COMMENT ON FUNCTION kithdb.is_new_circle(circle_uuid uuid) IS 'False for a circle the caller created that has member rows; true otherwise, and so for the instant between a circle''s insert and its founder, when INSERT … RETURNING must already show it to its creator. Definer: must see rows the caller cannot; about anyone else''s circle it answers true whether the circle exists or not (CIR-12).';


--
-- Name: is_valid_circle_rule(jsonb); Type: FUNCTION; Schema: kithdb; Owner: -
--

CREATE FUNCTION kithdb.is_valid_circle_rule(p_rule jsonb) RETURNS boolean
    LANGUAGE sql IMMUTABLE
    SET search_path TO ''
    AS $_$
  select case
    when jsonb_typeof(p_rule) is distinct from 'object' then false
    when p_rule ->> 'kind' = 'friends' then p_rule = '{"kind": "friends"}'::pg_catalog.jsonb
    when p_rule ->> 'kind' = 'event' then
      (select array_agg(k order by k) from jsonb_object_keys(p_rule) k) = array['event_id', 'kind']
      and jsonb_typeof(p_rule -> 'event_id') = 'string'
      and (p_rule ->> 'event_id') ~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
    else false
  end
$_$;


--
-- Name: FUNCTION is_valid_circle_rule(p_rule jsonb); Type: COMMENT; Schema: kithdb; Owner: -
--

COMMENT ON FUNCTION kithdb.is_valid_circle_rule(p_rule jsonb) IS 'True for {"kind":"friends"} and {"kind":"event","event_id":"<uuid>"} with the uuid in its canonical lower-case form, and nothing else.';


--
-- Name: leave_like_group(uuid); Type: FUNCTION; Schema: kithdb; Owner: -
--

CREATE FUNCTION kithdb.leave_like_group(p_group_id uuid) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
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


--
-- Name: FUNCTION leave_like_group(p_group_id uuid); Type: COMMENT; Schema: kithdb; Owner: -
--

COMMENT ON FUNCTION kithdb.leave_like_group(p_group_id uuid) IS 'Step behind public.leave_like_group. Definer: API users cannot write like-group tables.';


--
-- Name: like_group_approvals_guard(); Type: FUNCTION; Schema: kithdb; Owner: -
--

CREATE FUNCTION kithdb.like_group_approvals_guard() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
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


--
-- Name: FUNCTION like_group_approvals_guard(); Type: COMMENT; Schema: kithdb; Owner: -
--

COMMENT ON FUNCTION kithdb.like_group_approvals_guard() IS 'BEFORE INSERT/UPDATE/DELETE on like_group_approvals: approvals by current authors on pending groups only (LGR-05, LGR-09), never moved (SEC-12). Definer: reads the group beyond the caller''s RLS.';


--
-- Name: like_group_approvals_renotify(); Type: FUNCTION; Schema: kithdb; Owner: -
--

CREATE FUNCTION kithdb.like_group_approvals_renotify() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
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


--
-- Name: FUNCTION like_group_approvals_renotify(); Type: COMMENT; Schema: kithdb; Owner: -
--

COMMENT ON FUNCTION kithdb.like_group_approvals_renotify() IS 'AFTER DELETE of a yes on a pending group: its author finds the application new in their inbox (LGR-05, NTF-01). Definer because no API role writes notifications.';


--
-- Name: like_group_deadline(timestamp with time zone, timestamp with time zone); Type: FUNCTION; Schema: kithdb; Owner: -
--

CREATE FUNCTION kithdb.like_group_deadline(p_created_at timestamp with time zone, p_starts_at timestamp with time zone) RETURNS timestamp with time zone
    LANGUAGE plpgsql IMMUTABLE
    SET search_path TO ''
    AS $$
begin
  return least(p_created_at + interval '24 hours', p_starts_at);
end
$$;


--
-- Name: FUNCTION like_group_deadline(p_created_at timestamp with time zone, p_starts_at timestamp with time zone); Type: COMMENT; Schema: kithdb; Owner: -
--

COMMENT ON FUNCTION kithdb.like_group_deadline(p_created_at timestamp with time zone, p_starts_at timestamp with time zone) IS 'When a pending group expires: 24 hours after it applied, or when its event starts if sooner.';


--
-- Name: like_group_heir(uuid, uuid, boolean); Type: FUNCTION; Schema: kithdb; Owner: -
--

CREATE FUNCTION kithdb.like_group_heir(p_group_id uuid, p_creator uuid, p_creator_stays boolean) RETURNS uuid
    LANGUAGE sql STABLE
    SET search_path TO ''
    AS $$
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


--
-- Name: FUNCTION like_group_heir(p_group_id uuid, p_creator uuid, p_creator_stays boolean); Type: COMMENT; Schema: kithdb; Owner: -
--

COMMENT ON FUNCTION kithdb.like_group_heir(p_group_id uuid, p_creator uuid, p_creator_stays boolean) IS 'Who takes decided group p_group_id from its creator p_creator (LGR-11, LGR-12): null when nobody may. It reads blocks past RLS, so only definers run it.';


--
-- Name: like_group_members_follow_group(); Type: FUNCTION; Schema: kithdb; Owner: -
--

CREATE FUNCTION kithdb.like_group_members_follow_group() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
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


--
-- Name: FUNCTION like_group_members_follow_group(); Type: COMMENT; Schema: kithdb; Owner: -
--

COMMENT ON FUNCTION kithdb.like_group_members_follow_group() IS 'BEFORE UPDATE on like_group_members: only group_active changes, and only to follow its group (LGR-01, LGR-09).';


--
-- Name: like_group_members_guard(); Type: FUNCTION; Schema: kithdb; Owner: -
--

CREATE FUNCTION kithdb.like_group_members_guard() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
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


--
-- Name: FUNCTION like_group_members_guard(); Type: COMMENT; Schema: kithdb; Owner: -
--

COMMENT ON FUNCTION kithdb.like_group_members_guard() IS 'BEFORE INSERT/DELETE on like_group_members: pending groups only, no authors, at most 10; a new member takes back the approvals given (LGR-02, LGR-03, LGR-05, LGR-09). Definer: locks and counts beyond the caller''s RLS.';


--
-- Name: like_group_members_notify(); Type: FUNCTION; Schema: kithdb; Owner: -
--

CREATE FUNCTION kithdb.like_group_members_notify() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
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


--
-- Name: FUNCTION like_group_members_notify(); Type: COMMENT; Schema: kithdb; Owner: -
--

COMMENT ON FUNCTION kithdb.like_group_members_notify() IS 'AFTER INSERT/DELETE on like_group_members: a member added by the group''s creator learns it; a member who leaves or is removed loses what named the group (NTF-01, NTF-04). Definer because no API role writes notifications.';


--
-- Name: like_group_members_redecide(); Type: FUNCTION; Schema: kithdb; Owner: -
--

CREATE FUNCTION kithdb.like_group_members_redecide() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
begin
  perform kithdb.decide_like_group(old.group_id);  -- fewer members lower the threshold
  return null;
end
$$;


--
-- Name: FUNCTION like_group_members_redecide(); Type: COMMENT; Schema: kithdb; Owner: -
--

COMMENT ON FUNCTION kithdb.like_group_members_redecide() IS 'AFTER DELETE on like_group_members: re-decide the group, whose threshold may have dropped (LGR-07). Definer: may open the group''s chat.';


--
-- Name: like_group_members_sync_circles(); Type: FUNCTION; Schema: kithdb; Owner: -
--

CREATE FUNCTION kithdb.like_group_members_sync_circles() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
begin
  -- A pending group's members do not attend; a deleted group's may have.
  if exists (select from public.like_groups g where g.id = old.group_id and g.status = 'pending') then
    return null;
  end if;
  perform kithdb.sync_event_circles(old.event_id, old.user_id);
  return null;
end
$$;


--
-- Name: FUNCTION like_group_members_sync_circles(); Type: COMMENT; Schema: kithdb; Owner: -
--

COMMENT ON FUNCTION kithdb.like_group_members_sync_circles() IS 'AFTER DELETE on like_group_members: an attendee left, re-derive their membership in the event''s circles (DYN-03). Definer: writes memberships no API user may write.';


--
-- Name: like_groups_guard(); Type: FUNCTION; Schema: kithdb; Owner: -
--

CREATE FUNCTION kithdb.like_groups_guard() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
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


--
-- Name: FUNCTION like_groups_guard(); Type: COMMENT; Schema: kithdb; Owner: -
--

COMMENT ON FUNCTION kithdb.like_groups_guard() IS 'BEFORE UPDATE on like_groups: decided groups never change, but a decided group''s creator passes to a member or to nobody (LGR-09, LGR-11, LGR-12); decided_at is stamped.';


--
-- Name: like_groups_notify(); Type: FUNCTION; Schema: kithdb; Owner: -
--

CREATE FUNCTION kithdb.like_groups_notify() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
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


--
-- Name: FUNCTION like_groups_notify(); Type: COMMENT; Schema: kithdb; Owner: -
--

COMMENT ON FUNCTION kithdb.like_groups_notify() IS 'AFTER INSERT on like_groups: the event''s authors learn of the application while it is pending; AFTER its decision: every member learns it (NTF-01, NTF-04). Definer because no API role writes notifications.';


--
-- Name: like_groups_release_members(); Type: FUNCTION; Schema: kithdb; Owner: -
--

CREATE FUNCTION kithdb.like_groups_release_members() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
begin
  update public.like_group_members m set group_active = false where m.group_id = new.id;
  return null;
end
$$;


--
-- Name: FUNCTION like_groups_release_members(); Type: COMMENT; Schema: kithdb; Owner: -
--

COMMENT ON FUNCTION kithdb.like_groups_release_members() IS 'AFTER a group is rejected or expired: its members are free to apply again (LGR-01).';


--
-- Name: like_groups_sync_circles(); Type: FUNCTION; Schema: kithdb; Owner: -
--

CREATE FUNCTION kithdb.like_groups_sync_circles() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
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


--
-- Name: FUNCTION like_groups_sync_circles(); Type: COMMENT; Schema: kithdb; Owner: -
--

COMMENT ON FUNCTION kithdb.like_groups_sync_circles() IS 'AFTER a like group is approved: re-derive its members'' memberships in the event''s circles (DYN-03). Definer: writes memberships no API user may write.';


--
-- Name: like_groups_unnotify(); Type: FUNCTION; Schema: kithdb; Owner: -
--

CREATE FUNCTION kithdb.like_groups_unnotify() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
begin
  delete from public.notifications n where n.like_group_id = old.id;
  return null;
end
$$;


--
-- Name: FUNCTION like_groups_unnotify(); Type: COMMENT; Schema: kithdb; Owner: -
--

COMMENT ON FUNCTION kithdb.like_groups_unnotify() IS 'AFTER DELETE on like_groups: the notifications naming the group go (NTF-04). Definer because no API role deletes notifications.';


--
-- Name: limit_api_insert(); Type: FUNCTION; Schema: kithdb; Owner: -
--

CREATE FUNCTION kithdb.limit_api_insert() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
begin
  if kithdb.is_api_role() and (select count(*) from new_rows) > 100 then
    raise exception 'one request inserts at most 100 rows into %', tg_table_name
      using errcode = '22023', detail = 'too_many_rows';
  end if;
  return null;
end
$$;


--
-- Name: FUNCTION limit_api_insert(); Type: COMMENT; Schema: kithdb; Owner: -
--

COMMENT ON FUNCTION kithdb.limit_api_insert() IS 'AFTER INSERT, per statement, on every table API users insert into (the <table>_insert_limit triggers): one API statement inserts at most 100 rows, so a single request cannot flood a table (SEC-10). kithdb''s own definer steps are not held to it.';


--
-- Name: lock_account(uuid); Type: FUNCTION; Schema: kithdb; Owner: -
--

CREATE FUNCTION kithdb.lock_account(p_user_id uuid) RETURNS void
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
declare
  v_event pg_catalog.uuid;
  v_events pg_catalog.uuid[] := '{}'::pg_catalog.uuid[];
  v_others pg_catalog.uuid[] := '{}'::pg_catalog.uuid[];
  v_heirs pg_catalog.uuid[] := '{}'::pg_catalog.uuid[];
  v_read_events pg_catalog.uuid[];
  v_read_others pg_catalog.uuid[];
  v_read_heirs pg_catalog.uuid[];
  v_pass integer := 0;
begin
  -- In the order the writes it races take them: its events' rows, then their applications (a
  -- cancellation); the blocker locks of their other authors exclusive, as their passes take
  -- them (a block by one of them); its own user lock exclusive, so that a block of it or a write
  -- naming it in a group ends first or waits for it, and the other users' of its blocks shared,
  -- as the cascade deleting the blocks takes them (blocks_lock_pair), in id order (a new author,
  -- a member added); its author rows, then their events' authors (a removal, a step-down); its
  -- blocks' pairs (a new author); groups; circles (a member leaving); its invitations (a
  -- decline) and open reports (a resolution); then a profile. None of
  -- those writes then waits for the deletion while it waits for them.
  -- An event passed to it, an author of its events, or a block made with it, while it waits
  -- would need its locks out of that order. Once it holds its authors' locks and its own, none
  -- can come: if the events, authors and blocks read then are not those it locked, it lets every
  -- lock of the pass go (a subtransaction) and takes them again.
  loop
    begin
      perform from public.events e where e.id = any (v_events) order by e.id for no key update;
      perform kithdb.lock_event_applications(e, true) from pg_catalog.unnest(v_events) e;
      perform kithdb.lock_blocks_by(h, true) from pg_catalog.unnest(v_heirs) h;
      perform kithdb.lock_user_blocks(u, u = p_user_id)
      from pg_catalog.unnest(array(select u from pg_catalog.unnest(v_others || p_user_id) u
                                   order by u)) u;
      for v_event in
        select a.event_id from public.event_authors a
        where a.user_id = p_user_id
        order by a.event_id
        for update
      loop
        perform kithdb.lock_event_authors(v_event);
      end loop;
      perform kithdb.lock_pair(p_user_id, o, true) from pg_catalog.unnest(v_others) o;
      v_read_events := array(select e.id from public.events e
                             where e.creator_id = p_user_id order by e.id);
      v_read_others := array(
        select distinct case when b.blocker_id = p_user_id then b.blocked_id else b.blocker_id end
        from public.blocks b
        where b.blocker_id = p_user_id or b.blocked_id = p_user_id
        order by 1);
      v_read_heirs := array(
        select distinct a.user_id
        from public.event_authors a
        join public.events e on e.id = a.event_id and e.creator_id = p_user_id
        where a.user_id <> p_user_id and not kithdb.hides_from(a.user_id, p_user_id)
        order by 1);
      exit when v_read_events = v_events and v_read_others = v_others
        and v_read_heirs = v_heirs;
      v_pass := v_pass + 1;
      if v_pass = 3 then
        -- Blocks with it made and lifted again and again while it waits would keep it starting
        -- over for good: the third time it keeps its locks and takes the new ones out of order.
        -- The sets read are final (see above); a deadlock (40P01, retryable) becomes possible,
        -- a deletion that never ends does not.
        perform from public.events e
        where e.id = any (v_read_events) and e.id <> all (v_events)
        order by e.id
        for no key update;
        perform kithdb.lock_event_applications(e, true)
        from pg_catalog.unnest(v_read_events) e where e <> all (v_events);
        perform kithdb.lock_blocks_by(h, true)
        from pg_catalog.unnest(v_read_heirs) h where h <> all (v_heirs);
        perform kithdb.lock_user_blocks(o, false)
        from pg_catalog.unnest(v_read_others) o where o <> all (v_others);
        perform kithdb.lock_pair(p_user_id, o, true)
        from pg_catalog.unnest(v_read_others) o where o <> all (v_others);
        exit;
      end if;
      v_events := v_read_events;
      v_others := v_read_others;
      v_heirs := v_read_heirs;
      raise exception 'take the locks again' using errcode = 'KD001';
    exception when sqlstate 'KD001' then
      null;
    end;
  end loop;
  -- Found through its memberships and authorships, not by a scan of every group.
  perform from public.like_groups g
  where g.id = any (array(
    select m.group_id from public.like_group_members m where m.user_id = p_user_id
    union
    select p.id from public.event_authors a
    join public.like_groups p on p.event_id = a.event_id and p.status = 'pending'
    where a.user_id = p_user_id))
  order by g.id
  for update;
  -- Then, in the one order of the writes it races: its friends circles, whose rows the end of a
  -- friendship syncs (a block ends one before it parts anyone); its static circles, before the
  -- rows in them that their next admin's promotion takes (CIR-03), as a block parts a user from
  -- circles before it leaves chats; its rows in its chats and their locks (NTF-09), as every
  -- departure takes them; the locks of the circles of the events it attends, as a departure
  -- from an event's chat then syncs them; its event circles, whose rows those syncs take.
  perform from public.circles c
  where c.id in (select m.circle_id from public.circle_members m
                 where m.user_id = p_user_id and m.status = 'member')
    and c.circle_type = 'dynamic' and c.event_id is null
  order by c.id
  for no key update;
  perform from public.circles c
  where c.id in (select m.circle_id from public.circle_members m
                 where m.user_id = p_user_id and m.status = 'member')
    and c.circle_type = 'static'
  order by c.id
  for no key update;
  perform kithdb.lock_chats_of(p_user_id);
  perform kithdb.lock_circles_of_event(e.event_id)
  from (select a.event_id from public.event_authors a where a.user_id = p_user_id
        union
        select m.event_id from public.like_group_members m
        where m.user_id = p_user_id and m.group_active
        order by 1) e;
  perform from public.circles c
  where c.id in (select m.circle_id from public.circle_members m
                 where m.user_id = p_user_id and m.status = 'member')
    and c.event_id is not null
  order by c.id
  for no key update;
  -- Last, its invitations (to circles, to author events) and its open reports, whose rows the
  -- profile's delete removes or clears: the invitee's decline holds its invitation before it
  -- records the decline against the profile (RTL-04, RTL-05; an invitation's removal takes no
  -- circle lock, CIR-04), a resolution holds its reports before it notifies the reporter (which
  -- holds the profile); each is waited for here, not met holding them.
  perform from public.circle_members m
  where m.user_id = p_user_id and m.status = 'invited'
  order by m.circle_id
  for update;
  perform from public.event_author_invitations i
  where i.user_id = p_user_id
  order by i.event_id
  for update;
  perform from public.reports r
  where r.reporter_id = p_user_id and r.status = 'open'
  order by r.id
  for no key update;
end
$$;


--
-- Name: FUNCTION lock_account(p_user_id uuid); Type: COMMENT; Schema: kithdb; Owner: -
--

COMMENT ON FUNCTION kithdb.lock_account(p_user_id uuid) IS 'Takes the locks the deletion of p_user_id''s account will take, before its profile''s row, in the order of the writes it races (ACC-03). Called by kithdb''s definers only, in READ COMMITTED.';


--
-- Name: lock_attendance(uuid, uuid); Type: FUNCTION; Schema: kithdb; Owner: -
--

CREATE FUNCTION kithdb.lock_attendance(p_event_id uuid, p_user_id uuid) RETURNS void
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
begin
  perform pg_advisory_xact_lock(hashtextextended(p_event_id::pg_catalog.text || '/' || p_user_id::pg_catalog.text, 0));
end
$$;


--
-- Name: FUNCTION lock_attendance(p_event_id uuid, p_user_id uuid); Type: COMMENT; Schema: kithdb; Owner: -
--

COMMENT ON FUNCTION kithdb.lock_attendance(p_event_id uuid, p_user_id uuid) IS 'Serialises everything that makes p_user_id an author or a like-group member of p_event_id (LGR-03): the two checks live on different tables, so each side takes this lock, then re-reads.';


--
-- Name: lock_block(uuid, uuid); Type: FUNCTION; Schema: kithdb; Owner: -
--

CREATE FUNCTION kithdb.lock_block(p_a uuid, p_b uuid) RETURNS void
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
begin
  if p_a = p_b then
    return;  -- no block is between a user and themselves
  end if;
  perform kithdb.lock_user_blocks(least(p_a, p_b), false);
  perform kithdb.lock_user_blocks(greatest(p_a, p_b), false);
  perform kithdb.lock_pair(p_a, p_b, true);
end
$$;


--
-- Name: FUNCTION lock_block(p_a uuid, p_b uuid); Type: COMMENT; Schema: kithdb; Owner: -
--

COMMENT ON FUNCTION kithdb.lock_block(p_a uuid, p_b uuid) IS 'Take the locks of a block between p_a and p_b, or of its end: both users'' shared, in id order, then the pair''s exclusive (BLK-06).';


--
-- Name: lock_blocks_by(uuid, boolean); Type: FUNCTION; Schema: kithdb; Owner: -
--

CREATE FUNCTION kithdb.lock_blocks_by(p_user_id uuid, p_exclusive boolean) RETURNS void
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
declare
  v_key pg_catalog.int8 := pg_catalog.hashtextextended(
    'blocks by/' operator(pg_catalog.||) p_user_id::pg_catalog.text, 0);
begin
  if p_exclusive then
    perform pg_catalog.pg_advisory_xact_lock(v_key);
  else
    perform pg_catalog.pg_advisory_xact_lock_shared(v_key);
  end if;
end
$$;


--
-- Name: FUNCTION lock_blocks_by(p_user_id uuid, p_exclusive boolean); Type: COMMENT; Schema: kithdb; Owner: -
--

COMMENT ON FUNCTION kithdb.lock_blocks_by(p_user_id uuid, p_exclusive boolean) IS 'Lock the blocks p_user_id makes until the transaction ends: shared for each such block, exclusive for a pass of an event to them (NTF-03).';


--
-- Name: lock_chats(uuid[]); Type: FUNCTION; Schema: kithdb; Owner: -
--

CREATE FUNCTION kithdb.lock_chats(p_chat_ids uuid[]) RETURNS void
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
begin
  perform pg_catalog.pg_advisory_xact_lock(1803, pg_catalog.hashtext(c::pg_catalog.text))
  from (select c from pg_catalog.unnest(p_chat_ids) c order by c) c;
end
$$;


--
-- Name: FUNCTION lock_chats(p_chat_ids uuid[]); Type: COMMENT; Schema: kithdb; Owner: -
--

COMMENT ON FUNCTION kithdb.lock_chats(p_chat_ids uuid[]) IS 'Lock the chats p_chat_ids exclusive, in id order, until the transaction ends: a departure from them waits for the messages in flight there (NTF-09).';


--
-- Name: lock_chats_of(uuid); Type: FUNCTION; Schema: kithdb; Owner: -
--

CREATE FUNCTION kithdb.lock_chats_of(p_user_id uuid) RETURNS void
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
begin
  perform from public.chat_participants p
  where p.user_id = p_user_id and p.left_at is null
  order by p.chat_id
  for update;
  perform kithdb.lock_chats(array(select p.chat_id from public.chat_participants p
                                  where p.user_id = p_user_id and p.left_at is null));
end
$$;


--
-- Name: FUNCTION lock_chats_of(p_user_id uuid); Type: COMMENT; Schema: kithdb; Owner: -
--

COMMENT ON FUNCTION kithdb.lock_chats_of(p_user_id uuid) IS 'Lock p_user_id''s rows in the chats they take part in, then those chats, in id order, until the transaction ends (NTF-09): for their account''s deletion.';


--
-- Name: lock_circle(uuid); Type: FUNCTION; Schema: kithdb; Owner: -
--

CREATE FUNCTION kithdb.lock_circle(p_circle_id uuid) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
begin
  -- Whatever the caller's row says: an acceptance in flight may be making them a member.
  perform from public.circles c
  where c.id = p_circle_id
    and exists (select from public.circle_members m
                where m.circle_id = c.id and m.user_id = kithdb.uid())
  for no key update of c;
end
$$;


--
-- Name: FUNCTION lock_circle(p_circle_id uuid); Type: COMMENT; Schema: kithdb; Owner: -
--

COMMENT ON FUNCTION kithdb.lock_circle(p_circle_id uuid) IS 'Locks circle p_circle_id''s row until the transaction ends, if the caller is a member or invitee of it; answers nothing. Definer because circles'' update policy would keep a member who is no admin, or an invitee, from the lock.';


--
-- Name: lock_circles_of_event(uuid); Type: FUNCTION; Schema: kithdb; Owner: -
--

CREATE FUNCTION kithdb.lock_circles_of_event(p_event_id uuid) RETURNS void
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
begin
  perform pg_advisory_xact_lock(hashtextextended('event circles/' || p_event_id::pg_catalog.text, 0));
end
$$;


--
-- Name: FUNCTION lock_circles_of_event(p_event_id uuid); Type: COMMENT; Schema: kithdb; Owner: -
--

COMMENT ON FUNCTION kithdb.lock_circles_of_event(p_event_id uuid) IS 'Serialises the creation of p_event_id''s circles with each other and with changes of its authors and attendees, until the transaction ends.';


--
-- Name: lock_event_applications(uuid, boolean); Type: FUNCTION; Schema: kithdb; Owner: -
--

CREATE FUNCTION kithdb.lock_event_applications(p_event_id uuid, p_exclusive boolean) RETURNS void
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
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


--
-- Name: FUNCTION lock_event_applications(p_event_id uuid, p_exclusive boolean); Type: COMMENT; Schema: kithdb; Owner: -
--

COMMENT ON FUNCTION kithdb.lock_event_applications(p_event_id uuid, p_exclusive boolean) IS 'Orders a cancellation of p_event_id, or a new author (exclusive), against the like groups being made for it (shared, then the event is read): the exclusive side sees every group made before it, and a group made after it sees the event cancelled or the new author (EVT-10, LGR-12). Refuses any level but READ COMMITTED (25001 read_committed_required).';


--
-- Name: lock_event_authors(uuid); Type: FUNCTION; Schema: kithdb; Owner: -
--

CREATE FUNCTION kithdb.lock_event_authors(p_event_id uuid) RETURNS void
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
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


--
-- Name: FUNCTION lock_event_authors(p_event_id uuid); Type: COMMENT; Schema: kithdb; Owner: -
--

COMMENT ON FUNCTION kithdb.lock_event_authors(p_event_id uuid) IS 'Serialises the changes of p_event_id''s authors and invitations until the transaction ends; an API user must be in READ COMMITTED (25001 read_committed_required).';


--
-- Name: lock_like_group(uuid); Type: FUNCTION; Schema: kithdb; Owner: -
--

CREATE FUNCTION kithdb.lock_like_group(p_group_id uuid) RETURNS public.like_groups
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
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


--
-- Name: FUNCTION lock_like_group(p_group_id uuid); Type: COMMENT; Schema: kithdb; Owner: -
--

COMMENT ON FUNCTION kithdb.lock_like_group(p_group_id uuid) IS 'Locks a group the caller may see (member or event author), else PT404; refuses any level but READ COMMITTED (25001 read_committed_required). Definer: locks a row API users cannot update; called only by kithdb''s own steps.';


--
-- Name: lock_my_block(uuid); Type: FUNCTION; Schema: kithdb; Owner: -
--

CREATE FUNCTION kithdb.lock_my_block(p_user_id uuid) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  v_me pg_catalog.uuid := kithdb.require_uid();
begin
  -- Nothing of a user who blocked the caller is waited for: a wait would time their writes in
  -- flight, which hold their user lock (BLK-03).
  if kithdb.hides_from(p_user_id, v_me) then
    return;
  end if;
  perform kithdb.lock_blocks_by(v_me, false);
  perform kithdb.lock_block(v_me, p_user_id);
end
$$;


--
-- Name: FUNCTION lock_my_block(p_user_id uuid); Type: COMMENT; Schema: kithdb; Owner: -
--

COMMENT ON FUNCTION kithdb.lock_my_block(p_user_id uuid) IS 'Definer because API roles may not call kithdb.lock_block; it takes only the locks of a block between the caller and p_user_id, which their block or its end takes anyway (the caller''s blocker lock first), none when p_user_id blocked the caller, and answers nothing (BLK-03, BLK-06, NTF-03).';


--
-- Name: lock_my_friendship(uuid); Type: FUNCTION; Schema: kithdb; Owner: -
--

CREATE FUNCTION kithdb.lock_my_friendship(p_user_id uuid) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  v_me pg_catalog.uuid := kithdb.require_uid();
  v_hidden boolean;
begin
  -- As in lock_my_pair: the isolation level's refusal for every p_user_id, then nothing of a
  -- user who blocked the caller is waited for (BLK-03). The caller's own lock is taken on every
  -- call, so that the wait and the answer are a missing user's for a blocker too; the other's,
  -- whatever the row says: read before the locks, the row may have changed by the time the
  -- write locks it (docs/DESIGN.md, "Known limits of these orders").
  perform kithdb.require_read_committed();
  v_hidden := kithdb.hides_from(p_user_id, v_me);
  if v_hidden then
    begin
      perform kithdb.lock_user_blocks(v_me, false);
      -- A block lifted while the caller waited for their own lock: the write goes on as
      -- anyone's, so that lock goes again (a subtransaction) and both are taken in id order.
      v_hidden := kithdb.hides_from(p_user_id, v_me);
      if not v_hidden then
        raise exception 'take the locks again' using errcode = 'KD001';
      end if;
    exception when sqlstate 'KD001' then
      null;
    end;
  end if;
  if not v_hidden then
    perform kithdb.lock_user_blocks(u, false)
    from pg_catalog.unnest(array[v_me, p_user_id]) u
    order by u;
  end if;
  -- The caller's own deletion, waited for, leaves them nothing to write (ID-03).
  perform kithdb.require_account();
end
$$;


--
-- Name: FUNCTION lock_my_friendship(p_user_id uuid); Type: COMMENT; Schema: kithdb; Owner: -
--

COMMENT ON FUNCTION kithdb.lock_my_friendship(p_user_id uuid) IS 'Definer because API roles may not call kithdb.lock_user_blocks; it takes, shared and in id order, only the locks of the caller and of p_user_id (the caller''s alone when p_user_id blocked the caller), then refuses a caller whose account went meanwhile (42501 not_authenticated); it answers nothing else but 25001 outside READ COMMITTED (ACC-03, BLK-03, ID-03).';


--
-- Name: lock_my_invitation(uuid); Type: FUNCTION; Schema: kithdb; Owner: -
--

CREATE FUNCTION kithdb.lock_my_invitation(p_circle_id uuid) RETURNS uuid
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
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


--
-- Name: FUNCTION lock_my_invitation(p_circle_id uuid); Type: COMMENT; Schema: kithdb; Owner: -
--

COMMENT ON FUNCTION kithdb.lock_my_invitation(p_circle_id uuid) IS 'Locks the caller''s invitation to p_circle_id and returns the caller; PT404 without one, 23505 when already a member.';


--
-- Name: lock_my_pair(uuid, boolean); Type: FUNCTION; Schema: kithdb; Owner: -
--

CREATE FUNCTION kithdb.lock_my_pair(p_user_id uuid, p_hold_profile boolean DEFAULT true) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  v_me pg_catalog.uuid := kithdb.require_uid();
begin
  perform kithdb.require_read_committed();
  -- Nothing of a user who blocked the caller is waited for: a wait would time their writes in
  -- flight on the pair (BLK-03).
  if kithdb.hides_from(p_user_id, v_me) then
    return;
  end if;
  perform kithdb.lock_pair(v_me, p_user_id, false);
  if p_hold_profile then
    perform kithdb.hold_profile(p_user_id);
  end if;
end
$$;


--
-- Name: FUNCTION lock_my_pair(p_user_id uuid, p_hold_profile boolean); Type: COMMENT; Schema: kithdb; Owner: -
--

COMMENT ON FUNCTION kithdb.lock_my_pair(p_user_id uuid, p_hold_profile boolean) IS 'Definer because API roles may not call kithdb.lock_pair; it takes, shared, only the lock of a pair the caller is one of, and (p_hold_profile) the other''s profile against a deletion, none when p_user_id blocked the caller, and answers nothing but 25001 outside READ COMMITTED, for every p_user_id (BLK-03, BLK-06, ACC-02).';


--
-- Name: lock_new_authorship(uuid); Type: FUNCTION; Schema: kithdb; Owner: -
--

CREATE FUNCTION kithdb.lock_new_authorship(p_event_id uuid) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
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


--
-- Name: FUNCTION lock_new_authorship(p_event_id uuid); Type: COMMENT; Schema: kithdb; Owner: -
--

COMMENT ON FUNCTION kithdb.lock_new_authorship(p_event_id uuid) IS 'Definer because API roles may not take these locks at will (an invitee may not lock the event''s row); it takes them only for the caller''s own acceptance of an invitation to author p_event_id, and answers nothing (LGR-12, EVT-07).';


--
-- Name: lock_new_invitation(uuid); Type: FUNCTION; Schema: kithdb; Owner: -
--

CREATE FUNCTION kithdb.lock_new_invitation(p_event_id uuid) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
begin
  if kithdb.is_event_author(p_event_id, kithdb.uid()) then
    perform kithdb.lock_event_applications(p_event_id, false);
  end if;
end
$$;


--
-- Name: FUNCTION lock_new_invitation(p_event_id uuid); Type: COMMENT; Schema: kithdb; Owner: -
--

COMMENT ON FUNCTION kithdb.lock_new_invitation(p_event_id uuid) IS 'Definer because API roles may not take this lock at will; it takes the event''s applications lock, shared, only for an author of p_event_id inviting someone to author it, and answers nothing (EVT-10).';


--
-- Name: lock_pair(uuid, uuid, boolean); Type: FUNCTION; Schema: kithdb; Owner: -
--

CREATE FUNCTION kithdb.lock_pair(p_a uuid, p_b uuid, p_exclusive boolean) RETURNS void
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
declare
  v_key integer := pg_catalog.hashtext(
    least(p_a, p_b)::pg_catalog.text operator(pg_catalog.||) greatest(p_a, p_b)::pg_catalog.text);
begin
  if pg_catalog.current_setting('transaction_isolation') operator(pg_catalog.<>) 'read committed' then
    raise exception 'a write between two users must see what was committed while it waited: '
      'use READ COMMITTED' using errcode = '25001', detail = 'read_committed_required';
  end if;
  -- 1801 sets kithdb's pair locks apart from other users of advisory locks.
  if p_exclusive then
    perform pg_catalog.pg_advisory_xact_lock(1801, v_key);
  else
    perform pg_catalog.pg_advisory_xact_lock_shared(1801, v_key);
  end if;
end
$$;


--
-- Name: FUNCTION lock_pair(p_a uuid, p_b uuid, p_exclusive boolean); Type: COMMENT; Schema: kithdb; Owner: -
--

COMMENT ON FUNCTION kithdb.lock_pair(p_a uuid, p_b uuid, p_exclusive boolean) IS 'Lock the pair (a, b), in either order, until the transaction ends: exclusive for a block, shared for what would connect the two (BLK-06). Refuses any level but READ COMMITTED: 25001 read_committed_required.';


--
-- Name: lock_rule_circles_of(uuid); Type: FUNCTION; Schema: kithdb; Owner: -
--

CREATE FUNCTION kithdb.lock_rule_circles_of(p_user_id uuid) RETURNS void
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
begin
  perform pg_advisory_xact_lock(hashtextextended('rule circles/' || p_user_id::pg_catalog.text, 0));
end
$$;


--
-- Name: FUNCTION lock_rule_circles_of(p_user_id uuid); Type: COMMENT; Schema: kithdb; Owner: -
--

COMMENT ON FUNCTION kithdb.lock_rule_circles_of(p_user_id uuid) IS 'Serialises the creation of p_user_id''s rule circles with each other and with changes of their friendships, until the transaction ends.';


--
-- Name: lock_user_blocks(uuid, boolean); Type: FUNCTION; Schema: kithdb; Owner: -
--

CREATE FUNCTION kithdb.lock_user_blocks(p_user_id uuid, p_exclusive boolean) RETURNS void
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
begin
  perform kithdb.lock_pair(p_user_id, p_user_id, p_exclusive);
end
$$;


--
-- Name: FUNCTION lock_user_blocks(p_user_id uuid, p_exclusive boolean); Type: COMMENT; Schema: kithdb; Owner: -
--

COMMENT ON FUNCTION kithdb.lock_user_blocks(p_user_id uuid, p_exclusive boolean) IS 'Lock the blocks of p_user_id until the transaction ends: shared for a block, exclusive for a write that must see all of them (BLK-06, LGR-12). Refuses any level but READ COMMITTED: 25001 read_committed_required.';


--
-- Name: member_circle_feed_page(uuid, integer, timestamp with time zone, uuid); Type: FUNCTION; Schema: kithdb; Owner: -
--

CREATE FUNCTION kithdb.member_circle_feed_page(p_circle_id uuid, p_limit integer, p_before timestamp with time zone, p_before_id uuid) RETURNS SETOF public.posts
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO ''
    SET plan_cache_mode TO 'force_generic_plan'
    AS $$
declare
  v_me pg_catalog.uuid := kithdb.uid();
  v_member boolean;
  v_hidden pg_catalog.uuid[];
  v_none_hidden boolean;
begin
  -- One statement for both: whether the caller is a member (as kithdb.caller_is_circle_member
  -- answers), and whose posts are not read: blocked either way (BLK-07) or muted (MUT-02).
  select exists (select from public.circle_members m
                 where m.circle_id = p_circle_id and m.user_id = v_me and m.status = 'member'),
         array(select b.blocked_id from public.blocks b where b.blocker_id = v_me
               union all
               select b.blocker_id from public.blocks b where b.blocked_id = v_me
               union all
               select m.muted_id from public.mutes m
               where m.muter_id = v_me and (m.until is null or m.until > now()))
    into v_member, v_hidden;
  if not v_member then
    return;
  end if;
  -- The flag keeps the generic plan's estimate of the filter from ruling the plan: an unknown
  -- array's `<> all` is estimated to keep almost nothing, which would trade the index's order
  -- for a hash join and a sort of the whole circle.
  v_none_hidden := cardinality(v_hidden) = 0;
  -- Two statements, so that each one's keyset is an index condition on post_circles_feed_idx.
  -- A post is on a circle only while its audience is circles (PST-07); a definer page that skips
  -- the posts policy checks that too.
  if p_before is null then
    return query
      select p.* from public.post_circles pc
      join public.posts p on p.id = pc.post_id and p.audience = 'circles' and p.removed_at is null
      where pc.circle_id = p_circle_id and (v_none_hidden or p.author_id <> all (v_hidden))
      order by pc.post_created_at desc, pc.post_id desc
      limit p_limit;
  else
    -- Without p_before_id, every post at p_before is excluded: no uuid sorts below the nil uuid.
    return query
      select p.* from public.post_circles pc
      join public.posts p on p.id = pc.post_id and p.audience = 'circles' and p.removed_at is null
      where pc.circle_id = p_circle_id and (v_none_hidden or p.author_id <> all (v_hidden))
        and (pc.post_created_at, pc.post_id)
            < (p_before, coalesce(p_before_id, '00000000-0000-0000-0000-000000000000'::pg_catalog.uuid))
      order by pc.post_created_at desc, pc.post_id desc
      limit p_limit;
  end if;
end
$$;


--
-- Name: FUNCTION member_circle_feed_page(p_circle_id uuid, p_limit integer, p_before timestamp with time zone, p_before_id uuid); Type: COMMENT; Schema: kithdb; Owner: -
--

COMMENT ON FUNCTION kithdb.member_circle_feed_page(p_circle_id uuid, p_limit integer, p_before timestamp with time zone, p_before_id uuid) IS 'One page of a circle''s posts for a member of it (nothing for anyone else). Definer: a member reads every post shared with the circle (PST-01), so the per-post policy is skipped.';


--
-- Name: moderation_log_append_only(); Type: FUNCTION; Schema: kithdb; Owner: -
--

CREATE FUNCTION kithdb.moderation_log_append_only() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
begin
  raise exception 'the moderation log is append-only'
    using errcode = '42501', detail = 'moderation_log_append_only';
end
$$;


--
-- Name: FUNCTION moderation_log_append_only(); Type: COMMENT; Schema: kithdb; Owner: -
--

COMMENT ON FUNCTION kithdb.moderation_log_append_only() IS 'BEFORE UPDATE, DELETE or TRUNCATE on moderation_log: refused, whoever asks (MOD-07).';


--
-- Name: mutes_hold_muted(); Type: FUNCTION; Schema: kithdb; Owner: -
--

CREATE FUNCTION kithdb.mutes_hold_muted() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
begin
  perform kithdb.hold_user(new.muted_id);
  return new;
end
$$;


--
-- Name: FUNCTION mutes_hold_muted(); Type: COMMENT; Schema: kithdb; Owner: -
--

COMMENT ON FUNCTION kithdb.mutes_hold_muted() IS 'BEFORE INSERT on mutes by an API user: PT404 user_not_found for a user the muter does not read, or whose deletion committed while it waited (kithdb.hold_user).';


--
-- Name: my_blocker_ids(); Type: FUNCTION; Schema: kithdb; Owner: -
--

CREATE FUNCTION kithdb.my_blocker_ids() RETURNS uuid[]
    LANGUAGE plpgsql STABLE
    SET search_path TO ''
    AS $$
begin
  return array(select v.user_id from kithdb.my_blockers v);
end
$$;


--
-- Name: FUNCTION my_blocker_ids(); Type: COMMENT; Schema: kithdb; Owner: -
--

COMMENT ON FUNCTION kithdb.my_blocker_ids() IS 'kithdb.my_blockers as an array, read once per statement from (select …) in a policy.';


--
-- Name: my_chats_page(integer, timestamp with time zone, uuid); Type: FUNCTION; Schema: kithdb; Owner: -
--

CREATE FUNCTION kithdb.my_chats_page(p_limit integer, p_before timestamp with time zone, p_before_id uuid) RETURNS TABLE(chat_id uuid, like_group_id uuid, event_id uuid, last_message_at timestamp with time zone, last_message_id uuid, last_message text, last_sender_id uuid, last_message_removed_at timestamp with time zone, unread_count integer, last_read_at timestamp with time zone)
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO ''
    SET plan_cache_mode TO 'force_generic_plan'
    SET jit TO 'off'
    AS $$
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


--
-- Name: FUNCTION my_chats_page(p_limit integer, p_before timestamp with time zone, p_before_id uuid); Type: COMMENT; Schema: kithdb; Owner: -
--

COMMENT ON FUNCTION kithdb.my_chats_page(p_limit integer, p_before timestamp with time zone, p_before_id uuid) IS 'One page of the caller''s chats with their last message and unread count (CHT-07). Definer: it reads exactly what the chats'' policies show the caller, by the caller''s own id, where each policy would derive the caller''s chats again.';


--
-- Name: my_hidden_event_ids(); Type: FUNCTION; Schema: kithdb; Owner: -
--

CREATE FUNCTION kithdb.my_hidden_event_ids() RETURNS uuid[]
    LANGUAGE plpgsql STABLE
    SET search_path TO ''
    AS $$
begin
  return array(select v.event_id from kithdb.my_blockers_events v
               except
               select v.event_id from kithdb.my_authored_events v);
end
$$;


--
-- Name: FUNCTION my_hidden_event_ids(); Type: COMMENT; Schema: kithdb; Owner: -
--

COMMENT ON FUNCTION kithdb.my_hidden_event_ids() IS 'The events of the users who blocked the caller, except those the caller hosts with them (BLK-03), as an array read once per statement from (select …) in a policy.';


--
-- Name: my_muted_user_ids(); Type: FUNCTION; Schema: kithdb; Owner: -
--

CREATE FUNCTION kithdb.my_muted_user_ids() RETURNS uuid[]
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  v_muted pg_catalog.uuid[] := array(
    select m.muted_id from public.mutes m
    where m.muter_id = kithdb.uid() and (m.until is null or m.until > pg_catalog.now()));
begin
  if cardinality(v_muted) = 0 then
    return v_muted;
  end if;
  -- The same answer as mutes' policy: a mute of someone who blocked the caller is not theirs to
  -- read (BLK-03).
  return array(select u.id from pg_catalog.unnest(v_muted) u (id)
               where not kithdb.hides_from(u.id, kithdb.uid()));
end
$$;


--
-- Name: FUNCTION my_muted_user_ids(); Type: COMMENT; Schema: kithdb; Owner: -
--

COMMENT ON FUNCTION kithdb.my_muted_user_ids() IS 'The users the caller mutes now, as mutes'' policy shows them (MUT-02). Definer: it reads the caller''s mutes without planning that policy on every feed call.';


--
-- Name: notifications_announce(); Type: FUNCTION; Schema: kithdb; Owner: -
--

CREATE FUNCTION kithdb.notifications_announce() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
begin
  if exists (select from kithdb.listeners l where l.user_id = new.recipient_id) then
    perform pg_catalog.pg_notify(kithdb.user_channel(new.recipient_id),
      pg_catalog.json_build_object('kind', 'notification', 'id', new.id)::pg_catalog.text);
  end if;
  return null;
end
$$;


--
-- Name: FUNCTION notifications_announce(); Type: COMMENT; Schema: kithdb; Owner: -
--

COMMENT ON FUNCTION kithdb.notifications_announce() IS 'AFTER INSERT on notifications: its id on the recipient''s channel, at commit, if a connection listens for them (NTF-07). Definer because kithdb.listeners is kithdb''s.';


--
-- Name: notifications_guard(); Type: FUNCTION; Schema: kithdb; Owner: -
--

CREATE FUNCTION kithdb.notifications_guard() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
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


--
-- Name: FUNCTION notifications_guard(); Type: COMMENT; Schema: kithdb; Owner: -
--

COMMENT ON FUNCTION kithdb.notifications_guard() IS 'BEFORE UPDATE on notifications: it never moves (SEC-12); an API user only marks it read, at the database''s time, for good (NTF-05).';


--
-- Name: notify(uuid[], public.notification_kind, uuid, uuid, uuid, uuid, uuid, boolean); Type: FUNCTION; Schema: kithdb; Owner: -
--

CREATE FUNCTION kithdb.notify(p_recipients uuid[], p_kind public.notification_kind, p_actor uuid, p_circle_id uuid DEFAULT NULL::uuid, p_event_id uuid DEFAULT NULL::uuid, p_like_group_id uuid DEFAULT NULL::uuid, p_report_id uuid DEFAULT NULL::uuid, p_lock_pairs boolean DEFAULT true) RETURNS void
    LANGUAGE plpgsql
    SET search_path TO ''
    SET plan_cache_mode TO 'force_generic_plan'
    AS $$
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


--
-- Name: FUNCTION notify(p_recipients uuid[], p_kind public.notification_kind, p_actor uuid, p_circle_id uuid, p_event_id uuid, p_like_group_id uuid, p_report_id uuid, p_lock_pairs boolean); Type: COMMENT; Schema: kithdb; Owner: -
--

COMMENT ON FUNCTION kithdb.notify(p_recipients uuid[], p_kind public.notification_kind, p_actor uuid, p_circle_id uuid, p_event_id uuid, p_like_group_id uuid, p_report_id uuid, p_lock_pairs boolean) IS 'Write one notification of p_kind to each of p_recipients but the actor, skipping those in a block with the actor, muting them, or from whom the event is hidden (NTF-03). Called by kithdb''s triggers only.';


--
-- Name: part_like_group(public.like_groups, uuid); Type: FUNCTION; Schema: kithdb; Owner: -
--

CREATE FUNCTION kithdb.part_like_group(p_group public.like_groups, p_user_id uuid) RETURNS void
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
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


--
-- Name: FUNCTION part_like_group(p_group public.like_groups, p_user_id uuid); Type: COMMENT; Schema: kithdb; Owner: -
--

COMMENT ON FUNCTION kithdb.part_like_group(p_group public.like_groups, p_user_id uuid) IS 'p_user_id leaves decided group p_group and its chat; the group passes from them if they created it (LGR-11). For kithdb''s definers, which hold the group''s row.';


--
-- Name: pass_event_from(uuid, uuid); Type: FUNCTION; Schema: kithdb; Owner: -
--

CREATE FUNCTION kithdb.pass_event_from(p_event_id uuid, p_creator uuid) RETURNS boolean
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
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


--
-- Name: FUNCTION pass_event_from(p_event_id uuid, p_creator uuid); Type: COMMENT; Schema: kithdb; Owner: -
--

COMMENT ON FUNCTION kithdb.pass_event_from(p_event_id uuid, p_creator uuid) IS 'If p_creator created p_event_id: the first other author in line who blocked none of the others becomes its creator, once their blocks in flight have committed (NTF-03); false when no other author is left. Definer because no API role may change an event''s creator (EVT-09); it acts for any creator, so only definers run it.';


--
-- Name: post_circles_author_stays(); Type: FUNCTION; Schema: kithdb; Owner: -
--

CREATE FUNCTION kithdb.post_circles_author_stays() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
begin
  -- RLS checked the author's membership in the request's snapshot; a removal in flight may have
  -- deleted it meanwhile, and its cleanup (circle_members_unshare_posts) cannot see this row.
  -- The key-share lock waits for such a removal and finds no membership after it (CIR-13); a
  -- removal that comes later waits for this post and takes it off.
  perform from public.circle_members m
  join public.posts p on p.id = new.post_id
  where m.circle_id = new.circle_id and m.user_id = p.author_id and m.status = 'member'
  for key share of m;
  if not found then
    raise exception 'you can only post to circles you are a member of'
      using errcode = '42501', detail = 'not_circle_member';
  end if;
  return null;
end
$$;


--
-- Name: FUNCTION post_circles_author_stays(); Type: COMMENT; Schema: kithdb; Owner: -
--

COMMENT ON FUNCTION kithdb.post_circles_author_stays() IS 'AFTER INSERT on post_circles by an API user: the author is still a member, locked until commit, so a concurrent removal or departure takes the post off with them (CIR-13). Definer: locks a membership row the writer may not update.';


--
-- Name: post_circles_fill_created_at(); Type: FUNCTION; Schema: kithdb; Owner: -
--

CREATE FUNCTION kithdb.post_circles_fill_created_at() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
begin
  -- Invoker: only a writer who may see the post may attach it (RLS refuses the others first).
  new.post_created_at := (select p.created_at from public.posts p where p.id = new.post_id);
  return new;
end
$$;


--
-- Name: FUNCTION post_circles_fill_created_at(); Type: COMMENT; Schema: kithdb; Owner: -
--

COMMENT ON FUNCTION kithdb.post_circles_fill_created_at() IS 'BEFORE INSERT on post_circles: fills in post_created_at when the writer leaves it out (PST-05).';


--
-- Name: post_circles_keep_one(); Type: FUNCTION; Schema: kithdb; Owner: -
--

CREATE FUNCTION kithdb.post_circles_keep_one() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  v_author pg_catalog.uuid;
begin
  -- A removed post leaves its circles (MOD-04) and needs none.
  select p.author_id into v_author from public.posts p
  where p.id = old.post_id and p.audience = 'circles' and p.removed_at is null;
  if not found or not exists (select from public.circles c where c.id = old.circle_id) then
    return null;
  end if;
  -- The author left or was removed, or an admin other than the author took the post off.
  if not exists (
       select from public.circle_members m
       where m.circle_id = old.circle_id and m.user_id = v_author and m.status = 'member')
     or (kithdb.uid() is distinct from v_author and exists (
       select from public.circle_members m
       where m.circle_id = old.circle_id and m.user_id = kithdb.uid()
         and m.role = 'admin' and m.status = 'member')) then
    return null;
  end if;
  -- Only the author's own removal can be refused. Two of them, taking the post off different
  -- circles, check one after the other (the post row is the lock), the second seeing the first's
  -- removal. An admin's removal takes no lock here, so it never waits on the author's own edit.
  if kithdb.uid() is not distinct from v_author then
    perform from public.posts p where p.id = old.post_id for no key update;
  end if;
  if exists (select from public.post_circles pc where pc.post_id = old.post_id) then
    return null;
  end if;
  raise exception 'a post for circles needs at least one circle'
    using errcode = '22023', detail = 'post_circles_required';
end
$$;


--
-- Name: FUNCTION post_circles_keep_one(); Type: COMMENT; Schema: kithdb; Owner: -
--

COMMENT ON FUNCTION kithdb.post_circles_keep_one() IS 'Deferred, at commit: the author cannot take a circles post off its last circle (PST-02); the circle''s deletion, the author''s leaving and an admin''s removal can (CIR-13). Definer: counts post_circles rows and memberships beyond the caller''s RLS.';


--
-- Name: post_circles_lock_membership(); Type: FUNCTION; Schema: kithdb; Owner: -
--

CREATE FUNCTION kithdb.post_circles_lock_membership() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
begin
  -- The writer's own row (the policy accepts only the author's posts, on their own circles);
  -- locked, not checked: post_circles_author_stays refuses after RLS has judged the writer.
  perform from public.circle_members m
  where m.circle_id = new.circle_id and m.user_id = kithdb.uid() and m.status = 'member'
  for key share;
  -- A circle being deleted (its admin's DELETE, whose cascade then waits for this membership)
  -- holds its row for update: the foreign key's wait for it would close a deadlock. It is asked
  -- for without waiting, and only by a member, who reads the circle.
  if found then
    perform from public.circles c where c.id = new.circle_id for key share skip locked;
    if not found then
      raise exception 'no such circle' using errcode = 'PT404', detail = 'circle_not_found';
    end if;
  end if;
  return new;
end
$$;


--
-- Name: FUNCTION post_circles_lock_membership(); Type: COMMENT; Schema: kithdb; Owner: -
--

COMMENT ON FUNCTION kithdb.post_circles_lock_membership() IS 'BEFORE INSERT on post_circles by an API user: key-share locks the writer''s membership before the foreign key locks the circle, so a post and its author''s leaving wait for each other in one order (CIR-13); a circle being deleted is none (PT404 circle_not_found). Definer because a member may not lock their circle''s row (its update policy is its admins'').';


--
-- Name: post_circles_only_circles_posts(); Type: FUNCTION; Schema: kithdb; Owner: -
--

CREATE FUNCTION kithdb.post_circles_only_circles_posts() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
begin
  -- An audience change or a removal that commits while this row waits for the post (its foreign
  -- key holds it) must be seen below, by a snapshot taken after the wait.
  if pg_catalog.current_setting('transaction_isolation') operator(pg_catalog.<>) 'read committed' then
    raise exception 'a post joining a circle must see a change of the post made while it waited: '
      'use READ COMMITTED' using errcode = '25001', detail = 'read_committed_required';
  end if;
  if not exists (select from public.posts p where p.id = new.post_id and p.audience = 'circles') then
    raise exception 'only a post with audience circles is shared with circles'
      using errcode = '22023', detail = 'post_circles_need_circles_audience';
  end if;
  if exists (select from public.posts p where p.id = new.post_id and p.removed_at is not null) then
    raise exception 'a moderator removed this post' using errcode = 'PT409', detail = 'post_removed';
  end if;
  return null;
end
$$;


--
-- Name: FUNCTION post_circles_only_circles_posts(); Type: COMMENT; Schema: kithdb; Owner: -
--

COMMENT ON FUNCTION kithdb.post_circles_only_circles_posts() IS 'AFTER INSERT on post_circles (so after RLS has checked the writer): only a circles post goes on a circle (PST-07).';


--
-- Name: posts_author_activity(); Type: FUNCTION; Schema: kithdb; Owner: -
--

CREATE FUNCTION kithdb.posts_author_activity() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  v_due pg_catalog.uuid[];
  v_locked integer;
begin
  -- An author whose account is being deleted holds their profile for update, and its cascade
  -- then waits for the posts this statement holds: where the insert below needs that profile
  -- (for its foreign key), an API user's statement asks for it without waiting, and one being
  -- deleted answers as the account that is gone (ID-03). Trusted writers wait.
  if pg_catalog.current_setting('role') operator(pg_catalog.=) 'authenticated' then
    v_due := array(
      select n.author_id from new_rows n
      where n.audience <> 'circles'
      group by n.author_id
      having not exists (select from kithdb.author_activity x where x.author_id = n.author_id));
    if pg_catalog.cardinality(v_due) > 0 then
      perform from public.profiles p where p.id = any (v_due) for key share of p skip locked;
      get diagnostics v_locked = row_count;
      if v_locked < pg_catalog.cardinality(v_due) then
        raise exception 'this account is gone' using errcode = '42501', detail = 'not_authenticated';
      end if;
    end if;
  end if;
  -- Only an author whose time moves up is written (and locked until commit): an edit, or a post
  -- older than the author's last, leaves the row alone.
  insert into kithdb.author_activity as a (author_id, last_shared_at)
  select n.author_id, max(n.created_at) from new_rows n
  where n.audience <> 'circles'
  group by n.author_id
  having not exists (
    select from kithdb.author_activity x
    where x.author_id = n.author_id and x.last_shared_at >= max(n.created_at))
  on conflict (author_id) do update set last_shared_at = excluded.last_shared_at
    where a.last_shared_at < excluded.last_shared_at;
  return null;
end
$$;


--
-- Name: FUNCTION posts_author_activity(); Type: COMMENT; Schema: kithdb; Owner: -
--

COMMENT ON FUNCTION kithdb.posts_author_activity() IS 'AFTER INSERT or UPDATE on posts, per statement: moves each author''s last_shared_at up to their newest public or friends post (PST-10). Definer: a writer of posts may not write kithdb.author_activity.';


--
-- Name: posts_leave_circles(); Type: FUNCTION; Schema: kithdb; Owner: -
--

CREATE FUNCTION kithdb.posts_leave_circles() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
begin
  -- The update holds the post's row, but in a mode that lets a circle row being added go on
  -- (its foreign key holds the post, key share) and commit unseen by the delete below. Holding
  -- the row for update waits for such a row, which the delete then takes off, under a snapshot
  -- taken after the wait; a row added later waits for this update and then finds the post off
  -- circles (post_circles_only_circles_posts).
  if pg_catalog.current_setting('transaction_isolation') operator(pg_catalog.<>) 'read committed' then
    raise exception 'a post leaving its circles must see the circle rows added while it waited: '
      'use READ COMMITTED' using errcode = '25001', detail = 'read_committed_required';
  end if;
  perform from public.posts p where p.id = new.id for update;
  delete from public.post_circles pc where pc.post_id = new.id;
  return null;
end
$$;


--
-- Name: FUNCTION posts_leave_circles(); Type: COMMENT; Schema: kithdb; Owner: -
--

COMMENT ON FUNCTION kithdb.posts_leave_circles() IS 'AFTER a post''s audience changes away from circles, or a moderator first removes it: it leaves every circle, whose pages would otherwise still show it (PST-07, MOD-04). Definer: removes every circle row of the post, whoever writes.';


--
-- Name: posts_need_circles(); Type: FUNCTION; Schema: kithdb; Owner: -
--

CREATE FUNCTION kithdb.posts_need_circles() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
begin
  if exists (select from public.posts p where p.id = new.id and p.audience = 'circles')
     and not exists (select from public.post_circles pc where pc.post_id = new.id) then
    raise exception 'a post for circles needs at least one circle'
      using errcode = '22023', detail = 'post_circles_required';
  end if;
  return null;
end
$$;


--
-- Name: FUNCTION posts_need_circles(); Type: COMMENT; Schema: kithdb; Owner: -
--

COMMENT ON FUNCTION kithdb.posts_need_circles() IS 'Deferred, at commit: a post written or turned to audience circles has at least one circle (PST-02). Definer: counts post_circles rows beyond the caller''s RLS.';


--
-- Name: profiles_delete_auth_user(); Type: FUNCTION; Schema: kithdb; Owner: -
--

CREATE FUNCTION kithdb.profiles_delete_auth_user() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
begin
  delete from auth.users u where u.id = old.id;
  return null;
end
$$;


--
-- Name: FUNCTION profiles_delete_auth_user(); Type: COMMENT; Schema: kithdb; Owner: -
--

COMMENT ON FUNCTION kithdb.profiles_delete_auth_user() IS 'AFTER DELETE on profiles: the auth user goes with its profile (PRO-01, ACC-02). Definer because neither service_role nor a DBA of kithdb''s tables need write auth.users.';


--
-- Name: profiles_part_account(); Type: FUNCTION; Schema: kithdb; Owner: -
--

CREATE FUNCTION kithdb.profiles_part_account() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  v_event pg_catalog.uuid;
  v_group pg_catalog.uuid;
  v_tombstone pg_catalog.uuid := gen_random_uuid();
begin
  delete from public.like_group_approvals v
  using public.like_groups g
  where g.id = v.group_id and g.status = 'pending' and v.author_id = old.id;
  -- What its blocks hid stays hidden: its messages from everyone in a block with it, in the
  -- chats they share and in those they join later (BLK-07); its events from those it blocked
  -- (BLK-03). A reader whose own account goes meanwhile (in this statement, or in a deletion in
  -- flight, whose end the key-share lock waits for) needs no hide.
  insert into kithdb.tombstone_hides (user_id, tombstone)
  select r.id, v_tombstone
  from public.blocks b
  join public.profiles r
    on r.id = case when b.blocker_id = old.id then b.blocked_id else b.blocker_id end
  where b.blocker_id = old.id or b.blocked_id = old.id
  for key share of r
  on conflict do nothing;
  if found then
    insert into kithdb.message_tombstones (message_id, tombstone)
    select m.id, v_tombstone from public.chat_messages m where m.sender_id = old.id;
  end if;
  insert into kithdb.event_hides (user_id, event_id)
  select r.id, e.id
  from public.events e
  join public.blocks b on b.blocker_id = old.id
  join public.profiles r on r.id = b.blocked_id
  where e.creator_id = old.id
  for key share of r
  on conflict do nothing;
  for v_event in select e.id from public.events e where e.creator_id = old.id order by e.id loop
    if not kithdb.pass_event_from(v_event, old.id) then
      update public.events e set status = 'cancelled'
      where e.id = v_event and e.status = 'scheduled';
    end if;
  end loop;
  for v_group in
    select g.id from public.like_groups g
    where g.creator_id = old.id and g.status = 'approved'
    order by g.id
    for no key update
  loop
    update public.like_groups g set creator_id = kithdb.like_group_heir(v_group, old.id, false)
    where g.id = v_group;
  end loop;
  return old;
end
$$;


--
-- Name: FUNCTION profiles_part_account(); Type: COMMENT; Schema: kithdb; Owner: -
--

COMMENT ON FUNCTION kithdb.profiles_part_account() IS 'BEFORE DELETE on profiles: an account''s events and approved like groups pass to others, or its events are cancelled, before its rows go (ACC-02). Definer because it changes events and groups that no API role may change this way.';


--
-- Name: refuse_gone_account(); Type: FUNCTION; Schema: kithdb; Owner: -
--

CREATE FUNCTION kithdb.refuse_gone_account() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
begin
  if kithdb.is_api_role() then
    perform kithdb.require_account();
  end if;
  return null;
end
$$;


--
-- Name: FUNCTION refuse_gone_account(); Type: COMMENT; Schema: kithdb; Owner: -
--

COMMENT ON FUNCTION kithdb.refuse_gone_account() IS 'BEFORE INSERT statement on a table whose rows name their caller: 42501 not_authenticated for an API caller with no account (ID-03).';


--
-- Name: refuse_row_move(); Type: FUNCTION; Schema: kithdb; Owner: -
--

CREATE FUNCTION kithdb.refuse_row_move() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
begin
  raise exception '%', tg_argv[1] using errcode = '22023', detail = tg_argv[0];
end
$$;


--
-- Name: FUNCTION refuse_row_move(); Type: COMMENT; Schema: kithdb; Owner: -
--

COMMENT ON FUNCTION kithdb.refuse_row_move() IS 'BEFORE UPDATE trigger, for every writer, whose WHEN says the update moves the row (SEC-12): 22023 with reason tg_argv[0] and message tg_argv[1].';


--
-- Name: refuse_suspended(); Type: FUNCTION; Schema: kithdb; Owner: -
--

CREATE FUNCTION kithdb.refuse_suspended() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
declare
  -- kithdb.uid()'s expression, written out (pgTAP holds the two alike): this fires before every
  -- write statement, and the call would add ~14k instructions to each. Read here, not in the
  -- query, so that a token whose sub is no uuid is refused (22P02) whatever the query's plan
  -- reads.
  v_me pg_catalog.uuid := coalesce(
    nullif(pg_catalog.current_setting('request.jwt.claim.sub', true), ''),
    (nullif(pg_catalog.current_setting('request.jwt.claims', true), '')::pg_catalog.jsonb
      operator(pg_catalog.->>) 'sub')
  )::pg_catalog.uuid;
begin
  -- service_role writes as itself, whatever user its token names (ID-04, MOD-07). The request's
  -- role, not current_user, which a definer step changes; only a member of service_role sets it.
  if v_me is not null
     and pg_catalog.current_setting('role') operator(pg_catalog.<>) 'service_role'
     and exists (
       select from public.suspensions s
       where s.user_id = v_me and (s.until is null or s.until > now())
     ) then
    raise exception 'your account is suspended' using errcode = '42501', detail = 'user_suspended';
  end if;
  return null;
end
$$;


--
-- Name: FUNCTION refuse_suspended(); Type: COMMENT; Schema: kithdb; Owner: -
--

COMMENT ON FUNCTION kithdb.refuse_suspended() IS 'BEFORE each write statement on a table users write: refused while the caller is suspended (MOD-05); reads go on.';


--
-- Name: rejoin_circle(uuid); Type: FUNCTION; Schema: kithdb; Owner: -
--

CREATE FUNCTION kithdb.rejoin_circle(p_circle_id uuid) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
begin
  delete from public.circle_opt_outs o where o.circle_id = p_circle_id and o.user_id = kithdb.uid();
  if not found then  -- never left it, or no such circle: one answer
    raise exception 'no such circle' using errcode = 'PT404', detail = 'circle_not_found';
  end if;
  perform kithdb.sync_dynamic_circle(p_circle_id, kithdb.uid());
end
$$;


--
-- Name: FUNCTION rejoin_circle(p_circle_id uuid); Type: COMMENT; Schema: kithdb; Owner: -
--

COMMENT ON FUNCTION kithdb.rejoin_circle(p_circle_id uuid) IS 'Step behind public.rejoin_circle: drops the caller''s own opt-out and re-derives their membership. Definer: API users do not write circle_opt_outs or memberships of dynamic circles.';


--
-- Name: release_like_groups(uuid, uuid, uuid); Type: FUNCTION; Schema: kithdb; Owner: -
--

CREATE FUNCTION kithdb.release_like_groups(p_creator uuid, p_reader uuid, p_event_id uuid) RETURNS void
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
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


--
-- Name: FUNCTION release_like_groups(p_creator uuid, p_reader uuid, p_event_id uuid); Type: COMMENT; Schema: kithdb; Owner: -
--

COMMENT ON FUNCTION kithdb.release_like_groups(p_creator uuid, p_reader uuid, p_event_id uuid) IS 'The like groups p_creator made (for event p_event_id, or any) that would name them to p_reader, whom they blocked, are withdrawn if pending, else passed (LGR-12). It reads blocks past RLS, so only definers run it.';


--
-- Name: remove_like_group_member(uuid, uuid); Type: FUNCTION; Schema: kithdb; Owner: -
--

CREATE FUNCTION kithdb.remove_like_group_member(p_group_id uuid, p_user_id uuid) RETURNS public.like_group_status
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
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


--
-- Name: FUNCTION remove_like_group_member(p_group_id uuid, p_user_id uuid); Type: COMMENT; Schema: kithdb; Owner: -
--

COMMENT ON FUNCTION kithdb.remove_like_group_member(p_group_id uuid, p_user_id uuid) IS 'Step behind public.remove_like_group_member. Definer: API users cannot write like-group tables.';


--
-- Name: reports_notify(); Type: FUNCTION; Schema: kithdb; Owner: -
--

CREATE FUNCTION kithdb.reports_notify() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
begin
  if new.reporter_id is not null then
    perform kithdb.notify(array[new.reporter_id], 'report_resolved', null,
                          p_report_id => new.id);
  end if;
  return null;
end
$$;


--
-- Name: FUNCTION reports_notify(); Type: COMMENT; Schema: kithdb; Owner: -
--

COMMENT ON FUNCTION kithdb.reports_notify() IS 'AFTER UPDATE on reports: its reporter learns that a report was resolved, not by whom (NTF-01). Definer because no API role writes notifications.';


--
-- Name: reports_take_snapshot(); Type: FUNCTION; Schema: kithdb; Owner: -
--

CREATE FUNCTION kithdb.reports_take_snapshot() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
begin
  new.snapshot := null;
  new.target_user_id := null;
  case new.target_kind
    when 'post' then
      select pg_catalog.jsonb_build_object('id', p.id, 'author_id', p.author_id, 'body', p.body,
               'audience', p.audience, 'created_at', p.created_at), p.author_id
        into new.snapshot, new.target_user_id
      from public.posts p where p.id = new.target_id;
    when 'message' then
      select pg_catalog.jsonb_build_object('id', m.id, 'chat_id', m.chat_id,
               'sender_id', m.sender_id, 'body', m.body, 'created_at', m.created_at), m.sender_id
        into new.snapshot, new.target_user_id
      from public.chat_messages m where m.id = new.target_id;
    when 'user' then
      select pg_catalog.jsonb_build_object('id', p.id, 'display_name', p.display_name), p.id
        into new.snapshot, new.target_user_id
      from public.profiles p where p.id = new.target_id;
    when 'circle' then
      select pg_catalog.jsonb_build_object('id', c.id, 'name', c.name,
               'description', c.description, 'created_by', c.created_by), c.created_by
        into new.snapshot, new.target_user_id
      from public.circles c where c.id = new.target_id;
    when 'event' then
      select pg_catalog.jsonb_build_object('id', e.id, 'title', e.title,
               'description', e.description, 'creator_id', e.creator_id,
               'starts_at', e.starts_at), e.creator_id
        into new.snapshot, new.target_user_id
      from public.events e where e.id = new.target_id;
  end case;
  -- A target that does not exist is refused by reports_insert, with the answer for one the
  -- caller may not see: nothing here tells the two apart.
  new.snapshot := coalesce(new.snapshot, '{}'::pg_catalog.jsonb);
  -- MOD-01: nobody reports their own post or message, or themselves. Asked only of what the
  -- caller sees, so the answer is about their own rows. A circle's or an event's words may be
  -- another admin's or author's: their creator may report them.
  if new.target_kind in ('post', 'message', 'user') and new.target_user_id = kithdb.uid() then
    raise exception 'you cannot report yourself'
      using errcode = '22023', detail = 'cannot_report_self';
  end if;
  return new;
end
$$;


--
-- Name: FUNCTION reports_take_snapshot(); Type: COMMENT; Schema: kithdb; Owner: -
--

COMMENT ON FUNCTION kithdb.reports_take_snapshot() IS 'BEFORE INSERT on reports: its snapshot and target_user_id are the database''s, never the writer''s (MOD-02). It reads the target under the writer''s policies: what the reporter may not see stays out of the snapshot. Nobody reports their own post or message, or themselves (MOD-01).';


--
-- Name: require_account(); Type: FUNCTION; Schema: kithdb; Owner: -
--

CREATE FUNCTION kithdb.require_account() RETURNS uuid
    LANGUAGE plpgsql STABLE
    SET search_path TO ''
    AS $$
declare
  v_uid pg_catalog.uuid := kithdb.require_uid();
begin
  if not exists (select from public.profiles p where p.id = v_uid) then
    raise exception 'this account is gone'
      using errcode = '42501', detail = 'not_authenticated';
  end if;
  return v_uid;
end
$$;


--
-- Name: FUNCTION require_account(); Type: COMMENT; Schema: kithdb; Owner: -
--

COMMENT ON FUNCTION kithdb.require_account() IS 'The caller''s user id; raises 42501 not_authenticated when there is none, or when their account is gone (ID-03).';


--
-- Name: require_moderator(); Type: FUNCTION; Schema: kithdb; Owner: -
--

CREATE FUNCTION kithdb.require_moderator() RETURNS void
    LANGUAGE plpgsql STABLE
    SET search_path TO ''
    AS $$
declare
  v_me pg_catalog.uuid;
begin
  if not kithdb.is_api_role() then
    return;
  end if;
  v_me := kithdb.require_uid();
  if not exists (select from public.moderators m where m.user_id = v_me) then
    raise exception 'only a moderator can do this'
      using errcode = '42501', detail = 'not_moderator';
  end if;
end
$$;


--
-- Name: FUNCTION require_moderator(); Type: COMMENT; Schema: kithdb; Owner: -
--

COMMENT ON FUNCTION kithdb.require_moderator() IS 'Refuses an API caller who is not a moderator (42501 not_moderator); service_role and DBAs pass. Reads the caller''s own moderators row, which its policy shows them.';


--
-- Name: require_pending(public.like_groups); Type: FUNCTION; Schema: kithdb; Owner: -
--

CREATE FUNCTION kithdb.require_pending(p_group public.like_groups) RETURNS void
    LANGUAGE plpgsql STABLE
    SET search_path TO ''
    AS $$
begin
  perform kithdb.require_pending(
    p_group, (select e.starts_at from public.events e where e.id = p_group.event_id));
end
$$;


--
-- Name: FUNCTION require_pending(p_group public.like_groups); Type: COMMENT; Schema: kithdb; Owner: -
--

COMMENT ON FUNCTION kithdb.require_pending(p_group public.like_groups) IS 'PT409 like_group_not_pending unless the group is pending and not overdue (LGR-08).';


--
-- Name: require_pending(public.like_groups, timestamp with time zone); Type: FUNCTION; Schema: kithdb; Owner: -
--

CREATE FUNCTION kithdb.require_pending(p_group public.like_groups, p_starts_at timestamp with time zone) RETURNS void
    LANGUAGE plpgsql STABLE
    SET search_path TO ''
    AS $$
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


--
-- Name: FUNCTION require_pending(p_group public.like_groups, p_starts_at timestamp with time zone); Type: COMMENT; Schema: kithdb; Owner: -
--

COMMENT ON FUNCTION kithdb.require_pending(p_group public.like_groups, p_starts_at timestamp with time zone) IS 'PT409 like_group_not_pending unless the group is pending and not overdue, its event starting at p_starts_at (LGR-08).';


--
-- Name: require_reachable(uuid); Type: FUNCTION; Schema: kithdb; Owner: -
--

CREATE FUNCTION kithdb.require_reachable(p_user_id uuid) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  v_me pg_catalog.uuid := kithdb.require_uid();
begin
  -- Someone who blocked the caller is answered for at once: the pair's lock would wait for their
  -- own writes in flight on the pair (an unblock, a deletion) and time them (BLK-03).
  if kithdb.hides_from(p_user_id, v_me) then
    raise exception 'no such user' using errcode = 'PT404', detail = 'user_not_found';
  end if;
  perform kithdb.lock_pair(v_me, p_user_id, false);
  if exists (select from public.blocks b where b.blocker_id = v_me and b.blocked_id = p_user_id) then
    raise exception 'you blocked this user' using errcode = '42501', detail = 'user_blocked';
  end if;
  perform kithdb.hold_profile(p_user_id);
  if not exists (select from public.profiles p where p.id = p_user_id)
     or exists (select from public.blocks b where b.blocker_id = p_user_id and b.blocked_id = v_me) then
    raise exception 'no such user' using errcode = 'PT404', detail = 'user_not_found';
  end if;
end
$$;


--
-- Name: FUNCTION require_reachable(p_user_id uuid); Type: COMMENT; Schema: kithdb; Owner: -
--

COMMENT ON FUNCTION kithdb.require_reachable(p_user_id uuid) IS 'Definer because it reads blocks made against the caller, which blocks'' policy hides from them; it answers only about the caller, and a block against them as a missing user (BLK-03, BLK-04).';


--
-- Name: require_read_committed(); Type: FUNCTION; Schema: kithdb; Owner: -
--

CREATE FUNCTION kithdb.require_read_committed() RETURNS void
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
begin
  if pg_catalog.current_setting('transaction_isolation') operator(pg_catalog.<>) 'read committed' then
    raise exception 'a write between two users must see what was committed while it waited: '
      'use READ COMMITTED' using errcode = '25001', detail = 'read_committed_required';
  end if;
end
$$;


--
-- Name: FUNCTION require_read_committed(); Type: COMMENT; Schema: kithdb; Owner: -
--

COMMENT ON FUNCTION kithdb.require_read_committed() IS 'Refuses any level but READ COMMITTED: 25001 read_committed_required (BLK-06).';


--
-- Name: require_uid(); Type: FUNCTION; Schema: kithdb; Owner: -
--

CREATE FUNCTION kithdb.require_uid() RETURNS uuid
    LANGUAGE plpgsql STABLE
    SET search_path TO ''
    AS $$
declare
  v_uid pg_catalog.uuid := kithdb.uid();
begin
  if v_uid is null then
    raise exception 'this action needs a signed-in user'
      using errcode = '42501', detail = 'not_authenticated';
  end if;
  return v_uid;
end
$$;


--
-- Name: FUNCTION require_uid(); Type: COMMENT; Schema: kithdb; Owner: -
--

COMMENT ON FUNCTION kithdb.require_uid() IS 'The caller''s user id (auth.uid()); raises 42501 not_authenticated when there is none.';


--
-- Name: require_unblocked(uuid, uuid); Type: FUNCTION; Schema: kithdb; Owner: -
--

CREATE FUNCTION kithdb.require_unblocked(p_a uuid, p_b uuid) RETURNS void
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
begin
  perform kithdb.lock_pair(p_a, p_b, false);
  if exists (select from public.blocks b
             where (b.blocker_id = p_a and b.blocked_id = p_b)
                or (b.blocker_id = p_b and b.blocked_id = p_a)) then
    raise exception 'one of these users blocked the other'
      using errcode = '42501', detail = 'user_blocked';
  end if;
end
$$;


--
-- Name: FUNCTION require_unblocked(p_a uuid, p_b uuid); Type: COMMENT; Schema: kithdb; Owner: -
--

COMMENT ON FUNCTION kithdb.require_unblocked(p_a uuid, p_b uuid) IS 'For writes outside the API roles: the pair''s shared lock, then 42501 user_blocked when either user blocked the other (BLK-04, BLK-06).';


--
-- Name: require_unblocked_among(uuid, uuid[]); Type: FUNCTION; Schema: kithdb; Owner: -
--

CREATE FUNCTION kithdb.require_unblocked_among(p_user_id uuid, p_others uuid[]) RETURNS void
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
declare
  v_other pg_catalog.uuid;
begin
  foreach v_other in array p_others loop
    if v_other <> p_user_id then
      perform kithdb.lock_pair(p_user_id, v_other, false);
    end if;
  end loop;
  if exists (
    select from public.blocks b
    where (b.blocker_id = p_user_id and b.blocked_id = any (p_others))
       or (b.blocked_id = p_user_id and b.blocker_id = any (p_others))
  ) then
    raise exception 'one of these users blocked another'
      using errcode = '42501', detail = 'blocked_pair';
  end if;
end
$$;


--
-- Name: FUNCTION require_unblocked_among(p_user_id uuid, p_others uuid[]); Type: COMMENT; Schema: kithdb; Owner: -
--

COMMENT ON FUNCTION kithdb.require_unblocked_among(p_user_id uuid, p_others uuid[]) IS 'Refuses to join p_user_id with p_others (a like group, an event''s authors) when a block stands between p_user_id and one of them: 42501 blocked_pair, holding each pair''s shared lock until the transaction ends (BLK-04, BLK-06). Callers answer the caller''s own pairs first with kithdb.require_reachable, so the blocked never meets this answer.';


--
-- Name: require_unblocked_authors(uuid, uuid); Type: FUNCTION; Schema: kithdb; Owner: -
--

CREATE FUNCTION kithdb.require_unblocked_authors(p_event_id uuid, p_user_id uuid) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
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


--
-- Name: FUNCTION require_unblocked_authors(p_event_id uuid, p_user_id uuid); Type: COMMENT; Schema: kithdb; Owner: -
--

COMMENT ON FUNCTION kithdb.require_unblocked_authors(p_event_id uuid, p_user_id uuid) IS 'For an author inviting p_user_id, a friend of the creator who has not blocked them, to p_event_id''s authors: 42501 blocked_pair when a block stands between p_user_id and another author (nothing about anyone else); for p_user_id accepting an invitation to them: PT404 event_author_invitation_not_found (BLK-03, BLK-04). Either way each pair''s shared lock is held. Definer because blocks between others are hidden from the caller; it answers only an author of the event, or its invitee, and never about the caller''s own pairs.';


--
-- Name: require_unblocked_creator(uuid, uuid); Type: FUNCTION; Schema: kithdb; Owner: -
--

CREATE FUNCTION kithdb.require_unblocked_creator(p_circle_id uuid, p_user_id uuid) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
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


--
-- Name: FUNCTION require_unblocked_creator(p_circle_id uuid, p_user_id uuid); Type: COMMENT; Schema: kithdb; Owner: -
--

COMMENT ON FUNCTION kithdb.require_unblocked_creator(p_circle_id uuid, p_user_id uuid) IS 'For an admin inviting their friend p_user_id, not in the circle yet, into static circle p_circle_id: 42501 blocked_pair when a block stands between p_user_id and the circle''s creator, whose name created_by would show them (BLK-03, BLK-04); the pair''s shared lock is held. Definer because blocks between others are hidden from the caller; it answers only an admin of the circle, about a friend of theirs who would join.';


--
-- Name: resolve_report(uuid, uuid, text, text, timestamp with time zone); Type: FUNCTION; Schema: kithdb; Owner: -
--

CREATE FUNCTION kithdb.resolve_report(p_moderator uuid, p_report_id uuid, p_action text, p_note text, p_until timestamp with time zone) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  v_report public.reports;
  v_action public.moderation_action;
begin
  if p_report_id is null then
    raise exception 'p_report_id is required' using errcode = '22023', detail = 'missing_report_id';
  end if;
  if p_action is null
     or p_action <> all (enum_range(null::public.moderation_action)::pg_catalog.text[]) then
    raise exception 'p_action is one of dismiss, remove_content, suspend_user'
      using errcode = '22023', detail = 'invalid_moderation_action';
  end if;
  v_action := p_action::public.moderation_action;
  if char_length(p_note) > 1000 then
    raise exception 'a moderation note has at most 1000 characters'
      using errcode = '22023', detail = 'moderation_note_too_long';
  end if;
  if v_action = 'suspend_user' and p_until <= now() then
    raise exception 'a suspension ends in the future'
      using errcode = '22023', detail = 'suspension_until_past';
  end if;
  select * into v_report from public.reports r where r.id = p_report_id;
  -- MOD-08: a report about the moderator is hidden from them (reports_select).
  if not found or v_report.target_user_id = p_moderator then
    raise exception 'no such report' using errcode = 'PT404', detail = 'report_not_found';
  end if;
  -- Every open report on the target, in id order: two moderators resolving two of them wait
  -- for each other, and the second finds its report resolved. A moderator's are those they read
  -- (MOD-08): a target's reports may name different users (an event passes on), and one about
  -- the moderator stays open for another.
  perform from public.reports r
  where r.target_kind = v_report.target_kind and r.target_id = v_report.target_id
    and r.status = 'open'
    and (p_moderator is null or r.target_user_id is distinct from p_moderator)
  order by r.id
  for update;
  select * into v_report from public.reports r where r.id = p_report_id;
  if v_report.status <> 'open' then
    raise exception 'this report is resolved already'
      using errcode = 'PT409', detail = 'report_not_open';
  end if;
  if v_action = 'remove_content' then
    if v_report.target_kind = 'post' then
      -- MOD-04: removed from the first removal on; a later report on it (one made while that
      -- resolution ran, or written by service_role) changes only its own status. Only the post
      -- reported: one deleted since, and written again under its id by service_role, is another
      -- author's (an author never changes, SEC-12). The first removal takes the post off its
      -- circles (trigger posts_leave_circles).
      update public.posts p set removed_at = coalesce(p.removed_at, now())
      where p.id = v_report.target_id and p.author_id = v_report.target_user_id;
    elsif v_report.target_kind = 'message' then
      -- As for a post; a message stays, sent by nobody, when its sender's account goes.
      update public.chat_messages m set removed_at = coalesce(m.removed_at, now())
      where m.id = v_report.target_id
        and (m.sender_id = v_report.target_user_id or m.sender_id is null);
    else
      raise exception 'only a post or a message can be removed'
        using errcode = '22023', detail = 'moderation_action_not_applicable';
    end if;
  elsif v_action = 'suspend_user' then
    -- A circle's or an event's words may be another admin's or author's: suspend a user from a
    -- report of what they wrote, or of them.
    if v_report.target_kind not in ('post', 'message', 'user') then
      raise exception 'suspend the author of a post or a message, or a reported user'
        using errcode = '22023', detail = 'moderation_action_not_applicable';
    end if;
    -- The account reported, not one signed up after the report under its id (an operator may
    -- choose a new user's id): reports keep the bare id of an account that went. Held, so that
    -- a deletion in flight is waited for and then answers as for no user.
    perform from public.profiles p
    where p.id = v_report.target_user_id and p.created_at <= v_report.created_at
    for key share;
    if not found then
      raise exception 'no such user' using errcode = 'PT404', detail = 'user_not_found';
    end if;
    -- MOD-08: one moderator could otherwise lock every other one out.
    if p_moderator is not null
       and exists (select from public.moderators m where m.user_id = v_report.target_user_id) then
      raise exception 'only service_role suspends a moderator'
        using errcode = '42501', detail = 'target_is_moderator';
    end if;
    insert into public.suspensions as s (user_id, until, report_id)
    values (v_report.target_user_id, p_until, v_report.id)
    on conflict (user_id) do update
      -- The later end wins (null: none): a second, shorter suspension never shortens the first.
      set until = case when s.until is null or excluded.until is null then null
                       else greatest(s.until, excluded.until) end,
          report_id = excluded.report_id, created_at = now();
  end if;
  update public.reports r
  set status = (case when v_action = 'dismiss' then 'dismissed' else 'actioned' end)
                 ::public.report_status,
      resolved_at = now(), resolved_by = p_moderator, resolution = v_action
  where r.target_kind = v_report.target_kind and r.target_id = v_report.target_id
    and r.status = 'open'
    and (p_moderator is null or r.target_user_id is distinct from p_moderator);
  insert into public.moderation_log
    (moderator_id, action, target_kind, target_id, report_id, suspended_user_id, suspended_until,
     note)
  values (p_moderator, v_action, v_report.target_kind, v_report.target_id, v_report.id,
          case when v_action = 'suspend_user' then v_report.target_user_id end,
          case when v_action = 'suspend_user' then p_until end, p_note);
end
$$;


--
-- Name: FUNCTION resolve_report(p_moderator uuid, p_report_id uuid, p_action text, p_note text, p_until timestamp with time zone); Type: COMMENT; Schema: kithdb; Owner: -
--

COMMENT ON FUNCTION kithdb.resolve_report(p_moderator uuid, p_report_id uuid, p_action text, p_note text, p_until timestamp with time zone) IS 'Resolves a report and every open report on its target, as moderator p_moderator (null: service_role), and logs it (MOD-03 to MOD-07). Definer because it writes content, suspensions and the log that no user may write; only service_role and kithdb.resolve_report_as_moderator call it.';


--
-- Name: resolve_report_as_moderator(uuid, text, text, timestamp with time zone); Type: FUNCTION; Schema: kithdb; Owner: -
--

CREATE FUNCTION kithdb.resolve_report_as_moderator(p_report_id uuid, p_action text, p_note text, p_until timestamp with time zone) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  v_me pg_catalog.uuid := kithdb.require_uid();
begin
  if not exists (select from public.moderators m where m.user_id = v_me) then
    raise exception 'only a moderator can do this'
      using errcode = '42501', detail = 'not_moderator';
  end if;
  perform kithdb.resolve_report(v_me, p_report_id, p_action, p_note, p_until);
end
$$;


--
-- Name: FUNCTION resolve_report_as_moderator(p_report_id uuid, p_action text, p_note text, p_until timestamp with time zone); Type: COMMENT; Schema: kithdb; Owner: -
--

COMMENT ON FUNCTION kithdb.resolve_report_as_moderator(p_report_id uuid, p_action text, p_note text, p_until timestamp with time zone) IS 'kithdb.resolve_report for a signed-in moderator, in their own name. Definer because it calls kithdb.resolve_report, which no user may call; it answers only whether the caller moderates.';


--
-- Name: schedule_job(text, text, text); Type: PROCEDURE; Schema: kithdb; Owner: -
--

CREATE PROCEDURE kithdb.schedule_job(IN p_name text, IN p_schedule text, IN p_command text)
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $_$
begin
  if exists (select from pg_catalog.pg_extension where extname = 'pg_cron') then
    execute pg_catalog.format('select %I.schedule($1, $2, $3)', 'cron')
      using p_name, p_schedule, p_command;
  end if;
end
$_$;


--
-- Name: PROCEDURE schedule_job(IN p_name text, IN p_schedule text, IN p_command text); Type: COMMENT; Schema: kithdb; Owner: -
--

COMMENT ON PROCEDURE kithdb.schedule_job(IN p_name text, IN p_schedule text, IN p_command text) IS 'Schedules pg_cron job p_name (p_schedule, p_command) where pg_cron is installed; else nothing.';


--
-- Name: start_listening(); Type: FUNCTION; Schema: kithdb; Owner: -
--

CREATE FUNCTION kithdb.start_listening() RETURNS text
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
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


--
-- Name: FUNCTION start_listening(); Type: COMMENT; Schema: kithdb; Owner: -
--

COMMENT ON FUNCTION kithdb.start_listening() IS 'Register this connection as listening for the caller (NTF-07) and return the caller''s channel; LISTEN to it first. Definer because kithdb.listeners is kithdb''s; it registers only the caller, for the connection it runs on.';


--
-- Name: sync_dynamic_circle(uuid, uuid); Type: FUNCTION; Schema: kithdb; Owner: -
--

CREATE FUNCTION kithdb.sync_dynamic_circle(p_circle_id uuid, p_user_id uuid DEFAULT NULL::uuid) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
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


--
-- Name: FUNCTION sync_dynamic_circle(p_circle_id uuid, p_user_id uuid); Type: COMMENT; Schema: kithdb; Owner: -
--

COMMENT ON FUNCTION kithdb.sync_dynamic_circle(p_circle_id uuid, p_user_id uuid) IS 'Makes a dynamic circle''s members exactly its creator plus what its rule selects (DYN-03), or deletes it when its creator is gone or has stopped authoring its event (DYN-04); given p_user_id, only that user''s membership, for a change that concerns no one else. Definer: writes memberships no API user may write.';


--
-- Name: sync_event_circles(uuid, uuid); Type: FUNCTION; Schema: kithdb; Owner: -
--

CREATE FUNCTION kithdb.sync_event_circles(p_event_id uuid, p_user_id uuid) RETURNS void
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
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


--
-- Name: FUNCTION sync_event_circles(p_event_id uuid, p_user_id uuid); Type: COMMENT; Schema: kithdb; Owner: -
--

COMMENT ON FUNCTION kithdb.sync_event_circles(p_event_id uuid, p_user_id uuid) IS 'Re-derives p_user_id''s membership in each of p_event_id''s circles, in id order, once no circle of the event is being created (DYN-03). Invoker: only kithdb''s definer triggers call it.';


--
-- Name: touch_updated_at(); Type: FUNCTION; Schema: kithdb; Owner: -
--

CREATE FUNCTION kithdb.touch_updated_at() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
begin
  new.updated_at := now();
  return new;
end
$$;


--
-- Name: FUNCTION touch_updated_at(); Type: COMMENT; Schema: kithdb; Owner: -
--

COMMENT ON FUNCTION kithdb.touch_updated_at() IS 'BEFORE UPDATE trigger: keeps updated_at at the time of the last change.';


--
-- Name: try_lock_pair(uuid, uuid); Type: FUNCTION; Schema: kithdb; Owner: -
--

CREATE FUNCTION kithdb.try_lock_pair(p_a uuid, p_b uuid) RETURNS boolean
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
begin
  return pg_catalog.pg_try_advisory_xact_lock_shared(1801, pg_catalog.hashtext(
    least(p_a, p_b)::pg_catalog.text operator(pg_catalog.||) greatest(p_a, p_b)::pg_catalog.text));
end
$$;


--
-- Name: FUNCTION try_lock_pair(p_a uuid, p_b uuid); Type: COMMENT; Schema: kithdb; Owner: -
--

COMMENT ON FUNCTION kithdb.try_lock_pair(p_a uuid, p_b uuid) IS 'The pair (a, b)''s lock shared, as kithdb.lock_pair takes it, if no block holds it: true when taken, false at once otherwise (BLK-06).';


--
-- Name: uid(); Type: FUNCTION; Schema: kithdb; Owner: -
--

CREATE FUNCTION kithdb.uid() RETURNS uuid
    LANGUAGE plpgsql STABLE
    SET search_path TO ''
    AS $$
begin
  return coalesce(
    nullif(pg_catalog.current_setting('request.jwt.claim.sub', true), ''),
    (nullif(pg_catalog.current_setting('request.jwt.claims', true), '')::pg_catalog.jsonb
      operator(pg_catalog.->>) 'sub')
  )::pg_catalog.uuid;
end
$$;


--
-- Name: FUNCTION uid(); Type: COMMENT; Schema: kithdb; Owner: -
--

COMMENT ON FUNCTION kithdb.uid() IS 'The caller''s user id, as auth.uid() reads it, with every name qualified (SEC-04): what function bodies call instead of auth.uid().';


--
-- Name: unschedule_job(text); Type: PROCEDURE; Schema: kithdb; Owner: -
--

CREATE PROCEDURE kithdb.unschedule_job(IN p_name text)
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $_$
begin
  if exists (select from pg_catalog.pg_extension where extname = 'pg_cron') then
    -- The migrating role's own job of that name, as cron.unschedule(name) takes: a superuser
    -- reads every role's jobs, and another role's job of the same name is not kithdb's.
    execute pg_catalog.format('select %1$I.unschedule(j.jobid) from %1$I.job j'
                              ' where j.jobname = $1 and j.username = current_user', 'cron')
      using p_name;
  end if;
end
$_$;


--
-- Name: PROCEDURE unschedule_job(IN p_name text); Type: COMMENT; Schema: kithdb; Owner: -
--

COMMENT ON PROCEDURE kithdb.unschedule_job(IN p_name text) IS 'Removes the migrating role''s pg_cron job p_name if it is there; else nothing.';


--
-- Name: user_channel(uuid); Type: FUNCTION; Schema: kithdb; Owner: -
--

CREATE FUNCTION kithdb.user_channel(p_user_id uuid) RETURNS text
    LANGUAGE sql IMMUTABLE
    SET search_path TO ''
    AS $$
  select 'kithdb_user_' operator(pg_catalog.||) p_user_id::pg_catalog.text
$$;


--
-- Name: FUNCTION user_channel(p_user_id uuid); Type: COMMENT; Schema: kithdb; Owner: -
--

COMMENT ON FUNCTION kithdb.user_channel(p_user_id uuid) IS 'The LISTEN channel of user p_user_id: kithdb_user_<id> (NTF-07).';


--
-- Name: withdraw_like_group(uuid); Type: FUNCTION; Schema: kithdb; Owner: -
--

CREATE FUNCTION kithdb.withdraw_like_group(p_group_id uuid) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
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


--
-- Name: FUNCTION withdraw_like_group(p_group_id uuid); Type: COMMENT; Schema: kithdb; Owner: -
--

COMMENT ON FUNCTION kithdb.withdraw_like_group(p_group_id uuid) IS 'Step behind public.withdraw_like_group. Definer: API users cannot write like-group tables.';


--
-- Name: accept_circle_invitation(uuid); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.accept_circle_invitation(p_circle_id uuid) RETURNS void
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
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


--
-- Name: FUNCTION accept_circle_invitation(p_circle_id uuid); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.accept_circle_invitation(p_circle_id uuid) IS 'Accept your invitation to circle p_circle_id: you become a member.';


--
-- Name: add_event_author(uuid, uuid); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.add_event_author(p_event_id uuid, p_user_id uuid) RETURNS void
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
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


--
-- Name: FUNCTION add_event_author(p_event_id uuid, p_user_id uuid); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.add_event_author(p_event_id uuid, p_user_id uuid) IS 'Invite p_user_id, a friend of the event''s creator, to author the event (authors only, before the start): they become an author when they accept.';


--
-- Name: add_like_group_member(uuid, uuid); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.add_like_group_member(p_group_id uuid, p_user_id uuid) RETURNS void
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
begin
  perform kithdb.add_like_group_member(p_group_id, p_user_id);
end
$$;


--
-- Name: FUNCTION add_like_group_member(p_group_id uuid, p_user_id uuid); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.add_like_group_member(p_group_id uuid, p_user_id uuid) IS 'Add your friend p_user_id to your pending group p_group_id (its creator only).';


--
-- Name: approve_like_group(uuid, boolean, uuid[]); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.approve_like_group(p_group_id uuid, p_approved boolean DEFAULT true, p_member_ids uuid[] DEFAULT NULL::uuid[]) RETURNS public.like_group_status
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
begin
  return kithdb.approve_like_group(p_group_id, p_approved, p_member_ids);
end
$$;


--
-- Name: FUNCTION approve_like_group(p_group_id uuid, p_approved boolean, p_member_ids uuid[]); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.approve_like_group(p_group_id uuid, p_approved boolean, p_member_ids uuid[]) IS 'Give your approval of pending group p_group_id as an author of its event (true approves, false rejects); with p_member_ids, the members you read, refused if they changed since. Returns the group''s status after it.';


--
-- Name: block_user(uuid); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.block_user(p_user_id uuid) RETURNS void
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
declare
  v_me pg_catalog.uuid := kithdb.require_account();
begin
  if p_user_id is null then
    raise exception 'p_user_id is required' using errcode = '22023', detail = 'missing_user_id';
  end if;
  if p_user_id = v_me then
    raise exception 'you cannot block yourself' using errcode = '22023', detail = 'cannot_block_self';
  end if;
  -- Under profiles' policy: someone who blocked the caller is a user who does not exist. Asked
  -- first without a lock, so that the answer for them never waits for their own writes in
  -- flight (which hold their user lock); asked again once the block's locks and the profile's
  -- are held, for a block of the caller or a deletion that committed meanwhile.
  if not exists (select from public.profiles p where p.id = p_user_id) then
    raise exception 'no such user' using errcode = 'PT404', detail = 'user_not_found';
  end if;
  perform kithdb.lock_my_block(p_user_id);
  -- ID-03: the caller's own account, deleted while the locks waited for its deletion.
  perform kithdb.require_account();
  perform kithdb.hold_profile(p_user_id);
  if not exists (select from public.profiles p where p.id = p_user_id) then
    raise exception 'no such user' using errcode = 'PT404', detail = 'user_not_found';
  end if;
  insert into public.blocks (blocker_id, blocked_id) values (v_me, p_user_id)
  on conflict (blocker_id, blocked_id) do nothing;
  if not found then
    raise exception 'you have already blocked this user'
      using errcode = '23505', detail = 'already_blocked';
  end if;
end
$$;


--
-- Name: FUNCTION block_user(p_user_id uuid); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.block_user(p_user_id uuid) IS 'Block p_user_id: ends your friendship or request with them and withdraws circle invitations between you; while it stands nothing connects you and they cannot see you.';


--
-- Name: cancel_event(uuid); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.cancel_event(p_event_id uuid) RETURNS void
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
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


--
-- Name: FUNCTION cancel_event(p_event_id uuid); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.cancel_event(p_event_id uuid) IS 'Cancel the event (authors only, for good): its pending like groups expire at once; approved groups and their chats stay, with the event shown cancelled.';


--
-- Name: create_circle(text, text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.create_circle(p_name text, p_description text DEFAULT NULL::text) RETURNS uuid
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
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


--
-- Name: FUNCTION create_circle(p_name text, p_description text); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.create_circle(p_name text, p_description text) IS 'Create a circle named p_name (trimmed, 1–50 characters) with you as its admin; returns its id.';


--
-- Name: create_dynamic_circle(text, jsonb, text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.create_dynamic_circle(p_name text, p_rule jsonb, p_description text DEFAULT NULL::text) RETURNS uuid
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
begin
  return kithdb.create_dynamic_circle(p_name, p_rule, p_description);
end
$$;


--
-- Name: FUNCTION create_dynamic_circle(p_name text, p_rule jsonb, p_description text); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.create_dynamic_circle(p_name text, p_rule jsonb, p_description text) IS 'Create a circle whose members follow p_rule: {"kind":"friends"} (your friends) or {"kind":"event","event_id":"<uuid>"} (the authors and attendees of an event you author). You are its admin and alone read its member list; returns its id.';


--
-- Name: create_event(text, timestamp with time zone, timestamp with time zone, text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.create_event(p_title text, p_starts_at timestamp with time zone, p_ends_at timestamp with time zone DEFAULT NULL::timestamp with time zone, p_description text DEFAULT NULL::text) RETURNS uuid
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
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


--
-- Name: FUNCTION create_event(p_title text, p_starts_at timestamp with time zone, p_ends_at timestamp with time zone, p_description text); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.create_event(p_title text, p_starts_at timestamp with time zone, p_ends_at timestamp with time zone, p_description text) IS 'Create an event with you as its creator and first author; returns its id.';


--
-- Name: create_like_group(uuid, uuid[]); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.create_like_group(p_event_id uuid, p_member_ids uuid[] DEFAULT '{}'::uuid[]) RETURNS uuid
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
begin
  return kithdb.create_like_group(p_event_id, p_member_ids);
end
$$;


--
-- Name: FUNCTION create_like_group(p_event_id uuid, p_member_ids uuid[]); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.create_like_group(p_event_id uuid, p_member_ids uuid[]) IS 'Apply to attend event p_event_id with up to 9 friends (p_member_ids); returns the group id.';


--
-- Name: create_post(text, public.post_audience, uuid[]); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.create_post(p_body text, p_audience public.post_audience DEFAULT 'public'::public.post_audience, p_circle_ids uuid[] DEFAULT NULL::uuid[]) RETURNS uuid
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
declare
  v_me pg_catalog.uuid := kithdb.require_account();
  v_id pg_catalog.uuid;
  v_circle pg_catalog.uuid;
begin
  -- SEC-11: the array is bounded before any other check or work.
  if cardinality(p_circle_ids) > 100 then
    raise exception 'p_circle_ids holds at most 100 ids'
      using errcode = '22023', detail = 'too_many_circles';
  end if;
  if p_body is null or (p_body !~ '^[!-~]' and kithdb.is_blank(p_body)) then
    raise exception 'a post needs a body' using errcode = '22023', detail = 'post_body_required';
  end if;
  if char_length(p_body) > 5000 then
    raise exception 'a post has at most 5000 characters'
      using errcode = '22023', detail = 'post_body_too_long';
  end if;
  if p_audience is null then
    raise exception 'p_audience is required' using errcode = '22023', detail = 'missing_audience';
  end if;
  if p_audience = 'circles' and coalesce(cardinality(p_circle_ids), 0) = 0 then
    raise exception 'a post for circles needs at least one circle'
      using errcode = '22023', detail = 'post_circles_required';
  end if;
  if p_audience <> 'circles' and coalesce(cardinality(p_circle_ids), 0) > 0 then
    raise exception 'circles are only for a post with audience circles'
      using errcode = '22023', detail = 'post_circles_need_circles_audience';
  end if;
  -- unnest, not array_position: a list of lists is read as its elements.
  if exists (select from unnest(p_circle_ids) c where c is null) then
    raise exception 'circle ids cannot be null' using errcode = '22023', detail = 'missing_circle_id';
  end if;
  foreach v_circle in array coalesce(p_circle_ids, '{}') loop
    if not exists (select from public.circles c where c.id = v_circle) then
      raise exception 'no such circle' using errcode = 'PT404', detail = 'circle_not_found';
    end if;
    if not kithdb.caller_is_circle_member(v_circle) then
      raise exception 'you can only post to circles you are a member of'
        using errcode = '42501', detail = 'not_circle_member';
    end if;
  end loop;
  insert into public.posts (author_id, body, audience) values (v_me, p_body, p_audience)
  returning id into v_id;
  if p_audience = 'circles' then
    -- In circle id order, the order a sync removes someone from several circles in: a removal
    -- racing this post waits or is waited for, never both (post_circles_lock_membership).
    begin
      insert into public.post_circles (post_id, circle_id)
      select distinct v_id, c from unnest(p_circle_ids) c order by c;
    exception
      when foreign_key_violation then  -- its last member left meanwhile: the circle is gone
        raise exception 'no such circle' using errcode = 'PT404', detail = 'circle_not_found';
      when insufficient_privilege then  -- the author left or was removed meanwhile
        raise exception 'you can only post to circles you are a member of'
          using errcode = '42501', detail = 'not_circle_member';
    end;
  end if;
  return v_id;
end
$$;


--
-- Name: FUNCTION create_post(p_body text, p_audience public.post_audience, p_circle_ids uuid[]); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.create_post(p_body text, p_audience public.post_audience, p_circle_ids uuid[]) IS 'Post p_body to p_audience; audience circles needs p_circle_ids, each a circle you are a member of. Returns the post id.';


--
-- Name: decline_circle_invitation(uuid); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.decline_circle_invitation(p_circle_id uuid) RETURNS void
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
declare
  v_me pg_catalog.uuid := kithdb.lock_my_invitation(p_circle_id);
begin
  delete from public.circle_members m where m.circle_id = p_circle_id and m.user_id = v_me;
end
$$;


--
-- Name: FUNCTION decline_circle_invitation(p_circle_id uuid); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.decline_circle_invitation(p_circle_id uuid) IS 'Decline your invitation to circle p_circle_id: the invitation is removed.';


--
-- Name: delete_my_account(text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.delete_my_account(p_confirm text) RETURNS void
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
begin
  perform kithdb.delete_my_account(p_confirm);
end
$$;


--
-- Name: FUNCTION delete_my_account(p_confirm text); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.delete_my_account(p_confirm text) IS 'Delete your account for good, in one transaction; p_confirm must be your user id (docs/API.md, "delete_my_account"). Your messages stay in the others'' chats, sent by a deleted account; your events and approved like groups go on with the others.';


--
-- Name: expire_author_invitations(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.expire_author_invitations() RETURNS integer
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
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


--
-- Name: FUNCTION expire_author_invitations(); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.expire_author_invitations() IS 'Withdraw every invitation to author an event that has started; returns how many (service_role only, every minute by pg_cron where installed: EVT-04).';


--
-- Name: expire_like_groups(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.expire_like_groups() RETURNS integer
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
begin
  return kithdb.expire_overdue_like_groups();
end
$$;


--
-- Name: FUNCTION expire_like_groups(); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.expire_like_groups() IS 'Mark every overdue pending group expired; returns how many (service_role only).';


--
-- Name: export_my_data(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.export_my_data() RETURNS jsonb
    LANGUAGE plpgsql STABLE
    SET search_path TO ''
    AS $$
begin
  return kithdb.export_my_data();
end
$$;


--
-- Name: FUNCTION export_my_data(); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.export_my_data() IS 'Everything you own or wrote, as one JSON document (docs/API.md, "export_my_data"): your profile, friendships, blocks, mutes, circles and memberships, posts, events and authorships, like groups, memberships and approvals, chats and the messages you sent, and your reports.';


--
-- Name: feed(integer, timestamp with time zone, uuid, uuid); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.feed(p_limit integer DEFAULT 20, p_before timestamp with time zone DEFAULT NULL::timestamp with time zone, p_before_id uuid DEFAULT NULL::uuid, p_circle_id uuid DEFAULT NULL::uuid) RETURNS SETOF public.posts
    LANGUAGE plpgsql STABLE
    SET search_path TO ''
    SET plan_cache_mode TO 'force_generic_plan'
    SET jit TO 'off'
    AS $$
declare
  -- Without p_before_id, every post at p_before is excluded: no uuid sorts below the nil uuid.
  -- (Worked out here, not in the statement: posts' policy lets only leakproof conditions run
  -- before it, and PostgreSQL counts coalesce as leaky, which would make the keyset a filter.)
  v_before_id pg_catalog.uuid := coalesce(p_before_id, '00000000-0000-0000-0000-000000000000'::pg_catalog.uuid);
  v_me pg_catalog.uuid;
  v_muted pg_catalog.uuid[];
  v_none_muted boolean;
begin
  -- A member's page of one circle first (PST-01, PST-05): the definer page shows a circle only
  -- to a signed-in member of it, so rows from it answer the call with every check below met.
  if p_circle_id is not null and p_limit between 1 and 100
     and (p_before_id is null or p_before is not null) then
    return query
      select * from kithdb.member_circle_feed_page(p_circle_id, p_limit, p_before, p_before_id);
    if found then
      return;
    end if;
  end if;
  -- kithdb.require_uid() and kithdb.check_page(), inline: the feed stays one PL/pgSQL call
  -- (docs/DESIGN.md, "The feed"), and with no identity, 42501 comes before any other error.
  -- auth.uid() is safe here, unlike in kithdb's functions: no definer calls the feed, so it runs
  -- only as its caller (SEC-04).
  v_me := auth.uid();
  if v_me is null then
    raise exception 'this action needs a signed-in user'
      using errcode = '42501', detail = 'not_authenticated';
  end if;
  -- Whose posts the feed skips (MUT-02); the policy already hides the blocked. The flag keeps
  -- an unknown array's estimate from ruling the generic plan, as in a circle's page.
  v_muted := kithdb.my_muted_user_ids();
  v_none_muted := cardinality(v_muted) = 0;
  if p_limit is null or p_limit < 1 or p_limit > 100 then
    raise exception 'p_limit must be between 1 and 100' using errcode = '22023', detail = 'invalid_limit';
  end if;
  if p_before_id is not null and p_before is null then
    raise exception 'p_before_id pages together with p_before'
      using errcode = '22023', detail = 'missing_before';
  end if;
  if p_circle_id is null then
    if p_before is null then
      return query
        select p.* from public.posts p
        where (v_none_muted or p.author_id <> all (v_muted))
        order by p.created_at desc, p.id desc
        limit p_limit;
    else
      return query
        select p.* from public.posts p
        where (p.created_at, p.id) < (p_before, v_before_id)
          and (v_none_muted or p.author_id <> all (v_muted))
        order by p.created_at desc, p.id desc
        limit p_limit;
    end if;
    return;
  end if;
  -- Not a member, or past a member's last page (where the policy shows no more either).
  if not exists (select from public.circles c where c.id = p_circle_id) then
    raise exception 'no such circle' using errcode = 'PT404', detail = 'circle_not_found';
  end if;
  -- An invitee, not a member: post_circles shows a circle's rows to its members only, so the page
  -- is empty, whatever other circle a post is also on (which circles hold a post stays hidden).
  return query
    select p.* from public.post_circles pc
    join public.posts p on p.id = pc.post_id
    where pc.circle_id = p_circle_id and (v_none_muted or p.author_id <> all (v_muted))
      and (p_before is null
           or (p_before_id is null and p.created_at < p_before)
           or (p_before_id is not null and (p.created_at, p.id) < (p_before, p_before_id)))
    order by p.created_at desc, p.id desc
    limit p_limit;
end
$$;


--
-- Name: FUNCTION feed(p_limit integer, p_before timestamp with time zone, p_before_id uuid, p_circle_id uuid); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.feed(p_limit integer, p_before timestamp with time zone, p_before_id uuid, p_circle_id uuid) IS 'The posts you may read, newest first by (created_at, id): pass the last row''s created_at as p_before and its id as p_before_id for the next page — exact even when timestamps are equal (p_before alone skips every post at that instant). p_circle_id narrows to one circle.';


--
-- Name: home_feed(integer, timestamp with time zone, uuid); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.home_feed(p_limit integer DEFAULT 20, p_before timestamp with time zone DEFAULT NULL::timestamp with time zone, p_before_id uuid DEFAULT NULL::uuid) RETURNS SETOF public.posts
    LANGUAGE plpgsql STABLE
    SET search_path TO ''
    AS $$
begin
  perform kithdb.require_uid();
  -- The page checks its arguments (kithdb.check_page) after this identity check.
  return query select * from kithdb.home_feed_page(p_limit, p_before, p_before_id);
end
$$;


--
-- Name: FUNCTION home_feed(p_limit integer, p_before timestamp with time zone, p_before_id uuid); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.home_feed(p_limit integer, p_before timestamp with time zone, p_before_id uuid) IS 'Your home feed: your posts, your friends'' public and friends posts and the posts of your circles, newest first by (created_at, id); page with p_before and p_before_id as feed does.';


--
-- Name: invite_to_circle(uuid, uuid); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.invite_to_circle(p_circle_id uuid, p_user_id uuid) RETURNS void
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
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


--
-- Name: FUNCTION invite_to_circle(p_circle_id uuid, p_user_id uuid); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.invite_to_circle(p_circle_id uuid, p_user_id uuid) IS 'Invite your friend p_user_id into circle p_circle_id (admins only); they accept or decline.';


--
-- Name: leave_chat(uuid); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.leave_chat(p_chat_id uuid) RETURNS void
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
declare
  v_me pg_catalog.uuid := kithdb.require_uid();
begin
  if p_chat_id is null then
    raise exception 'p_chat_id is required' using errcode = '22023', detail = 'missing_chat_id';
  end if;
  -- A join committed after this transaction began is later than its now().
  update public.chat_participants p set left_at = greatest(now(), p.joined_at)
  where p.chat_id = p_chat_id and p.user_id = v_me and p.left_at is null;
  if not found then  -- not a participant, left already, or no such chat: one answer
    raise exception 'no such chat' using errcode = 'PT404', detail = 'chat_not_found';
  end if;
end
$$;


--
-- Name: FUNCTION leave_chat(p_chat_id uuid); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.leave_chat(p_chat_id uuid) IS 'Leave chat p_chat_id: you read and send nothing more there and are never added back; your messages stay for the others.';


--
-- Name: leave_circle(uuid); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.leave_circle(p_circle_id uuid) RETURNS void
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
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


--
-- Name: FUNCTION leave_circle(p_circle_id uuid); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.leave_circle(p_circle_id uuid) IS 'Leave circle p_circle_id (or drop your invitation). The last admin must first promote one of the members they read; the last member leaving deletes the circle.';


--
-- Name: leave_event_authors(uuid); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.leave_event_authors(p_event_id uuid) RETURNS void
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
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


--
-- Name: FUNCTION leave_event_authors(p_event_id uuid); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.leave_event_authors(p_event_id uuid) IS 'Step down as an author of the event, at any time; a creator passes the event to the author who joined first; the last author cannot step down.';


--
-- Name: leave_like_group(uuid); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.leave_like_group(p_group_id uuid) RETURNS void
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
begin
  perform kithdb.leave_like_group(p_group_id);
end
$$;


--
-- Name: FUNCTION leave_like_group(p_group_id uuid); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.leave_like_group(p_group_id uuid) IS 'Leave group p_group_id: a pending one (its creator leaving withdraws it), or an approved one, with its chat (the group goes on without you).';


--
-- Name: mark_chat_read(uuid); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.mark_chat_read(p_chat_id uuid) RETURNS void
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
declare
  v_me pg_catalog.uuid := kithdb.require_uid();
begin
  if p_chat_id is null then
    raise exception 'p_chat_id is required' using errcode = '22023', detail = 'missing_chat_id';
  end if;
  update public.chat_participants p set last_read_at = now()
  where p.chat_id = p_chat_id and p.user_id = v_me and p.left_at is null;
  if not found then  -- not a participant, left already, or no such chat: one answer
    raise exception 'no such chat' using errcode = 'PT404', detail = 'chat_not_found';
  end if;
end
$$;


--
-- Name: FUNCTION mark_chat_read(p_chat_id uuid); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.mark_chat_read(p_chat_id uuid) IS 'Mark chat p_chat_id read up to now: my_chats.unread_count counts only the messages after this.';


--
-- Name: mark_notifications_read(uuid[]); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.mark_notifications_read(p_ids uuid[] DEFAULT NULL::uuid[]) RETURNS integer
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
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


--
-- Name: FUNCTION mark_notifications_read(p_ids uuid[]); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.mark_notifications_read(p_ids uuid[]) IS 'Mark your notifications p_ids (at most 100; null: all of them) read; returns how many were unread. Ids that are not your unread notifications are passed over.';


--
-- Name: moderation_queue(integer, timestamp with time zone); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.moderation_queue(p_limit integer DEFAULT 50, p_before timestamp with time zone DEFAULT NULL::timestamp with time zone) RETURNS TABLE(report_id uuid, target_kind public.report_target_kind, target_id uuid, target_user_id uuid, reason public.report_reason, note text, snapshot jsonb, reporter_id uuid, created_at timestamp with time zone, target_reports bigint)
    LANGUAGE plpgsql STABLE
    SET search_path TO ''
    AS $$
begin
  perform kithdb.require_moderator();
  if p_limit is null or p_limit < 1 or p_limit > 100 then
    raise exception 'p_limit must be between 1 and 100'
      using errcode = '22023', detail = 'invalid_limit';
  end if;
  return query
    select r.id, r.target_kind, r.target_id, r.target_user_id, r.reason, r.note, r.snapshot,
           r.reporter_id, r.created_at,
           (select count(*) from public.reports o
            where o.target_kind = r.target_kind and o.target_id = r.target_id and o.status = 'open')
    from public.reports r
    where r.status = 'open' and (p_before is null or r.created_at < p_before)
    order by r.created_at, r.id
    limit p_limit;
end
$$;


--
-- Name: FUNCTION moderation_queue(p_limit integer, p_before timestamp with time zone); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.moderation_queue(p_limit integer, p_before timestamp with time zone) IS 'For moderators: the open reports (made before p_before, if given), oldest first, each with its snapshot and how many open reports its target has.';


--
-- Name: mute_user(uuid, timestamp with time zone); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.mute_user(p_user_id uuid, p_until timestamp with time zone DEFAULT NULL::timestamp with time zone) RETURNS void
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
declare
  v_me pg_catalog.uuid := kithdb.require_account();
begin
  if p_user_id is null then
    raise exception 'p_user_id is required' using errcode = '22023', detail = 'missing_user_id';
  end if;
  if p_user_id = v_me then
    raise exception 'you cannot mute yourself' using errcode = '22023', detail = 'cannot_mute_self';
  end if;
  if p_until <= now() then
    raise exception 'a mute ends in the future' using errcode = '22023', detail = 'mute_until_past';
  end if;
  -- Here for every caller (service_role's insert fires no mutes_hold_muted); for an API user
  -- that trigger asks again and waits for nothing more.
  perform kithdb.hold_user(p_user_id);
  insert into public.mutes (muter_id, muted_id, until) values (v_me, p_user_id, p_until)
  on conflict (muter_id, muted_id) do update set until = excluded.until;
end
$$;


--
-- Name: FUNCTION mute_user(p_user_id uuid, p_until timestamp with time zone); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.mute_user(p_user_id uuid, p_until timestamp with time zone) IS 'Stop reading p_user_id''s posts in your feed and home feed until p_until (null: until you unmute them). Muting again sets the new end. They are not told.';


--
-- Name: my_chats(integer, timestamp with time zone, uuid); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.my_chats(p_limit integer DEFAULT 20, p_before timestamp with time zone DEFAULT NULL::timestamp with time zone, p_before_id uuid DEFAULT NULL::uuid) RETURNS TABLE(chat_id uuid, like_group_id uuid, event_id uuid, last_message_at timestamp with time zone, last_message_id uuid, last_message text, last_sender_id uuid, last_message_removed_at timestamp with time zone, unread_count integer, last_read_at timestamp with time zone)
    LANGUAGE plpgsql STABLE
    SET search_path TO ''
    AS $$
begin
  perform kithdb.require_uid();
  perform kithdb.check_page(p_limit, p_before, p_before_id);
  return query select * from kithdb.my_chats_page(p_limit, p_before, p_before_id);
end
$$;


--
-- Name: FUNCTION my_chats(p_limit integer, p_before timestamp with time zone, p_before_id uuid); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.my_chats(p_limit integer, p_before timestamp with time zone, p_before_id uuid) IS 'Your chats, newest activity first by (last_message_at, chat_id): the last message you read there (your own removed one marked by last_message_removed_at) and how many messages by others came after your last_read_at (mark_chat_read); page with p_before and p_before_id as feed does.';


--
-- Name: prune_notifications(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.prune_notifications() RETURNS integer
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
declare
  v_count integer;
begin
  delete from public.notifications n where n.read_at < now() - interval '30 days';
  get diagnostics v_count = row_count;
  return v_count;
end
$$;


--
-- Name: FUNCTION prune_notifications(); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.prune_notifications() IS 'Delete the notifications read more than 30 days ago; returns how many (service_role only, daily by pg_cron where installed: NTF-06).';


--
-- Name: rejoin_circle(uuid); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.rejoin_circle(p_circle_id uuid) RETURNS void
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
begin
  perform kithdb.require_uid();
  if p_circle_id is null then
    raise exception 'p_circle_id is required' using errcode = '22023', detail = 'missing_circle_id';
  end if;
  perform kithdb.rejoin_circle(p_circle_id);
end
$$;


--
-- Name: FUNCTION rejoin_circle(p_circle_id uuid); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.rejoin_circle(p_circle_id uuid) IS 'Rejoin dynamic circle p_circle_id, which you left: its rule counts you again, and you are a member again if it selects you.';


--
-- Name: remove_circle_member(uuid, uuid); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.remove_circle_member(p_circle_id uuid, p_user_id uuid) RETURNS void
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
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


--
-- Name: FUNCTION remove_circle_member(p_circle_id uuid, p_user_id uuid); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.remove_circle_member(p_circle_id uuid, p_user_id uuid) IS 'Remove member or invitee p_user_id from circle p_circle_id (admins only).';


--
-- Name: remove_circle_post(uuid, uuid); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.remove_circle_post(p_circle_id uuid, p_post_id uuid) RETURNS void
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
begin
  perform kithdb.require_uid();
  if p_circle_id is null then
    raise exception 'p_circle_id is required' using errcode = '22023', detail = 'missing_circle_id';
  end if;
  if p_post_id is null then
    raise exception 'p_post_id is required' using errcode = '22023', detail = 'missing_post_id';
  end if;
  if not exists (select from public.circles c where c.id = p_circle_id) then
    raise exception 'no such circle' using errcode = 'PT404', detail = 'circle_not_found';
  end if;
  if not kithdb.caller_is_circle_admin(p_circle_id) then
    raise exception 'only an admin of the circle can take a post off it'
      using errcode = '42501', detail = 'not_circle_admin';
  end if;
  delete from public.post_circles pc where pc.circle_id = p_circle_id and pc.post_id = p_post_id;
  if not found then
    raise exception 'no such post in this circle'
      using errcode = 'PT404', detail = 'circle_post_not_found';
  end if;
end
$$;


--
-- Name: FUNCTION remove_circle_post(p_circle_id uuid, p_post_id uuid); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.remove_circle_post(p_circle_id uuid, p_post_id uuid) IS 'Take a post off a circle you administer (CIR-13); the post stays, for its other circles and its author.';


--
-- Name: remove_event_author(uuid, uuid); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.remove_event_author(p_event_id uuid, p_user_id uuid) RETURNS void
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
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


--
-- Name: FUNCTION remove_event_author(p_event_id uuid, p_user_id uuid); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.remove_event_author(p_event_id uuid, p_user_id uuid) IS 'Remove author p_user_id (authors only, before the start; never the creator); yourself, as leave_event_authors.';


--
-- Name: remove_friendship(uuid); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.remove_friendship(p_user_id uuid) RETURNS void
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
declare
  v_me pg_catalog.uuid := kithdb.require_uid();
begin
  if p_user_id is null then
    raise exception 'p_user_id is required' using errcode = '22023', detail = 'missing_user_id';
  end if;
  -- Both users' locks before the row's (ACC-03).
  perform kithdb.lock_my_friendship(p_user_id);
  delete from public.friendships f
  where f.user_id = least(v_me, p_user_id) and f.friend_id = greatest(v_me, p_user_id);
  if not found then
    raise exception 'no friendship or request with this user'
      using errcode = 'PT404', detail = 'friendship_not_found';
  end if;
end
$$;


--
-- Name: FUNCTION remove_friendship(p_user_id uuid); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.remove_friendship(p_user_id uuid) IS 'End a friendship, withdraw or dismiss a request, or clear a declined one, with p_user_id.';


--
-- Name: remove_like_group_member(uuid, uuid); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.remove_like_group_member(p_group_id uuid, p_user_id uuid) RETURNS public.like_group_status
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
begin
  return kithdb.remove_like_group_member(p_group_id, p_user_id);
end
$$;


--
-- Name: FUNCTION remove_like_group_member(p_group_id uuid, p_user_id uuid); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.remove_like_group_member(p_group_id uuid, p_user_id uuid) IS 'Remove p_user_id from your pending group p_group_id (its creator only); returns the group''s status, which is approved when the members left meet the threshold.';


--
-- Name: report(text, uuid, text, text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.report(p_target_kind text, p_target_id uuid, p_reason text, p_note text DEFAULT NULL::text) RETURNS uuid
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
declare
  v_me pg_catalog.uuid := kithdb.require_account();
  v_kind public.report_target_kind;
  v_reason public.report_reason;
  v_id pg_catalog.uuid;
begin
  if p_target_kind is null
     or p_target_kind <> all (enum_range(null::public.report_target_kind)::pg_catalog.text[]) then
    raise exception 'p_target_kind is one of post, message, user, circle, event'
      using errcode = '22023', detail = 'invalid_report_target_kind';
  end if;
  v_kind := p_target_kind::public.report_target_kind;
  if p_reason is null
     or p_reason <> all (enum_range(null::public.report_reason)::pg_catalog.text[]) then
    raise exception 'p_reason is one of spam, harassment, hate, violence, sexual, self_harm, other'
      using errcode = '22023', detail = 'invalid_report_reason';
  end if;
  v_reason := p_reason::public.report_reason;
  if p_target_id is null then
    raise exception 'p_target_id is required' using errcode = '22023', detail = 'missing_target_id';
  end if;
  if char_length(p_note) > 1000 then
    raise exception 'a report''s note has at most 1000 characters'
      using errcode = '22023', detail = 'report_note_too_long';
  end if;
  if not kithdb.can_see_report_target(v_kind, p_target_id) then
    raise exception 'nothing to report' using errcode = 'PT404', detail = 'report_target_not_found';
  end if;
  if v_kind = 'user' and p_target_id = v_me then
    raise exception 'you cannot report yourself'
      using errcode = '22023', detail = 'cannot_report_self';
  end if;
  begin
    insert into public.reports (target_kind, target_id, reason, note)
    values (v_kind, p_target_id, v_reason, p_note)
    returning id into v_id;
  exception
    when unique_violation then
      raise exception 'you have already reported this'
        using errcode = '23505', detail = 'already_reported';
  end;
  return v_id;
end
$$;


--
-- Name: FUNCTION report(p_target_kind text, p_target_id uuid, p_reason text, p_note text); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.report(p_target_kind text, p_target_id uuid, p_reason text, p_note text) IS 'Report something you see (p_target_kind post, message, user, circle or event) for p_reason; returns the report''s id. Its content is kept as it is now.';


--
-- Name: request_friendship(uuid); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.request_friendship(p_user_id uuid) RETURNS public.friendship_status
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
declare
  v_me pg_catalog.uuid := kithdb.require_account();
  v_row public.friendships;
begin
  if p_user_id is null then
    raise exception 'p_user_id is required' using errcode = '22023', detail = 'missing_user_id';
  end if;
  if p_user_id = v_me then
    raise exception 'you cannot befriend yourself' using errcode = '22023', detail = 'cannot_befriend_self';
  end if;
  if not exists (select from public.profiles p where p.id = p_user_id) then
    raise exception 'no such user' using errcode = 'PT404', detail = 'user_not_found';
  end if;
  -- Asking back accepts: both users' locks (ACC-03), then the pair's before the row's (BLK-06),
  -- and the answer a block gives.
  perform kithdb.lock_my_friendship(p_user_id);
  perform kithdb.require_reachable(p_user_id);

  -- Insert-or-lock loop: two users asking each other at once end in one row, never two errors.
  loop
    insert into public.friendships (user_id, friend_id, status, requested_by)
    values (least(v_me, p_user_id), greatest(v_me, p_user_id), 'pending', v_me)
    on conflict (user_id, friend_id) do nothing
    returning * into v_row;
    if found then
      return v_row.status;
    end if;
    select * into v_row from public.friendships f
    where f.user_id = least(v_me, p_user_id) and f.friend_id = greatest(v_me, p_user_id)
    for update;
    exit when found;
  end loop;

  if v_row.status = 'accepted' then
    raise exception 'you are already friends' using errcode = '23505', detail = 'already_friends';
  elsif v_row.status = 'pending' and v_row.requested_by = v_me then
    raise exception 'you have already sent this request'
      using errcode = '23505', detail = 'friendship_already_requested';
  elsif v_row.status = 'pending' then
    -- They asked first: asking back is consent, so the two are friends.
    update public.friendships f set status = 'accepted'
    where f.user_id = v_row.user_id and f.friend_id = v_row.friend_id;
    return 'accepted'::public.friendship_status;
  end if;
  update public.friendships f set status = 'pending', requested_by = v_me
  where f.user_id = v_row.user_id and f.friend_id = v_row.friend_id;
  return 'pending'::public.friendship_status;
end
$$;


--
-- Name: FUNCTION request_friendship(p_user_id uuid); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.request_friendship(p_user_id uuid) IS 'Ask p_user_id to be your friend; returns pending, or accepted when they had already asked you. A request they declined may be sent again after the cool-down (rate_limits.repeat_declined).';


--
-- Name: resolve_report(uuid, text, text, timestamp with time zone); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.resolve_report(p_report_id uuid, p_action text, p_note text DEFAULT NULL::text, p_until timestamp with time zone DEFAULT NULL::timestamp with time zone) RETURNS void
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
begin
  if kithdb.is_api_role() then
    perform kithdb.resolve_report_as_moderator(p_report_id, p_action, p_note, p_until);
  else
    -- service_role (or a DBA) decides as itself, whatever user its token names.
    perform kithdb.resolve_report(null, p_report_id, p_action, p_note, p_until);
  end if;
end
$$;


--
-- Name: FUNCTION resolve_report(p_report_id uuid, p_action text, p_note text, p_until timestamp with time zone); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.resolve_report(p_report_id uuid, p_action text, p_note text, p_until timestamp with time zone) IS 'For moderators: resolve report p_report_id and every open report on its target with p_action: dismiss, remove_content (a post or message: hidden from all but its author) or suspend_user (its author: every write refused until p_until; null: until lifted). Logged with p_note.';


--
-- Name: respond_event_author_invitation(uuid, boolean); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.respond_event_author_invitation(p_event_id uuid, p_accept boolean) RETURNS void
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
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


--
-- Name: FUNCTION respond_event_author_invitation(p_event_id uuid, p_accept boolean); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.respond_event_author_invitation(p_event_id uuid, p_accept boolean) IS 'Accept (p_accept = true: you become an author) or decline your invitation to author the event.';


--
-- Name: respond_friendship(uuid, boolean); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.respond_friendship(p_user_id uuid, p_accept boolean) RETURNS public.friendship_status
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
declare
  v_me pg_catalog.uuid := kithdb.require_uid();
  v_row public.friendships;
begin
  if p_user_id is null then
    raise exception 'p_user_id is required' using errcode = '22023', detail = 'missing_user_id';
  end if;
  if p_accept is null then
    raise exception 'p_accept is required' using errcode = '22023', detail = 'missing_accept';
  end if;
  -- Both users' locks (ACC-03), then the pair's before the row's (BLK-06): a block takes them
  -- in that order.
  perform kithdb.lock_my_friendship(p_user_id);
  perform kithdb.lock_my_pair(p_user_id);
  select * into v_row from public.friendships f
  where f.user_id = least(v_me, p_user_id) and f.friend_id = greatest(v_me, p_user_id)
  for update;
  if not found then
    raise exception 'no friend request from this user'
      using errcode = 'PT404', detail = 'friendship_request_not_found';
  end if;
  if v_row.status <> 'pending' then
    raise exception 'this request is % already', v_row.status
      using errcode = 'PT409', detail = 'friendship_not_pending';
  end if;
  if v_row.requested_by = v_me then
    raise exception 'only the addressee can respond to a friend request'
      using errcode = '42501', detail = 'not_friendship_addressee';
  end if;
  update public.friendships f
  set status = case when p_accept then 'accepted' else 'declined' end::public.friendship_status
  where f.user_id = v_row.user_id and f.friend_id = v_row.friend_id
  returning f.status into v_row.status;
  return v_row.status;
end
$$;


--
-- Name: FUNCTION respond_friendship(p_user_id uuid, p_accept boolean); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.respond_friendship(p_user_id uuid, p_accept boolean) IS 'Accept (p_accept = true) or decline the pending request p_user_id sent you; returns the new status.';


--
-- Name: send_message(uuid, text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.send_message(p_chat_id uuid, p_body text) RETURNS uuid
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
declare
  v_me pg_catalog.uuid := kithdb.require_uid();
  v_id pg_catalog.uuid;
begin
  if p_chat_id is null then
    raise exception 'p_chat_id is required' using errcode = '22023', detail = 'missing_chat_id';
  end if;
  if p_body is null or (p_body !~ '^[!-~]' and kithdb.is_blank(p_body)) then
    raise exception 'a message needs a body' using errcode = '22023', detail = 'message_body_required';
  end if;
  if char_length(p_body) > 4000 then
    raise exception 'a message has at most 4000 characters'
      using errcode = '22023', detail = 'message_body_too_long';
  end if;
  -- The chat is looked for in the insert's own statement, so that the look and the insert's
  -- policy read one snapshot: a departure committing between two statements would have the
  -- policy refuse what the look let through, with no reason.
  insert into public.chat_messages (chat_id, sender_id, body)
  select p_chat_id, v_me, p_body
  where exists (select from public.chats c where c.id = p_chat_id)
  returning id into v_id;
  if v_id is null then
    raise exception 'no such chat' using errcode = 'PT404', detail = 'chat_not_found';
  end if;
  return v_id;
end
$$;


--
-- Name: FUNCTION send_message(p_chat_id uuid, p_body text); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.send_message(p_chat_id uuid, p_body text) IS 'Send p_body (1–4000 characters) to chat p_chat_id, which you take part in; returns the message id.';


--
-- Name: set_circle_member_role(uuid, uuid, public.circle_role); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.set_circle_member_role(p_circle_id uuid, p_user_id uuid, p_role public.circle_role) RETURNS void
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
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


--
-- Name: FUNCTION set_circle_member_role(p_circle_id uuid, p_user_id uuid, p_role public.circle_role); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.set_circle_member_role(p_circle_id uuid, p_user_id uuid, p_role public.circle_role) IS 'Make member p_user_id of circle p_circle_id an admin or a plain member (admins only).';


--
-- Name: unblock_user(uuid); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.unblock_user(p_user_id uuid) RETURNS void
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
declare
  v_me pg_catalog.uuid := kithdb.require_uid();
begin
  if p_user_id is null then
    raise exception 'p_user_id is required' using errcode = '22023', detail = 'missing_user_id';
  end if;
  -- Without a block of the caller's the answer comes at once: the block's locks could make it
  -- wait for the writes in flight of a user who blocked the caller, whom they cannot see.
  if not exists (select from public.blocks b
                 where b.blocker_id = v_me and b.blocked_id = p_user_id) then
    raise exception 'you have not blocked this user' using errcode = 'PT404', detail = 'block_not_found';
  end if;
  perform kithdb.lock_my_block(p_user_id);
  delete from public.blocks b where b.blocker_id = v_me and b.blocked_id = p_user_id;
  if not found then
    raise exception 'you have not blocked this user' using errcode = 'PT404', detail = 'block_not_found';
  end if;
end
$$;


--
-- Name: FUNCTION unblock_user(p_user_id uuid); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.unblock_user(p_user_id uuid) IS 'Lift your block of p_user_id: you see each other again; a friendship it ended stays ended.';


--
-- Name: unmute_user(uuid); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.unmute_user(p_user_id uuid) RETURNS void
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
declare
  v_me pg_catalog.uuid := kithdb.require_uid();
begin
  if p_user_id is null then
    raise exception 'p_user_id is required' using errcode = '22023', detail = 'missing_user_id';
  end if;
  delete from public.mutes m where m.muter_id = v_me and m.muted_id = p_user_id;
  if not found then
    raise exception 'you have not muted this user' using errcode = 'PT404', detail = 'mute_not_found';
  end if;
end
$$;


--
-- Name: FUNCTION unmute_user(p_user_id uuid); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.unmute_user(p_user_id uuid) IS 'Lift your mute of p_user_id (an ended mute too): their posts come back to your feeds.';


--
-- Name: unread_notification_count(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.unread_notification_count() RETURNS integer
    LANGUAGE plpgsql STABLE
    SET search_path TO ''
    AS $$
declare
  v_me pg_catalog.uuid := kithdb.require_uid();
begin
  -- The caller's own, also for service_role, which RLS does not hold to them.
  return (select count(*) from public.notifications n
          where n.recipient_id = v_me and n.read_at is null);
end
$$;


--
-- Name: FUNCTION unread_notification_count(); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.unread_notification_count() IS 'How many of your notifications are unread.';


--
-- Name: user_posts(uuid, integer, timestamp with time zone, uuid); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.user_posts(p_user_id uuid, p_limit integer DEFAULT 20, p_before timestamp with time zone DEFAULT NULL::timestamp with time zone, p_before_id uuid DEFAULT NULL::uuid) RETURNS SETOF public.posts
    LANGUAGE plpgsql STABLE
    SET search_path TO ''
    SET plan_cache_mode TO 'force_generic_plan'
    SET jit TO 'off'
    AS $$
declare
  -- Worked out here, not in the statement, as in feed: the policy runs only leakproof conditions
  -- before it, and coalesce is not one.
  v_at pg_catalog.timestamptz := coalesce(p_before, 'infinity');
  v_id pg_catalog.uuid := coalesce(p_before_id, '00000000-0000-0000-0000-000000000000'::pg_catalog.uuid);
begin
  perform kithdb.require_uid();
  if p_user_id is null then
    raise exception 'p_user_id is required' using errcode = '22023', detail = 'missing_user_id';
  end if;
  perform kithdb.check_page(p_limit, p_before, p_before_id);
  if not exists (select from public.profiles pr where pr.id = p_user_id) then
    raise exception 'no such user' using errcode = 'PT404', detail = 'user_not_found';
  end if;
  -- Invoker: posts_select decides which of the author's posts the caller reads (PST-09).
  return query
    select p.* from public.posts p
    where p.author_id = p_user_id and (p.created_at, p.id) < (v_at, v_id)
    order by p.created_at desc, p.id desc
    limit p_limit;
end
$$;


--
-- Name: FUNCTION user_posts(p_user_id uuid, p_limit integer, p_before timestamp with time zone, p_before_id uuid); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.user_posts(p_user_id uuid, p_limit integer, p_before timestamp with time zone, p_before_id uuid) IS 'One person''s posts that you may read (a profile page), newest first by (created_at, id); page with p_before and p_before_id as feed does.';


--
-- Name: withdraw_like_group(uuid); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.withdraw_like_group(p_group_id uuid) RETURNS void
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
begin
  perform kithdb.withdraw_like_group(p_group_id);
end
$$;


--
-- Name: FUNCTION withdraw_like_group(p_group_id uuid); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.withdraw_like_group(p_group_id uuid) IS 'Withdraw your pending group p_group_id (its creator only): the group is deleted.';


--
-- Name: identities; Type: TABLE; Schema: auth; Owner: -
--

CREATE TABLE auth.identities (
    provider_id text NOT NULL,
    user_id uuid NOT NULL,
    identity_data jsonb NOT NULL,
    provider text NOT NULL,
    last_sign_in_at timestamp with time zone,
    created_at timestamp with time zone,
    updated_at timestamp with time zone,
    email text GENERATED ALWAYS AS (lower((identity_data ->> 'email'::text))) STORED,
    id uuid DEFAULT gen_random_uuid() NOT NULL
);


--
-- Name: TABLE identities; Type: COMMENT; Schema: auth; Owner: -
--

COMMENT ON TABLE auth.identities IS 'Auth: Stores identities associated to a user.';


--
-- Name: COLUMN identities.email; Type: COMMENT; Schema: auth; Owner: -
--

COMMENT ON COLUMN auth.identities.email IS 'Auth: Email is a generated column that references the optional email property in the identity_data';


--
-- Name: users; Type: TABLE; Schema: auth; Owner: -
--

CREATE TABLE auth.users (
    instance_id uuid,
    id uuid NOT NULL,
    aud character varying(255),
    role character varying(255),
    email character varying(255),
    encrypted_password character varying(255),
    email_confirmed_at timestamp with time zone,
    invited_at timestamp with time zone,
    confirmation_token character varying(255),
    confirmation_sent_at timestamp with time zone,
    recovery_token character varying(255),
    recovery_sent_at timestamp with time zone,
    email_change_token_new character varying(255),
    email_change character varying(255),
    email_change_sent_at timestamp with time zone,
    last_sign_in_at timestamp with time zone,
    raw_app_meta_data jsonb,
    raw_user_meta_data jsonb,
    is_super_admin boolean,
    created_at timestamp with time zone,
    updated_at timestamp with time zone,
    phone text DEFAULT NULL::character varying,
    phone_confirmed_at timestamp with time zone,
    phone_change text DEFAULT ''::character varying,
    phone_change_token character varying(255) DEFAULT ''::character varying,
    phone_change_sent_at timestamp with time zone,
    confirmed_at timestamp with time zone GENERATED ALWAYS AS (LEAST(email_confirmed_at, phone_confirmed_at)) STORED,
    email_change_token_current character varying(255) DEFAULT ''::character varying,
    email_change_confirm_status smallint DEFAULT 0,
    banned_until timestamp with time zone,
    reauthentication_token character varying(255) DEFAULT ''::character varying,
    reauthentication_sent_at timestamp with time zone,
    is_sso_user boolean DEFAULT false NOT NULL,
    deleted_at timestamp with time zone,
    is_anonymous boolean DEFAULT false NOT NULL,
    CONSTRAINT users_email_change_confirm_status_check CHECK (((email_change_confirm_status >= 0) AND (email_change_confirm_status <= 2)))
);


--
-- Name: TABLE users; Type: COMMENT; Schema: auth; Owner: -
--

COMMENT ON TABLE auth.users IS 'Auth: Stores user login data within a secure schema.';


--
-- Name: COLUMN users.is_sso_user; Type: COMMENT; Schema: auth; Owner: -
--

COMMENT ON COLUMN auth.users.is_sso_user IS 'Auth: Set this column to true when the account comes from SSO. These accounts can have duplicate emails.';


--
-- Name: author_activity; Type: TABLE; Schema: kithdb; Owner: -
--

CREATE TABLE kithdb.author_activity (
    author_id uuid NOT NULL,
    last_shared_at timestamp with time zone NOT NULL
);


--
-- Name: TABLE author_activity; Type: COMMENT; Schema: kithdb; Owner: -
--

COMMENT ON TABLE kithdb.author_activity IS 'The created_at of each author''s newest public or friends post, or later (PST-10); kept by posts_author_activity.';


--
-- Name: circle_declines; Type: TABLE; Schema: kithdb; Owner: -
--

CREATE TABLE kithdb.circle_declines (
    circle_id uuid NOT NULL,
    user_id uuid NOT NULL,
    declined_at timestamp with time zone NOT NULL
);


--
-- Name: TABLE circle_declines; Type: COMMENT; Schema: kithdb; Owner: -
--

COMMENT ON TABLE kithdb.circle_declines IS 'The latest decline of each circle''s invitation by each invitee (RTL-04).';


--
-- Name: event_author_declines; Type: TABLE; Schema: kithdb; Owner: -
--

CREATE TABLE kithdb.event_author_declines (
    event_id uuid NOT NULL,
    user_id uuid NOT NULL,
    declined_at timestamp with time zone NOT NULL
);


--
-- Name: TABLE event_author_declines; Type: COMMENT; Schema: kithdb; Owner: -
--

COMMENT ON TABLE kithdb.event_author_declines IS 'The latest decline of an invitation to author each event by each invitee (RTL-05).';


--
-- Name: event_hides; Type: TABLE; Schema: kithdb; Owner: -
--

CREATE TABLE kithdb.event_hides (
    user_id uuid NOT NULL,
    event_id uuid NOT NULL
);


--
-- Name: TABLE event_hides; Type: COMMENT; Schema: kithdb; Owner: -
--

COMMENT ON TABLE kithdb.event_hides IS 'Events of deleted accounts hidden from the users those accounts blocked (ACC-02, BLK-03); written by kithdb.profiles_part_account.';


--
-- Name: friendship_declines; Type: TABLE; Schema: kithdb; Owner: -
--

CREATE TABLE kithdb.friendship_declines (
    user_id uuid NOT NULL,
    declined_by uuid NOT NULL,
    declined_at timestamp with time zone NOT NULL
);


--
-- Name: TABLE friendship_declines; Type: COMMENT; Schema: kithdb; Owner: -
--

COMMENT ON TABLE kithdb.friendship_declines IS 'Declined friend requests that a block ended during their cool-down: user_id''s request, declined by declined_by at declined_at (RTL-03).';


--
-- Name: listeners; Type: TABLE; Schema: kithdb; Owner: -
--

CREATE UNLOGGED TABLE kithdb.listeners (
    user_id uuid NOT NULL,
    pid integer NOT NULL,
    started_at timestamp with time zone DEFAULT now() NOT NULL
);


--
-- Name: TABLE listeners; Type: COMMENT; Schema: kithdb; Owner: -
--

COMMENT ON TABLE kithdb.listeners IS 'The users whose channel a connection (backend pid) listens to (NTF-07); a row of a connection that ended goes at the next start_listening (a row left meanwhile costs a NOTIFY nobody hears, nothing more).';


--
-- Name: message_tombstones; Type: TABLE; Schema: kithdb; Owner: -
--

CREATE TABLE kithdb.message_tombstones (
    message_id uuid NOT NULL,
    tombstone uuid NOT NULL
);


--
-- Name: TABLE message_tombstones; Type: COMMENT; Schema: kithdb; Owner: -
--

COMMENT ON TABLE kithdb.message_tombstones IS 'The tombstone of each message whose sender deleted their account while in a block (ACC-02); written by kithdb.profiles_part_account.';


--
-- Name: circle_members; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.circle_members (
    circle_id uuid NOT NULL,
    user_id uuid NOT NULL,
    role public.circle_role DEFAULT 'member'::public.circle_role NOT NULL,
    status public.circle_member_status DEFAULT 'invited'::public.circle_member_status NOT NULL,
    invited_by uuid DEFAULT auth.uid(),
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT circle_members_invitee_role CHECK (((status = 'member'::public.circle_member_status) OR (role = 'member'::public.circle_role)))
);


--
-- Name: TABLE circle_members; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON TABLE public.circle_members IS 'Members and invitations of a circle (at most 150 rows per circle).';


--
-- Name: COLUMN circle_members.circle_id; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.circle_members.circle_id IS 'The circle.';


--
-- Name: COLUMN circle_members.user_id; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.circle_members.user_id IS 'The member or invitee.';


--
-- Name: COLUMN circle_members.role; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.circle_members.role IS 'admin or member; an invitee is always member.';


--
-- Name: COLUMN circle_members.status; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.circle_members.status IS 'invited until the invitee accepts, then member.';


--
-- Name: COLUMN circle_members.invited_by; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.circle_members.invited_by IS 'The admin who sent the invitation (null for the creator, or once that account is deleted).';


--
-- Name: COLUMN circle_members.created_at; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.circle_members.created_at IS 'When the invitation (or founding) happened.';


--
-- Name: COLUMN circle_members.updated_at; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.circle_members.updated_at IS 'When the row last changed.';


--
-- Name: my_admin_circles; Type: VIEW; Schema: kithdb; Owner: -
--

CREATE VIEW kithdb.my_admin_circles WITH (security_barrier='true') AS
 SELECT m.circle_id
   FROM public.circle_members m
  WHERE ((m.user_id = ( SELECT auth.uid() AS uid)) AND (m.role = 'admin'::public.circle_role) AND (m.status = 'member'::public.circle_member_status));


--
-- Name: VIEW my_admin_circles; Type: COMMENT; Schema: kithdb; Owner: -
--

COMMENT ON VIEW kithdb.my_admin_circles IS 'Circles the caller administers, for set-based policies. Runs as its owner: as kithdb.my_circles.';


--
-- Name: event_authors; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.event_authors (
    event_id uuid NOT NULL,
    user_id uuid NOT NULL,
    added_at timestamp with time zone DEFAULT now() NOT NULL
);


--
-- Name: TABLE event_authors; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON TABLE public.event_authors IS 'The authors of an event: its creator and the friends of the creator added as authors.';


--
-- Name: COLUMN event_authors.event_id; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.event_authors.event_id IS 'The event.';


--
-- Name: COLUMN event_authors.user_id; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.event_authors.user_id IS 'An author of the event.';


--
-- Name: COLUMN event_authors.added_at; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.event_authors.added_at IS 'When they became an author.';


--
-- Name: my_authored_events; Type: VIEW; Schema: kithdb; Owner: -
--

CREATE VIEW kithdb.my_authored_events WITH (security_barrier='true') AS
 SELECT a.event_id
   FROM public.event_authors a
  WHERE (a.user_id = ( SELECT auth.uid() AS uid));


--
-- Name: VIEW my_authored_events; Type: COMMENT; Schema: kithdb; Owner: -
--

COMMENT ON VIEW kithdb.my_authored_events IS 'Events the caller is an author of, for set-based policies. Runs as its owner: a policy on event_authors cannot read event_authors under RLS without recursing.';


--
-- Name: blocks; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.blocks (
    blocker_id uuid NOT NULL,
    blocked_id uuid NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT blocks_not_self CHECK ((blocker_id <> blocked_id))
);


--
-- Name: TABLE blocks; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON TABLE public.blocks IS 'Who blocked whom, seen only by the blocker. Write through block_user and unblock_user, or directly under the same rules.';


--
-- Name: COLUMN blocks.blocker_id; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.blocks.blocker_id IS 'Who blocked.';


--
-- Name: COLUMN blocks.blocked_id; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.blocks.blocked_id IS 'Who is blocked.';


--
-- Name: COLUMN blocks.created_at; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.blocks.created_at IS 'When the block was made.';


--
-- Name: my_blockers; Type: VIEW; Schema: kithdb; Owner: -
--

CREATE VIEW kithdb.my_blockers WITH (security_barrier='true') AS
 SELECT b.blocker_id AS user_id
   FROM public.blocks b
  WHERE ((b.blocked_id = ( SELECT auth.uid() AS uid)) AND (NOT (EXISTS ( SELECT
           FROM public.blocks mine
          WHERE ((mine.blocker_id = b.blocked_id) AND (mine.blocked_id = b.blocker_id))))));


--
-- Name: VIEW my_blockers; Type: COMMENT; Schema: kithdb; Owner: -
--

COMMENT ON VIEW kithdb.my_blockers IS 'The users who blocked the caller and whom the caller has not blocked, for profiles_select (BLK-03). Runs as its owner: blocks'' policy shows a block to its blocker alone.';


--
-- Name: my_blockers_events; Type: VIEW; Schema: kithdb; Owner: -
--

CREATE VIEW kithdb.my_blockers_events WITH (security_barrier='true') AS
 SELECT e.id AS event_id
   FROM public.events e
  WHERE (e.creator_id = ANY (ARRAY( SELECT v.user_id
           FROM kithdb.my_blockers v)))
UNION ALL
 SELECT h.event_id
   FROM kithdb.event_hides h
  WHERE (h.user_id = ( SELECT auth.uid() AS uid));


--
-- Name: VIEW my_blockers_events; Type: COMMENT; Schema: kithdb; Owner: -
--

COMMENT ON VIEW kithdb.my_blockers_events IS 'The events of the users who blocked the caller, also of those who deleted their account since (BLK-03, ACC-02), for the events policies. Runs as its owner: as kithdb.my_blockers.';


--
-- Name: my_blockers_posts; Type: VIEW; Schema: kithdb; Owner: -
--

CREATE VIEW kithdb.my_blockers_posts WITH (security_barrier='true') AS
 SELECT p.id AS post_id
   FROM public.posts p
  WHERE ((p.author_id = ANY (ARRAY( SELECT v.user_id
           FROM kithdb.my_blockers v))) AND (p.audience = 'circles'::public.post_audience));


--
-- Name: VIEW my_blockers_posts; Type: COMMENT; Schema: kithdb; Owner: -
--

COMMENT ON VIEW kithdb.my_blockers_posts IS 'The circle posts of the users who blocked the caller (BLK-03), for the post_circles policy. Runs as its owner: as kithdb.my_posts.';


--
-- Name: chat_participants; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.chat_participants (
    chat_id uuid NOT NULL,
    user_id uuid NOT NULL,
    joined_at timestamp with time zone DEFAULT now() NOT NULL,
    left_at timestamp with time zone,
    last_read_at timestamp with time zone,
    CONSTRAINT chat_participants_left_after_joining CHECK ((left_at >= joined_at))
);


--
-- Name: TABLE chat_participants; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON TABLE public.chat_participants IS 'Who takes part in a chat.';


--
-- Name: COLUMN chat_participants.chat_id; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.chat_participants.chat_id IS 'The chat.';


--
-- Name: COLUMN chat_participants.user_id; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.chat_participants.user_id IS 'A participant.';


--
-- Name: COLUMN chat_participants.joined_at; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.chat_participants.joined_at IS 'When they joined.';


--
-- Name: COLUMN chat_participants.left_at; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.chat_participants.left_at IS 'When they left (CHT-05): from then on they read and send nothing, and are never added back; null while they take part.';


--
-- Name: COLUMN chat_participants.last_read_at; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.chat_participants.last_read_at IS 'When they last marked the chat read (mark_chat_read, CHT-06): the messages by others after it are unread; null: none read yet.';


--
-- Name: my_chats; Type: VIEW; Schema: kithdb; Owner: -
--

CREATE VIEW kithdb.my_chats WITH (security_barrier='true') AS
 SELECT p.chat_id
   FROM public.chat_participants p
  WHERE ((p.user_id = ( SELECT auth.uid() AS uid)) AND (p.left_at IS NULL));


--
-- Name: VIEW my_chats; Type: COMMENT; Schema: kithdb; Owner: -
--

COMMENT ON VIEW kithdb.my_chats IS 'Chats the caller takes part in and has not left, for set-based policies. Runs as its owner: a policy on chat_participants cannot read chat_participants under RLS without recursing.';


--
-- Name: post_circles; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.post_circles (
    post_id uuid NOT NULL,
    circle_id uuid NOT NULL,
    post_created_at timestamp with time zone NOT NULL
);


--
-- Name: TABLE post_circles; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON TABLE public.post_circles IS 'The circles a circles-audience post is shared with.';


--
-- Name: COLUMN post_circles.post_id; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.post_circles.post_id IS 'The post.';


--
-- Name: COLUMN post_circles.circle_id; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.post_circles.circle_id IS 'A circle whose members read the post.';


--
-- Name: COLUMN post_circles.post_created_at; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.post_circles.post_created_at IS 'The post''s created_at (kept by the foreign key; filled in when left out), for the circle feed.';


--
-- Name: my_circle_posts; Type: VIEW; Schema: kithdb; Owner: -
--

CREATE VIEW kithdb.my_circle_posts WITH (security_barrier='true') AS
 SELECT pc.post_id
   FROM (public.post_circles pc
     JOIN public.circle_members m ON ((m.circle_id = pc.circle_id)))
  WHERE ((m.user_id = ( SELECT auth.uid() AS uid)) AND (m.status = 'member'::public.circle_member_status));


--
-- Name: VIEW my_circle_posts; Type: COMMENT; Schema: kithdb; Owner: -
--

COMMENT ON VIEW kithdb.my_circle_posts IS 'Posts shared with a circle the caller is a member of, for the posts policy, which probes it by post_id (post_circles_pkey, then circle_members). Runs as its owner: post_circles'' policy would collect every post the caller wrote whenever a probe meets someone else''s circle.';


--
-- Name: my_circles; Type: VIEW; Schema: kithdb; Owner: -
--

CREATE VIEW kithdb.my_circles WITH (security_barrier='true') AS
 SELECT m.circle_id
   FROM public.circle_members m
  WHERE (m.user_id = ( SELECT auth.uid() AS uid));


--
-- Name: VIEW my_circles; Type: COMMENT; Schema: kithdb; Owner: -
--

COMMENT ON VIEW kithdb.my_circles IS 'Circles the caller belongs to or is invited to, for set-based policies. Runs as its owner: policies on circle_members cannot read circle_members under RLS without recursing.';


--
-- Name: my_friends; Type: VIEW; Schema: kithdb; Owner: -
--

CREATE VIEW kithdb.my_friends WITH (security_barrier='true') AS
 SELECT f.friend_id
   FROM (( SELECT auth.uid() AS me
         OFFSET 0) u
     CROSS JOIN LATERAL ( SELECT f_1.friend_id
           FROM public.friendships f_1
          WHERE ((f_1.user_id = u.me) AND (f_1.status = 'accepted'::public.friendship_status))
        UNION ALL
         SELECT f_1.user_id
           FROM public.friendships f_1
          WHERE ((f_1.friend_id = u.me) AND (f_1.status = 'accepted'::public.friendship_status))) f);


--
-- Name: VIEW my_friends; Type: COMMENT; Schema: kithdb; Owner: -
--

COMMENT ON VIEW kithdb.my_friends IS 'The caller''s accepted friends, for the posts policy. Runs as its owner: it reads only the caller''s own friendships, so friendships'' policy would add work and remove nothing.';


--
-- Name: tombstone_hides; Type: TABLE; Schema: kithdb; Owner: -
--

CREATE TABLE kithdb.tombstone_hides (
    user_id uuid NOT NULL,
    tombstone uuid NOT NULL
);


--
-- Name: TABLE tombstone_hides; Type: COMMENT; Schema: kithdb; Owner: -
--

COMMENT ON TABLE kithdb.tombstone_hides IS 'Tombstones whose messages are hidden from a user who was in a block with their sender (ACC-02, BLK-07); written by kithdb.profiles_part_account.';


--
-- Name: my_hidden_messages; Type: VIEW; Schema: kithdb; Owner: -
--

CREATE VIEW kithdb.my_hidden_messages WITH (security_barrier='true') AS
 SELECT t.message_id
   FROM (kithdb.message_tombstones t
     JOIN kithdb.tombstone_hides h ON ((h.tombstone = t.tombstone)))
  WHERE (h.user_id = ( SELECT auth.uid() AS uid));


--
-- Name: VIEW my_hidden_messages; Type: COMMENT; Schema: kithdb; Owner: -
--

COMMENT ON VIEW kithdb.my_hidden_messages IS 'Messages of deleted accounts that a block hid from the caller (ACC-02, BLK-07). Runs as its owner: the tombstones are kithdb''s.';


--
-- Name: my_hidden_users; Type: VIEW; Schema: kithdb; Owner: -
--

CREATE VIEW kithdb.my_hidden_users WITH (security_barrier='true') AS
 SELECT b.user_id
   FROM (( SELECT auth.uid() AS me
         OFFSET 0) u
     CROSS JOIN LATERAL ( SELECT b_1.blocked_id AS user_id
           FROM public.blocks b_1
          WHERE (b_1.blocker_id = u.me)
        UNION ALL
         SELECT b_1.blocker_id
           FROM public.blocks b_1
          WHERE (b_1.blocked_id = u.me)) b);


--
-- Name: VIEW my_hidden_users; Type: COMMENT; Schema: kithdb; Owner: -
--

COMMENT ON VIEW kithdb.my_hidden_users IS 'The users the caller blocked and those who blocked the caller, whose writing the caller does not read (BLK-07). Runs as its owner, as kithdb.my_blockers.';


--
-- Name: like_group_members; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.like_group_members (
    group_id uuid NOT NULL,
    user_id uuid NOT NULL,
    event_id uuid NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    group_active boolean DEFAULT true NOT NULL
);


--
-- Name: TABLE like_group_members; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON TABLE public.like_group_members IS 'Members of a like group (at most 10). event_id mirrors the group''s event, group_active whether the group is pending or approved (both kept by triggers), so a user is in at most one pending or approved group per event.';


--
-- Name: COLUMN like_group_members.group_id; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.like_group_members.group_id IS 'The group.';


--
-- Name: COLUMN like_group_members.user_id; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.like_group_members.user_id IS 'A member.';


--
-- Name: COLUMN like_group_members.event_id; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.like_group_members.event_id IS 'The group''s event (checked on insert, never changed).';


--
-- Name: COLUMN like_group_members.created_at; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.like_group_members.created_at IS 'When they joined the group.';


--
-- Name: COLUMN like_group_members.group_active; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.like_group_members.group_active IS 'Whether the group is pending or approved (kept by triggers; LGR-01).';


--
-- Name: my_member_like_groups; Type: VIEW; Schema: kithdb; Owner: -
--

CREATE VIEW kithdb.my_member_like_groups WITH (security_barrier='true') AS
 SELECT m.group_id
   FROM public.like_group_members m
  WHERE (m.user_id = ( SELECT auth.uid() AS uid));


--
-- Name: VIEW my_member_like_groups; Type: COMMENT; Schema: kithdb; Owner: -
--

COMMENT ON VIEW kithdb.my_member_like_groups IS 'Like groups the caller is a member of, for set-based policies. Runs as its owner: a policy on like_group_members cannot read like_group_members under RLS without recursing.';


--
-- Name: my_like_groups; Type: VIEW; Schema: kithdb; Owner: -
--

CREATE VIEW kithdb.my_like_groups WITH (security_barrier='true') AS
 SELECT v.group_id
   FROM kithdb.my_member_like_groups v
UNION
 SELECT g.id AS group_id
   FROM public.like_groups g
  WHERE (g.event_id IN ( SELECT v.event_id
           FROM kithdb.my_authored_events v));


--
-- Name: VIEW my_like_groups; Type: COMMENT; Schema: kithdb; Owner: -
--

COMMENT ON VIEW kithdb.my_like_groups IS 'Groups the caller is a member of or whose event they author, for set-based policies. Runs as its owner: it reads memberships the caller cannot see.';


--
-- Name: my_member_circles; Type: VIEW; Schema: kithdb; Owner: -
--

CREATE VIEW kithdb.my_member_circles WITH (security_barrier='true') AS
 SELECT m.circle_id
   FROM public.circle_members m
  WHERE ((m.user_id = ( SELECT auth.uid() AS uid)) AND (m.status = 'member'::public.circle_member_status));


--
-- Name: VIEW my_member_circles; Type: COMMENT; Schema: kithdb; Owner: -
--

COMMENT ON VIEW kithdb.my_member_circles IS 'Circles the caller is a member of (not just invited), for set-based policies. Runs as its owner: as kithdb.my_circles.';


--
-- Name: my_posts; Type: VIEW; Schema: kithdb; Owner: -
--

CREATE VIEW kithdb.my_posts WITH (security_barrier='true') AS
 SELECT p.id AS post_id
   FROM public.posts p
  WHERE (p.author_id = ( SELECT auth.uid() AS uid));


--
-- Name: VIEW my_posts; Type: COMMENT; Schema: kithdb; Owner: -
--

COMMENT ON VIEW kithdb.my_posts IS 'The caller''s own posts, for the post_circles policies. Runs as its owner: reading posts under RLS from a post_circles policy would run the posts policy, which reads post_circles.';


--
-- Name: circles; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.circles (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    name text NOT NULL,
    description text,
    created_by uuid DEFAULT auth.uid(),
    circle_type public.circle_type DEFAULT 'static'::public.circle_type NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    rule jsonb,
    event_id uuid GENERATED ALWAYS AS (
CASE
    WHEN (((rule ->> 'kind'::text) = 'event'::text) AND kithdb.is_valid_circle_rule(rule)) THEN ((rule ->> 'event_id'::text))::uuid
    ELSE NULL::uuid
END) STORED,
    CONSTRAINT circles_description_length CHECK ((char_length(description) <= 200)),
    CONSTRAINT circles_name_length CHECK (((char_length(name) >= 1) AND (char_length(name) <= 50))),
    CONSTRAINT circles_name_not_blank CHECK (((name ~ '^[!-~]'::text) OR (NOT kithdb.is_blank(name)))),
    CONSTRAINT circles_name_trimmed CHECK ((name = btrim(name))),
    CONSTRAINT circles_rule_matches_type CHECK (((circle_type = 'dynamic'::public.circle_type) = (rule IS NOT NULL))),
    CONSTRAINT circles_rule_valid CHECK (((rule IS NULL) OR kithdb.is_valid_circle_rule(rule)))
);


--
-- Name: TABLE circles; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON TABLE public.circles IS 'A named group of users with at least one admin. Visible to its members and invitees.';


--
-- Name: COLUMN circles.id; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.circles.id IS 'The circle''s id.';


--
-- Name: COLUMN circles.name; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.circles.name IS 'Name, trimmed, 1–50 characters.';


--
-- Name: COLUMN circles.description; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.circles.description IS 'Optional description, at most 200 characters.';


--
-- Name: COLUMN circles.created_by; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.circles.created_by IS 'Who created the circle (its first admin); null once that account is deleted.';


--
-- Name: COLUMN circles.circle_type; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.circles.circle_type IS 'static (invitations) or dynamic (rule-based).';


--
-- Name: COLUMN circles.created_at; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.circles.created_at IS 'When the circle was created.';


--
-- Name: COLUMN circles.updated_at; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.circles.updated_at IS 'When the circle was last changed.';


--
-- Name: COLUMN circles.rule; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.circles.rule IS 'For dynamic circles, the rule its members follow: {"kind":"friends"} or {"kind":"event","event_id":"<uuid>"}; null for static circles.';


--
-- Name: COLUMN circles.event_id; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.circles.event_id IS 'For an event circle, the event its rule names (derived from rule): the circle is deleted with the event. Null for other circles.';


--
-- Name: my_rosters; Type: VIEW; Schema: kithdb; Owner: -
--

CREATE VIEW kithdb.my_rosters WITH (security_barrier='true') AS
 SELECT m.circle_id
   FROM (public.circle_members m
     JOIN public.circles c ON ((c.id = m.circle_id)))
  WHERE ((m.user_id = ( SELECT auth.uid() AS uid)) AND ((c.circle_type = 'static'::public.circle_type) OR (c.created_by = ( SELECT auth.uid() AS uid))));


--
-- Name: VIEW my_rosters; Type: COMMENT; Schema: kithdb; Owner: -
--

COMMENT ON VIEW kithdb.my_rosters IS 'Circles whose member list the caller reads: the static circles they belong to or are invited to, and the rule circles they created (DYN-05: a rule circle''s list is its creator''s alone). Runs as its owner: as kithdb.my_circles.';


--
-- Name: rate_events; Type: TABLE; Schema: kithdb; Owner: -
--

CREATE TABLE kithdb.rate_events (
    user_id uuid NOT NULL,
    action public.rate_limited_action NOT NULL,
    scope uuid,
    at timestamp with time zone NOT NULL
);


--
-- Name: TABLE rate_events; Type: COMMENT; Schema: kithdb; Owner: -
--

COMMENT ON TABLE kithdb.rate_events IS 'One row per counted write of a user (RTL-01), for the window of public.rate_limits.';


--
-- Name: chat_messages; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.chat_messages (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    chat_id uuid NOT NULL,
    sender_id uuid DEFAULT auth.uid(),
    body text NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    removed_at timestamp with time zone,
    CONSTRAINT chat_messages_body_length CHECK (((char_length(body) >= 1) AND (char_length(body) <= 4000))),
    CONSTRAINT chat_messages_body_not_blank CHECK (((body ~ '^[!-~]'::text) OR (NOT kithdb.is_blank(body))))
);


--
-- Name: TABLE chat_messages; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON TABLE public.chat_messages IS 'Messages of a chat, newest last; never edited.';


--
-- Name: COLUMN chat_messages.id; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.chat_messages.id IS 'The message''s id.';


--
-- Name: COLUMN chat_messages.chat_id; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.chat_messages.chat_id IS 'The chat.';


--
-- Name: COLUMN chat_messages.sender_id; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.chat_messages.sender_id IS 'Who sent it (a participant); null once they deleted their account (ACC-02).';


--
-- Name: COLUMN chat_messages.body; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.chat_messages.body IS 'The text, 1–4000 characters, not blank.';


--
-- Name: COLUMN chat_messages.created_at; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.chat_messages.created_at IS 'When it was sent.';


--
-- Name: COLUMN chat_messages.removed_at; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.chat_messages.removed_at IS 'When a moderator removed it (MOD-04): from then on only its sender reads it, marked so.';


--
-- Name: chats; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.chats (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    kind public.chat_kind NOT NULL,
    like_group_id uuid,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT chats_like_group_matches_kind CHECK (((kind = 'approved_group'::public.chat_kind) = (like_group_id IS NOT NULL)))
);


--
-- Name: TABLE chats; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON TABLE public.chats IS 'A conversation between its participants.';


--
-- Name: COLUMN chats.id; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.chats.id IS 'The chat''s id.';


--
-- Name: COLUMN chats.kind; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.chats.kind IS 'What opened the chat.';


--
-- Name: COLUMN chats.like_group_id; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.chats.like_group_id IS 'The approved like group this chat belongs to.';


--
-- Name: COLUMN chats.created_at; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.chats.created_at IS 'When the chat was opened.';


--
-- Name: circle_opt_outs; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.circle_opt_outs (
    circle_id uuid NOT NULL,
    user_id uuid NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL
);


--
-- Name: TABLE circle_opt_outs; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON TABLE public.circle_opt_outs IS 'The dynamic circles a user left, which their rules skip for them until rejoin_circle; seen by that user alone.';


--
-- Name: COLUMN circle_opt_outs.circle_id; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.circle_opt_outs.circle_id IS 'The dynamic circle left.';


--
-- Name: COLUMN circle_opt_outs.user_id; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.circle_opt_outs.user_id IS 'Who left it.';


--
-- Name: COLUMN circle_opt_outs.created_at; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.circle_opt_outs.created_at IS 'When they left.';


--
-- Name: event_author_invitations; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.event_author_invitations (
    event_id uuid NOT NULL,
    user_id uuid NOT NULL,
    invited_by uuid DEFAULT auth.uid(),
    created_at timestamp with time zone DEFAULT now() NOT NULL
);


--
-- Name: TABLE event_author_invitations; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON TABLE public.event_author_invitations IS 'Invitations to author an event, seen by the invitee and the event''s authors; the invitee accepts (becoming an author) or declines, an author withdraws.';


--
-- Name: COLUMN event_author_invitations.event_id; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.event_author_invitations.event_id IS 'The event.';


--
-- Name: COLUMN event_author_invitations.user_id; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.event_author_invitations.user_id IS 'Who is invited to author it.';


--
-- Name: COLUMN event_author_invitations.invited_by; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.event_author_invitations.invited_by IS 'The author who invited them (not readable through the API: it could name an author hidden from a reader, BLK-03); null once that account is deleted.';


--
-- Name: COLUMN event_author_invitations.created_at; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.event_author_invitations.created_at IS 'When they were invited.';


--
-- Name: like_group_approvals; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.like_group_approvals (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    group_id uuid NOT NULL,
    author_id uuid NOT NULL,
    approved boolean NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL
);


--
-- Name: TABLE like_group_approvals; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON TABLE public.like_group_approvals IS 'One approval (yes or no) per author per group; only the approvals of current authors count.';


--
-- Name: COLUMN like_group_approvals.id; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.like_group_approvals.id IS 'The approval''s id.';


--
-- Name: COLUMN like_group_approvals.group_id; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.like_group_approvals.group_id IS 'The group decided on.';


--
-- Name: COLUMN like_group_approvals.author_id; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.like_group_approvals.author_id IS 'The author who gave the approval.';


--
-- Name: COLUMN like_group_approvals.approved; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.like_group_approvals.approved IS 'true approves, false rejects.';


--
-- Name: COLUMN like_group_approvals.created_at; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.like_group_approvals.created_at IS 'When the approval was last given.';


--
-- Name: moderation_log; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.moderation_log (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    moderator_id uuid,
    action public.moderation_action NOT NULL,
    target_kind public.report_target_kind NOT NULL,
    target_id uuid NOT NULL,
    report_id uuid,
    suspended_user_id uuid,
    suspended_until timestamp with time zone,
    note text,
    created_at timestamp with time zone DEFAULT now() NOT NULL
);


--
-- Name: TABLE moderation_log; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON TABLE public.moderation_log IS 'Every moderation action: who, what, when, why (MOD-07). Append-only: no role updates or deletes a row.';


--
-- Name: COLUMN moderation_log.id; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.moderation_log.id IS 'The entry''s id.';


--
-- Name: COLUMN moderation_log.moderator_id; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.moderation_log.moderator_id IS 'Which moderator (null: service_role).';


--
-- Name: COLUMN moderation_log.action; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.moderation_log.action IS 'What they did.';


--
-- Name: COLUMN moderation_log.target_kind; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.moderation_log.target_kind IS 'What kind of thing it was done to.';


--
-- Name: COLUMN moderation_log.target_id; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.moderation_log.target_id IS 'The id of that thing.';


--
-- Name: COLUMN moderation_log.report_id; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.moderation_log.report_id IS 'The report resolved.';


--
-- Name: COLUMN moderation_log.suspended_user_id; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.moderation_log.suspended_user_id IS 'Who was suspended (suspend_user).';


--
-- Name: COLUMN moderation_log.suspended_until; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.moderation_log.suspended_until IS 'Until when (suspend_user; null: until lifted).';


--
-- Name: COLUMN moderation_log.note; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.moderation_log.note IS 'Why, in the moderator''s words.';


--
-- Name: COLUMN moderation_log.created_at; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.moderation_log.created_at IS 'When.';


--
-- Name: moderators; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.moderators (
    user_id uuid NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL
);


--
-- Name: TABLE moderators; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON TABLE public.moderators IS 'The users who moderate (besides service_role). Written by service_role or a DBA only.';


--
-- Name: COLUMN moderators.user_id; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.moderators.user_id IS 'A moderator.';


--
-- Name: COLUMN moderators.created_at; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.moderators.created_at IS 'Since when.';


--
-- Name: mutes; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.mutes (
    muter_id uuid NOT NULL,
    muted_id uuid NOT NULL,
    until timestamp with time zone,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT mutes_not_self CHECK ((muter_id <> muted_id)),
    CONSTRAINT mutes_until_after_created CHECK ((until > created_at))
);


--
-- Name: TABLE mutes; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON TABLE public.mutes IS 'Whose posts a user does not read in their feeds, seen only by the muter. Write through mute_user and unmute_user, or directly under the same rules.';


--
-- Name: COLUMN mutes.muter_id; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.mutes.muter_id IS 'Who muted.';


--
-- Name: COLUMN mutes.muted_id; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.mutes.muted_id IS 'Who is muted.';


--
-- Name: COLUMN mutes.until; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.mutes.until IS 'When the mute ends by itself; null: when it is lifted.';


--
-- Name: COLUMN mutes.created_at; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.mutes.created_at IS 'When the mute was made.';


--
-- Name: notifications; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.notifications (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    recipient_id uuid NOT NULL,
    kind public.notification_kind NOT NULL,
    actor_id uuid,
    circle_id uuid,
    event_id uuid,
    like_group_id uuid,
    report_id uuid,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    read_at timestamp with time zone,
    CONSTRAINT notifications_not_self CHECK ((actor_id <> recipient_id)),
    CONSTRAINT notifications_read_after_created CHECK ((read_at >= created_at))
);


--
-- Name: TABLE notifications; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON TABLE public.notifications IS 'What happened to the recipient, newest first; written by kithdb only (NTF-01), read by the recipient alone (NTF-02).';


--
-- Name: COLUMN notifications.id; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.notifications.id IS 'The notification''s id.';


--
-- Name: COLUMN notifications.recipient_id; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.notifications.recipient_id IS 'Whom it is for.';


--
-- Name: COLUMN notifications.kind; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.notifications.kind IS 'What happened.';


--
-- Name: COLUMN notifications.actor_id; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.notifications.actor_id IS 'Who did it, where it was one user the recipient may see; null for a decision or a moderator''s resolution. Its notifications go with the actor''s account.';


--
-- Name: COLUMN notifications.circle_id; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.notifications.circle_id IS 'The circle, for circle_invitation.';


--
-- Name: COLUMN notifications.event_id; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.notifications.event_id IS 'The event, for event_author_invitation and the like_group_ kinds.';


--
-- Name: COLUMN notifications.like_group_id; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.notifications.like_group_id IS 'The like group, for the like_group_ kinds.';


--
-- Name: COLUMN notifications.report_id; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.notifications.report_id IS 'The report, for report_resolved.';


--
-- Name: COLUMN notifications.created_at; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.notifications.created_at IS 'When it happened.';


--
-- Name: COLUMN notifications.read_at; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.notifications.read_at IS 'When the recipient marked it read (mark_notifications_read); null while unread. Read notifications are pruned after 30 days (NTF-06).';


--
-- Name: profiles; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.profiles (
    id uuid NOT NULL,
    display_name text,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT profiles_display_name_length CHECK ((char_length(display_name) <= 80))
);


--
-- Name: TABLE profiles; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON TABLE public.profiles IS 'One row per user (auth.users), created when the user signs up.';


--
-- Name: COLUMN profiles.id; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.profiles.id IS 'The user''s id: auth.users.id and the JWT sub.';


--
-- Name: COLUMN profiles.display_name; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.profiles.display_name IS 'Name shown to others, at most 80 characters.';


--
-- Name: COLUMN profiles.created_at; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.profiles.created_at IS 'When the profile was created.';


--
-- Name: rate_limits; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.rate_limits (
    action public.rate_limited_action NOT NULL,
    max_count integer NOT NULL,
    per interval NOT NULL,
    CONSTRAINT rate_limits_max_count CHECK ((max_count >= 0)),
    CONSTRAINT rate_limits_per CHECK ((per > '00:00:00'::interval))
);


--
-- Name: TABLE rate_limits; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON TABLE public.rate_limits IS 'Each user may do an action at most max_count times in any window of length per (chat messages: per chat). For repeat_declined, max_count is 0 and per is how long after a decline the same sender may not ask again. service_role may change the rows.';


--
-- Name: COLUMN rate_limits.action; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.rate_limits.action IS 'What is capped.';


--
-- Name: COLUMN rate_limits.max_count; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.rate_limits.max_count IS 'How many in a window (repeat_declined: 0).';


--
-- Name: COLUMN rate_limits.per; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.rate_limits.per IS 'The window''s length (repeat_declined: the cool-down).';


--
-- Name: reports; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.reports (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    reporter_id uuid DEFAULT auth.uid(),
    target_kind public.report_target_kind NOT NULL,
    target_id uuid NOT NULL,
    target_user_id uuid,
    reason public.report_reason NOT NULL,
    note text,
    snapshot jsonb NOT NULL,
    status public.report_status DEFAULT 'open'::public.report_status NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    resolved_at timestamp with time zone,
    resolved_by uuid,
    resolution public.moderation_action,
    CONSTRAINT reports_note_length CHECK ((char_length(note) <= 1000)),
    CONSTRAINT reports_resolved CHECK (((status = 'open'::public.report_status) = (resolved_at IS NULL)))
);


--
-- Name: TABLE reports; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON TABLE public.reports IS 'What users reported, with a snapshot of it at that moment. Write through report(); resolved through resolve_report().';


--
-- Name: COLUMN reports.id; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.reports.id IS 'The report''s id.';


--
-- Name: COLUMN reports.reporter_id; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.reports.reporter_id IS 'Who reported (null once their account is gone).';


--
-- Name: COLUMN reports.target_kind; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.reports.target_kind IS 'post, message, user, circle or event.';


--
-- Name: COLUMN reports.target_id; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.reports.target_id IS 'The id of what is reported.';


--
-- Name: COLUMN reports.target_user_id; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.reports.target_user_id IS 'Whose it is: the author, sender or creator, or the user reported.';


--
-- Name: COLUMN reports.reason; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.reports.reason IS 'Why.';


--
-- Name: COLUMN reports.note; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.reports.note IS 'The reporter''s words, at most 1000 characters.';


--
-- Name: COLUMN reports.snapshot; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.reports.snapshot IS 'What was reported, as it was when reported (MOD-02), written by the database.';


--
-- Name: COLUMN reports.status; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.reports.status IS 'open, dismissed or actioned.';


--
-- Name: COLUMN reports.created_at; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.reports.created_at IS 'When it was reported.';


--
-- Name: COLUMN reports.resolved_at; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.reports.resolved_at IS 'When a moderator resolved it.';


--
-- Name: COLUMN reports.resolved_by; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.reports.resolved_by IS 'Which moderator (null: service_role).';


--
-- Name: COLUMN reports.resolution; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.reports.resolution IS 'What the moderator did.';


--
-- Name: suspensions; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.suspensions (
    user_id uuid NOT NULL,
    until timestamp with time zone,
    report_id uuid,
    created_at timestamp with time zone DEFAULT now() NOT NULL
);


--
-- Name: TABLE suspensions; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON TABLE public.suspensions IS 'Users whose writes are refused (MOD-05) until the end. Written by resolve_report or service_role.';


--
-- Name: COLUMN suspensions.user_id; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.suspensions.user_id IS 'Who is suspended.';


--
-- Name: COLUMN suspensions.until; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.suspensions.until IS 'When it ends; null: until service_role lifts it.';


--
-- Name: COLUMN suspensions.report_id; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.suspensions.report_id IS 'The report it answered.';


--
-- Name: COLUMN suspensions.created_at; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.suspensions.created_at IS 'When it was decided.';


--
-- Name: identities identities_pkey; Type: CONSTRAINT; Schema: auth; Owner: -
--

ALTER TABLE ONLY auth.identities
    ADD CONSTRAINT identities_pkey PRIMARY KEY (id);


--
-- Name: identities identities_provider_id_provider_unique; Type: CONSTRAINT; Schema: auth; Owner: -
--

ALTER TABLE ONLY auth.identities
    ADD CONSTRAINT identities_provider_id_provider_unique UNIQUE (provider_id, provider);


--
-- Name: users users_phone_key; Type: CONSTRAINT; Schema: auth; Owner: -
--

ALTER TABLE ONLY auth.users
    ADD CONSTRAINT users_phone_key UNIQUE (phone);


--
-- Name: users users_pkey; Type: CONSTRAINT; Schema: auth; Owner: -
--

ALTER TABLE ONLY auth.users
    ADD CONSTRAINT users_pkey PRIMARY KEY (id);


--
-- Name: author_activity author_activity_pkey; Type: CONSTRAINT; Schema: kithdb; Owner: -
--

ALTER TABLE ONLY kithdb.author_activity
    ADD CONSTRAINT author_activity_pkey PRIMARY KEY (author_id);


--
-- Name: circle_declines circle_declines_pkey; Type: CONSTRAINT; Schema: kithdb; Owner: -
--

ALTER TABLE ONLY kithdb.circle_declines
    ADD CONSTRAINT circle_declines_pkey PRIMARY KEY (circle_id, user_id);


--
-- Name: event_author_declines event_author_declines_pkey; Type: CONSTRAINT; Schema: kithdb; Owner: -
--

ALTER TABLE ONLY kithdb.event_author_declines
    ADD CONSTRAINT event_author_declines_pkey PRIMARY KEY (event_id, user_id);


--
-- Name: event_hides event_hides_pkey; Type: CONSTRAINT; Schema: kithdb; Owner: -
--

ALTER TABLE ONLY kithdb.event_hides
    ADD CONSTRAINT event_hides_pkey PRIMARY KEY (user_id, event_id);


--
-- Name: friendship_declines friendship_declines_pkey; Type: CONSTRAINT; Schema: kithdb; Owner: -
--

ALTER TABLE ONLY kithdb.friendship_declines
    ADD CONSTRAINT friendship_declines_pkey PRIMARY KEY (user_id, declined_by);


--
-- Name: listeners listeners_pkey; Type: CONSTRAINT; Schema: kithdb; Owner: -
--

ALTER TABLE ONLY kithdb.listeners
    ADD CONSTRAINT listeners_pkey PRIMARY KEY (user_id, pid);


--
-- Name: message_tombstones message_tombstones_pkey; Type: CONSTRAINT; Schema: kithdb; Owner: -
--

ALTER TABLE ONLY kithdb.message_tombstones
    ADD CONSTRAINT message_tombstones_pkey PRIMARY KEY (message_id);


--
-- Name: tombstone_hides tombstone_hides_pkey; Type: CONSTRAINT; Schema: kithdb; Owner: -
--

ALTER TABLE ONLY kithdb.tombstone_hides
    ADD CONSTRAINT tombstone_hides_pkey PRIMARY KEY (user_id, tombstone);


--
-- Name: blocks blocks_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.blocks
    ADD CONSTRAINT blocks_pkey PRIMARY KEY (blocker_id, blocked_id);


--
-- Name: chat_messages chat_messages_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.chat_messages
    ADD CONSTRAINT chat_messages_pkey PRIMARY KEY (id);


--
-- Name: chat_participants chat_participants_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.chat_participants
    ADD CONSTRAINT chat_participants_pkey PRIMARY KEY (chat_id, user_id);


--
-- Name: chats chats_like_group_id_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.chats
    ADD CONSTRAINT chats_like_group_id_key UNIQUE (like_group_id);


--
-- Name: chats chats_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.chats
    ADD CONSTRAINT chats_pkey PRIMARY KEY (id);


--
-- Name: circle_members circle_members_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.circle_members
    ADD CONSTRAINT circle_members_pkey PRIMARY KEY (circle_id, user_id);


--
-- Name: circle_opt_outs circle_opt_outs_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.circle_opt_outs
    ADD CONSTRAINT circle_opt_outs_pkey PRIMARY KEY (circle_id, user_id);


--
-- Name: circles circles_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.circles
    ADD CONSTRAINT circles_pkey PRIMARY KEY (id);


--
-- Name: event_author_invitations event_author_invitations_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.event_author_invitations
    ADD CONSTRAINT event_author_invitations_pkey PRIMARY KEY (event_id, user_id);


--
-- Name: event_authors event_authors_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.event_authors
    ADD CONSTRAINT event_authors_pkey PRIMARY KEY (event_id, user_id);


--
-- Name: events events_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.events
    ADD CONSTRAINT events_pkey PRIMARY KEY (id);


--
-- Name: friendships friendships_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.friendships
    ADD CONSTRAINT friendships_pkey PRIMARY KEY (user_id, friend_id) INCLUDE (status);


--
-- Name: like_group_approvals like_group_approvals_one_per_author; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.like_group_approvals
    ADD CONSTRAINT like_group_approvals_one_per_author UNIQUE (group_id, author_id);


--
-- Name: like_group_approvals like_group_approvals_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.like_group_approvals
    ADD CONSTRAINT like_group_approvals_pkey PRIMARY KEY (id);


--
-- Name: like_group_members like_group_members_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.like_group_members
    ADD CONSTRAINT like_group_members_pkey PRIMARY KEY (group_id, user_id);


--
-- Name: like_groups like_groups_chat_id_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.like_groups
    ADD CONSTRAINT like_groups_chat_id_key UNIQUE (chat_id);


--
-- Name: like_groups like_groups_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.like_groups
    ADD CONSTRAINT like_groups_pkey PRIMARY KEY (id);


--
-- Name: moderation_log moderation_log_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.moderation_log
    ADD CONSTRAINT moderation_log_pkey PRIMARY KEY (id);


--
-- Name: moderators moderators_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.moderators
    ADD CONSTRAINT moderators_pkey PRIMARY KEY (user_id);


--
-- Name: mutes mutes_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.mutes
    ADD CONSTRAINT mutes_pkey PRIMARY KEY (muter_id, muted_id);


--
-- Name: notifications notifications_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.notifications
    ADD CONSTRAINT notifications_pkey PRIMARY KEY (id);


--
-- Name: post_circles post_circles_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.post_circles
    ADD CONSTRAINT post_circles_pkey PRIMARY KEY (post_id, circle_id);


--
-- Name: posts posts_id_created_at; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.posts
    ADD CONSTRAINT posts_id_created_at UNIQUE (id, created_at);


--
-- Name: posts posts_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.posts
    ADD CONSTRAINT posts_pkey PRIMARY KEY (id);


--
-- Name: profiles profiles_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.profiles
    ADD CONSTRAINT profiles_pkey PRIMARY KEY (id);


--
-- Name: rate_limits rate_limits_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.rate_limits
    ADD CONSTRAINT rate_limits_pkey PRIMARY KEY (action);


--
-- Name: reports reports_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.reports
    ADD CONSTRAINT reports_pkey PRIMARY KEY (id);


--
-- Name: suspensions suspensions_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.suspensions
    ADD CONSTRAINT suspensions_pkey PRIMARY KEY (user_id);


--
-- Name: confirmation_token_idx; Type: INDEX; Schema: auth; Owner: -
--

CREATE UNIQUE INDEX confirmation_token_idx ON auth.users USING btree (confirmation_token) WHERE ((confirmation_token)::text !~ '^[0-9 ]*$'::text);


--
-- Name: email_change_token_current_idx; Type: INDEX; Schema: auth; Owner: -
--

CREATE UNIQUE INDEX email_change_token_current_idx ON auth.users USING btree (email_change_token_current) WHERE ((email_change_token_current)::text !~ '^[0-9 ]*$'::text);


--
-- Name: email_change_token_new_idx; Type: INDEX; Schema: auth; Owner: -
--

CREATE UNIQUE INDEX email_change_token_new_idx ON auth.users USING btree (email_change_token_new) WHERE ((email_change_token_new)::text !~ '^[0-9 ]*$'::text);


--
-- Name: identities_email_idx; Type: INDEX; Schema: auth; Owner: -
--

CREATE INDEX identities_email_idx ON auth.identities USING btree (email text_pattern_ops);


--
-- Name: INDEX identities_email_idx; Type: COMMENT; Schema: auth; Owner: -
--

COMMENT ON INDEX auth.identities_email_idx IS 'Auth: Ensures indexed queries on the email column';


--
-- Name: identities_user_id_idx; Type: INDEX; Schema: auth; Owner: -
--

CREATE INDEX identities_user_id_idx ON auth.identities USING btree (user_id);


--
-- Name: reauthentication_token_idx; Type: INDEX; Schema: auth; Owner: -
--

CREATE UNIQUE INDEX reauthentication_token_idx ON auth.users USING btree (reauthentication_token) WHERE ((reauthentication_token)::text !~ '^[0-9 ]*$'::text);


--
-- Name: recovery_token_idx; Type: INDEX; Schema: auth; Owner: -
--

CREATE UNIQUE INDEX recovery_token_idx ON auth.users USING btree (recovery_token) WHERE ((recovery_token)::text !~ '^[0-9 ]*$'::text);


--
-- Name: users_email_partial_key; Type: INDEX; Schema: auth; Owner: -
--

CREATE UNIQUE INDEX users_email_partial_key ON auth.users USING btree (email) WHERE (is_sso_user = false);


--
-- Name: INDEX users_email_partial_key; Type: COMMENT; Schema: auth; Owner: -
--

COMMENT ON INDEX auth.users_email_partial_key IS 'Auth: A partial unique index that applies only when is_sso_user is false';


--
-- Name: users_instance_id_email_idx; Type: INDEX; Schema: auth; Owner: -
--

CREATE INDEX users_instance_id_email_idx ON auth.users USING btree (instance_id, lower((email)::text));


--
-- Name: users_instance_id_idx; Type: INDEX; Schema: auth; Owner: -
--

CREATE INDEX users_instance_id_idx ON auth.users USING btree (instance_id);


--
-- Name: users_is_anonymous_idx; Type: INDEX; Schema: auth; Owner: -
--

CREATE INDEX users_is_anonymous_idx ON auth.users USING btree (is_anonymous);


--
-- Name: author_activity_recent_idx; Type: INDEX; Schema: kithdb; Owner: -
--

CREATE INDEX author_activity_recent_idx ON kithdb.author_activity USING btree (last_shared_at DESC, author_id DESC);


--
-- Name: circle_declines_user_id_idx; Type: INDEX; Schema: kithdb; Owner: -
--

CREATE INDEX circle_declines_user_id_idx ON kithdb.circle_declines USING btree (user_id);


--
-- Name: event_author_declines_user_id_idx; Type: INDEX; Schema: kithdb; Owner: -
--

CREATE INDEX event_author_declines_user_id_idx ON kithdb.event_author_declines USING btree (user_id);


--
-- Name: event_hides_event_id_idx; Type: INDEX; Schema: kithdb; Owner: -
--

CREATE INDEX event_hides_event_id_idx ON kithdb.event_hides USING btree (event_id);


--
-- Name: friendship_declines_declined_by_idx; Type: INDEX; Schema: kithdb; Owner: -
--

CREATE INDEX friendship_declines_declined_by_idx ON kithdb.friendship_declines USING btree (declined_by);


--
-- Name: rate_events_window_idx; Type: INDEX; Schema: kithdb; Owner: -
--

CREATE INDEX rate_events_window_idx ON kithdb.rate_events USING btree (user_id, action, scope, at);


--
-- Name: blocks_blocked_id_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX blocks_blocked_id_idx ON public.blocks USING btree (blocked_id, blocker_id);


--
-- Name: chat_messages_chat_id_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX chat_messages_chat_id_idx ON public.chat_messages USING btree (chat_id, created_at DESC, id DESC);


--
-- Name: chat_messages_sender_id_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX chat_messages_sender_id_idx ON public.chat_messages USING btree (sender_id);


--
-- Name: chat_participants_user_id_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX chat_participants_user_id_idx ON public.chat_participants USING btree (user_id, chat_id);


--
-- Name: circle_members_invited_by_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX circle_members_invited_by_idx ON public.circle_members USING btree (invited_by);


--
-- Name: circle_members_user_id_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX circle_members_user_id_idx ON public.circle_members USING btree (user_id, circle_id);


--
-- Name: circle_opt_outs_user_id_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX circle_opt_outs_user_id_idx ON public.circle_opt_outs USING btree (user_id);


--
-- Name: circles_created_by_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX circles_created_by_idx ON public.circles USING btree (created_by);


--
-- Name: circles_event_id_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX circles_event_id_idx ON public.circles USING btree (event_id) WHERE (event_id IS NOT NULL);


--
-- Name: event_author_invitations_invited_by_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX event_author_invitations_invited_by_idx ON public.event_author_invitations USING btree (invited_by);


--
-- Name: event_author_invitations_user_id_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX event_author_invitations_user_id_idx ON public.event_author_invitations USING btree (user_id);


--
-- Name: event_authors_user_id_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX event_authors_user_id_idx ON public.event_authors USING btree (user_id, event_id);


--
-- Name: events_creator_id_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX events_creator_id_idx ON public.events USING btree (creator_id);


--
-- Name: events_starts_at_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX events_starts_at_idx ON public.events USING btree (starts_at);


--
-- Name: friendships_friend_id_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX friendships_friend_id_idx ON public.friendships USING btree (friend_id, user_id) INCLUDE (status);


--
-- Name: like_group_approvals_author_id_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX like_group_approvals_author_id_idx ON public.like_group_approvals USING btree (author_id);


--
-- Name: like_group_members_one_active_group; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX like_group_members_one_active_group ON public.like_group_members USING btree (event_id, user_id) WHERE group_active;


--
-- Name: like_group_members_user_id_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX like_group_members_user_id_idx ON public.like_group_members USING btree (user_id);


--
-- Name: like_groups_creator_id_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX like_groups_creator_id_idx ON public.like_groups USING btree (creator_id);


--
-- Name: like_groups_event_id_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX like_groups_event_id_idx ON public.like_groups USING btree (event_id, status);


--
-- Name: like_groups_pending_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX like_groups_pending_idx ON public.like_groups USING btree (event_id) WHERE (status = 'pending'::public.like_group_status);


--
-- Name: moderation_log_target_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX moderation_log_target_idx ON public.moderation_log USING btree (target_kind, target_id);


--
-- Name: mutes_muted_id_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX mutes_muted_id_idx ON public.mutes USING btree (muted_id);


--
-- Name: notifications_actor_id_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX notifications_actor_id_idx ON public.notifications USING btree (actor_id) WHERE (actor_id IS NOT NULL);


--
-- Name: notifications_like_group_id_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX notifications_like_group_id_idx ON public.notifications USING btree (like_group_id) WHERE (like_group_id IS NOT NULL);


--
-- Name: notifications_read_at_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX notifications_read_at_idx ON public.notifications USING btree (read_at) WHERE (read_at IS NOT NULL);


--
-- Name: notifications_recipient_id_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX notifications_recipient_id_idx ON public.notifications USING btree (recipient_id, created_at DESC, id DESC) INCLUDE (read_at);


--
-- Name: notifications_report_id_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX notifications_report_id_idx ON public.notifications USING btree (report_id) WHERE (report_id IS NOT NULL);


--
-- Name: post_circles_feed_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX post_circles_feed_idx ON public.post_circles USING btree (circle_id, post_created_at DESC, post_id DESC);


--
-- Name: post_circles_post_created_at_fkey_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX post_circles_post_created_at_fkey_idx ON public.post_circles USING btree (post_id, post_created_at);


--
-- Name: posts_author_id_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX posts_author_id_idx ON public.posts USING btree (author_id, created_at DESC, id DESC);


--
-- Name: posts_author_shared_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX posts_author_shared_idx ON public.posts USING btree (author_id, created_at DESC, id DESC) WHERE ((audience <> 'circles'::public.post_audience) AND (removed_at IS NULL));


--
-- Name: posts_feed_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX posts_feed_idx ON public.posts USING btree (created_at DESC, id DESC);


--
-- Name: posts_public_feed_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX posts_public_feed_idx ON public.posts USING btree (created_at DESC, id DESC) WHERE (audience = 'public'::public.post_audience);


--
-- Name: posts_shared_feed_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX posts_shared_feed_idx ON public.posts USING btree (created_at DESC, id DESC) INCLUDE (author_id) WHERE ((audience <> 'circles'::public.post_audience) AND (removed_at IS NULL));


--
-- Name: reports_one_open_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX reports_one_open_idx ON public.reports USING btree (reporter_id, target_kind, target_id) WHERE (status = 'open'::public.report_status);


--
-- Name: reports_queue_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX reports_queue_idx ON public.reports USING btree (created_at, id) WHERE (status = 'open'::public.report_status);


--
-- Name: reports_target_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX reports_target_idx ON public.reports USING btree (target_kind, target_id) WHERE (status = 'open'::public.report_status);


--
-- Name: suspensions_report_id_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX suspensions_report_id_idx ON public.suspensions USING btree (report_id);


--
-- Name: users kithdb_create_profile; Type: TRIGGER; Schema: auth; Owner: -
--

CREATE TRIGGER kithdb_create_profile AFTER INSERT ON auth.users FOR EACH ROW EXECUTE FUNCTION kithdb.create_profile_for_new_user();


--
-- Name: users kithdb_lock_account; Type: TRIGGER; Schema: auth; Owner: -
--

CREATE TRIGGER kithdb_lock_account BEFORE DELETE ON auth.users FOR EACH ROW EXECUTE FUNCTION kithdb.auth_users_lock_account();


--
-- Name: blocks blocks_claim_like_groups; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER blocks_claim_like_groups AFTER INSERT ON public.blocks FOR EACH ROW EXECUTE FUNCTION kithdb.blocks_claim_like_groups();


--
-- Name: blocks blocks_end_friendship; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER blocks_end_friendship AFTER INSERT ON public.blocks FOR EACH ROW EXECUTE FUNCTION kithdb.blocks_end_friendship();


--
-- Name: blocks blocks_insert_limit; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER blocks_insert_limit AFTER INSERT ON public.blocks REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION kithdb.limit_api_insert();


--
-- Name: blocks blocks_lock_my_block; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER blocks_lock_my_block BEFORE INSERT OR DELETE ON public.blocks FOR EACH ROW WHEN (kithdb.is_api_role()) EXECUTE FUNCTION kithdb.blocks_lock_my_block();


--
-- Name: blocks blocks_lock_pair; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER blocks_lock_pair BEFORE INSERT OR DELETE ON public.blocks FOR EACH ROW WHEN ((NOT kithdb.is_api_role())) EXECUTE FUNCTION kithdb.blocks_lock_pair();


--
-- Name: blocks blocks_pair_immutable; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER blocks_pair_immutable BEFORE UPDATE ON public.blocks FOR EACH ROW WHEN (((new.blocker_id IS DISTINCT FROM old.blocker_id) OR (new.blocked_id IS DISTINCT FROM old.blocked_id))) EXECUTE FUNCTION kithdb.refuse_row_move('block_pair_immutable', 'the pair of a block cannot change');


--
-- Name: blocks blocks_part_circles; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER blocks_part_circles AFTER INSERT ON public.blocks FOR EACH ROW EXECUTE FUNCTION kithdb.blocks_part_circles();


--
-- Name: blocks blocks_part_event_chats; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER blocks_part_event_chats AFTER INSERT ON public.blocks FOR EACH ROW EXECUTE FUNCTION kithdb.blocks_part_event_chats();


--
-- Name: blocks blocks_part_events; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER blocks_part_events AFTER INSERT ON public.blocks FOR EACH ROW EXECUTE FUNCTION kithdb.blocks_part_events();


--
-- Name: blocks blocks_part_in_pending_groups; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER blocks_part_in_pending_groups AFTER INSERT ON public.blocks FOR EACH ROW EXECUTE FUNCTION kithdb.blocks_part_in_pending_groups();


--
-- Name: blocks blocks_part_like_groups; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER blocks_part_like_groups AFTER INSERT ON public.blocks FOR EACH ROW EXECUTE FUNCTION kithdb.blocks_part_like_groups();


--
-- Name: blocks blocks_refuse_gone_account; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER blocks_refuse_gone_account BEFORE INSERT ON public.blocks FOR EACH STATEMENT EXECUTE FUNCTION kithdb.refuse_gone_account();


--
-- Name: blocks blocks_refuse_suspended; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER blocks_refuse_suspended BEFORE INSERT OR DELETE OR UPDATE ON public.blocks FOR EACH STATEMENT EXECUTE FUNCTION kithdb.refuse_suspended();


--
-- Name: blocks blocks_release_like_groups; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER blocks_release_like_groups AFTER INSERT OR DELETE ON public.blocks FOR EACH ROW EXECUTE FUNCTION kithdb.blocks_release_like_groups();


--
-- Name: blocks blocks_sync_circles; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER blocks_sync_circles AFTER INSERT OR DELETE ON public.blocks FOR EACH ROW EXECUTE FUNCTION kithdb.blocks_sync_circles();


--
-- Name: blocks blocks_unnotify; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER blocks_unnotify AFTER INSERT ON public.blocks FOR EACH ROW EXECUTE FUNCTION kithdb.blocks_unnotify();


--
-- Name: blocks blocks_within_rate; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER blocks_within_rate AFTER INSERT ON public.blocks FOR EACH ROW EXECUTE FUNCTION kithdb.count_rate('block');


--
-- Name: chat_messages chat_messages_announce; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER chat_messages_announce AFTER INSERT ON public.chat_messages FOR EACH ROW EXECUTE FUNCTION kithdb.chat_messages_announce();


--
-- Name: chat_messages chat_messages_count_rate; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER chat_messages_count_rate AFTER INSERT ON public.chat_messages FOR EACH ROW EXECUTE FUNCTION kithdb.count_rate('chat_message', 'chat_id');


--
-- Name: chat_messages chat_messages_immutable; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER chat_messages_immutable BEFORE UPDATE ON public.chat_messages FOR EACH ROW WHEN ((((new.id IS DISTINCT FROM old.id) OR (new.chat_id IS DISTINCT FROM old.chat_id)) OR ((new.sender_id IS NOT NULL) AND (new.sender_id IS DISTINCT FROM old.sender_id)))) EXECUTE FUNCTION kithdb.refuse_row_move('chat_message_immutable', 'a message cannot move to another id, chat or sender');


--
-- Name: chat_messages chat_messages_insert_limit; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER chat_messages_insert_limit AFTER INSERT ON public.chat_messages REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION kithdb.limit_api_insert();


--
-- Name: chat_messages chat_messages_refuse_suspended; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER chat_messages_refuse_suspended BEFORE INSERT OR DELETE OR UPDATE ON public.chat_messages FOR EACH STATEMENT EXECUTE FUNCTION kithdb.refuse_suspended();


--
-- Name: chat_participants chat_participants_guard; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER chat_participants_guard BEFORE UPDATE ON public.chat_participants FOR EACH ROW EXECUTE FUNCTION kithdb.chat_participants_guard();


--
-- Name: chat_participants chat_participants_immutable; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER chat_participants_immutable BEFORE UPDATE ON public.chat_participants FOR EACH ROW WHEN (((new.chat_id IS DISTINCT FROM old.chat_id) OR (new.user_id IS DISTINCT FROM old.user_id))) EXECUTE FUNCTION kithdb.refuse_row_move('chat_participant_immutable', 'a participant cannot move to another chat or user');


--
-- Name: chat_participants chat_participants_refuse_suspended; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER chat_participants_refuse_suspended BEFORE INSERT OR DELETE OR UPDATE ON public.chat_participants FOR EACH STATEMENT EXECUTE FUNCTION kithdb.refuse_suspended();


--
-- Name: chat_participants chat_participants_wait_on_leave; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER chat_participants_wait_on_leave BEFORE UPDATE OF left_at ON public.chat_participants FOR EACH ROW WHEN (((old.left_at IS NULL) AND (new.left_at IS NOT NULL))) EXECUTE FUNCTION kithdb.chat_participants_wait_for_messages();


--
-- Name: chat_participants chat_participants_wait_on_removal; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER chat_participants_wait_on_removal BEFORE DELETE ON public.chat_participants FOR EACH ROW WHEN ((old.left_at IS NULL)) EXECUTE FUNCTION kithdb.chat_participants_wait_for_messages();


--
-- Name: chats chats_immutable; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER chats_immutable BEFORE UPDATE ON public.chats FOR EACH ROW WHEN (((new.id IS DISTINCT FROM old.id) OR (new.like_group_id IS DISTINCT FROM old.like_group_id))) EXECUTE FUNCTION kithdb.refuse_row_move('chat_immutable', 'a chat cannot move to another id or like group');


--
-- Name: circle_members circle_members_count_rate; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER circle_members_count_rate AFTER INSERT ON public.circle_members FOR EACH ROW WHEN ((new.status = 'invited'::public.circle_member_status)) EXECUTE FUNCTION kithdb.count_rate('circle_invitation');


--
-- Name: circle_members circle_members_guard; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER circle_members_guard BEFORE INSERT OR DELETE OR UPDATE ON public.circle_members FOR EACH ROW EXECUTE FUNCTION kithdb.circle_members_guard();


--
-- Name: circle_members circle_members_insert_limit; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER circle_members_insert_limit AFTER INSERT ON public.circle_members REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION kithdb.limit_api_insert();


--
-- Name: circle_members circle_members_integrity; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER circle_members_integrity AFTER DELETE OR UPDATE OF role ON public.circle_members FOR EACH ROW WHEN ((old.status = 'member'::public.circle_member_status)) EXECUTE FUNCTION kithdb.circle_members_integrity();


--
-- Name: circle_members circle_members_notify; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER circle_members_notify AFTER INSERT ON public.circle_members FOR EACH ROW WHEN ((new.status = 'invited'::public.circle_member_status)) EXECUTE FUNCTION kithdb.circle_members_notify();


--
-- Name: circle_members circle_members_opt_out; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER circle_members_opt_out AFTER DELETE ON public.circle_members FOR EACH ROW WHEN ((kithdb.is_api_role() OR (CURRENT_USER = 'service_role'::name))) EXECUTE FUNCTION kithdb.circle_members_opt_out();


--
-- Name: circle_members circle_members_recently_declined; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER circle_members_recently_declined AFTER INSERT ON public.circle_members FOR EACH ROW WHEN ((new.status = 'invited'::public.circle_member_status)) EXECUTE FUNCTION kithdb.circle_members_recently_declined();


--
-- Name: circle_members circle_members_record_decline; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER circle_members_record_decline AFTER DELETE ON public.circle_members FOR EACH ROW WHEN ((old.status = 'invited'::public.circle_member_status)) EXECUTE FUNCTION kithdb.circle_members_record_decline();


--
-- Name: circle_members circle_members_refuse_suspended; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER circle_members_refuse_suspended BEFORE INSERT OR DELETE OR UPDATE ON public.circle_members FOR EACH STATEMENT EXECUTE FUNCTION kithdb.refuse_suspended();


--
-- Name: circle_members circle_members_touch_updated_at; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER circle_members_touch_updated_at BEFORE UPDATE ON public.circle_members FOR EACH ROW EXECUTE FUNCTION kithdb.touch_updated_at();


--
-- Name: circle_members circle_members_unnotify; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER circle_members_unnotify AFTER DELETE OR UPDATE OF status ON public.circle_members FOR EACH ROW WHEN ((old.status = 'invited'::public.circle_member_status)) EXECUTE FUNCTION kithdb.circle_members_notify();


--
-- Name: circle_members circle_members_unshare_posts; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER circle_members_unshare_posts AFTER DELETE ON public.circle_members FOR EACH ROW WHEN ((old.status = 'member'::public.circle_member_status)) EXECUTE FUNCTION kithdb.circle_members_unshare_posts();


--
-- Name: circle_members circle_members_within_capacity; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER circle_members_within_capacity BEFORE INSERT ON public.circle_members FOR EACH ROW EXECUTE FUNCTION kithdb.circle_members_capacity();


--
-- Name: circle_opt_outs circle_opt_outs_immutable; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER circle_opt_outs_immutable BEFORE UPDATE ON public.circle_opt_outs FOR EACH ROW WHEN (((new.circle_id IS DISTINCT FROM old.circle_id) OR (new.user_id IS DISTINCT FROM old.user_id))) EXECUTE FUNCTION kithdb.refuse_row_move('circle_opt_out_immutable', 'an opt-out cannot move to another circle or user');


--
-- Name: circle_opt_outs circle_opt_outs_lock; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER circle_opt_outs_lock BEFORE INSERT ON public.circle_opt_outs FOR EACH ROW WHEN ((CURRENT_USER = 'service_role'::name)) EXECUTE FUNCTION kithdb.circle_opt_outs_lock();


--
-- Name: circle_opt_outs circle_opt_outs_sync; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER circle_opt_outs_sync AFTER INSERT OR DELETE ON public.circle_opt_outs FOR EACH ROW WHEN ((CURRENT_USER = 'service_role'::name)) EXECUTE FUNCTION kithdb.circle_opt_outs_sync();


--
-- Name: circles circles_add_founder; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER circles_add_founder AFTER INSERT ON public.circles FOR EACH ROW EXECUTE FUNCTION kithdb.circles_add_founder();


--
-- Name: circles circles_guard; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER circles_guard BEFORE UPDATE ON public.circles FOR EACH ROW EXECUTE FUNCTION kithdb.circles_guard();


--
-- Name: circles circles_id_immutable; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER circles_id_immutable BEFORE UPDATE ON public.circles FOR EACH ROW WHEN ((new.id IS DISTINCT FROM old.id)) EXECUTE FUNCTION kithdb.refuse_row_move('circle_id_immutable', 'a circle keeps its id');


--
-- Name: circles circles_immutable; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER circles_immutable BEFORE UPDATE ON public.circles FOR EACH ROW WHEN (((new.created_by IS NOT NULL) AND (new.created_by IS DISTINCT FROM old.created_by))) EXECUTE FUNCTION kithdb.refuse_row_move('circle_creator_immutable', 'a circle''s creator never changes');


--
-- Name: circles circles_insert_limit; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER circles_insert_limit AFTER INSERT ON public.circles REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION kithdb.limit_api_insert();


--
-- Name: circles circles_refuse_gone_account; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER circles_refuse_gone_account BEFORE INSERT ON public.circles FOR EACH STATEMENT EXECUTE FUNCTION kithdb.refuse_gone_account();


--
-- Name: circles circles_refuse_suspended; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER circles_refuse_suspended BEFORE INSERT OR DELETE OR UPDATE ON public.circles FOR EACH STATEMENT EXECUTE FUNCTION kithdb.refuse_suspended();


--
-- Name: circles circles_rule_caps; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER circles_rule_caps AFTER INSERT ON public.circles FOR EACH ROW WHEN ((new.circle_type = 'dynamic'::public.circle_type)) EXECUTE FUNCTION kithdb.circles_rule_caps();


--
-- Name: circles circles_touch_updated_at; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER circles_touch_updated_at BEFORE UPDATE ON public.circles FOR EACH ROW EXECUTE FUNCTION kithdb.touch_updated_at();


--
-- Name: event_author_invitations event_author_invitations_count_rate; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER event_author_invitations_count_rate AFTER INSERT ON public.event_author_invitations FOR EACH ROW EXECUTE FUNCTION kithdb.count_rate('event_author_invitation');


--
-- Name: event_author_invitations event_author_invitations_guard; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER event_author_invitations_guard BEFORE INSERT ON public.event_author_invitations FOR EACH ROW EXECUTE FUNCTION kithdb.event_author_invitations_guard();


--
-- Name: event_author_invitations event_author_invitations_immutable; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER event_author_invitations_immutable BEFORE UPDATE ON public.event_author_invitations FOR EACH ROW WHEN ((((new.event_id IS DISTINCT FROM old.event_id) OR (new.user_id IS DISTINCT FROM old.user_id)) OR ((new.invited_by IS NOT NULL) AND (new.invited_by IS DISTINCT FROM old.invited_by)))) EXECUTE FUNCTION kithdb.refuse_row_move('event_author_invitation_immutable', 'an invitation cannot move to another event, invitee or inviter');


--
-- Name: event_author_invitations event_author_invitations_insert_limit; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER event_author_invitations_insert_limit AFTER INSERT ON public.event_author_invitations REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION kithdb.limit_api_insert();


--
-- Name: event_author_invitations event_author_invitations_no_like_group_member; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER event_author_invitations_no_like_group_member BEFORE INSERT ON public.event_author_invitations FOR EACH ROW EXECUTE FUNCTION kithdb.event_authors_no_like_group_member();


--
-- Name: event_author_invitations event_author_invitations_notify; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER event_author_invitations_notify AFTER INSERT OR DELETE ON public.event_author_invitations FOR EACH ROW EXECUTE FUNCTION kithdb.event_author_invitations_notify();


--
-- Name: event_author_invitations event_author_invitations_recently_declined; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER event_author_invitations_recently_declined AFTER INSERT ON public.event_author_invitations FOR EACH ROW EXECUTE FUNCTION kithdb.event_author_invitations_recently_declined();


--
-- Name: event_author_invitations event_author_invitations_record_decline; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER event_author_invitations_record_decline AFTER DELETE ON public.event_author_invitations FOR EACH ROW EXECUTE FUNCTION kithdb.event_author_invitations_record_decline();


--
-- Name: event_author_invitations event_author_invitations_refuse_suspended; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER event_author_invitations_refuse_suspended BEFORE INSERT OR DELETE OR UPDATE ON public.event_author_invitations FOR EACH STATEMENT EXECUTE FUNCTION kithdb.refuse_suspended();


--
-- Name: event_authors event_authors_clear_decline; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER event_authors_clear_decline AFTER INSERT ON public.event_authors FOR EACH ROW EXECUTE FUNCTION kithdb.event_authors_clear_decline();


--
-- Name: event_authors event_authors_guard; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER event_authors_guard BEFORE INSERT OR DELETE ON public.event_authors FOR EACH ROW EXECUTE FUNCTION kithdb.event_authors_guard();


--
-- Name: event_authors event_authors_immutable; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER event_authors_immutable BEFORE UPDATE ON public.event_authors FOR EACH ROW WHEN (((new.event_id IS DISTINCT FROM old.event_id) OR (new.user_id IS DISTINCT FROM old.user_id))) EXECUTE FUNCTION kithdb.refuse_row_move('event_author_immutable', 'an authorship cannot move to another user or event');


--
-- Name: event_authors event_authors_insert_limit; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER event_authors_insert_limit AFTER INSERT ON public.event_authors REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION kithdb.limit_api_insert();


--
-- Name: event_authors event_authors_no_like_group_member; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER event_authors_no_like_group_member BEFORE INSERT ON public.event_authors FOR EACH ROW EXECUTE FUNCTION kithdb.event_authors_no_like_group_member();


--
-- Name: event_authors event_authors_part_invitations; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER event_authors_part_invitations AFTER INSERT ON public.event_authors FOR EACH ROW EXECUTE FUNCTION kithdb.event_authors_part_invitations();


--
-- Name: event_authors event_authors_pass_event; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER event_authors_pass_event AFTER DELETE ON public.event_authors FOR EACH ROW WHEN ((kithdb.is_api_role() AND (old.user_id = kithdb.uid()))) EXECUTE FUNCTION kithdb.event_authors_pass_event();


--
-- Name: event_authors event_authors_redecide; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER event_authors_redecide AFTER INSERT OR DELETE ON public.event_authors FOR EACH ROW EXECUTE FUNCTION kithdb.event_authors_redecide();


--
-- Name: event_authors event_authors_refuse_suspended; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER event_authors_refuse_suspended BEFORE INSERT OR DELETE OR UPDATE ON public.event_authors FOR EACH STATEMENT EXECUTE FUNCTION kithdb.refuse_suspended();


--
-- Name: event_authors event_authors_release_like_groups; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER event_authors_release_like_groups AFTER INSERT ON public.event_authors FOR EACH ROW EXECUTE FUNCTION kithdb.event_authors_release_like_groups();


--
-- Name: event_authors event_authors_sync_circles; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER event_authors_sync_circles AFTER INSERT OR DELETE ON public.event_authors FOR EACH ROW EXECUTE FUNCTION kithdb.event_authors_sync_circles();


--
-- Name: event_authors event_authors_unnotify; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER event_authors_unnotify AFTER DELETE ON public.event_authors FOR EACH ROW EXECUTE FUNCTION kithdb.event_authors_unnotify();


--
-- Name: events events_add_creator; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER events_add_creator AFTER INSERT ON public.events FOR EACH ROW EXECUTE FUNCTION kithdb.events_add_creator();


--
-- Name: events events_count_rate; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER events_count_rate AFTER INSERT ON public.events FOR EACH ROW EXECUTE FUNCTION kithdb.count_rate('event');


--
-- Name: events events_expire_like_groups; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER events_expire_like_groups AFTER UPDATE OF status ON public.events FOR EACH ROW WHEN (((new.status = 'cancelled'::public.event_status) AND (old.status <> 'cancelled'::public.event_status))) EXECUTE FUNCTION kithdb.events_expire_like_groups();


--
-- Name: events events_guard; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER events_guard BEFORE UPDATE ON public.events FOR EACH ROW EXECUTE FUNCTION kithdb.events_guard();


--
-- Name: events events_id_immutable; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER events_id_immutable BEFORE UPDATE ON public.events FOR EACH ROW WHEN ((new.id IS DISTINCT FROM old.id)) EXECUTE FUNCTION kithdb.refuse_row_move('event_id_immutable', 'an event keeps its id');


--
-- Name: events events_insert_limit; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER events_insert_limit AFTER INSERT ON public.events REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION kithdb.limit_api_insert();


--
-- Name: events events_keep_attendees; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER events_keep_attendees BEFORE DELETE ON public.events FOR EACH ROW WHEN (kithdb.is_api_role()) EXECUTE FUNCTION kithdb.events_keep_attendees();


--
-- Name: events events_refuse_gone_account; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER events_refuse_gone_account BEFORE INSERT ON public.events FOR EACH STATEMENT EXECUTE FUNCTION kithdb.refuse_gone_account();


--
-- Name: events events_refuse_suspended; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER events_refuse_suspended BEFORE INSERT OR DELETE OR UPDATE ON public.events FOR EACH STATEMENT EXECUTE FUNCTION kithdb.refuse_suspended();


--
-- Name: events events_touch_updated_at; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER events_touch_updated_at BEFORE UPDATE ON public.events FOR EACH ROW EXECUTE FUNCTION kithdb.touch_updated_at();


--
-- Name: events events_unnotify; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER events_unnotify AFTER UPDATE OF creator_id ON public.events FOR EACH ROW WHEN ((new.creator_id IS DISTINCT FROM old.creator_id)) EXECUTE FUNCTION kithdb.events_unnotify();


--
-- Name: events events_withdraw_author_invitations; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER events_withdraw_author_invitations AFTER UPDATE OF status ON public.events FOR EACH ROW WHEN (((new.status = 'cancelled'::public.event_status) AND (old.status <> 'cancelled'::public.event_status))) EXECUTE FUNCTION kithdb.events_withdraw_author_invitations();


--
-- Name: friendships friendships_count_rate; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER friendships_count_rate AFTER INSERT OR UPDATE OF status ON public.friendships FOR EACH ROW WHEN ((new.status = 'pending'::public.friendship_status)) EXECUTE FUNCTION kithdb.count_rate('friend_request');


--
-- Name: friendships friendships_guard; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER friendships_guard BEFORE INSERT OR UPDATE ON public.friendships FOR EACH ROW EXECUTE FUNCTION kithdb.friendships_guard();


--
-- Name: friendships friendships_insert_limit; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER friendships_insert_limit AFTER INSERT ON public.friendships REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION kithdb.limit_api_insert();


--
-- Name: friendships friendships_keep_decline; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER friendships_keep_decline BEFORE DELETE ON public.friendships FOR EACH ROW WHEN ((old.status = 'declined'::public.friendship_status)) EXECUTE FUNCTION kithdb.friendships_keep_decline();


--
-- Name: friendships friendships_notify; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER friendships_notify AFTER INSERT OR DELETE OR UPDATE OF status, requested_by ON public.friendships FOR EACH ROW EXECUTE FUNCTION kithdb.friendships_notify();


--
-- Name: friendships friendships_recently_declined; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER friendships_recently_declined BEFORE UPDATE OF status ON public.friendships FOR EACH ROW WHEN (((old.status = 'declined'::public.friendship_status) AND (new.status = 'pending'::public.friendship_status) AND (new.requested_by = old.requested_by))) EXECUTE FUNCTION kithdb.friendships_recently_declined();


--
-- Name: friendships friendships_record_decline; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER friendships_record_decline AFTER DELETE ON public.friendships FOR EACH ROW WHEN ((old.status = 'declined'::public.friendship_status)) EXECUTE FUNCTION kithdb.friendships_record_decline();


--
-- Name: friendships friendships_recorded_decline; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER friendships_recorded_decline BEFORE INSERT ON public.friendships FOR EACH ROW WHEN (((new.status = 'pending'::public.friendship_status) AND kithdb.is_api_role())) EXECUTE FUNCTION kithdb.friendships_recorded_decline();


--
-- Name: friendships friendships_refuse_gone_account; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER friendships_refuse_gone_account BEFORE INSERT ON public.friendships FOR EACH STATEMENT EXECUTE FUNCTION kithdb.refuse_gone_account();


--
-- Name: friendships friendships_refuse_suspended; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER friendships_refuse_suspended BEFORE INSERT OR DELETE OR UPDATE ON public.friendships FOR EACH STATEMENT EXECUTE FUNCTION kithdb.refuse_suspended();


--
-- Name: friendships friendships_sync_circles; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER friendships_sync_circles AFTER INSERT OR DELETE OR UPDATE OF status ON public.friendships FOR EACH ROW EXECUTE FUNCTION kithdb.friendships_sync_circles();


--
-- Name: friendships friendships_touch_updated_at; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER friendships_touch_updated_at BEFORE UPDATE ON public.friendships FOR EACH ROW EXECUTE FUNCTION kithdb.touch_updated_at();


--
-- Name: like_group_approvals like_group_approvals_guard; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER like_group_approvals_guard BEFORE INSERT OR DELETE OR UPDATE ON public.like_group_approvals FOR EACH ROW EXECUTE FUNCTION kithdb.like_group_approvals_guard();


--
-- Name: like_group_approvals like_group_approvals_refuse_suspended; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER like_group_approvals_refuse_suspended BEFORE INSERT OR DELETE OR UPDATE ON public.like_group_approvals FOR EACH STATEMENT EXECUTE FUNCTION kithdb.refuse_suspended();


--
-- Name: like_group_approvals like_group_approvals_renotify; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER like_group_approvals_renotify AFTER DELETE ON public.like_group_approvals FOR EACH ROW WHEN (old.approved) EXECUTE FUNCTION kithdb.like_group_approvals_renotify();


--
-- Name: like_group_members like_group_members_count_rate; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER like_group_members_count_rate AFTER INSERT ON public.like_group_members FOR EACH ROW WHEN ((new.user_id IS DISTINCT FROM kithdb.uid())) EXECUTE FUNCTION kithdb.count_rate('like_group_member');


--
-- Name: like_group_members like_group_members_follow_group; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER like_group_members_follow_group BEFORE UPDATE ON public.like_group_members FOR EACH ROW EXECUTE FUNCTION kithdb.like_group_members_follow_group();


--
-- Name: like_group_members like_group_members_guard; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER like_group_members_guard BEFORE INSERT OR DELETE ON public.like_group_members FOR EACH ROW EXECUTE FUNCTION kithdb.like_group_members_guard();


--
-- Name: like_group_members like_group_members_notify; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER like_group_members_notify AFTER INSERT OR DELETE ON public.like_group_members FOR EACH ROW EXECUTE FUNCTION kithdb.like_group_members_notify();


--
-- Name: like_group_members like_group_members_redecide; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER like_group_members_redecide AFTER DELETE ON public.like_group_members FOR EACH ROW EXECUTE FUNCTION kithdb.like_group_members_redecide();


--
-- Name: like_group_members like_group_members_refuse_suspended; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER like_group_members_refuse_suspended BEFORE INSERT OR DELETE OR UPDATE ON public.like_group_members FOR EACH STATEMENT EXECUTE FUNCTION kithdb.refuse_suspended();


--
-- Name: like_group_members like_group_members_sync_circles; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER like_group_members_sync_circles AFTER DELETE ON public.like_group_members FOR EACH ROW WHEN (old.group_active) EXECUTE FUNCTION kithdb.like_group_members_sync_circles();


--
-- Name: like_groups like_groups_count_rate; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER like_groups_count_rate AFTER INSERT ON public.like_groups FOR EACH ROW EXECUTE FUNCTION kithdb.count_rate('like_group');


--
-- Name: like_groups like_groups_guard; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER like_groups_guard BEFORE UPDATE ON public.like_groups FOR EACH ROW EXECUTE FUNCTION kithdb.like_groups_guard();


--
-- Name: like_groups like_groups_notify; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER like_groups_notify AFTER INSERT ON public.like_groups FOR EACH ROW WHEN ((new.status = 'pending'::public.like_group_status)) EXECUTE FUNCTION kithdb.like_groups_notify();


--
-- Name: like_groups like_groups_notify_decision; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER like_groups_notify_decision AFTER UPDATE OF status ON public.like_groups FOR EACH ROW WHEN (((old.status = 'pending'::public.like_group_status) AND (new.status <> 'pending'::public.like_group_status))) EXECUTE FUNCTION kithdb.like_groups_notify();


--
-- Name: like_groups like_groups_refuse_suspended; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER like_groups_refuse_suspended BEFORE INSERT OR DELETE OR UPDATE ON public.like_groups FOR EACH STATEMENT EXECUTE FUNCTION kithdb.refuse_suspended();


--
-- Name: like_groups like_groups_release_members; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER like_groups_release_members AFTER UPDATE OF status ON public.like_groups FOR EACH ROW WHEN ((new.status = ANY (ARRAY['rejected'::public.like_group_status, 'expired'::public.like_group_status]))) EXECUTE FUNCTION kithdb.like_groups_release_members();


--
-- Name: like_groups like_groups_sync_circles; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER like_groups_sync_circles AFTER UPDATE OF status ON public.like_groups FOR EACH ROW WHEN ((new.status = 'approved'::public.like_group_status)) EXECUTE FUNCTION kithdb.like_groups_sync_circles();


--
-- Name: like_groups like_groups_unnotify; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER like_groups_unnotify AFTER DELETE ON public.like_groups FOR EACH ROW EXECUTE FUNCTION kithdb.like_groups_unnotify();


--
-- Name: moderation_log moderation_log_append_only; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER moderation_log_append_only BEFORE DELETE OR UPDATE ON public.moderation_log FOR EACH ROW EXECUTE FUNCTION kithdb.moderation_log_append_only();


--
-- Name: moderation_log moderation_log_no_truncate; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER moderation_log_no_truncate BEFORE TRUNCATE ON public.moderation_log FOR EACH STATEMENT EXECUTE FUNCTION kithdb.moderation_log_append_only();


--
-- Name: moderators moderators_immutable; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER moderators_immutable BEFORE UPDATE ON public.moderators FOR EACH ROW WHEN ((new.user_id IS DISTINCT FROM old.user_id)) EXECUTE FUNCTION kithdb.refuse_row_move('moderator_immutable', 'a moderator''s row cannot move to another user');


--
-- Name: mutes mutes_hold_muted; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER mutes_hold_muted BEFORE INSERT ON public.mutes FOR EACH ROW WHEN (kithdb.is_api_role()) EXECUTE FUNCTION kithdb.mutes_hold_muted();


--
-- Name: mutes mutes_insert_limit; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER mutes_insert_limit AFTER INSERT ON public.mutes REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION kithdb.limit_api_insert();


--
-- Name: mutes mutes_pair_immutable; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER mutes_pair_immutable BEFORE UPDATE ON public.mutes FOR EACH ROW WHEN (((new.muter_id IS DISTINCT FROM old.muter_id) OR (new.muted_id IS DISTINCT FROM old.muted_id))) EXECUTE FUNCTION kithdb.refuse_row_move('mute_pair_immutable', 'the pair of a mute cannot change');


--
-- Name: mutes mutes_refuse_gone_account; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER mutes_refuse_gone_account BEFORE INSERT ON public.mutes FOR EACH STATEMENT EXECUTE FUNCTION kithdb.refuse_gone_account();


--
-- Name: mutes mutes_refuse_suspended; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER mutes_refuse_suspended BEFORE INSERT OR DELETE OR UPDATE ON public.mutes FOR EACH STATEMENT EXECUTE FUNCTION kithdb.refuse_suspended();


--
-- Name: notifications notifications_announce; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER notifications_announce AFTER INSERT ON public.notifications FOR EACH ROW EXECUTE FUNCTION kithdb.notifications_announce();


--
-- Name: notifications notifications_guard; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER notifications_guard BEFORE UPDATE ON public.notifications FOR EACH ROW EXECUTE FUNCTION kithdb.notifications_guard();


--
-- Name: notifications notifications_refuse_suspended; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER notifications_refuse_suspended BEFORE UPDATE ON public.notifications FOR EACH STATEMENT EXECUTE FUNCTION kithdb.refuse_suspended();


--
-- Name: post_circles post_circles_author_stays; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER post_circles_author_stays AFTER INSERT ON public.post_circles FOR EACH ROW WHEN (kithdb.is_api_role()) EXECUTE FUNCTION kithdb.post_circles_author_stays();


--
-- Name: post_circles post_circles_fill_created_at; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER post_circles_fill_created_at BEFORE INSERT ON public.post_circles FOR EACH ROW WHEN ((new.post_created_at IS NULL)) EXECUTE FUNCTION kithdb.post_circles_fill_created_at();


--
-- Name: post_circles post_circles_immutable; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER post_circles_immutable BEFORE UPDATE ON public.post_circles FOR EACH ROW WHEN (((new.post_id IS DISTINCT FROM old.post_id) OR (new.circle_id IS DISTINCT FROM old.circle_id))) EXECUTE FUNCTION kithdb.refuse_row_move('post_circle_immutable', 'a post''s circle row cannot move to another post or circle');


--
-- Name: post_circles post_circles_insert_limit; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER post_circles_insert_limit AFTER INSERT ON public.post_circles REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION kithdb.limit_api_insert();


--
-- Name: post_circles post_circles_keep_one; Type: TRIGGER; Schema: public; Owner: -
--

CREATE CONSTRAINT TRIGGER post_circles_keep_one AFTER DELETE ON public.post_circles DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION kithdb.post_circles_keep_one();


--
-- Name: post_circles post_circles_lock_membership; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER post_circles_lock_membership BEFORE INSERT ON public.post_circles FOR EACH ROW WHEN (kithdb.is_api_role()) EXECUTE FUNCTION kithdb.post_circles_lock_membership();


--
-- Name: post_circles post_circles_only_circles_posts; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER post_circles_only_circles_posts AFTER INSERT ON public.post_circles FOR EACH ROW EXECUTE FUNCTION kithdb.post_circles_only_circles_posts();


--
-- Name: post_circles post_circles_refuse_suspended; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER post_circles_refuse_suspended BEFORE INSERT OR DELETE OR UPDATE ON public.post_circles FOR EACH STATEMENT EXECUTE FUNCTION kithdb.refuse_suspended();


--
-- Name: posts posts_author_activity_insert; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER posts_author_activity_insert AFTER INSERT ON public.posts REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION kithdb.posts_author_activity();


--
-- Name: posts posts_author_activity_update; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER posts_author_activity_update AFTER UPDATE ON public.posts REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION kithdb.posts_author_activity();


--
-- Name: posts posts_immutable; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER posts_immutable BEFORE UPDATE ON public.posts FOR EACH ROW WHEN (((new.id IS DISTINCT FROM old.id) OR (new.author_id IS DISTINCT FROM old.author_id))) EXECUTE FUNCTION kithdb.refuse_row_move('post_immutable', 'a post cannot move to another id or author');


--
-- Name: posts posts_insert_limit; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER posts_insert_limit AFTER INSERT ON public.posts REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION kithdb.limit_api_insert();


--
-- Name: posts posts_leave_circles; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER posts_leave_circles AFTER UPDATE OF audience, removed_at ON public.posts FOR EACH ROW WHEN ((((old.audience = 'circles'::public.post_audience) AND (new.audience <> 'circles'::public.post_audience)) OR ((old.removed_at IS NULL) AND (new.removed_at IS NOT NULL)))) EXECUTE FUNCTION kithdb.posts_leave_circles();


--
-- Name: posts posts_need_circles; Type: TRIGGER; Schema: public; Owner: -
--

CREATE CONSTRAINT TRIGGER posts_need_circles AFTER INSERT OR UPDATE OF audience ON public.posts DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION kithdb.posts_need_circles();


--
-- Name: posts posts_refuse_gone_account; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER posts_refuse_gone_account BEFORE INSERT ON public.posts FOR EACH STATEMENT EXECUTE FUNCTION kithdb.refuse_gone_account();


--
-- Name: posts posts_refuse_suspended; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER posts_refuse_suspended BEFORE INSERT OR DELETE OR UPDATE ON public.posts FOR EACH STATEMENT EXECUTE FUNCTION kithdb.refuse_suspended();


--
-- Name: posts posts_touch_updated_at; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER posts_touch_updated_at BEFORE UPDATE ON public.posts FOR EACH ROW EXECUTE FUNCTION kithdb.touch_updated_at();


--
-- Name: profiles profiles_delete_auth_user; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER profiles_delete_auth_user AFTER DELETE ON public.profiles FOR EACH ROW EXECUTE FUNCTION kithdb.profiles_delete_auth_user();


--
-- Name: profiles profiles_id_immutable; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER profiles_id_immutable BEFORE UPDATE ON public.profiles FOR EACH ROW WHEN ((new.id IS DISTINCT FROM old.id)) EXECUTE FUNCTION kithdb.refuse_row_move('profile_id_immutable', 'a profile keeps its id');


--
-- Name: profiles profiles_part_account; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER profiles_part_account BEFORE DELETE ON public.profiles FOR EACH ROW EXECUTE FUNCTION kithdb.profiles_part_account();


--
-- Name: profiles profiles_refuse_suspended; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER profiles_refuse_suspended BEFORE INSERT OR DELETE OR UPDATE ON public.profiles FOR EACH STATEMENT EXECUTE FUNCTION kithdb.refuse_suspended();


--
-- Name: reports reports_count_rate; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER reports_count_rate AFTER INSERT ON public.reports FOR EACH ROW EXECUTE FUNCTION kithdb.count_rate('report');


--
-- Name: reports reports_immutable; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER reports_immutable BEFORE UPDATE ON public.reports FOR EACH ROW WHEN ((((((new.id IS DISTINCT FROM old.id) OR (new.target_kind IS DISTINCT FROM old.target_kind)) OR (new.target_id IS DISTINCT FROM old.target_id)) OR (new.target_user_id IS DISTINCT FROM old.target_user_id)) OR ((new.reporter_id IS NOT NULL) AND (new.reporter_id IS DISTINCT FROM old.reporter_id)))) EXECUTE FUNCTION kithdb.refuse_row_move('report_immutable', 'a report cannot move to another reporter or target');


--
-- Name: reports reports_insert_limit; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER reports_insert_limit AFTER INSERT ON public.reports REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION kithdb.limit_api_insert();


--
-- Name: reports reports_notify; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER reports_notify AFTER UPDATE OF status ON public.reports FOR EACH ROW WHEN (((old.status = 'open'::public.report_status) AND (new.status <> 'open'::public.report_status))) EXECUTE FUNCTION kithdb.reports_notify();


--
-- Name: reports reports_refuse_gone_account; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER reports_refuse_gone_account BEFORE INSERT ON public.reports FOR EACH STATEMENT EXECUTE FUNCTION kithdb.refuse_gone_account();


--
-- Name: reports reports_refuse_suspended; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER reports_refuse_suspended BEFORE INSERT OR DELETE OR UPDATE ON public.reports FOR EACH STATEMENT EXECUTE FUNCTION kithdb.refuse_suspended();


--
-- Name: reports reports_take_snapshot; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER reports_take_snapshot BEFORE INSERT ON public.reports FOR EACH ROW EXECUTE FUNCTION kithdb.reports_take_snapshot();


--
-- Name: suspensions suspensions_immutable; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER suspensions_immutable BEFORE UPDATE ON public.suspensions FOR EACH ROW WHEN ((new.user_id IS DISTINCT FROM old.user_id)) EXECUTE FUNCTION kithdb.refuse_row_move('suspension_immutable', 'a suspension cannot move to another user');


--
-- Name: identities identities_user_id_fkey; Type: FK CONSTRAINT; Schema: auth; Owner: -
--

ALTER TABLE ONLY auth.identities
    ADD CONSTRAINT identities_user_id_fkey FOREIGN KEY (user_id) REFERENCES auth.users(id) ON DELETE CASCADE;


--
-- Name: author_activity author_activity_author_id_fkey; Type: FK CONSTRAINT; Schema: kithdb; Owner: -
--

ALTER TABLE ONLY kithdb.author_activity
    ADD CONSTRAINT author_activity_author_id_fkey FOREIGN KEY (author_id) REFERENCES public.profiles(id) ON DELETE CASCADE;


--
-- Name: circle_declines circle_declines_circle_id_fkey; Type: FK CONSTRAINT; Schema: kithdb; Owner: -
--

ALTER TABLE ONLY kithdb.circle_declines
    ADD CONSTRAINT circle_declines_circle_id_fkey FOREIGN KEY (circle_id) REFERENCES public.circles(id) ON DELETE CASCADE;


--
-- Name: circle_declines circle_declines_user_id_fkey; Type: FK CONSTRAINT; Schema: kithdb; Owner: -
--

ALTER TABLE ONLY kithdb.circle_declines
    ADD CONSTRAINT circle_declines_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.profiles(id) ON DELETE CASCADE;


--
-- Name: event_author_declines event_author_declines_event_id_fkey; Type: FK CONSTRAINT; Schema: kithdb; Owner: -
--

ALTER TABLE ONLY kithdb.event_author_declines
    ADD CONSTRAINT event_author_declines_event_id_fkey FOREIGN KEY (event_id) REFERENCES public.events(id) ON DELETE CASCADE;


--
-- Name: event_author_declines event_author_declines_user_id_fkey; Type: FK CONSTRAINT; Schema: kithdb; Owner: -
--

ALTER TABLE ONLY kithdb.event_author_declines
    ADD CONSTRAINT event_author_declines_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.profiles(id) ON DELETE CASCADE;


--
-- Name: event_hides event_hides_event_id_fkey; Type: FK CONSTRAINT; Schema: kithdb; Owner: -
--

ALTER TABLE ONLY kithdb.event_hides
    ADD CONSTRAINT event_hides_event_id_fkey FOREIGN KEY (event_id) REFERENCES public.events(id) ON DELETE CASCADE;


--
-- Name: event_hides event_hides_user_id_fkey; Type: FK CONSTRAINT; Schema: kithdb; Owner: -
--

ALTER TABLE ONLY kithdb.event_hides
    ADD CONSTRAINT event_hides_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.profiles(id) ON DELETE CASCADE;


--
-- Name: friendship_declines friendship_declines_declined_by_fkey; Type: FK CONSTRAINT; Schema: kithdb; Owner: -
--

ALTER TABLE ONLY kithdb.friendship_declines
    ADD CONSTRAINT friendship_declines_declined_by_fkey FOREIGN KEY (declined_by) REFERENCES public.profiles(id) ON DELETE CASCADE;


--
-- Name: friendship_declines friendship_declines_user_id_fkey; Type: FK CONSTRAINT; Schema: kithdb; Owner: -
--

ALTER TABLE ONLY kithdb.friendship_declines
    ADD CONSTRAINT friendship_declines_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.profiles(id) ON DELETE CASCADE;


--
-- Name: listeners listeners_user_id_fkey; Type: FK CONSTRAINT; Schema: kithdb; Owner: -
--

ALTER TABLE ONLY kithdb.listeners
    ADD CONSTRAINT listeners_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.profiles(id) ON DELETE CASCADE;


--
-- Name: message_tombstones message_tombstones_message_id_fkey; Type: FK CONSTRAINT; Schema: kithdb; Owner: -
--

ALTER TABLE ONLY kithdb.message_tombstones
    ADD CONSTRAINT message_tombstones_message_id_fkey FOREIGN KEY (message_id) REFERENCES public.chat_messages(id) ON DELETE CASCADE;


--
-- Name: rate_events rate_events_user_id_fkey; Type: FK CONSTRAINT; Schema: kithdb; Owner: -
--

ALTER TABLE ONLY kithdb.rate_events
    ADD CONSTRAINT rate_events_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.profiles(id) ON DELETE CASCADE;


--
-- Name: tombstone_hides tombstone_hides_user_id_fkey; Type: FK CONSTRAINT; Schema: kithdb; Owner: -
--

ALTER TABLE ONLY kithdb.tombstone_hides
    ADD CONSTRAINT tombstone_hides_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.profiles(id) ON DELETE CASCADE;


--
-- Name: blocks blocks_blocked_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.blocks
    ADD CONSTRAINT blocks_blocked_id_fkey FOREIGN KEY (blocked_id) REFERENCES public.profiles(id) ON DELETE CASCADE;


--
-- Name: blocks blocks_blocker_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.blocks
    ADD CONSTRAINT blocks_blocker_id_fkey FOREIGN KEY (blocker_id) REFERENCES public.profiles(id) ON DELETE CASCADE;


--
-- Name: chat_messages chat_messages_chat_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.chat_messages
    ADD CONSTRAINT chat_messages_chat_id_fkey FOREIGN KEY (chat_id) REFERENCES public.chats(id) ON DELETE CASCADE;


--
-- Name: chat_messages chat_messages_sender_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.chat_messages
    ADD CONSTRAINT chat_messages_sender_id_fkey FOREIGN KEY (sender_id) REFERENCES public.profiles(id) ON DELETE SET NULL;


--
-- Name: chat_participants chat_participants_chat_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.chat_participants
    ADD CONSTRAINT chat_participants_chat_id_fkey FOREIGN KEY (chat_id) REFERENCES public.chats(id) ON DELETE CASCADE;


--
-- Name: chat_participants chat_participants_user_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.chat_participants
    ADD CONSTRAINT chat_participants_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.profiles(id) ON DELETE CASCADE;


--
-- Name: chats chats_like_group_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.chats
    ADD CONSTRAINT chats_like_group_id_fkey FOREIGN KEY (like_group_id) REFERENCES public.like_groups(id) ON DELETE CASCADE;


--
-- Name: circle_members circle_members_circle_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.circle_members
    ADD CONSTRAINT circle_members_circle_id_fkey FOREIGN KEY (circle_id) REFERENCES public.circles(id) ON DELETE CASCADE;


--
-- Name: circle_members circle_members_invited_by_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.circle_members
    ADD CONSTRAINT circle_members_invited_by_fkey FOREIGN KEY (invited_by) REFERENCES public.profiles(id) ON DELETE SET NULL;


--
-- Name: circle_members circle_members_user_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.circle_members
    ADD CONSTRAINT circle_members_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.profiles(id) ON DELETE CASCADE;


--
-- Name: circle_opt_outs circle_opt_outs_circle_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.circle_opt_outs
    ADD CONSTRAINT circle_opt_outs_circle_id_fkey FOREIGN KEY (circle_id) REFERENCES public.circles(id) ON DELETE CASCADE;


--
-- Name: circle_opt_outs circle_opt_outs_user_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.circle_opt_outs
    ADD CONSTRAINT circle_opt_outs_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.profiles(id) ON DELETE CASCADE;


--
-- Name: circles circles_created_by_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.circles
    ADD CONSTRAINT circles_created_by_fkey FOREIGN KEY (created_by) REFERENCES public.profiles(id) ON DELETE SET NULL;


--
-- Name: circles circles_event_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.circles
    ADD CONSTRAINT circles_event_id_fkey FOREIGN KEY (event_id) REFERENCES public.events(id) ON DELETE CASCADE;


--
-- Name: event_author_invitations event_author_invitations_event_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.event_author_invitations
    ADD CONSTRAINT event_author_invitations_event_id_fkey FOREIGN KEY (event_id) REFERENCES public.events(id) ON DELETE CASCADE;


--
-- Name: event_author_invitations event_author_invitations_invited_by_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.event_author_invitations
    ADD CONSTRAINT event_author_invitations_invited_by_fkey FOREIGN KEY (invited_by) REFERENCES public.profiles(id) ON DELETE SET NULL;


--
-- Name: event_author_invitations event_author_invitations_user_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.event_author_invitations
    ADD CONSTRAINT event_author_invitations_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.profiles(id) ON DELETE CASCADE;


--
-- Name: event_authors event_authors_event_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.event_authors
    ADD CONSTRAINT event_authors_event_id_fkey FOREIGN KEY (event_id) REFERENCES public.events(id) ON DELETE CASCADE;


--
-- Name: event_authors event_authors_user_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.event_authors
    ADD CONSTRAINT event_authors_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.profiles(id) ON DELETE CASCADE;


--
-- Name: events events_creator_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.events
    ADD CONSTRAINT events_creator_id_fkey FOREIGN KEY (creator_id) REFERENCES public.profiles(id) ON DELETE SET NULL;


--
-- Name: friendships friendships_friend_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.friendships
    ADD CONSTRAINT friendships_friend_id_fkey FOREIGN KEY (friend_id) REFERENCES public.profiles(id) ON DELETE CASCADE;


--
-- Name: friendships friendships_user_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.friendships
    ADD CONSTRAINT friendships_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.profiles(id) ON DELETE CASCADE;


--
-- Name: like_group_approvals like_group_approvals_author_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.like_group_approvals
    ADD CONSTRAINT like_group_approvals_author_id_fkey FOREIGN KEY (author_id) REFERENCES public.profiles(id) ON DELETE CASCADE;


--
-- Name: like_group_approvals like_group_approvals_group_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.like_group_approvals
    ADD CONSTRAINT like_group_approvals_group_id_fkey FOREIGN KEY (group_id) REFERENCES public.like_groups(id) ON DELETE CASCADE;


--
-- Name: like_group_members like_group_members_group_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.like_group_members
    ADD CONSTRAINT like_group_members_group_fkey FOREIGN KEY (group_id) REFERENCES public.like_groups(id) ON DELETE CASCADE;


--
-- Name: like_group_members like_group_members_user_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.like_group_members
    ADD CONSTRAINT like_group_members_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.profiles(id) ON DELETE CASCADE;


--
-- Name: like_groups like_groups_chat_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.like_groups
    ADD CONSTRAINT like_groups_chat_id_fkey FOREIGN KEY (chat_id) REFERENCES public.chats(id);


--
-- Name: like_groups like_groups_creator_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.like_groups
    ADD CONSTRAINT like_groups_creator_id_fkey FOREIGN KEY (creator_id) REFERENCES public.profiles(id) ON DELETE CASCADE;


--
-- Name: like_groups like_groups_event_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.like_groups
    ADD CONSTRAINT like_groups_event_id_fkey FOREIGN KEY (event_id) REFERENCES public.events(id) ON DELETE CASCADE;


--
-- Name: moderators moderators_user_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.moderators
    ADD CONSTRAINT moderators_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.profiles(id) ON DELETE CASCADE;


--
-- Name: mutes mutes_muted_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.mutes
    ADD CONSTRAINT mutes_muted_id_fkey FOREIGN KEY (muted_id) REFERENCES public.profiles(id) ON DELETE CASCADE;


--
-- Name: mutes mutes_muter_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.mutes
    ADD CONSTRAINT mutes_muter_id_fkey FOREIGN KEY (muter_id) REFERENCES public.profiles(id) ON DELETE CASCADE;


--
-- Name: notifications notifications_actor_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.notifications
    ADD CONSTRAINT notifications_actor_id_fkey FOREIGN KEY (actor_id) REFERENCES public.profiles(id) ON DELETE CASCADE;


--
-- Name: notifications notifications_recipient_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.notifications
    ADD CONSTRAINT notifications_recipient_id_fkey FOREIGN KEY (recipient_id) REFERENCES public.profiles(id) ON DELETE CASCADE;


--
-- Name: notifications notifications_report_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.notifications
    ADD CONSTRAINT notifications_report_id_fkey FOREIGN KEY (report_id) REFERENCES public.reports(id) ON DELETE CASCADE;


--
-- Name: post_circles post_circles_circle_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.post_circles
    ADD CONSTRAINT post_circles_circle_id_fkey FOREIGN KEY (circle_id) REFERENCES public.circles(id) ON DELETE CASCADE;


--
-- Name: post_circles post_circles_post_created_at_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.post_circles
    ADD CONSTRAINT post_circles_post_created_at_fkey FOREIGN KEY (post_id, post_created_at) REFERENCES public.posts(id, created_at) ON UPDATE CASCADE ON DELETE CASCADE;


--
-- Name: post_circles post_circles_post_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.post_circles
    ADD CONSTRAINT post_circles_post_id_fkey FOREIGN KEY (post_id) REFERENCES public.posts(id) ON DELETE CASCADE;


--
-- Name: posts posts_author_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.posts
    ADD CONSTRAINT posts_author_id_fkey FOREIGN KEY (author_id) REFERENCES public.profiles(id) ON DELETE CASCADE;


--
-- Name: profiles profiles_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.profiles
    ADD CONSTRAINT profiles_id_fkey FOREIGN KEY (id) REFERENCES auth.users(id) ON DELETE CASCADE;


--
-- Name: reports reports_reporter_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.reports
    ADD CONSTRAINT reports_reporter_id_fkey FOREIGN KEY (reporter_id) REFERENCES public.profiles(id) ON DELETE SET NULL;


--
-- Name: suspensions suspensions_report_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.suspensions
    ADD CONSTRAINT suspensions_report_id_fkey FOREIGN KEY (report_id) REFERENCES public.reports(id) ON DELETE SET NULL;


--
-- Name: suspensions suspensions_user_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.suspensions
    ADD CONSTRAINT suspensions_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.profiles(id) ON DELETE CASCADE;


--
-- Name: identities; Type: ROW SECURITY; Schema: auth; Owner: -
--

ALTER TABLE auth.identities ENABLE ROW LEVEL SECURITY;

--
-- Name: users; Type: ROW SECURITY; Schema: auth; Owner: -
--

ALTER TABLE auth.users ENABLE ROW LEVEL SECURITY;

--
-- Name: blocks; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.blocks ENABLE ROW LEVEL SECURITY;

--
-- Name: blocks blocks_delete; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY blocks_delete ON public.blocks FOR DELETE TO authenticated USING ((blocker_id = ( SELECT auth.uid() AS uid)));


--
-- Name: blocks blocks_insert; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY blocks_insert ON public.blocks FOR INSERT TO authenticated WITH CHECK ((blocker_id = ( SELECT auth.uid() AS uid)));


--
-- Name: blocks blocks_select; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY blocks_select ON public.blocks FOR SELECT TO authenticated USING ((blocker_id = ( SELECT auth.uid() AS uid)));


--
-- Name: chat_messages; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.chat_messages ENABLE ROW LEVEL SECURITY;

--
-- Name: chat_messages chat_messages_insert; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY chat_messages_insert ON public.chat_messages FOR INSERT TO authenticated WITH CHECK (((sender_id = ( SELECT auth.uid() AS uid)) AND (chat_id = ANY (ARRAY( SELECT v.chat_id
   FROM kithdb.my_chats v)))));


--
-- Name: chat_messages chat_messages_select; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY chat_messages_select ON public.chat_messages FOR SELECT TO authenticated USING (((chat_id = ANY (ARRAY( SELECT v.chat_id
   FROM kithdb.my_chats v))) AND (((sender_id IS NOT NULL) AND (sender_id <> ALL (ARRAY( SELECT v.user_id
   FROM kithdb.my_hidden_users v)))) OR ((sender_id IS NULL) AND (NOT (EXISTS ( SELECT
   FROM kithdb.my_hidden_messages v
  WHERE (v.message_id = chat_messages.id)))))) AND ((removed_at IS NULL) OR (sender_id = ( SELECT auth.uid() AS uid)))));


--
-- Name: chat_participants; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.chat_participants ENABLE ROW LEVEL SECURITY;

--
-- Name: chat_participants chat_participants_select; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY chat_participants_select ON public.chat_participants FOR SELECT TO authenticated USING (((chat_id = ANY (ARRAY( SELECT v.chat_id
   FROM kithdb.my_chats v))) AND (user_id <> ALL (ARRAY( SELECT v.user_id
   FROM kithdb.my_blockers v)))));


--
-- Name: chat_participants chat_participants_update; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY chat_participants_update ON public.chat_participants FOR UPDATE TO authenticated USING (((user_id = ( SELECT auth.uid() AS uid)) AND (left_at IS NULL))) WITH CHECK ((user_id = ( SELECT auth.uid() AS uid)));


--
-- Name: chats; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.chats ENABLE ROW LEVEL SECURITY;

--
-- Name: chats chats_select; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY chats_select ON public.chats FOR SELECT TO authenticated USING ((id = ANY (ARRAY( SELECT v.chat_id
   FROM kithdb.my_chats v))));


--
-- Name: circle_members; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.circle_members ENABLE ROW LEVEL SECURITY;

--
-- Name: circle_members circle_members_delete; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY circle_members_delete ON public.circle_members FOR DELETE TO authenticated USING (((user_id = ( SELECT auth.uid() AS uid)) OR ((circle_id = ANY (ARRAY( SELECT v.circle_id
   FROM kithdb.my_admin_circles v))) AND (user_id <> ALL (ARRAY( SELECT v.user_id
   FROM kithdb.my_blockers v))) AND ((invited_by IS NULL) OR (invited_by <> ALL (ARRAY( SELECT v.user_id
   FROM kithdb.my_blockers v)))))));


--
-- Name: circle_members circle_members_insert; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY circle_members_insert ON public.circle_members FOR INSERT TO authenticated WITH CHECK ((circle_id = ANY (ARRAY( SELECT v.circle_id
   FROM kithdb.my_admin_circles v))));


--
-- Name: circle_members circle_members_select; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY circle_members_select ON public.circle_members FOR SELECT TO authenticated USING (((user_id = ( SELECT auth.uid() AS uid)) OR ((circle_id = ANY (ARRAY( SELECT v.circle_id
   FROM kithdb.my_rosters v))) AND (user_id <> ALL (ARRAY( SELECT v.user_id
   FROM kithdb.my_blockers v))) AND ((invited_by IS NULL) OR (invited_by <> ALL (ARRAY( SELECT v.user_id
   FROM kithdb.my_blockers v)))))));


--
-- Name: circle_members circle_members_update; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY circle_members_update ON public.circle_members FOR UPDATE TO authenticated USING (((user_id = ( SELECT auth.uid() AS uid)) OR ((circle_id = ANY (ARRAY( SELECT v.circle_id
   FROM kithdb.my_admin_circles v))) AND (user_id <> ALL (ARRAY( SELECT v.user_id
   FROM kithdb.my_blockers v))) AND ((invited_by IS NULL) OR (invited_by <> ALL (ARRAY( SELECT v.user_id
   FROM kithdb.my_blockers v))))))) WITH CHECK (((user_id = ( SELECT auth.uid() AS uid)) OR (circle_id = ANY (ARRAY( SELECT v.circle_id
   FROM kithdb.my_admin_circles v)))));


--
-- Name: circle_opt_outs; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.circle_opt_outs ENABLE ROW LEVEL SECURITY;

--
-- Name: circle_opt_outs circle_opt_outs_select; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY circle_opt_outs_select ON public.circle_opt_outs FOR SELECT TO authenticated USING ((user_id = ( SELECT auth.uid() AS uid)));


--
-- Name: circles; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.circles ENABLE ROW LEVEL SECURITY;

--
-- Name: circles circles_delete; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY circles_delete ON public.circles FOR DELETE TO authenticated USING ((id = ANY (ARRAY( SELECT v.circle_id
   FROM kithdb.my_admin_circles v))));


--
-- Name: circles circles_insert; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY circles_insert ON public.circles FOR INSERT TO authenticated WITH CHECK (((created_by = ( SELECT auth.uid() AS uid)) AND (circle_type = 'static'::public.circle_type)));


--
-- Name: circles circles_select; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY circles_select ON public.circles FOR SELECT TO authenticated USING (((id = ANY (ARRAY( SELECT v.circle_id
   FROM kithdb.my_circles v))) OR ((created_by = ( SELECT auth.uid() AS uid)) AND kithdb.is_new_circle(id))));


--
-- Name: circles circles_update; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY circles_update ON public.circles FOR UPDATE TO authenticated USING ((id = ANY (ARRAY( SELECT v.circle_id
   FROM kithdb.my_admin_circles v)))) WITH CHECK ((id = ANY (ARRAY( SELECT v.circle_id
   FROM kithdb.my_admin_circles v))));


--
-- Name: event_author_invitations; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.event_author_invitations ENABLE ROW LEVEL SECURITY;

--
-- Name: event_author_invitations event_author_invitations_delete; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY event_author_invitations_delete ON public.event_author_invitations FOR DELETE TO authenticated USING (((user_id = ( SELECT auth.uid() AS uid)) OR ((event_id = ANY (ARRAY( SELECT v.event_id
   FROM kithdb.my_authored_events v))) AND (user_id <> ALL (( SELECT kithdb.my_blocker_ids() AS my_blocker_ids)::uuid[])))));


--
-- Name: event_author_invitations event_author_invitations_insert; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY event_author_invitations_insert ON public.event_author_invitations FOR INSERT TO authenticated WITH CHECK (((invited_by = ( SELECT auth.uid() AS uid)) AND (event_id = ANY (ARRAY( SELECT v.event_id
   FROM kithdb.my_authored_events v)))));


--
-- Name: event_author_invitations event_author_invitations_select; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY event_author_invitations_select ON public.event_author_invitations FOR SELECT TO authenticated USING (((user_id = ( SELECT auth.uid() AS uid)) OR ((event_id = ANY (ARRAY( SELECT v.event_id
   FROM kithdb.my_authored_events v))) AND (user_id <> ALL (( SELECT kithdb.my_blocker_ids() AS my_blocker_ids)::uuid[])))));


--
-- Name: event_authors; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.event_authors ENABLE ROW LEVEL SECURITY;

--
-- Name: event_authors event_authors_delete; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY event_authors_delete ON public.event_authors FOR DELETE TO authenticated USING (((event_id = ANY (ARRAY( SELECT v.event_id
   FROM kithdb.my_authored_events v))) AND ((user_id = ( SELECT auth.uid() AS uid)) OR (user_id <> ALL (( SELECT kithdb.my_blocker_ids() AS my_blocker_ids)::uuid[])))));


--
-- Name: event_authors event_authors_insert; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY event_authors_insert ON public.event_authors FOR INSERT TO authenticated WITH CHECK ((user_id = ( SELECT auth.uid() AS uid)));


--
-- Name: event_authors event_authors_select; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY event_authors_select ON public.event_authors FOR SELECT TO authenticated USING (((user_id = ( SELECT auth.uid() AS uid)) OR ((user_id <> ALL (( SELECT kithdb.my_blocker_ids() AS my_blocker_ids)::uuid[])) AND (event_id <> ALL (( SELECT kithdb.my_hidden_event_ids() AS my_hidden_event_ids)::uuid[])))));


--
-- Name: events; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.events ENABLE ROW LEVEL SECURITY;

--
-- Name: events events_delete; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY events_delete ON public.events FOR DELETE TO authenticated USING ((creator_id = ( SELECT auth.uid() AS uid)));


--
-- Name: events events_insert; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY events_insert ON public.events FOR INSERT TO authenticated WITH CHECK ((creator_id = ( SELECT auth.uid() AS uid)));


--
-- Name: events events_select; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY events_select ON public.events FOR SELECT TO authenticated USING (((id <> ALL (ARRAY( SELECT v.event_id
   FROM kithdb.my_blockers_events v))) OR (id = ANY (ARRAY( SELECT v.event_id
   FROM kithdb.my_authored_events v)))));


--
-- Name: events events_update; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY events_update ON public.events FOR UPDATE TO authenticated USING ((id = ANY (ARRAY( SELECT v.event_id
   FROM kithdb.my_authored_events v)))) WITH CHECK ((id = ANY (ARRAY( SELECT v.event_id
   FROM kithdb.my_authored_events v))));


--
-- Name: friendships; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.friendships ENABLE ROW LEVEL SECURITY;

--
-- Name: friendships friendships_delete; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY friendships_delete ON public.friendships FOR DELETE TO authenticated USING (((( SELECT auth.uid() AS uid) = user_id) OR (( SELECT auth.uid() AS uid) = friend_id)));


--
-- Name: friendships friendships_insert; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY friendships_insert ON public.friendships FOR INSERT TO authenticated WITH CHECK (((( SELECT auth.uid() AS uid) = user_id) OR (( SELECT auth.uid() AS uid) = friend_id)));


--
-- Name: friendships friendships_select; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY friendships_select ON public.friendships FOR SELECT TO authenticated USING (((( SELECT auth.uid() AS uid) = user_id) OR (( SELECT auth.uid() AS uid) = friend_id)));


--
-- Name: friendships friendships_update; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY friendships_update ON public.friendships FOR UPDATE TO authenticated USING (((( SELECT auth.uid() AS uid) = user_id) OR (( SELECT auth.uid() AS uid) = friend_id))) WITH CHECK (((( SELECT auth.uid() AS uid) = user_id) OR (( SELECT auth.uid() AS uid) = friend_id)));


--
-- Name: like_group_approvals; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.like_group_approvals ENABLE ROW LEVEL SECURITY;

--
-- Name: like_group_approvals like_group_approvals_select; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY like_group_approvals_select ON public.like_group_approvals FOR SELECT TO authenticated USING (((group_id = ANY (ARRAY( SELECT v.group_id
   FROM kithdb.my_like_groups v))) AND (author_id <> ALL (ARRAY( SELECT v.user_id
   FROM kithdb.my_blockers v)))));


--
-- Name: like_group_members; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.like_group_members ENABLE ROW LEVEL SECURITY;

--
-- Name: like_group_members like_group_members_select; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY like_group_members_select ON public.like_group_members FOR SELECT TO authenticated USING ((((event_id = ANY (ARRAY( SELECT v.event_id
   FROM kithdb.my_authored_events v))) OR (group_id = ANY (ARRAY( SELECT v.group_id
   FROM kithdb.my_member_like_groups v)))) AND (user_id <> ALL (ARRAY( SELECT v.user_id
   FROM kithdb.my_blockers v)))));


--
-- Name: like_groups; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.like_groups ENABLE ROW LEVEL SECURITY;

--
-- Name: like_groups like_groups_select; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY like_groups_select ON public.like_groups FOR SELECT TO authenticated USING (((event_id = ANY (ARRAY( SELECT v.event_id
   FROM kithdb.my_authored_events v))) OR (id = ANY (ARRAY( SELECT v.group_id
   FROM kithdb.my_member_like_groups v)))));


--
-- Name: moderation_log; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.moderation_log ENABLE ROW LEVEL SECURITY;

--
-- Name: moderation_log moderation_log_select; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY moderation_log_select ON public.moderation_log FOR SELECT TO authenticated USING ((EXISTS ( SELECT
   FROM public.moderators m
  WHERE (m.user_id = ( SELECT auth.uid() AS uid)))));


--
-- Name: moderators; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.moderators ENABLE ROW LEVEL SECURITY;

--
-- Name: moderators moderators_select; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY moderators_select ON public.moderators FOR SELECT TO authenticated USING ((user_id = ( SELECT auth.uid() AS uid)));


--
-- Name: mutes; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.mutes ENABLE ROW LEVEL SECURITY;

--
-- Name: mutes mutes_delete; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY mutes_delete ON public.mutes FOR DELETE TO authenticated USING (((muter_id = ( SELECT auth.uid() AS uid)) AND (muted_id <> ALL (ARRAY( SELECT v.user_id
   FROM kithdb.my_blockers v)))));


--
-- Name: mutes mutes_insert; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY mutes_insert ON public.mutes FOR INSERT TO authenticated WITH CHECK ((muter_id = ( SELECT auth.uid() AS uid)));


--
-- Name: mutes mutes_select; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY mutes_select ON public.mutes FOR SELECT TO authenticated USING (((muter_id = ( SELECT auth.uid() AS uid)) AND (muted_id <> ALL (ARRAY( SELECT v.user_id
   FROM kithdb.my_blockers v)))));


--
-- Name: mutes mutes_update; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY mutes_update ON public.mutes FOR UPDATE TO authenticated USING (((muter_id = ( SELECT auth.uid() AS uid)) AND (muted_id <> ALL (ARRAY( SELECT v.user_id
   FROM kithdb.my_blockers v))))) WITH CHECK ((muter_id = ( SELECT auth.uid() AS uid)));


--
-- Name: notifications; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.notifications ENABLE ROW LEVEL SECURITY;

--
-- Name: notifications notifications_select; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY notifications_select ON public.notifications FOR SELECT TO authenticated USING ((recipient_id = ( SELECT auth.uid() AS uid)));


--
-- Name: notifications notifications_update; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY notifications_update ON public.notifications FOR UPDATE TO authenticated USING (((recipient_id = ( SELECT auth.uid() AS uid)) AND (read_at IS NULL))) WITH CHECK ((recipient_id = ( SELECT auth.uid() AS uid)));


--
-- Name: post_circles; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.post_circles ENABLE ROW LEVEL SECURITY;

--
-- Name: post_circles post_circles_delete; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY post_circles_delete ON public.post_circles FOR DELETE TO authenticated USING ((((post_id = ANY (ARRAY( SELECT v.post_id
   FROM kithdb.my_posts v))) OR (circle_id = ANY (ARRAY( SELECT v.circle_id
   FROM kithdb.my_admin_circles v)))) AND (post_id <> ALL (ARRAY( SELECT v.post_id
   FROM kithdb.my_blockers_posts v)))));


--
-- Name: post_circles post_circles_insert; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY post_circles_insert ON public.post_circles FOR INSERT TO authenticated WITH CHECK (((post_id = ANY (ARRAY( SELECT v.post_id
   FROM kithdb.my_posts v))) AND (circle_id = ANY (ARRAY( SELECT v.circle_id
   FROM kithdb.my_member_circles v)))));


--
-- Name: post_circles post_circles_select; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY post_circles_select ON public.post_circles FOR SELECT TO authenticated USING ((((circle_id = ANY (ARRAY( SELECT v.circle_id
   FROM kithdb.my_member_circles v))) OR (post_id = ANY (ARRAY( SELECT v.post_id
   FROM kithdb.my_posts v)))) AND (post_id <> ALL (ARRAY( SELECT v.post_id
   FROM kithdb.my_blockers_posts v)))));


--
-- Name: posts; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.posts ENABLE ROW LEVEL SECURITY;

--
-- Name: posts posts_delete; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY posts_delete ON public.posts FOR DELETE TO authenticated USING ((author_id = ( SELECT auth.uid() AS uid)));


--
-- Name: posts posts_insert; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY posts_insert ON public.posts FOR INSERT TO authenticated WITH CHECK ((author_id = ( SELECT auth.uid() AS uid)));


--
-- Name: posts posts_select; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY posts_select ON public.posts FOR SELECT TO authenticated USING (((author_id = ( SELECT auth.uid() AS uid)) OR (((audience = 'public'::public.post_audience) OR ((audience = 'friends'::public.post_audience) AND (author_id = ANY (ARRAY( SELECT v.friend_id
   FROM kithdb.my_friends v)))) OR ((audience = 'circles'::public.post_audience) AND (EXISTS ( SELECT
   FROM kithdb.my_circle_posts v
  WHERE (v.post_id = posts.id)
 OFFSET 0)))) AND (author_id <> ALL (ARRAY( SELECT v.user_id
   FROM kithdb.my_hidden_users v))) AND (removed_at IS NULL))));


--
-- Name: posts posts_update; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY posts_update ON public.posts FOR UPDATE TO authenticated USING ((author_id = ( SELECT auth.uid() AS uid))) WITH CHECK ((author_id = ( SELECT auth.uid() AS uid)));


--
-- Name: profiles; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.profiles ENABLE ROW LEVEL SECURITY;

--
-- Name: profiles profiles_select; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY profiles_select ON public.profiles FOR SELECT TO authenticated USING ((id <> ALL (ARRAY( SELECT v.user_id
   FROM kithdb.my_blockers v))));


--
-- Name: profiles profiles_update; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY profiles_update ON public.profiles FOR UPDATE TO authenticated USING ((id = ( SELECT auth.uid() AS uid))) WITH CHECK ((id = ( SELECT auth.uid() AS uid)));


--
-- Name: rate_limits; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.rate_limits ENABLE ROW LEVEL SECURITY;

--
-- Name: rate_limits rate_limits_select; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY rate_limits_select ON public.rate_limits FOR SELECT TO authenticated USING (true);


--
-- Name: reports; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.reports ENABLE ROW LEVEL SECURITY;

--
-- Name: reports reports_insert; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY reports_insert ON public.reports FOR INSERT TO authenticated WITH CHECK (((reporter_id = ( SELECT auth.uid() AS uid)) AND (NOT ((target_kind = 'user'::public.report_target_kind) AND (target_id = ( SELECT auth.uid() AS uid)))) AND kithdb.can_see_report_target(target_kind, target_id)));


--
-- Name: reports reports_select; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY reports_select ON public.reports FOR SELECT TO authenticated USING (((reporter_id = ( SELECT auth.uid() AS uid)) OR ((target_user_id IS DISTINCT FROM ( SELECT auth.uid() AS uid)) AND (EXISTS ( SELECT
   FROM public.moderators m
  WHERE (m.user_id = ( SELECT auth.uid() AS uid)))))));


--
-- Name: suspensions; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.suspensions ENABLE ROW LEVEL SECURITY;

--
-- Name: suspensions suspensions_select; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY suspensions_select ON public.suspensions FOR SELECT TO authenticated USING (((user_id = ( SELECT auth.uid() AS uid)) OR (EXISTS ( SELECT
   FROM public.moderators m
  WHERE (m.user_id = ( SELECT auth.uid() AS uid))))));


--
-- Name: supabase_realtime; Type: PUBLICATION; Schema: -; Owner: -
--

CREATE PUBLICATION supabase_realtime WITH (publish = 'insert, update, delete, truncate');


--
-- Name: PUBLICATION supabase_realtime; Type: COMMENT; Schema: -; Owner: -
--

COMMENT ON PUBLICATION supabase_realtime IS 'kithdb: created where Supabase had not.';


--
-- Name: supabase_realtime chat_messages; Type: PUBLICATION TABLE; Schema: public; Owner: -
--

ALTER PUBLICATION supabase_realtime ADD TABLE ONLY public.chat_messages;


--
-- Name: supabase_realtime notifications; Type: PUBLICATION TABLE; Schema: public; Owner: -
--

ALTER PUBLICATION supabase_realtime ADD TABLE ONLY public.notifications;


--
-- Name: SCHEMA auth; Type: ACL; Schema: -; Owner: -
--

GRANT USAGE ON SCHEMA auth TO anon;
GRANT USAGE ON SCHEMA auth TO authenticated;
GRANT USAGE ON SCHEMA auth TO service_role;


--
-- Name: SCHEMA extensions; Type: ACL; Schema: -; Owner: -
--

GRANT USAGE ON SCHEMA extensions TO anon;
GRANT USAGE ON SCHEMA extensions TO authenticated;
GRANT USAGE ON SCHEMA extensions TO service_role;


--
-- Name: SCHEMA kithdb; Type: ACL; Schema: -; Owner: -
--

GRANT USAGE ON SCHEMA kithdb TO authenticated;
GRANT USAGE ON SCHEMA kithdb TO service_role;


--
-- Name: FUNCTION add_like_group_member(p_group_id uuid, p_user_id uuid); Type: ACL; Schema: kithdb; Owner: -
--

REVOKE ALL ON FUNCTION kithdb.add_like_group_member(p_group_id uuid, p_user_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION kithdb.add_like_group_member(p_group_id uuid, p_user_id uuid) TO authenticated;
GRANT ALL ON FUNCTION kithdb.add_like_group_member(p_group_id uuid, p_user_id uuid) TO service_role;


--
-- Name: FUNCTION approve_like_group(p_group_id uuid, p_approved boolean, p_member_ids uuid[]); Type: ACL; Schema: kithdb; Owner: -
--

REVOKE ALL ON FUNCTION kithdb.approve_like_group(p_group_id uuid, p_approved boolean, p_member_ids uuid[]) FROM PUBLIC;
GRANT ALL ON FUNCTION kithdb.approve_like_group(p_group_id uuid, p_approved boolean, p_member_ids uuid[]) TO authenticated;
GRANT ALL ON FUNCTION kithdb.approve_like_group(p_group_id uuid, p_approved boolean, p_member_ids uuid[]) TO service_role;


--
-- Name: FUNCTION are_friends(a uuid, b uuid); Type: ACL; Schema: kithdb; Owner: -
--

REVOKE ALL ON FUNCTION kithdb.are_friends(a uuid, b uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION kithdb.are_friends(a uuid, b uuid) TO authenticated;
GRANT ALL ON FUNCTION kithdb.are_friends(a uuid, b uuid) TO service_role;


--
-- Name: FUNCTION auth_users_lock_account(); Type: ACL; Schema: kithdb; Owner: -
--

REVOKE ALL ON FUNCTION kithdb.auth_users_lock_account() FROM PUBLIC;


--
-- Name: FUNCTION blocks_claim_like_groups(); Type: ACL; Schema: kithdb; Owner: -
--

REVOKE ALL ON FUNCTION kithdb.blocks_claim_like_groups() FROM PUBLIC;


--
-- Name: FUNCTION blocks_end_friendship(); Type: ACL; Schema: kithdb; Owner: -
--

REVOKE ALL ON FUNCTION kithdb.blocks_end_friendship() FROM PUBLIC;


--
-- Name: FUNCTION blocks_lock_my_block(); Type: ACL; Schema: kithdb; Owner: -
--

REVOKE ALL ON FUNCTION kithdb.blocks_lock_my_block() FROM PUBLIC;


--
-- Name: FUNCTION blocks_lock_pair(); Type: ACL; Schema: kithdb; Owner: -
--

REVOKE ALL ON FUNCTION kithdb.blocks_lock_pair() FROM PUBLIC;


--
-- Name: FUNCTION blocks_part_circles(); Type: ACL; Schema: kithdb; Owner: -
--

REVOKE ALL ON FUNCTION kithdb.blocks_part_circles() FROM PUBLIC;


--
-- Name: FUNCTION blocks_part_event_chats(); Type: ACL; Schema: kithdb; Owner: -
--

REVOKE ALL ON FUNCTION kithdb.blocks_part_event_chats() FROM PUBLIC;


--
-- Name: FUNCTION blocks_part_events(); Type: ACL; Schema: kithdb; Owner: -
--

REVOKE ALL ON FUNCTION kithdb.blocks_part_events() FROM PUBLIC;


--
-- Name: FUNCTION blocks_part_in_pending_groups(); Type: ACL; Schema: kithdb; Owner: -
--

REVOKE ALL ON FUNCTION kithdb.blocks_part_in_pending_groups() FROM PUBLIC;


--
-- Name: FUNCTION blocks_part_like_groups(); Type: ACL; Schema: kithdb; Owner: -
--

REVOKE ALL ON FUNCTION kithdb.blocks_part_like_groups() FROM PUBLIC;


--
-- Name: FUNCTION blocks_release_like_groups(); Type: ACL; Schema: kithdb; Owner: -
--

REVOKE ALL ON FUNCTION kithdb.blocks_release_like_groups() FROM PUBLIC;


--
-- Name: FUNCTION blocks_sync_circles(); Type: ACL; Schema: kithdb; Owner: -
--

REVOKE ALL ON FUNCTION kithdb.blocks_sync_circles() FROM PUBLIC;


--
-- Name: FUNCTION blocks_unnotify(); Type: ACL; Schema: kithdb; Owner: -
--

REVOKE ALL ON FUNCTION kithdb.blocks_unnotify() FROM PUBLIC;


--
-- Name: FUNCTION caller_is_circle_admin(p_circle_id uuid); Type: ACL; Schema: kithdb; Owner: -
--

REVOKE ALL ON FUNCTION kithdb.caller_is_circle_admin(p_circle_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION kithdb.caller_is_circle_admin(p_circle_id uuid) TO authenticated;
GRANT ALL ON FUNCTION kithdb.caller_is_circle_admin(p_circle_id uuid) TO service_role;


--
-- Name: FUNCTION caller_is_circle_member(p_circle_id uuid); Type: ACL; Schema: kithdb; Owner: -
--

REVOKE ALL ON FUNCTION kithdb.caller_is_circle_member(p_circle_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION kithdb.caller_is_circle_member(p_circle_id uuid) TO authenticated;
GRANT ALL ON FUNCTION kithdb.caller_is_circle_member(p_circle_id uuid) TO service_role;


--
-- Name: FUNCTION can_see_report_target(p_kind public.report_target_kind, p_id uuid); Type: ACL; Schema: kithdb; Owner: -
--

REVOKE ALL ON FUNCTION kithdb.can_see_report_target(p_kind public.report_target_kind, p_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION kithdb.can_see_report_target(p_kind public.report_target_kind, p_id uuid) TO authenticated;
GRANT ALL ON FUNCTION kithdb.can_see_report_target(p_kind public.report_target_kind, p_id uuid) TO service_role;


--
-- Name: FUNCTION canonical_circle_rule(p_rule jsonb); Type: ACL; Schema: kithdb; Owner: -
--

REVOKE ALL ON FUNCTION kithdb.canonical_circle_rule(p_rule jsonb) FROM PUBLIC;


--
-- Name: FUNCTION chat_messages_announce(); Type: ACL; Schema: kithdb; Owner: -
--

REVOKE ALL ON FUNCTION kithdb.chat_messages_announce() FROM PUBLIC;


--
-- Name: FUNCTION chat_participants_guard(); Type: ACL; Schema: kithdb; Owner: -
--

REVOKE ALL ON FUNCTION kithdb.chat_participants_guard() FROM PUBLIC;


--
-- Name: FUNCTION chat_participants_wait_for_messages(); Type: ACL; Schema: kithdb; Owner: -
--

REVOKE ALL ON FUNCTION kithdb.chat_participants_wait_for_messages() FROM PUBLIC;


--
-- Name: FUNCTION check_like_group_member(p_event_id uuid, p_creator uuid, p_user_id uuid); Type: ACL; Schema: kithdb; Owner: -
--

REVOKE ALL ON FUNCTION kithdb.check_like_group_member(p_event_id uuid, p_creator uuid, p_user_id uuid) FROM PUBLIC;


--
-- Name: FUNCTION check_page(p_limit integer, p_before timestamp with time zone, p_before_id uuid); Type: ACL; Schema: kithdb; Owner: -
--

REVOKE ALL ON FUNCTION kithdb.check_page(p_limit integer, p_before timestamp with time zone, p_before_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION kithdb.check_page(p_limit integer, p_before timestamp with time zone, p_before_id uuid) TO authenticated;
GRANT ALL ON FUNCTION kithdb.check_page(p_limit integer, p_before timestamp with time zone, p_before_id uuid) TO service_role;


--
-- Name: FUNCTION circle_for_admin(p_circle_id uuid); Type: ACL; Schema: kithdb; Owner: -
--

REVOKE ALL ON FUNCTION kithdb.circle_for_admin(p_circle_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION kithdb.circle_for_admin(p_circle_id uuid) TO authenticated;
GRANT ALL ON FUNCTION kithdb.circle_for_admin(p_circle_id uuid) TO service_role;


--
-- Name: FUNCTION circle_members_capacity(); Type: ACL; Schema: kithdb; Owner: -
--

REVOKE ALL ON FUNCTION kithdb.circle_members_capacity() FROM PUBLIC;


--
-- Name: FUNCTION circle_members_guard(); Type: ACL; Schema: kithdb; Owner: -
--

REVOKE ALL ON FUNCTION kithdb.circle_members_guard() FROM PUBLIC;


--
-- Name: FUNCTION circle_members_integrity(); Type: ACL; Schema: kithdb; Owner: -
--

REVOKE ALL ON FUNCTION kithdb.circle_members_integrity() FROM PUBLIC;


--
-- Name: FUNCTION circle_members_notify(); Type: ACL; Schema: kithdb; Owner: -
--

REVOKE ALL ON FUNCTION kithdb.circle_members_notify() FROM PUBLIC;


--
-- Name: FUNCTION circle_members_opt_out(); Type: ACL; Schema: kithdb; Owner: -
--

REVOKE ALL ON FUNCTION kithdb.circle_members_opt_out() FROM PUBLIC;


--
-- Name: FUNCTION circle_members_recently_declined(); Type: ACL; Schema: kithdb; Owner: -
--

REVOKE ALL ON FUNCTION kithdb.circle_members_recently_declined() FROM PUBLIC;


--
-- Name: FUNCTION circle_members_record_decline(); Type: ACL; Schema: kithdb; Owner: -
--

REVOKE ALL ON FUNCTION kithdb.circle_members_record_decline() FROM PUBLIC;


--
-- Name: FUNCTION circle_members_unshare_posts(); Type: ACL; Schema: kithdb; Owner: -
--

REVOKE ALL ON FUNCTION kithdb.circle_members_unshare_posts() FROM PUBLIC;


--
-- Name: FUNCTION circle_name(p_name text, p_description text); Type: ACL; Schema: kithdb; Owner: -
--

REVOKE ALL ON FUNCTION kithdb.circle_name(p_name text, p_description text) FROM PUBLIC;
GRANT ALL ON FUNCTION kithdb.circle_name(p_name text, p_description text) TO authenticated;
GRANT ALL ON FUNCTION kithdb.circle_name(p_name text, p_description text) TO service_role;


--
-- Name: FUNCTION circle_opt_outs_lock(); Type: ACL; Schema: kithdb; Owner: -
--

REVOKE ALL ON FUNCTION kithdb.circle_opt_outs_lock() FROM PUBLIC;


--
-- Name: FUNCTION circle_opt_outs_sync(); Type: ACL; Schema: kithdb; Owner: -
--

REVOKE ALL ON FUNCTION kithdb.circle_opt_outs_sync() FROM PUBLIC;


--
-- Name: FUNCTION circle_rule_members(p_circle_id uuid, p_user_id uuid); Type: ACL; Schema: kithdb; Owner: -
--

REVOKE ALL ON FUNCTION kithdb.circle_rule_members(p_circle_id uuid, p_user_id uuid) FROM PUBLIC;


--
-- Name: FUNCTION circles_add_founder(); Type: ACL; Schema: kithdb; Owner: -
--

REVOKE ALL ON FUNCTION kithdb.circles_add_founder() FROM PUBLIC;


--
-- Name: FUNCTION circles_guard(); Type: ACL; Schema: kithdb; Owner: -
--

REVOKE ALL ON FUNCTION kithdb.circles_guard() FROM PUBLIC;


--
-- Name: FUNCTION circles_rule_caps(); Type: ACL; Schema: kithdb; Owner: -
--

REVOKE ALL ON FUNCTION kithdb.circles_rule_caps() FROM PUBLIC;


--
-- Name: FUNCTION cool_down(); Type: ACL; Schema: kithdb; Owner: -
--

REVOKE ALL ON FUNCTION kithdb.cool_down() FROM PUBLIC;
GRANT ALL ON FUNCTION kithdb.cool_down() TO authenticated;
GRANT ALL ON FUNCTION kithdb.cool_down() TO service_role;


--
-- Name: FUNCTION count_rate(); Type: ACL; Schema: kithdb; Owner: -
--

REVOKE ALL ON FUNCTION kithdb.count_rate() FROM PUBLIC;


--
-- Name: FUNCTION create_dynamic_circle(p_name text, p_rule jsonb, p_description text); Type: ACL; Schema: kithdb; Owner: -
--

REVOKE ALL ON FUNCTION kithdb.create_dynamic_circle(p_name text, p_rule jsonb, p_description text) FROM PUBLIC;
GRANT ALL ON FUNCTION kithdb.create_dynamic_circle(p_name text, p_rule jsonb, p_description text) TO authenticated;
GRANT ALL ON FUNCTION kithdb.create_dynamic_circle(p_name text, p_rule jsonb, p_description text) TO service_role;


--
-- Name: FUNCTION create_like_group(p_event_id uuid, p_member_ids uuid[]); Type: ACL; Schema: kithdb; Owner: -
--

REVOKE ALL ON FUNCTION kithdb.create_like_group(p_event_id uuid, p_member_ids uuid[]) FROM PUBLIC;
GRANT ALL ON FUNCTION kithdb.create_like_group(p_event_id uuid, p_member_ids uuid[]) TO authenticated;
GRANT ALL ON FUNCTION kithdb.create_like_group(p_event_id uuid, p_member_ids uuid[]) TO service_role;


--
-- Name: FUNCTION create_profile_for_new_user(); Type: ACL; Schema: kithdb; Owner: -
--

REVOKE ALL ON FUNCTION kithdb.create_profile_for_new_user() FROM PUBLIC;


--
-- Name: FUNCTION decide_like_group(p_group_id uuid); Type: ACL; Schema: kithdb; Owner: -
--

REVOKE ALL ON FUNCTION kithdb.decide_like_group(p_group_id uuid) FROM PUBLIC;


--
-- Name: TABLE like_groups; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT ON TABLE public.like_groups TO authenticated;
GRANT ALL ON TABLE public.like_groups TO service_role;


--
-- Name: FUNCTION decide_like_group(p_group public.like_groups, p_starts_at timestamp with time zone); Type: ACL; Schema: kithdb; Owner: -
--

REVOKE ALL ON FUNCTION kithdb.decide_like_group(p_group public.like_groups, p_starts_at timestamp with time zone) FROM PUBLIC;


--
-- Name: FUNCTION default_display_name(p_meta jsonb); Type: ACL; Schema: kithdb; Owner: -
--

REVOKE ALL ON FUNCTION kithdb.default_display_name(p_meta jsonb) FROM PUBLIC;


--
-- Name: FUNCTION delete_my_account(p_confirm text); Type: ACL; Schema: kithdb; Owner: -
--

REVOKE ALL ON FUNCTION kithdb.delete_my_account(p_confirm text) FROM PUBLIC;
GRANT ALL ON FUNCTION kithdb.delete_my_account(p_confirm text) TO authenticated;
GRANT ALL ON FUNCTION kithdb.delete_my_account(p_confirm text) TO service_role;


--
-- Name: FUNCTION event_author_invitations_guard(); Type: ACL; Schema: kithdb; Owner: -
--

REVOKE ALL ON FUNCTION kithdb.event_author_invitations_guard() FROM PUBLIC;


--
-- Name: FUNCTION event_author_invitations_notify(); Type: ACL; Schema: kithdb; Owner: -
--

REVOKE ALL ON FUNCTION kithdb.event_author_invitations_notify() FROM PUBLIC;


--
-- Name: FUNCTION event_author_invitations_recently_declined(); Type: ACL; Schema: kithdb; Owner: -
--

REVOKE ALL ON FUNCTION kithdb.event_author_invitations_recently_declined() FROM PUBLIC;


--
-- Name: FUNCTION event_author_invitations_record_decline(); Type: ACL; Schema: kithdb; Owner: -
--

REVOKE ALL ON FUNCTION kithdb.event_author_invitations_record_decline() FROM PUBLIC;


--
-- Name: FUNCTION event_authors_clear_decline(); Type: ACL; Schema: kithdb; Owner: -
--

REVOKE ALL ON FUNCTION kithdb.event_authors_clear_decline() FROM PUBLIC;


--
-- Name: FUNCTION event_authors_guard(); Type: ACL; Schema: kithdb; Owner: -
--

REVOKE ALL ON FUNCTION kithdb.event_authors_guard() FROM PUBLIC;


--
-- Name: FUNCTION event_authors_no_like_group_member(); Type: ACL; Schema: kithdb; Owner: -
--

REVOKE ALL ON FUNCTION kithdb.event_authors_no_like_group_member() FROM PUBLIC;


--
-- Name: FUNCTION event_authors_part_invitations(); Type: ACL; Schema: kithdb; Owner: -
--

REVOKE ALL ON FUNCTION kithdb.event_authors_part_invitations() FROM PUBLIC;


--
-- Name: FUNCTION event_authors_pass_event(); Type: ACL; Schema: kithdb; Owner: -
--

REVOKE ALL ON FUNCTION kithdb.event_authors_pass_event() FROM PUBLIC;


--
-- Name: FUNCTION event_authors_redecide(); Type: ACL; Schema: kithdb; Owner: -
--

REVOKE ALL ON FUNCTION kithdb.event_authors_redecide() FROM PUBLIC;


--
-- Name: FUNCTION event_authors_release_like_groups(); Type: ACL; Schema: kithdb; Owner: -
--

REVOKE ALL ON FUNCTION kithdb.event_authors_release_like_groups() FROM PUBLIC;


--
-- Name: FUNCTION event_authors_sync_circles(); Type: ACL; Schema: kithdb; Owner: -
--

REVOKE ALL ON FUNCTION kithdb.event_authors_sync_circles() FROM PUBLIC;


--
-- Name: FUNCTION event_authors_unnotify(); Type: ACL; Schema: kithdb; Owner: -
--

REVOKE ALL ON FUNCTION kithdb.event_authors_unnotify() FROM PUBLIC;


--
-- Name: FUNCTION is_blank(p_text text); Type: ACL; Schema: kithdb; Owner: -
--

REVOKE ALL ON FUNCTION kithdb.is_blank(p_text text) FROM PUBLIC;
GRANT ALL ON FUNCTION kithdb.is_blank(p_text text) TO authenticated;
GRANT ALL ON FUNCTION kithdb.is_blank(p_text text) TO service_role;


--
-- Name: TABLE events; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT,DELETE ON TABLE public.events TO authenticated;
GRANT ALL ON TABLE public.events TO service_role;


--
-- Name: COLUMN events.creator_id; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(creator_id) ON TABLE public.events TO authenticated;


--
-- Name: COLUMN events.title; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(title),UPDATE(title) ON TABLE public.events TO authenticated;


--
-- Name: COLUMN events.description; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(description),UPDATE(description) ON TABLE public.events TO authenticated;


--
-- Name: COLUMN events.starts_at; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(starts_at),UPDATE(starts_at) ON TABLE public.events TO authenticated;


--
-- Name: COLUMN events.ends_at; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(ends_at),UPDATE(ends_at) ON TABLE public.events TO authenticated;


--
-- Name: COLUMN events.status; Type: ACL; Schema: public; Owner: -
--

GRANT UPDATE(status) ON TABLE public.events TO authenticated;


--
-- Name: FUNCTION event_for_author(p_event_id uuid); Type: ACL; Schema: kithdb; Owner: -
--

REVOKE ALL ON FUNCTION kithdb.event_for_author(p_event_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION kithdb.event_for_author(p_event_id uuid) TO authenticated;
GRANT ALL ON FUNCTION kithdb.event_for_author(p_event_id uuid) TO service_role;


--
-- Name: FUNCTION events_add_creator(); Type: ACL; Schema: kithdb; Owner: -
--

REVOKE ALL ON FUNCTION kithdb.events_add_creator() FROM PUBLIC;


--
-- Name: FUNCTION events_expire_like_groups(); Type: ACL; Schema: kithdb; Owner: -
--

REVOKE ALL ON FUNCTION kithdb.events_expire_like_groups() FROM PUBLIC;


--
-- Name: FUNCTION events_guard(); Type: ACL; Schema: kithdb; Owner: -
--

REVOKE ALL ON FUNCTION kithdb.events_guard() FROM PUBLIC;


--
-- Name: FUNCTION events_keep_attendees(); Type: ACL; Schema: kithdb; Owner: -
--

REVOKE ALL ON FUNCTION kithdb.events_keep_attendees() FROM PUBLIC;


--
-- Name: FUNCTION events_unnotify(); Type: ACL; Schema: kithdb; Owner: -
--

REVOKE ALL ON FUNCTION kithdb.events_unnotify() FROM PUBLIC;


--
-- Name: FUNCTION events_withdraw_author_invitations(); Type: ACL; Schema: kithdb; Owner: -
--

REVOKE ALL ON FUNCTION kithdb.events_withdraw_author_invitations() FROM PUBLIC;


--
-- Name: FUNCTION expire_overdue_like_groups(); Type: ACL; Schema: kithdb; Owner: -
--

REVOKE ALL ON FUNCTION kithdb.expire_overdue_like_groups() FROM PUBLIC;
GRANT ALL ON FUNCTION kithdb.expire_overdue_like_groups() TO service_role;


--
-- Name: FUNCTION expire_overdue_like_groups(p_event_id uuid, p_user_ids uuid[]); Type: ACL; Schema: kithdb; Owner: -
--

REVOKE ALL ON FUNCTION kithdb.expire_overdue_like_groups(p_event_id uuid, p_user_ids uuid[]) FROM PUBLIC;


--
-- Name: FUNCTION export_my_data(); Type: ACL; Schema: kithdb; Owner: -
--

REVOKE ALL ON FUNCTION kithdb.export_my_data() FROM PUBLIC;
GRANT ALL ON FUNCTION kithdb.export_my_data() TO authenticated;
GRANT ALL ON FUNCTION kithdb.export_my_data() TO service_role;


--
-- Name: FUNCTION friendships_guard(); Type: ACL; Schema: kithdb; Owner: -
--

REVOKE ALL ON FUNCTION kithdb.friendships_guard() FROM PUBLIC;


--
-- Name: FUNCTION friendships_keep_decline(); Type: ACL; Schema: kithdb; Owner: -
--

REVOKE ALL ON FUNCTION kithdb.friendships_keep_decline() FROM PUBLIC;


--
-- Name: FUNCTION friendships_notify(); Type: ACL; Schema: kithdb; Owner: -
--

REVOKE ALL ON FUNCTION kithdb.friendships_notify() FROM PUBLIC;


--
-- Name: FUNCTION friendships_recently_declined(); Type: ACL; Schema: kithdb; Owner: -
--

REVOKE ALL ON FUNCTION kithdb.friendships_recently_declined() FROM PUBLIC;


--
-- Name: FUNCTION friendships_record_decline(); Type: ACL; Schema: kithdb; Owner: -
--

REVOKE ALL ON FUNCTION kithdb.friendships_record_decline() FROM PUBLIC;


--
-- Name: FUNCTION friendships_recorded_decline(); Type: ACL; Schema: kithdb; Owner: -
--

REVOKE ALL ON FUNCTION kithdb.friendships_recorded_decline() FROM PUBLIC;


--
-- Name: TABLE friendships; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT,DELETE ON TABLE public.friendships TO authenticated;
GRANT ALL ON TABLE public.friendships TO service_role;


--
-- Name: COLUMN friendships.user_id; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(user_id) ON TABLE public.friendships TO authenticated;


--
-- Name: COLUMN friendships.friend_id; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(friend_id) ON TABLE public.friendships TO authenticated;


--
-- Name: COLUMN friendships.status; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(status),UPDATE(status) ON TABLE public.friendships TO authenticated;


--
-- Name: COLUMN friendships.requested_by; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(requested_by),UPDATE(requested_by) ON TABLE public.friendships TO authenticated;


--
-- Name: FUNCTION friendships_require_unblocked(p_row public.friendships, p_uid uuid); Type: ACL; Schema: kithdb; Owner: -
--

REVOKE ALL ON FUNCTION kithdb.friendships_require_unblocked(p_row public.friendships, p_uid uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION kithdb.friendships_require_unblocked(p_row public.friendships, p_uid uuid) TO authenticated;
GRANT ALL ON FUNCTION kithdb.friendships_require_unblocked(p_row public.friendships, p_uid uuid) TO service_role;


--
-- Name: FUNCTION friendships_sync_circles(); Type: ACL; Schema: kithdb; Owner: -
--

REVOKE ALL ON FUNCTION kithdb.friendships_sync_circles() FROM PUBLIC;


--
-- Name: FUNCTION has_circle_access(circle_uuid uuid, user_uuid uuid); Type: ACL; Schema: kithdb; Owner: -
--

REVOKE ALL ON FUNCTION kithdb.has_circle_access(circle_uuid uuid, user_uuid uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION kithdb.has_circle_access(circle_uuid uuid, user_uuid uuid) TO service_role;


--
-- Name: FUNCTION hides_from(p_user_id uuid, p_viewer uuid); Type: ACL; Schema: kithdb; Owner: -
--

REVOKE ALL ON FUNCTION kithdb.hides_from(p_user_id uuid, p_viewer uuid) FROM PUBLIC;


--
-- Name: FUNCTION hold_profile(p_user_id uuid); Type: ACL; Schema: kithdb; Owner: -
--

REVOKE ALL ON FUNCTION kithdb.hold_profile(p_user_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION kithdb.hold_profile(p_user_id uuid) TO authenticated;
GRANT ALL ON FUNCTION kithdb.hold_profile(p_user_id uuid) TO service_role;


--
-- Name: FUNCTION hold_user(p_user_id uuid); Type: ACL; Schema: kithdb; Owner: -
--

REVOKE ALL ON FUNCTION kithdb.hold_user(p_user_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION kithdb.hold_user(p_user_id uuid) TO authenticated;
GRANT ALL ON FUNCTION kithdb.hold_user(p_user_id uuid) TO service_role;


--
-- Name: TABLE posts; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT,DELETE ON TABLE public.posts TO authenticated;
GRANT ALL ON TABLE public.posts TO service_role;


--
-- Name: COLUMN posts.author_id; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(author_id) ON TABLE public.posts TO authenticated;


--
-- Name: COLUMN posts.body; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(body),UPDATE(body) ON TABLE public.posts TO authenticated;


--
-- Name: COLUMN posts.audience; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(audience),UPDATE(audience) ON TABLE public.posts TO authenticated;


--
-- Name: FUNCTION home_feed_page(p_limit integer, p_before timestamp with time zone, p_before_id uuid); Type: ACL; Schema: kithdb; Owner: -
--

REVOKE ALL ON FUNCTION kithdb.home_feed_page(p_limit integer, p_before timestamp with time zone, p_before_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION kithdb.home_feed_page(p_limit integer, p_before timestamp with time zone, p_before_id uuid) TO authenticated;
GRANT ALL ON FUNCTION kithdb.home_feed_page(p_limit integer, p_before timestamp with time zone, p_before_id uuid) TO service_role;


--
-- Name: FUNCTION is_api_role(); Type: ACL; Schema: kithdb; Owner: -
--

REVOKE ALL ON FUNCTION kithdb.is_api_role() FROM PUBLIC;
GRANT ALL ON FUNCTION kithdb.is_api_role() TO authenticated;
GRANT ALL ON FUNCTION kithdb.is_api_role() TO service_role;


--
-- Name: FUNCTION is_circle_admin(circle_uuid uuid, user_uuid uuid); Type: ACL; Schema: kithdb; Owner: -
--

REVOKE ALL ON FUNCTION kithdb.is_circle_admin(circle_uuid uuid, user_uuid uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION kithdb.is_circle_admin(circle_uuid uuid, user_uuid uuid) TO service_role;


--
-- Name: FUNCTION is_circle_member(circle_uuid uuid, user_uuid uuid); Type: ACL; Schema: kithdb; Owner: -
--

REVOKE ALL ON FUNCTION kithdb.is_circle_member(circle_uuid uuid, user_uuid uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION kithdb.is_circle_member(circle_uuid uuid, user_uuid uuid) TO service_role;


--
-- Name: FUNCTION is_event_author(p_event_id uuid, p_user_id uuid); Type: ACL; Schema: kithdb; Owner: -
--

REVOKE ALL ON FUNCTION kithdb.is_event_author(p_event_id uuid, p_user_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION kithdb.is_event_author(p_event_id uuid, p_user_id uuid) TO authenticated;
GRANT ALL ON FUNCTION kithdb.is_event_author(p_event_id uuid, p_user_id uuid) TO service_role;


--
-- Name: FUNCTION is_friend_of_event_creator(p_event_id uuid, p_user_id uuid); Type: ACL; Schema: kithdb; Owner: -
--

REVOKE ALL ON FUNCTION kithdb.is_friend_of_event_creator(p_event_id uuid, p_user_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION kithdb.is_friend_of_event_creator(p_event_id uuid, p_user_id uuid) TO authenticated;
GRANT ALL ON FUNCTION kithdb.is_friend_of_event_creator(p_event_id uuid, p_user_id uuid) TO service_role;


--
-- Name: FUNCTION is_new_circle(circle_uuid uuid); Type: ACL; Schema: kithdb; Owner: -
--

REVOKE ALL ON FUNCTION kithdb.is_new_circle(circle_uuid uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION kithdb.is_new_circle(circle_uuid uuid) TO authenticated;
GRANT ALL ON FUNCTION kithdb.is_new_circle(circle_uuid uuid) TO service_role;


--
-- Name: FUNCTION is_valid_circle_rule(p_rule jsonb); Type: ACL; Schema: kithdb; Owner: -
--

REVOKE ALL ON FUNCTION kithdb.is_valid_circle_rule(p_rule jsonb) FROM PUBLIC;
GRANT ALL ON FUNCTION kithdb.is_valid_circle_rule(p_rule jsonb) TO authenticated;
GRANT ALL ON FUNCTION kithdb.is_valid_circle_rule(p_rule jsonb) TO service_role;


--
-- Name: FUNCTION leave_like_group(p_group_id uuid); Type: ACL; Schema: kithdb; Owner: -
--

REVOKE ALL ON FUNCTION kithdb.leave_like_group(p_group_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION kithdb.leave_like_group(p_group_id uuid) TO authenticated;
GRANT ALL ON FUNCTION kithdb.leave_like_group(p_group_id uuid) TO service_role;


--
-- Name: FUNCTION like_group_approvals_guard(); Type: ACL; Schema: kithdb; Owner: -
--

REVOKE ALL ON FUNCTION kithdb.like_group_approvals_guard() FROM PUBLIC;


--
-- Name: FUNCTION like_group_approvals_renotify(); Type: ACL; Schema: kithdb; Owner: -
--

REVOKE ALL ON FUNCTION kithdb.like_group_approvals_renotify() FROM PUBLIC;


--
-- Name: FUNCTION like_group_deadline(p_created_at timestamp with time zone, p_starts_at timestamp with time zone); Type: ACL; Schema: kithdb; Owner: -
--

REVOKE ALL ON FUNCTION kithdb.like_group_deadline(p_created_at timestamp with time zone, p_starts_at timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION kithdb.like_group_deadline(p_created_at timestamp with time zone, p_starts_at timestamp with time zone) TO authenticated;
GRANT ALL ON FUNCTION kithdb.like_group_deadline(p_created_at timestamp with time zone, p_starts_at timestamp with time zone) TO service_role;


--
-- Name: FUNCTION like_group_heir(p_group_id uuid, p_creator uuid, p_creator_stays boolean); Type: ACL; Schema: kithdb; Owner: -
--

REVOKE ALL ON FUNCTION kithdb.like_group_heir(p_group_id uuid, p_creator uuid, p_creator_stays boolean) FROM PUBLIC;


--
-- Name: FUNCTION like_group_members_follow_group(); Type: ACL; Schema: kithdb; Owner: -
--

REVOKE ALL ON FUNCTION kithdb.like_group_members_follow_group() FROM PUBLIC;


--
-- Name: FUNCTION like_group_members_guard(); Type: ACL; Schema: kithdb; Owner: -
--

REVOKE ALL ON FUNCTION kithdb.like_group_members_guard() FROM PUBLIC;


--
-- Name: FUNCTION like_group_members_notify(); Type: ACL; Schema: kithdb; Owner: -
--

REVOKE ALL ON FUNCTION kithdb.like_group_members_notify() FROM PUBLIC;


--
-- Name: FUNCTION like_group_members_redecide(); Type: ACL; Schema: kithdb; Owner: -
--

REVOKE ALL ON FUNCTION kithdb.like_group_members_redecide() FROM PUBLIC;


--
-- Name: FUNCTION like_group_members_sync_circles(); Type: ACL; Schema: kithdb; Owner: -
--

REVOKE ALL ON FUNCTION kithdb.like_group_members_sync_circles() FROM PUBLIC;


--
-- Name: FUNCTION like_groups_guard(); Type: ACL; Schema: kithdb; Owner: -
--

REVOKE ALL ON FUNCTION kithdb.like_groups_guard() FROM PUBLIC;


--
-- Name: FUNCTION like_groups_notify(); Type: ACL; Schema: kithdb; Owner: -
--

REVOKE ALL ON FUNCTION kithdb.like_groups_notify() FROM PUBLIC;


--
-- Name: FUNCTION like_groups_release_members(); Type: ACL; Schema: kithdb; Owner: -
--

REVOKE ALL ON FUNCTION kithdb.like_groups_release_members() FROM PUBLIC;


--
-- Name: FUNCTION like_groups_sync_circles(); Type: ACL; Schema: kithdb; Owner: -
--

REVOKE ALL ON FUNCTION kithdb.like_groups_sync_circles() FROM PUBLIC;


--
-- Name: FUNCTION like_groups_unnotify(); Type: ACL; Schema: kithdb; Owner: -
--

REVOKE ALL ON FUNCTION kithdb.like_groups_unnotify() FROM PUBLIC;


--
-- Name: FUNCTION limit_api_insert(); Type: ACL; Schema: kithdb; Owner: -
--

REVOKE ALL ON FUNCTION kithdb.limit_api_insert() FROM PUBLIC;


--
-- Name: FUNCTION lock_account(p_user_id uuid); Type: ACL; Schema: kithdb; Owner: -
--

REVOKE ALL ON FUNCTION kithdb.lock_account(p_user_id uuid) FROM PUBLIC;


--
-- Name: FUNCTION lock_attendance(p_event_id uuid, p_user_id uuid); Type: ACL; Schema: kithdb; Owner: -
--

REVOKE ALL ON FUNCTION kithdb.lock_attendance(p_event_id uuid, p_user_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION kithdb.lock_attendance(p_event_id uuid, p_user_id uuid) TO service_role;


--
-- Name: FUNCTION lock_block(p_a uuid, p_b uuid); Type: ACL; Schema: kithdb; Owner: -
--

REVOKE ALL ON FUNCTION kithdb.lock_block(p_a uuid, p_b uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION kithdb.lock_block(p_a uuid, p_b uuid) TO service_role;


--
-- Name: FUNCTION lock_blocks_by(p_user_id uuid, p_exclusive boolean); Type: ACL; Schema: kithdb; Owner: -
--

REVOKE ALL ON FUNCTION kithdb.lock_blocks_by(p_user_id uuid, p_exclusive boolean) FROM PUBLIC;
GRANT ALL ON FUNCTION kithdb.lock_blocks_by(p_user_id uuid, p_exclusive boolean) TO service_role;


--
-- Name: FUNCTION lock_chats(p_chat_ids uuid[]); Type: ACL; Schema: kithdb; Owner: -
--

REVOKE ALL ON FUNCTION kithdb.lock_chats(p_chat_ids uuid[]) FROM PUBLIC;
GRANT ALL ON FUNCTION kithdb.lock_chats(p_chat_ids uuid[]) TO authenticated;
GRANT ALL ON FUNCTION kithdb.lock_chats(p_chat_ids uuid[]) TO service_role;


--
-- Name: FUNCTION lock_chats_of(p_user_id uuid); Type: ACL; Schema: kithdb; Owner: -
--

REVOKE ALL ON FUNCTION kithdb.lock_chats_of(p_user_id uuid) FROM PUBLIC;


--
-- Name: FUNCTION lock_circle(p_circle_id uuid); Type: ACL; Schema: kithdb; Owner: -
--

REVOKE ALL ON FUNCTION kithdb.lock_circle(p_circle_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION kithdb.lock_circle(p_circle_id uuid) TO authenticated;
GRANT ALL ON FUNCTION kithdb.lock_circle(p_circle_id uuid) TO service_role;


--
-- Name: FUNCTION lock_circles_of_event(p_event_id uuid); Type: ACL; Schema: kithdb; Owner: -
--

REVOKE ALL ON FUNCTION kithdb.lock_circles_of_event(p_event_id uuid) FROM PUBLIC;


--
-- Name: FUNCTION lock_event_applications(p_event_id uuid, p_exclusive boolean); Type: ACL; Schema: kithdb; Owner: -
--

REVOKE ALL ON FUNCTION kithdb.lock_event_applications(p_event_id uuid, p_exclusive boolean) FROM PUBLIC;
GRANT ALL ON FUNCTION kithdb.lock_event_applications(p_event_id uuid, p_exclusive boolean) TO service_role;


--
-- Name: FUNCTION lock_event_authors(p_event_id uuid); Type: ACL; Schema: kithdb; Owner: -
--

REVOKE ALL ON FUNCTION kithdb.lock_event_authors(p_event_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION kithdb.lock_event_authors(p_event_id uuid) TO authenticated;
GRANT ALL ON FUNCTION kithdb.lock_event_authors(p_event_id uuid) TO service_role;


--
-- Name: FUNCTION lock_like_group(p_group_id uuid); Type: ACL; Schema: kithdb; Owner: -
--

REVOKE ALL ON FUNCTION kithdb.lock_like_group(p_group_id uuid) FROM PUBLIC;


--
-- Name: FUNCTION lock_my_block(p_user_id uuid); Type: ACL; Schema: kithdb; Owner: -
--

REVOKE ALL ON FUNCTION kithdb.lock_my_block(p_user_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION kithdb.lock_my_block(p_user_id uuid) TO authenticated;
GRANT ALL ON FUNCTION kithdb.lock_my_block(p_user_id uuid) TO service_role;


--
-- Name: FUNCTION lock_my_friendship(p_user_id uuid); Type: ACL; Schema: kithdb; Owner: -
--

REVOKE ALL ON FUNCTION kithdb.lock_my_friendship(p_user_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION kithdb.lock_my_friendship(p_user_id uuid) TO authenticated;
GRANT ALL ON FUNCTION kithdb.lock_my_friendship(p_user_id uuid) TO service_role;


--
-- Name: FUNCTION lock_my_invitation(p_circle_id uuid); Type: ACL; Schema: kithdb; Owner: -
--

REVOKE ALL ON FUNCTION kithdb.lock_my_invitation(p_circle_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION kithdb.lock_my_invitation(p_circle_id uuid) TO authenticated;
GRANT ALL ON FUNCTION kithdb.lock_my_invitation(p_circle_id uuid) TO service_role;


--
-- Name: FUNCTION lock_my_pair(p_user_id uuid, p_hold_profile boolean); Type: ACL; Schema: kithdb; Owner: -
--

REVOKE ALL ON FUNCTION kithdb.lock_my_pair(p_user_id uuid, p_hold_profile boolean) FROM PUBLIC;
GRANT ALL ON FUNCTION kithdb.lock_my_pair(p_user_id uuid, p_hold_profile boolean) TO authenticated;
GRANT ALL ON FUNCTION kithdb.lock_my_pair(p_user_id uuid, p_hold_profile boolean) TO service_role;


--
-- Name: FUNCTION lock_new_authorship(p_event_id uuid); Type: ACL; Schema: kithdb; Owner: -
--

REVOKE ALL ON FUNCTION kithdb.lock_new_authorship(p_event_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION kithdb.lock_new_authorship(p_event_id uuid) TO authenticated;
GRANT ALL ON FUNCTION kithdb.lock_new_authorship(p_event_id uuid) TO service_role;


--
-- Name: FUNCTION lock_new_invitation(p_event_id uuid); Type: ACL; Schema: kithdb; Owner: -
--

REVOKE ALL ON FUNCTION kithdb.lock_new_invitation(p_event_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION kithdb.lock_new_invitation(p_event_id uuid) TO authenticated;
GRANT ALL ON FUNCTION kithdb.lock_new_invitation(p_event_id uuid) TO service_role;


--
-- Name: FUNCTION lock_pair(p_a uuid, p_b uuid, p_exclusive boolean); Type: ACL; Schema: kithdb; Owner: -
--

REVOKE ALL ON FUNCTION kithdb.lock_pair(p_a uuid, p_b uuid, p_exclusive boolean) FROM PUBLIC;
GRANT ALL ON FUNCTION kithdb.lock_pair(p_a uuid, p_b uuid, p_exclusive boolean) TO service_role;


--
-- Name: FUNCTION lock_rule_circles_of(p_user_id uuid); Type: ACL; Schema: kithdb; Owner: -
--

REVOKE ALL ON FUNCTION kithdb.lock_rule_circles_of(p_user_id uuid) FROM PUBLIC;


--
-- Name: FUNCTION lock_user_blocks(p_user_id uuid, p_exclusive boolean); Type: ACL; Schema: kithdb; Owner: -
--

REVOKE ALL ON FUNCTION kithdb.lock_user_blocks(p_user_id uuid, p_exclusive boolean) FROM PUBLIC;
GRANT ALL ON FUNCTION kithdb.lock_user_blocks(p_user_id uuid, p_exclusive boolean) TO service_role;


--
-- Name: FUNCTION member_circle_feed_page(p_circle_id uuid, p_limit integer, p_before timestamp with time zone, p_before_id uuid); Type: ACL; Schema: kithdb; Owner: -
--

REVOKE ALL ON FUNCTION kithdb.member_circle_feed_page(p_circle_id uuid, p_limit integer, p_before timestamp with time zone, p_before_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION kithdb.member_circle_feed_page(p_circle_id uuid, p_limit integer, p_before timestamp with time zone, p_before_id uuid) TO authenticated;
GRANT ALL ON FUNCTION kithdb.member_circle_feed_page(p_circle_id uuid, p_limit integer, p_before timestamp with time zone, p_before_id uuid) TO service_role;


--
-- Name: FUNCTION moderation_log_append_only(); Type: ACL; Schema: kithdb; Owner: -
--

REVOKE ALL ON FUNCTION kithdb.moderation_log_append_only() FROM PUBLIC;


--
-- Name: FUNCTION mutes_hold_muted(); Type: ACL; Schema: kithdb; Owner: -
--

REVOKE ALL ON FUNCTION kithdb.mutes_hold_muted() FROM PUBLIC;


--
-- Name: FUNCTION my_blocker_ids(); Type: ACL; Schema: kithdb; Owner: -
--

REVOKE ALL ON FUNCTION kithdb.my_blocker_ids() FROM PUBLIC;
GRANT ALL ON FUNCTION kithdb.my_blocker_ids() TO authenticated;


--
-- Name: FUNCTION my_chats_page(p_limit integer, p_before timestamp with time zone, p_before_id uuid); Type: ACL; Schema: kithdb; Owner: -
--

REVOKE ALL ON FUNCTION kithdb.my_chats_page(p_limit integer, p_before timestamp with time zone, p_before_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION kithdb.my_chats_page(p_limit integer, p_before timestamp with time zone, p_before_id uuid) TO authenticated;
GRANT ALL ON FUNCTION kithdb.my_chats_page(p_limit integer, p_before timestamp with time zone, p_before_id uuid) TO service_role;


--
-- Name: FUNCTION my_hidden_event_ids(); Type: ACL; Schema: kithdb; Owner: -
--

REVOKE ALL ON FUNCTION kithdb.my_hidden_event_ids() FROM PUBLIC;
GRANT ALL ON FUNCTION kithdb.my_hidden_event_ids() TO authenticated;


--
-- Name: FUNCTION my_muted_user_ids(); Type: ACL; Schema: kithdb; Owner: -
--

REVOKE ALL ON FUNCTION kithdb.my_muted_user_ids() FROM PUBLIC;
GRANT ALL ON FUNCTION kithdb.my_muted_user_ids() TO authenticated;
GRANT ALL ON FUNCTION kithdb.my_muted_user_ids() TO service_role;


--
-- Name: FUNCTION notifications_announce(); Type: ACL; Schema: kithdb; Owner: -
--

REVOKE ALL ON FUNCTION kithdb.notifications_announce() FROM PUBLIC;


--
-- Name: FUNCTION notifications_guard(); Type: ACL; Schema: kithdb; Owner: -
--

REVOKE ALL ON FUNCTION kithdb.notifications_guard() FROM PUBLIC;


--
-- Name: FUNCTION notify(p_recipients uuid[], p_kind public.notification_kind, p_actor uuid, p_circle_id uuid, p_event_id uuid, p_like_group_id uuid, p_report_id uuid, p_lock_pairs boolean); Type: ACL; Schema: kithdb; Owner: -
--

REVOKE ALL ON FUNCTION kithdb.notify(p_recipients uuid[], p_kind public.notification_kind, p_actor uuid, p_circle_id uuid, p_event_id uuid, p_like_group_id uuid, p_report_id uuid, p_lock_pairs boolean) FROM PUBLIC;


--
-- Name: FUNCTION part_like_group(p_group public.like_groups, p_user_id uuid); Type: ACL; Schema: kithdb; Owner: -
--

REVOKE ALL ON FUNCTION kithdb.part_like_group(p_group public.like_groups, p_user_id uuid) FROM PUBLIC;


--
-- Name: FUNCTION pass_event_from(p_event_id uuid, p_creator uuid); Type: ACL; Schema: kithdb; Owner: -
--

REVOKE ALL ON FUNCTION kithdb.pass_event_from(p_event_id uuid, p_creator uuid) FROM PUBLIC;


--
-- Name: FUNCTION post_circles_author_stays(); Type: ACL; Schema: kithdb; Owner: -
--

REVOKE ALL ON FUNCTION kithdb.post_circles_author_stays() FROM PUBLIC;


--
-- Name: FUNCTION post_circles_fill_created_at(); Type: ACL; Schema: kithdb; Owner: -
--

REVOKE ALL ON FUNCTION kithdb.post_circles_fill_created_at() FROM PUBLIC;


--
-- Name: FUNCTION post_circles_keep_one(); Type: ACL; Schema: kithdb; Owner: -
--

REVOKE ALL ON FUNCTION kithdb.post_circles_keep_one() FROM PUBLIC;


--
-- Name: FUNCTION post_circles_lock_membership(); Type: ACL; Schema: kithdb; Owner: -
--

REVOKE ALL ON FUNCTION kithdb.post_circles_lock_membership() FROM PUBLIC;


--
-- Name: FUNCTION post_circles_only_circles_posts(); Type: ACL; Schema: kithdb; Owner: -
--

REVOKE ALL ON FUNCTION kithdb.post_circles_only_circles_posts() FROM PUBLIC;


--
-- Name: FUNCTION posts_author_activity(); Type: ACL; Schema: kithdb; Owner: -
--

REVOKE ALL ON FUNCTION kithdb.posts_author_activity() FROM PUBLIC;


--
-- Name: FUNCTION posts_leave_circles(); Type: ACL; Schema: kithdb; Owner: -
--

REVOKE ALL ON FUNCTION kithdb.posts_leave_circles() FROM PUBLIC;


--
-- Name: FUNCTION posts_need_circles(); Type: ACL; Schema: kithdb; Owner: -
--

REVOKE ALL ON FUNCTION kithdb.posts_need_circles() FROM PUBLIC;


--
-- Name: FUNCTION profiles_delete_auth_user(); Type: ACL; Schema: kithdb; Owner: -
--

REVOKE ALL ON FUNCTION kithdb.profiles_delete_auth_user() FROM PUBLIC;


--
-- Name: FUNCTION profiles_part_account(); Type: ACL; Schema: kithdb; Owner: -
--

REVOKE ALL ON FUNCTION kithdb.profiles_part_account() FROM PUBLIC;


--
-- Name: FUNCTION refuse_gone_account(); Type: ACL; Schema: kithdb; Owner: -
--

REVOKE ALL ON FUNCTION kithdb.refuse_gone_account() FROM PUBLIC;


--
-- Name: FUNCTION refuse_row_move(); Type: ACL; Schema: kithdb; Owner: -
--

REVOKE ALL ON FUNCTION kithdb.refuse_row_move() FROM PUBLIC;


--
-- Name: FUNCTION refuse_suspended(); Type: ACL; Schema: kithdb; Owner: -
--

REVOKE ALL ON FUNCTION kithdb.refuse_suspended() FROM PUBLIC;


--
-- Name: FUNCTION rejoin_circle(p_circle_id uuid); Type: ACL; Schema: kithdb; Owner: -
--

REVOKE ALL ON FUNCTION kithdb.rejoin_circle(p_circle_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION kithdb.rejoin_circle(p_circle_id uuid) TO authenticated;
GRANT ALL ON FUNCTION kithdb.rejoin_circle(p_circle_id uuid) TO service_role;


--
-- Name: FUNCTION release_like_groups(p_creator uuid, p_reader uuid, p_event_id uuid); Type: ACL; Schema: kithdb; Owner: -
--

REVOKE ALL ON FUNCTION kithdb.release_like_groups(p_creator uuid, p_reader uuid, p_event_id uuid) FROM PUBLIC;


--
-- Name: FUNCTION remove_like_group_member(p_group_id uuid, p_user_id uuid); Type: ACL; Schema: kithdb; Owner: -
--

REVOKE ALL ON FUNCTION kithdb.remove_like_group_member(p_group_id uuid, p_user_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION kithdb.remove_like_group_member(p_group_id uuid, p_user_id uuid) TO authenticated;
GRANT ALL ON FUNCTION kithdb.remove_like_group_member(p_group_id uuid, p_user_id uuid) TO service_role;


--
-- Name: FUNCTION reports_notify(); Type: ACL; Schema: kithdb; Owner: -
--

REVOKE ALL ON FUNCTION kithdb.reports_notify() FROM PUBLIC;


--
-- Name: FUNCTION reports_take_snapshot(); Type: ACL; Schema: kithdb; Owner: -
--

REVOKE ALL ON FUNCTION kithdb.reports_take_snapshot() FROM PUBLIC;


--
-- Name: FUNCTION require_account(); Type: ACL; Schema: kithdb; Owner: -
--

REVOKE ALL ON FUNCTION kithdb.require_account() FROM PUBLIC;
GRANT ALL ON FUNCTION kithdb.require_account() TO authenticated;
GRANT ALL ON FUNCTION kithdb.require_account() TO service_role;


--
-- Name: FUNCTION require_moderator(); Type: ACL; Schema: kithdb; Owner: -
--

REVOKE ALL ON FUNCTION kithdb.require_moderator() FROM PUBLIC;
GRANT ALL ON FUNCTION kithdb.require_moderator() TO authenticated;
GRANT ALL ON FUNCTION kithdb.require_moderator() TO service_role;


--
-- Name: FUNCTION require_pending(p_group public.like_groups); Type: ACL; Schema: kithdb; Owner: -
--

REVOKE ALL ON FUNCTION kithdb.require_pending(p_group public.like_groups) FROM PUBLIC;


--
-- Name: FUNCTION require_pending(p_group public.like_groups, p_starts_at timestamp with time zone); Type: ACL; Schema: kithdb; Owner: -
--

REVOKE ALL ON FUNCTION kithdb.require_pending(p_group public.like_groups, p_starts_at timestamp with time zone) FROM PUBLIC;


--
-- Name: FUNCTION require_reachable(p_user_id uuid); Type: ACL; Schema: kithdb; Owner: -
--

REVOKE ALL ON FUNCTION kithdb.require_reachable(p_user_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION kithdb.require_reachable(p_user_id uuid) TO authenticated;
GRANT ALL ON FUNCTION kithdb.require_reachable(p_user_id uuid) TO service_role;


--
-- Name: FUNCTION require_read_committed(); Type: ACL; Schema: kithdb; Owner: -
--

REVOKE ALL ON FUNCTION kithdb.require_read_committed() FROM PUBLIC;


--
-- Name: FUNCTION require_uid(); Type: ACL; Schema: kithdb; Owner: -
--

REVOKE ALL ON FUNCTION kithdb.require_uid() FROM PUBLIC;
GRANT ALL ON FUNCTION kithdb.require_uid() TO authenticated;
GRANT ALL ON FUNCTION kithdb.require_uid() TO service_role;


--
-- Name: FUNCTION require_unblocked(p_a uuid, p_b uuid); Type: ACL; Schema: kithdb; Owner: -
--

REVOKE ALL ON FUNCTION kithdb.require_unblocked(p_a uuid, p_b uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION kithdb.require_unblocked(p_a uuid, p_b uuid) TO service_role;


--
-- Name: FUNCTION require_unblocked_among(p_user_id uuid, p_others uuid[]); Type: ACL; Schema: kithdb; Owner: -
--

REVOKE ALL ON FUNCTION kithdb.require_unblocked_among(p_user_id uuid, p_others uuid[]) FROM PUBLIC;
GRANT ALL ON FUNCTION kithdb.require_unblocked_among(p_user_id uuid, p_others uuid[]) TO service_role;


--
-- Name: FUNCTION require_unblocked_authors(p_event_id uuid, p_user_id uuid); Type: ACL; Schema: kithdb; Owner: -
--

REVOKE ALL ON FUNCTION kithdb.require_unblocked_authors(p_event_id uuid, p_user_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION kithdb.require_unblocked_authors(p_event_id uuid, p_user_id uuid) TO authenticated;
GRANT ALL ON FUNCTION kithdb.require_unblocked_authors(p_event_id uuid, p_user_id uuid) TO service_role;


--
-- Name: FUNCTION require_unblocked_creator(p_circle_id uuid, p_user_id uuid); Type: ACL; Schema: kithdb; Owner: -
--

REVOKE ALL ON FUNCTION kithdb.require_unblocked_creator(p_circle_id uuid, p_user_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION kithdb.require_unblocked_creator(p_circle_id uuid, p_user_id uuid) TO authenticated;


--
-- Name: FUNCTION resolve_report(p_moderator uuid, p_report_id uuid, p_action text, p_note text, p_until timestamp with time zone); Type: ACL; Schema: kithdb; Owner: -
--

REVOKE ALL ON FUNCTION kithdb.resolve_report(p_moderator uuid, p_report_id uuid, p_action text, p_note text, p_until timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION kithdb.resolve_report(p_moderator uuid, p_report_id uuid, p_action text, p_note text, p_until timestamp with time zone) TO service_role;


--
-- Name: FUNCTION resolve_report_as_moderator(p_report_id uuid, p_action text, p_note text, p_until timestamp with time zone); Type: ACL; Schema: kithdb; Owner: -
--

REVOKE ALL ON FUNCTION kithdb.resolve_report_as_moderator(p_report_id uuid, p_action text, p_note text, p_until timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION kithdb.resolve_report_as_moderator(p_report_id uuid, p_action text, p_note text, p_until timestamp with time zone) TO authenticated;


--
-- Name: PROCEDURE schedule_job(IN p_name text, IN p_schedule text, IN p_command text); Type: ACL; Schema: kithdb; Owner: -
--

REVOKE ALL ON PROCEDURE kithdb.schedule_job(IN p_name text, IN p_schedule text, IN p_command text) FROM PUBLIC;


--
-- Name: FUNCTION start_listening(); Type: ACL; Schema: kithdb; Owner: -
--

REVOKE ALL ON FUNCTION kithdb.start_listening() FROM PUBLIC;
GRANT ALL ON FUNCTION kithdb.start_listening() TO authenticated;


--
-- Name: FUNCTION sync_dynamic_circle(p_circle_id uuid, p_user_id uuid); Type: ACL; Schema: kithdb; Owner: -
--

REVOKE ALL ON FUNCTION kithdb.sync_dynamic_circle(p_circle_id uuid, p_user_id uuid) FROM PUBLIC;


--
-- Name: FUNCTION sync_event_circles(p_event_id uuid, p_user_id uuid); Type: ACL; Schema: kithdb; Owner: -
--

REVOKE ALL ON FUNCTION kithdb.sync_event_circles(p_event_id uuid, p_user_id uuid) FROM PUBLIC;


--
-- Name: FUNCTION touch_updated_at(); Type: ACL; Schema: kithdb; Owner: -
--

REVOKE ALL ON FUNCTION kithdb.touch_updated_at() FROM PUBLIC;


--
-- Name: FUNCTION try_lock_pair(p_a uuid, p_b uuid); Type: ACL; Schema: kithdb; Owner: -
--

REVOKE ALL ON FUNCTION kithdb.try_lock_pair(p_a uuid, p_b uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION kithdb.try_lock_pair(p_a uuid, p_b uuid) TO authenticated;
GRANT ALL ON FUNCTION kithdb.try_lock_pair(p_a uuid, p_b uuid) TO service_role;


--
-- Name: FUNCTION uid(); Type: ACL; Schema: kithdb; Owner: -
--

REVOKE ALL ON FUNCTION kithdb.uid() FROM PUBLIC;
GRANT ALL ON FUNCTION kithdb.uid() TO authenticated;
GRANT ALL ON FUNCTION kithdb.uid() TO service_role;


--
-- Name: PROCEDURE unschedule_job(IN p_name text); Type: ACL; Schema: kithdb; Owner: -
--

REVOKE ALL ON PROCEDURE kithdb.unschedule_job(IN p_name text) FROM PUBLIC;


--
-- Name: FUNCTION user_channel(p_user_id uuid); Type: ACL; Schema: kithdb; Owner: -
--

REVOKE ALL ON FUNCTION kithdb.user_channel(p_user_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION kithdb.user_channel(p_user_id uuid) TO authenticated;
GRANT ALL ON FUNCTION kithdb.user_channel(p_user_id uuid) TO service_role;


--
-- Name: FUNCTION withdraw_like_group(p_group_id uuid); Type: ACL; Schema: kithdb; Owner: -
--

REVOKE ALL ON FUNCTION kithdb.withdraw_like_group(p_group_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION kithdb.withdraw_like_group(p_group_id uuid) TO authenticated;
GRANT ALL ON FUNCTION kithdb.withdraw_like_group(p_group_id uuid) TO service_role;


--
-- Name: FUNCTION accept_circle_invitation(p_circle_id uuid); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.accept_circle_invitation(p_circle_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION public.accept_circle_invitation(p_circle_id uuid) TO authenticated;
GRANT ALL ON FUNCTION public.accept_circle_invitation(p_circle_id uuid) TO service_role;


--
-- Name: FUNCTION add_event_author(p_event_id uuid, p_user_id uuid); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.add_event_author(p_event_id uuid, p_user_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION public.add_event_author(p_event_id uuid, p_user_id uuid) TO authenticated;
GRANT ALL ON FUNCTION public.add_event_author(p_event_id uuid, p_user_id uuid) TO service_role;


--
-- Name: FUNCTION add_like_group_member(p_group_id uuid, p_user_id uuid); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.add_like_group_member(p_group_id uuid, p_user_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION public.add_like_group_member(p_group_id uuid, p_user_id uuid) TO authenticated;
GRANT ALL ON FUNCTION public.add_like_group_member(p_group_id uuid, p_user_id uuid) TO service_role;


--
-- Name: FUNCTION approve_like_group(p_group_id uuid, p_approved boolean, p_member_ids uuid[]); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.approve_like_group(p_group_id uuid, p_approved boolean, p_member_ids uuid[]) FROM PUBLIC;
GRANT ALL ON FUNCTION public.approve_like_group(p_group_id uuid, p_approved boolean, p_member_ids uuid[]) TO authenticated;
GRANT ALL ON FUNCTION public.approve_like_group(p_group_id uuid, p_approved boolean, p_member_ids uuid[]) TO service_role;


--
-- Name: FUNCTION block_user(p_user_id uuid); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.block_user(p_user_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION public.block_user(p_user_id uuid) TO authenticated;
GRANT ALL ON FUNCTION public.block_user(p_user_id uuid) TO service_role;


--
-- Name: FUNCTION cancel_event(p_event_id uuid); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.cancel_event(p_event_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION public.cancel_event(p_event_id uuid) TO authenticated;
GRANT ALL ON FUNCTION public.cancel_event(p_event_id uuid) TO service_role;


--
-- Name: FUNCTION create_circle(p_name text, p_description text); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.create_circle(p_name text, p_description text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.create_circle(p_name text, p_description text) TO authenticated;
GRANT ALL ON FUNCTION public.create_circle(p_name text, p_description text) TO service_role;


--
-- Name: FUNCTION create_dynamic_circle(p_name text, p_rule jsonb, p_description text); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.create_dynamic_circle(p_name text, p_rule jsonb, p_description text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.create_dynamic_circle(p_name text, p_rule jsonb, p_description text) TO authenticated;
GRANT ALL ON FUNCTION public.create_dynamic_circle(p_name text, p_rule jsonb, p_description text) TO service_role;


--
-- Name: FUNCTION create_event(p_title text, p_starts_at timestamp with time zone, p_ends_at timestamp with time zone, p_description text); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.create_event(p_title text, p_starts_at timestamp with time zone, p_ends_at timestamp with time zone, p_description text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.create_event(p_title text, p_starts_at timestamp with time zone, p_ends_at timestamp with time zone, p_description text) TO authenticated;
GRANT ALL ON FUNCTION public.create_event(p_title text, p_starts_at timestamp with time zone, p_ends_at timestamp with time zone, p_description text) TO service_role;


--
-- Name: FUNCTION create_like_group(p_event_id uuid, p_member_ids uuid[]); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.create_like_group(p_event_id uuid, p_member_ids uuid[]) FROM PUBLIC;
GRANT ALL ON FUNCTION public.create_like_group(p_event_id uuid, p_member_ids uuid[]) TO authenticated;
GRANT ALL ON FUNCTION public.create_like_group(p_event_id uuid, p_member_ids uuid[]) TO service_role;


--
-- Name: FUNCTION create_post(p_body text, p_audience public.post_audience, p_circle_ids uuid[]); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.create_post(p_body text, p_audience public.post_audience, p_circle_ids uuid[]) FROM PUBLIC;
GRANT ALL ON FUNCTION public.create_post(p_body text, p_audience public.post_audience, p_circle_ids uuid[]) TO authenticated;
GRANT ALL ON FUNCTION public.create_post(p_body text, p_audience public.post_audience, p_circle_ids uuid[]) TO service_role;


--
-- Name: FUNCTION decline_circle_invitation(p_circle_id uuid); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.decline_circle_invitation(p_circle_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION public.decline_circle_invitation(p_circle_id uuid) TO authenticated;
GRANT ALL ON FUNCTION public.decline_circle_invitation(p_circle_id uuid) TO service_role;


--
-- Name: FUNCTION delete_my_account(p_confirm text); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.delete_my_account(p_confirm text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.delete_my_account(p_confirm text) TO authenticated;
GRANT ALL ON FUNCTION public.delete_my_account(p_confirm text) TO service_role;


--
-- Name: FUNCTION expire_author_invitations(); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.expire_author_invitations() FROM PUBLIC;
GRANT ALL ON FUNCTION public.expire_author_invitations() TO service_role;


--
-- Name: FUNCTION expire_like_groups(); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.expire_like_groups() FROM PUBLIC;
GRANT ALL ON FUNCTION public.expire_like_groups() TO service_role;


--
-- Name: FUNCTION export_my_data(); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.export_my_data() FROM PUBLIC;
GRANT ALL ON FUNCTION public.export_my_data() TO authenticated;
GRANT ALL ON FUNCTION public.export_my_data() TO service_role;


--
-- Name: FUNCTION feed(p_limit integer, p_before timestamp with time zone, p_before_id uuid, p_circle_id uuid); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.feed(p_limit integer, p_before timestamp with time zone, p_before_id uuid, p_circle_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION public.feed(p_limit integer, p_before timestamp with time zone, p_before_id uuid, p_circle_id uuid) TO authenticated;
GRANT ALL ON FUNCTION public.feed(p_limit integer, p_before timestamp with time zone, p_before_id uuid, p_circle_id uuid) TO service_role;


--
-- Name: FUNCTION home_feed(p_limit integer, p_before timestamp with time zone, p_before_id uuid); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.home_feed(p_limit integer, p_before timestamp with time zone, p_before_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION public.home_feed(p_limit integer, p_before timestamp with time zone, p_before_id uuid) TO authenticated;
GRANT ALL ON FUNCTION public.home_feed(p_limit integer, p_before timestamp with time zone, p_before_id uuid) TO service_role;


--
-- Name: FUNCTION invite_to_circle(p_circle_id uuid, p_user_id uuid); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.invite_to_circle(p_circle_id uuid, p_user_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION public.invite_to_circle(p_circle_id uuid, p_user_id uuid) TO authenticated;
GRANT ALL ON FUNCTION public.invite_to_circle(p_circle_id uuid, p_user_id uuid) TO service_role;


--
-- Name: FUNCTION leave_chat(p_chat_id uuid); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.leave_chat(p_chat_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION public.leave_chat(p_chat_id uuid) TO authenticated;
GRANT ALL ON FUNCTION public.leave_chat(p_chat_id uuid) TO service_role;


--
-- Name: FUNCTION leave_circle(p_circle_id uuid); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.leave_circle(p_circle_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION public.leave_circle(p_circle_id uuid) TO authenticated;
GRANT ALL ON FUNCTION public.leave_circle(p_circle_id uuid) TO service_role;


--
-- Name: FUNCTION leave_event_authors(p_event_id uuid); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.leave_event_authors(p_event_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION public.leave_event_authors(p_event_id uuid) TO authenticated;
GRANT ALL ON FUNCTION public.leave_event_authors(p_event_id uuid) TO service_role;


--
-- Name: FUNCTION leave_like_group(p_group_id uuid); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.leave_like_group(p_group_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION public.leave_like_group(p_group_id uuid) TO authenticated;
GRANT ALL ON FUNCTION public.leave_like_group(p_group_id uuid) TO service_role;


--
-- Name: FUNCTION mark_chat_read(p_chat_id uuid); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.mark_chat_read(p_chat_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION public.mark_chat_read(p_chat_id uuid) TO authenticated;
GRANT ALL ON FUNCTION public.mark_chat_read(p_chat_id uuid) TO service_role;


--
-- Name: FUNCTION mark_notifications_read(p_ids uuid[]); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.mark_notifications_read(p_ids uuid[]) FROM PUBLIC;
GRANT ALL ON FUNCTION public.mark_notifications_read(p_ids uuid[]) TO authenticated;
GRANT ALL ON FUNCTION public.mark_notifications_read(p_ids uuid[]) TO service_role;


--
-- Name: FUNCTION moderation_queue(p_limit integer, p_before timestamp with time zone); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.moderation_queue(p_limit integer, p_before timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION public.moderation_queue(p_limit integer, p_before timestamp with time zone) TO authenticated;
GRANT ALL ON FUNCTION public.moderation_queue(p_limit integer, p_before timestamp with time zone) TO service_role;


--
-- Name: FUNCTION mute_user(p_user_id uuid, p_until timestamp with time zone); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.mute_user(p_user_id uuid, p_until timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION public.mute_user(p_user_id uuid, p_until timestamp with time zone) TO authenticated;
GRANT ALL ON FUNCTION public.mute_user(p_user_id uuid, p_until timestamp with time zone) TO service_role;


--
-- Name: FUNCTION my_chats(p_limit integer, p_before timestamp with time zone, p_before_id uuid); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.my_chats(p_limit integer, p_before timestamp with time zone, p_before_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION public.my_chats(p_limit integer, p_before timestamp with time zone, p_before_id uuid) TO authenticated;
GRANT ALL ON FUNCTION public.my_chats(p_limit integer, p_before timestamp with time zone, p_before_id uuid) TO service_role;


--
-- Name: FUNCTION prune_notifications(); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.prune_notifications() FROM PUBLIC;
GRANT ALL ON FUNCTION public.prune_notifications() TO service_role;


--
-- Name: FUNCTION rejoin_circle(p_circle_id uuid); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.rejoin_circle(p_circle_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION public.rejoin_circle(p_circle_id uuid) TO authenticated;
GRANT ALL ON FUNCTION public.rejoin_circle(p_circle_id uuid) TO service_role;


--
-- Name: FUNCTION remove_circle_member(p_circle_id uuid, p_user_id uuid); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.remove_circle_member(p_circle_id uuid, p_user_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION public.remove_circle_member(p_circle_id uuid, p_user_id uuid) TO authenticated;
GRANT ALL ON FUNCTION public.remove_circle_member(p_circle_id uuid, p_user_id uuid) TO service_role;


--
-- Name: FUNCTION remove_circle_post(p_circle_id uuid, p_post_id uuid); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.remove_circle_post(p_circle_id uuid, p_post_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION public.remove_circle_post(p_circle_id uuid, p_post_id uuid) TO authenticated;
GRANT ALL ON FUNCTION public.remove_circle_post(p_circle_id uuid, p_post_id uuid) TO service_role;


--
-- Name: FUNCTION remove_event_author(p_event_id uuid, p_user_id uuid); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.remove_event_author(p_event_id uuid, p_user_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION public.remove_event_author(p_event_id uuid, p_user_id uuid) TO authenticated;
GRANT ALL ON FUNCTION public.remove_event_author(p_event_id uuid, p_user_id uuid) TO service_role;


--
-- Name: FUNCTION remove_friendship(p_user_id uuid); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.remove_friendship(p_user_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION public.remove_friendship(p_user_id uuid) TO authenticated;
GRANT ALL ON FUNCTION public.remove_friendship(p_user_id uuid) TO service_role;


--
-- Name: FUNCTION remove_like_group_member(p_group_id uuid, p_user_id uuid); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.remove_like_group_member(p_group_id uuid, p_user_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION public.remove_like_group_member(p_group_id uuid, p_user_id uuid) TO authenticated;
GRANT ALL ON FUNCTION public.remove_like_group_member(p_group_id uuid, p_user_id uuid) TO service_role;


--
-- Name: FUNCTION report(p_target_kind text, p_target_id uuid, p_reason text, p_note text); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.report(p_target_kind text, p_target_id uuid, p_reason text, p_note text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.report(p_target_kind text, p_target_id uuid, p_reason text, p_note text) TO authenticated;
GRANT ALL ON FUNCTION public.report(p_target_kind text, p_target_id uuid, p_reason text, p_note text) TO service_role;


--
-- Name: FUNCTION request_friendship(p_user_id uuid); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.request_friendship(p_user_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION public.request_friendship(p_user_id uuid) TO authenticated;
GRANT ALL ON FUNCTION public.request_friendship(p_user_id uuid) TO service_role;


--
-- Name: FUNCTION resolve_report(p_report_id uuid, p_action text, p_note text, p_until timestamp with time zone); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.resolve_report(p_report_id uuid, p_action text, p_note text, p_until timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION public.resolve_report(p_report_id uuid, p_action text, p_note text, p_until timestamp with time zone) TO authenticated;
GRANT ALL ON FUNCTION public.resolve_report(p_report_id uuid, p_action text, p_note text, p_until timestamp with time zone) TO service_role;


--
-- Name: FUNCTION respond_event_author_invitation(p_event_id uuid, p_accept boolean); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.respond_event_author_invitation(p_event_id uuid, p_accept boolean) FROM PUBLIC;
GRANT ALL ON FUNCTION public.respond_event_author_invitation(p_event_id uuid, p_accept boolean) TO authenticated;
GRANT ALL ON FUNCTION public.respond_event_author_invitation(p_event_id uuid, p_accept boolean) TO service_role;


--
-- Name: FUNCTION respond_friendship(p_user_id uuid, p_accept boolean); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.respond_friendship(p_user_id uuid, p_accept boolean) FROM PUBLIC;
GRANT ALL ON FUNCTION public.respond_friendship(p_user_id uuid, p_accept boolean) TO authenticated;
GRANT ALL ON FUNCTION public.respond_friendship(p_user_id uuid, p_accept boolean) TO service_role;


--
-- Name: FUNCTION send_message(p_chat_id uuid, p_body text); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.send_message(p_chat_id uuid, p_body text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.send_message(p_chat_id uuid, p_body text) TO authenticated;
GRANT ALL ON FUNCTION public.send_message(p_chat_id uuid, p_body text) TO service_role;


--
-- Name: FUNCTION set_circle_member_role(p_circle_id uuid, p_user_id uuid, p_role public.circle_role); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.set_circle_member_role(p_circle_id uuid, p_user_id uuid, p_role public.circle_role) FROM PUBLIC;
GRANT ALL ON FUNCTION public.set_circle_member_role(p_circle_id uuid, p_user_id uuid, p_role public.circle_role) TO authenticated;
GRANT ALL ON FUNCTION public.set_circle_member_role(p_circle_id uuid, p_user_id uuid, p_role public.circle_role) TO service_role;


--
-- Name: FUNCTION unblock_user(p_user_id uuid); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.unblock_user(p_user_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION public.unblock_user(p_user_id uuid) TO authenticated;
GRANT ALL ON FUNCTION public.unblock_user(p_user_id uuid) TO service_role;


--
-- Name: FUNCTION unmute_user(p_user_id uuid); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.unmute_user(p_user_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION public.unmute_user(p_user_id uuid) TO authenticated;
GRANT ALL ON FUNCTION public.unmute_user(p_user_id uuid) TO service_role;


--
-- Name: FUNCTION unread_notification_count(); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.unread_notification_count() FROM PUBLIC;
GRANT ALL ON FUNCTION public.unread_notification_count() TO authenticated;
GRANT ALL ON FUNCTION public.unread_notification_count() TO service_role;


--
-- Name: FUNCTION user_posts(p_user_id uuid, p_limit integer, p_before timestamp with time zone, p_before_id uuid); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.user_posts(p_user_id uuid, p_limit integer, p_before timestamp with time zone, p_before_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION public.user_posts(p_user_id uuid, p_limit integer, p_before timestamp with time zone, p_before_id uuid) TO authenticated;
GRANT ALL ON FUNCTION public.user_posts(p_user_id uuid, p_limit integer, p_before timestamp with time zone, p_before_id uuid) TO service_role;


--
-- Name: FUNCTION withdraw_like_group(p_group_id uuid); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.withdraw_like_group(p_group_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION public.withdraw_like_group(p_group_id uuid) TO authenticated;
GRANT ALL ON FUNCTION public.withdraw_like_group(p_group_id uuid) TO service_role;


--
-- Name: TABLE circle_members; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT,DELETE ON TABLE public.circle_members TO authenticated;
GRANT ALL ON TABLE public.circle_members TO service_role;


--
-- Name: COLUMN circle_members.circle_id; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(circle_id) ON TABLE public.circle_members TO authenticated;


--
-- Name: COLUMN circle_members.user_id; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(user_id) ON TABLE public.circle_members TO authenticated;


--
-- Name: COLUMN circle_members.role; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(role),UPDATE(role) ON TABLE public.circle_members TO authenticated;


--
-- Name: COLUMN circle_members.status; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(status),UPDATE(status) ON TABLE public.circle_members TO authenticated;


--
-- Name: COLUMN circle_members.invited_by; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(invited_by) ON TABLE public.circle_members TO authenticated;


--
-- Name: TABLE my_admin_circles; Type: ACL; Schema: kithdb; Owner: -
--

GRANT SELECT ON TABLE kithdb.my_admin_circles TO authenticated;


--
-- Name: TABLE event_authors; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT,DELETE ON TABLE public.event_authors TO authenticated;
GRANT ALL ON TABLE public.event_authors TO service_role;


--
-- Name: COLUMN event_authors.event_id; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(event_id) ON TABLE public.event_authors TO authenticated;


--
-- Name: COLUMN event_authors.user_id; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(user_id) ON TABLE public.event_authors TO authenticated;


--
-- Name: TABLE my_authored_events; Type: ACL; Schema: kithdb; Owner: -
--

GRANT SELECT ON TABLE kithdb.my_authored_events TO authenticated;


--
-- Name: TABLE blocks; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT,DELETE ON TABLE public.blocks TO authenticated;
GRANT ALL ON TABLE public.blocks TO service_role;


--
-- Name: COLUMN blocks.blocker_id; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(blocker_id) ON TABLE public.blocks TO authenticated;


--
-- Name: COLUMN blocks.blocked_id; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(blocked_id) ON TABLE public.blocks TO authenticated;


--
-- Name: TABLE my_blockers; Type: ACL; Schema: kithdb; Owner: -
--

GRANT SELECT ON TABLE kithdb.my_blockers TO authenticated;


--
-- Name: TABLE my_blockers_events; Type: ACL; Schema: kithdb; Owner: -
--

GRANT SELECT ON TABLE kithdb.my_blockers_events TO authenticated;


--
-- Name: TABLE my_blockers_posts; Type: ACL; Schema: kithdb; Owner: -
--

GRANT SELECT ON TABLE kithdb.my_blockers_posts TO authenticated;


--
-- Name: TABLE chat_participants; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT ON TABLE public.chat_participants TO authenticated;
GRANT ALL ON TABLE public.chat_participants TO service_role;


--
-- Name: COLUMN chat_participants.left_at; Type: ACL; Schema: public; Owner: -
--

GRANT UPDATE(left_at) ON TABLE public.chat_participants TO authenticated;


--
-- Name: COLUMN chat_participants.last_read_at; Type: ACL; Schema: public; Owner: -
--

GRANT UPDATE(last_read_at) ON TABLE public.chat_participants TO authenticated;


--
-- Name: TABLE my_chats; Type: ACL; Schema: kithdb; Owner: -
--

GRANT SELECT ON TABLE kithdb.my_chats TO authenticated;


--
-- Name: TABLE post_circles; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT,INSERT,DELETE ON TABLE public.post_circles TO authenticated;
GRANT ALL ON TABLE public.post_circles TO service_role;


--
-- Name: TABLE my_circle_posts; Type: ACL; Schema: kithdb; Owner: -
--

GRANT SELECT ON TABLE kithdb.my_circle_posts TO authenticated;


--
-- Name: TABLE my_circles; Type: ACL; Schema: kithdb; Owner: -
--

GRANT SELECT ON TABLE kithdb.my_circles TO authenticated;


--
-- Name: TABLE my_friends; Type: ACL; Schema: kithdb; Owner: -
--

GRANT SELECT ON TABLE kithdb.my_friends TO authenticated;


--
-- Name: TABLE my_hidden_messages; Type: ACL; Schema: kithdb; Owner: -
--

GRANT SELECT ON TABLE kithdb.my_hidden_messages TO authenticated;


--
-- Name: TABLE my_hidden_users; Type: ACL; Schema: kithdb; Owner: -
--

GRANT SELECT ON TABLE kithdb.my_hidden_users TO authenticated;


--
-- Name: TABLE like_group_members; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT ON TABLE public.like_group_members TO authenticated;
GRANT ALL ON TABLE public.like_group_members TO service_role;


--
-- Name: TABLE my_member_like_groups; Type: ACL; Schema: kithdb; Owner: -
--

GRANT SELECT ON TABLE kithdb.my_member_like_groups TO authenticated;


--
-- Name: TABLE my_like_groups; Type: ACL; Schema: kithdb; Owner: -
--

GRANT SELECT ON TABLE kithdb.my_like_groups TO authenticated;


--
-- Name: TABLE my_member_circles; Type: ACL; Schema: kithdb; Owner: -
--

GRANT SELECT ON TABLE kithdb.my_member_circles TO authenticated;


--
-- Name: TABLE my_posts; Type: ACL; Schema: kithdb; Owner: -
--

GRANT SELECT ON TABLE kithdb.my_posts TO authenticated;


--
-- Name: TABLE circles; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT,DELETE ON TABLE public.circles TO authenticated;
GRANT ALL ON TABLE public.circles TO service_role;


--
-- Name: COLUMN circles.name; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(name),UPDATE(name) ON TABLE public.circles TO authenticated;


--
-- Name: COLUMN circles.description; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(description),UPDATE(description) ON TABLE public.circles TO authenticated;


--
-- Name: COLUMN circles.created_by; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(created_by) ON TABLE public.circles TO authenticated;


--
-- Name: TABLE my_rosters; Type: ACL; Schema: kithdb; Owner: -
--

GRANT SELECT ON TABLE kithdb.my_rosters TO authenticated;


--
-- Name: TABLE chat_messages; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT ON TABLE public.chat_messages TO authenticated;
GRANT ALL ON TABLE public.chat_messages TO service_role;


--
-- Name: COLUMN chat_messages.chat_id; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(chat_id) ON TABLE public.chat_messages TO authenticated;


--
-- Name: COLUMN chat_messages.sender_id; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(sender_id) ON TABLE public.chat_messages TO authenticated;


--
-- Name: COLUMN chat_messages.body; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(body) ON TABLE public.chat_messages TO authenticated;


--
-- Name: TABLE chats; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT ON TABLE public.chats TO authenticated;
GRANT ALL ON TABLE public.chats TO service_role;


--
-- Name: TABLE circle_opt_outs; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT ON TABLE public.circle_opt_outs TO authenticated;
GRANT ALL ON TABLE public.circle_opt_outs TO service_role;


--
-- Name: TABLE event_author_invitations; Type: ACL; Schema: public; Owner: -
--

GRANT DELETE ON TABLE public.event_author_invitations TO authenticated;
GRANT ALL ON TABLE public.event_author_invitations TO service_role;


--
-- Name: COLUMN event_author_invitations.event_id; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT(event_id),INSERT(event_id) ON TABLE public.event_author_invitations TO authenticated;


--
-- Name: COLUMN event_author_invitations.user_id; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT(user_id),INSERT(user_id) ON TABLE public.event_author_invitations TO authenticated;


--
-- Name: COLUMN event_author_invitations.created_at; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT(created_at) ON TABLE public.event_author_invitations TO authenticated;


--
-- Name: TABLE like_group_approvals; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT ON TABLE public.like_group_approvals TO authenticated;
GRANT ALL ON TABLE public.like_group_approvals TO service_role;


--
-- Name: TABLE moderation_log; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT ON TABLE public.moderation_log TO authenticated;
GRANT SELECT ON TABLE public.moderation_log TO service_role;


--
-- Name: TABLE moderators; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT ON TABLE public.moderators TO authenticated;
GRANT ALL ON TABLE public.moderators TO service_role;


--
-- Name: TABLE mutes; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT,DELETE ON TABLE public.mutes TO authenticated;
GRANT ALL ON TABLE public.mutes TO service_role;


--
-- Name: COLUMN mutes.muter_id; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(muter_id) ON TABLE public.mutes TO authenticated;


--
-- Name: COLUMN mutes.muted_id; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(muted_id) ON TABLE public.mutes TO authenticated;


--
-- Name: COLUMN mutes.until; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(until),UPDATE(until) ON TABLE public.mutes TO authenticated;


--
-- Name: TABLE notifications; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT ON TABLE public.notifications TO authenticated;
GRANT ALL ON TABLE public.notifications TO service_role;


--
-- Name: COLUMN notifications.read_at; Type: ACL; Schema: public; Owner: -
--

GRANT UPDATE(read_at) ON TABLE public.notifications TO authenticated;


--
-- Name: TABLE profiles; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT ON TABLE public.profiles TO authenticated;
GRANT ALL ON TABLE public.profiles TO service_role;


--
-- Name: COLUMN profiles.display_name; Type: ACL; Schema: public; Owner: -
--

GRANT UPDATE(display_name) ON TABLE public.profiles TO authenticated;


--
-- Name: TABLE rate_limits; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT ON TABLE public.rate_limits TO authenticated;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.rate_limits TO service_role;


--
-- Name: TABLE reports; Type: ACL; Schema: public; Owner: -
--

GRANT ALL ON TABLE public.reports TO service_role;


--
-- Name: COLUMN reports.id; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT(id) ON TABLE public.reports TO authenticated;


--
-- Name: COLUMN reports.reporter_id; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT(reporter_id) ON TABLE public.reports TO authenticated;


--
-- Name: COLUMN reports.target_kind; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT(target_kind),INSERT(target_kind) ON TABLE public.reports TO authenticated;


--
-- Name: COLUMN reports.target_id; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT(target_id),INSERT(target_id) ON TABLE public.reports TO authenticated;


--
-- Name: COLUMN reports.target_user_id; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT(target_user_id) ON TABLE public.reports TO authenticated;


--
-- Name: COLUMN reports.reason; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT(reason),INSERT(reason) ON TABLE public.reports TO authenticated;


--
-- Name: COLUMN reports.note; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT(note),INSERT(note) ON TABLE public.reports TO authenticated;


--
-- Name: COLUMN reports.snapshot; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT(snapshot) ON TABLE public.reports TO authenticated;


--
-- Name: COLUMN reports.status; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT(status) ON TABLE public.reports TO authenticated;


--
-- Name: COLUMN reports.created_at; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT(created_at) ON TABLE public.reports TO authenticated;


--
-- Name: COLUMN reports.resolved_at; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT(resolved_at) ON TABLE public.reports TO authenticated;


--
-- Name: COLUMN reports.resolution; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT(resolution) ON TABLE public.reports TO authenticated;


--
-- Name: TABLE suspensions; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT ON TABLE public.suspensions TO authenticated;
GRANT ALL ON TABLE public.suspensions TO service_role;


--
-- PostgreSQL database dump complete
--
