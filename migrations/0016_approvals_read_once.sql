-- depends: 0015_signed_in_reads_by_role
-- An approval reads each thing once (#7: approve_like_group at ≥ 2,000 calls/s). Measured at M,
-- one approve_like_group call ran 26 statements: it read the group four times, its event twice
-- and asked three times whether the caller authors the event. Now one statement locks the group
-- and reads its event's start and the caller's authorship; the decision runs on that locked row
-- instead of locking and reading it again; the vote guard reads the group and the voter's
-- authorship in one statement. Same checks, same order, same errors: only fewer reads.

-- The visibility rule (member or author, else PT404) in the locking statement itself.
create or replace function kithdb.lock_like_group(p_group_id uuid) returns public.like_groups
language plpgsql security definer
set search_path = ''
as $$
declare
  v_group public.like_groups;
  v_me uuid := kithdb.require_uid();
begin
  if p_group_id is null then
    raise exception 'p_group_id is required' using errcode = '22023', detail = 'missing_group_id';
  end if;
  select g.* into v_group from public.like_groups g
  where g.id = p_group_id
    and (exists (select from public.like_group_members m where m.group_id = g.id and m.user_id = v_me)
         or exists (select from public.event_authors a where a.event_id = g.event_id and a.user_id = v_me))
  for update;
  if not found then
    raise exception 'no such like group' using errcode = 'PT404', detail = 'like_group_not_found';
  end if;
  return v_group;
end
$$;

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

create or replace function kithdb.require_pending(p_group public.like_groups) returns void
language plpgsql stable
set search_path = ''
as $$
begin
  perform kithdb.require_pending(
    p_group, (select e.starts_at from public.events e where e.id = p_group.event_id));
end
$$;

-- The decision itself, on a row its caller has locked.
create function kithdb.decide_like_group(p_group public.like_groups, p_starts_at timestamptz)
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

  -- Only the votes of the event's current authors count (LGR-06). One statement reads them all.
  select bool_or(not v.approved), count(*) filter (where v.approved),
         (select count(*) from public.event_authors a where a.event_id = p_group.event_id),
         (select count(*) from public.like_group_members m where m.group_id = p_group.id)
  into v_rejected, v_approvals, v_authors, v_members
  from public.like_group_approvals v
  join public.event_authors a on a.event_id = p_group.event_id and a.user_id = v.author_id
  where v.group_id = p_group.id;
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

create or replace function kithdb.decide_like_group(p_group_id uuid) returns public.like_group_status
language plpgsql security definer
set search_path = ''
as $$
declare
  v_group public.like_groups;
  v_starts_at timestamptz;
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

-- The vote guard: the group and the voter's authorship in one read.
create or replace function kithdb.like_group_approvals_guard() returns trigger
language plpgsql security definer
set search_path = ''
as $$
declare
  v_row public.like_group_approvals := case when tg_op = 'DELETE' then old else new end;
  v_status public.like_group_status;
  v_by_author boolean;
begin
  select g.status, exists (
           select from public.event_authors a
           where a.event_id = g.event_id and a.user_id = v_row.author_id)
  into v_status, v_by_author
  from public.like_groups g where g.id = v_row.group_id;
  if not found then
    return v_row;  -- the group is being deleted
  end if;
  if tg_op = 'DELETE' and not exists (select from public.profiles p where p.id = old.author_id) then
    return old;  -- the author's account is being deleted
  end if;
  if v_status <> 'pending' then
    raise exception 'the votes on a decided like group never change'
      using errcode = 'PT409', detail = 'like_group_not_pending';
  end if;
  if tg_op <> 'DELETE' and not v_by_author then
    raise exception 'only an author of the event can vote'
      using errcode = '42501', detail = 'not_event_author';
  end if;
  return v_row;
end
$$;

-- The vote: one statement locks the group and reads its event and the caller's authorship.
create or replace function kithdb.approve_like_group(p_group_id uuid, p_approved boolean)
returns public.like_group_status
language plpgsql security definer
set search_path = ''
as $$
declare
  v_me uuid := kithdb.require_uid();
  v_seen record;
  v_group public.like_groups;
begin
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
