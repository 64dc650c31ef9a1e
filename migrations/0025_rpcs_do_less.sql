-- depends: 0024_feed_in_one_call
-- The like-group RPCs do less per call (#7: approve_like_group and create_like_group at
-- >= 2,000 calls/s). Measured with callgrind at M, instructions per PostgREST transaction:
-- approve_like_group 2,158k -> 2,049k (its bare writes: 1,604k -> 1,579k), create_like_group
-- 1,336k -> 1,266k. Same checks, same order, same errors.
--
-- - The public RPCs are PL/pgSQL, not SQL (PRF-01). A SQL function with a SET clause is never
--   inlined, and PostgreSQL parses and plans its body again in every transaction (~45k); a
--   PL/pgSQL function keeps its plan for the session (~20k a call).
-- - kithdb.approve_like_group and kithdb.create_like_group check the identity inline, as
--   public.feed does since 0024 (one PL/pgSQL call fewer, ~25k).
-- - The decision reads the event's authors once, each with its vote, instead of joining the votes
--   to the authors and counting the authors again (~25k).
-- - The vote and member guards keep scalars: copying NEW or OLD into a row variable, or a whole
--   group row into one, costs more than the statement that reads it (~20k each).

-- The public RPCs ---------------------------------------------------------------------------------

create or replace function public.create_like_group(p_event_id uuid, p_member_ids uuid[] default '{}')
returns uuid
language plpgsql
set search_path = ''
as $$
begin
  return kithdb.create_like_group(p_event_id, p_member_ids);
end
$$;

create or replace function public.add_like_group_member(p_group_id uuid, p_user_id uuid)
returns void
language plpgsql
set search_path = ''
as $$
begin
  perform kithdb.add_like_group_member(p_group_id, p_user_id);
end
$$;

create or replace function public.remove_like_group_member(p_group_id uuid, p_user_id uuid)
returns public.like_group_status
language plpgsql
set search_path = ''
as $$
begin
  return kithdb.remove_like_group_member(p_group_id, p_user_id);
end
$$;

create or replace function public.leave_like_group(p_group_id uuid)
returns void
language plpgsql
set search_path = ''
as $$
begin
  perform kithdb.leave_like_group(p_group_id);
end
$$;

create or replace function public.withdraw_like_group(p_group_id uuid)
returns void
language plpgsql
set search_path = ''
as $$
begin
  perform kithdb.withdraw_like_group(p_group_id);
end
$$;

create or replace function public.approve_like_group(p_group_id uuid, p_approved boolean default true)
returns public.like_group_status
language plpgsql
set search_path = ''
as $$
begin
  return kithdb.approve_like_group(p_group_id, p_approved);
end
$$;

create or replace function public.expire_like_groups()
returns integer
language plpgsql
set search_path = ''
as $$
begin
  return kithdb.expire_overdue_like_groups();
end
$$;

create or replace function public.create_dynamic_circle(p_name text, p_rule jsonb, p_description text default null)
returns uuid
language plpgsql
set search_path = ''
as $$
begin
  return kithdb.create_dynamic_circle(p_name, p_rule, p_description);
end
$$;

-- The steps behind them ----------------------------------------------------------------------------

create or replace function kithdb.approve_like_group(p_group_id uuid, p_approved boolean)
returns public.like_group_status
language plpgsql security definer
set search_path = ''
as $$
declare
  v_me uuid := auth.uid();
  v_seen record;
  v_group public.like_groups;
begin
  -- kithdb.require_uid(), inline (ID-03): with no identity, 42501 comes before any other error.
  if v_me is null then
    raise exception 'this action needs a signed-in user'
      using errcode = '42501', detail = 'not_authenticated';
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
  v_group := v_seen.grp;
  perform kithdb.require_pending(v_group, v_seen.starts_at);
  insert into public.like_group_approvals (group_id, author_id, approved)
  values (p_group_id, v_me, p_approved)
  on conflict (group_id, author_id)
  do update set approved = excluded.approved, created_at = now();
  return kithdb.decide_like_group(v_group, v_seen.starts_at);
end
$$;

create or replace function kithdb.create_like_group(p_event_id uuid, p_member_ids uuid[]) returns uuid
language plpgsql security definer
set search_path = ''
as $$
declare
  v_me uuid := auth.uid();
  v_event public.events;
  v_members uuid[];
  v_member uuid;
  v_group uuid := gen_random_uuid();
begin
  -- kithdb.require_uid(), inline (ID-03): with no identity, 42501 comes before any other error.
  if v_me is null then
    raise exception 'this action needs a signed-in user'
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
  select * into v_event from public.events e where e.id = p_event_id;
  if not found then
    raise exception 'no such event' using errcode = 'PT404', detail = 'event_not_found';
  end if;
  if v_event.starts_at <= now() then
    raise exception 'the event has started' using errcode = 'PT409', detail = 'event_started';
  end if;
  if array_position(p_member_ids, null) is not null then
    raise exception 'member ids cannot be null' using errcode = '22023', detail = 'missing_user_id';
  end if;
  -- Sorted, so concurrent applications lock their members in one order (no deadlock).
  v_members := array(
    select distinct u from unnest(array[v_me] || coalesce(p_member_ids, '{}')) u order by u
  );
  if cardinality(v_members) > 10 then
    raise exception 'a like group has at most 10 members'
      using errcode = '22023', detail = 'too_many_members';
  end if;
  -- The members' overdue groups are expired, not pending: they must not block this (LGR-08).
  perform kithdb.expire_overdue_like_groups(p_event_id, v_members);
  foreach v_member in array v_members loop
    perform kithdb.check_applicant(p_event_id, v_me, v_member);
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
    when unique_violation then  -- a concurrent application took one of the members first
      raise exception 'already in a pending or approved group for this event'
        using errcode = '23505', detail = 'already_in_like_group';
    when foreign_key_violation then  -- a member deleted their account meanwhile
      raise exception 'no such user' using errcode = 'PT404', detail = 'user_not_found';
  end;
  return v_group;
end
$$;

create or replace function kithdb.decide_like_group(p_group public.like_groups, p_starts_at timestamptz)
returns public.like_group_status
language plpgsql
set search_path = ''
as $$
declare
  v_authors bigint;
  v_members bigint;
  v_approvals bigint;
  v_chat uuid;
  v_rejected boolean;
begin
  if p_group.status <> 'pending' then
    return p_group.status;
  end if;
  if now() >= kithdb.like_group_deadline(p_group.created_at, p_starts_at) then
    update public.like_groups g set status = 'expired' where g.id = p_group.id;
    return 'expired'::public.like_group_status;
  end if;

  -- Only the votes of the event's current authors count (LGR-06). One pass over the authors,
  -- each with its vote if it has one, counts them, their approvals and any veto.
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

-- The guards ---------------------------------------------------------------------------------------

create or replace function kithdb.like_group_approvals_guard() returns trigger
language plpgsql security definer
set search_path = ''
as $$
declare
  v_status public.like_group_status;
  v_by_author boolean;
begin
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
      return new;  -- no such group: the foreign key refuses the vote
    end if;
  end if;
  if v_status <> 'pending' then
    raise exception 'the votes on a decided like group never change'
      using errcode = 'PT409', detail = 'like_group_not_pending';
  end if;
  if tg_op = 'DELETE' then
    return old;
  end if;
  if not v_by_author then
    raise exception 'only an author of the event can vote'
      using errcode = '42501', detail = 'not_event_author';
  end if;
  return new;
end
$$;

create or replace function kithdb.like_group_members_guard() returns trigger
language plpgsql security definer
set search_path = ''
as $$
declare
  v_status public.like_group_status;
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

  select g.status into v_status from public.like_groups g where g.id = new.group_id for update;
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
  return new;
end
$$;

-- PostgREST: reload the schema cache so the API shows this change at once.
notify pgrst, 'reload schema';
