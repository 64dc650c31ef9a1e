-- Restores the bodies 0016 replaced (0008's, and 0011's decide_like_group) and drops its overloads.

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
  select g.* into v_group from public.like_groups g where g.id = p_group_id for update;
  if not found or not (
    exists (select from public.like_group_members m where m.group_id = p_group_id and m.user_id = v_me)
    or kithdb.is_event_author(v_group.event_id, v_me)
  ) then
    raise exception 'no such like group' using errcode = 'PT404', detail = 'like_group_not_found';
  end if;
  return v_group;
end
$$;

create or replace function kithdb.require_pending(p_group public.like_groups) returns void
language plpgsql stable
set search_path = ''
as $$
begin
  if p_group.status = 'pending' and now() >= kithdb.like_group_deadline(
    p_group.created_at, (select e.starts_at from public.events e where e.id = p_group.event_id)
  ) then
    raise exception 'this like group has expired'
      using errcode = 'PT409', detail = 'like_group_not_pending';
  elsif p_group.status <> 'pending' then
    raise exception 'this like group is % already', p_group.status
      using errcode = 'PT409', detail = 'like_group_not_pending';
  end if;
end
$$;

create or replace function kithdb.decide_like_group(p_group_id uuid) returns public.like_group_status
language plpgsql security definer
set search_path = ''
as $$
declare
  v_group public.like_groups;
  v_starts_at timestamptz;
  v_authors bigint;
  v_members bigint;
  v_approvals bigint;
  v_chat uuid;
  v_rejected boolean;
begin
  select g.* into v_group from public.like_groups g where g.id = p_group_id for update;
  if not found or v_group.status <> 'pending' then
    return v_group.status;
  end if;
  select e.starts_at into v_starts_at from public.events e where e.id = v_group.event_id;
  if not found then
    return v_group.status;  -- the event is being deleted, and the group with it
  end if;
  if now() >= kithdb.like_group_deadline(v_group.created_at, v_starts_at) then
    update public.like_groups g set status = 'expired' where g.id = p_group_id;
    return 'expired'::public.like_group_status;
  end if;

  -- Only the votes of the event's current authors count (LGR-06). One statement reads them all.
  select bool_or(not v.approved), count(*) filter (where v.approved),
         (select count(*) from public.event_authors a where a.event_id = v_group.event_id),
         (select count(*) from public.like_group_members m where m.group_id = p_group_id)
  into v_rejected, v_approvals, v_authors, v_members
  from public.like_group_approvals v
  join public.event_authors a on a.event_id = v_group.event_id and a.user_id = v.author_id
  where v.group_id = p_group_id;
  if coalesce(v_rejected, false) then
    update public.like_groups g set status = 'rejected' where g.id = p_group_id;
    return 'rejected'::public.like_group_status;
  end if;
  if v_approvals < least(v_authors, v_members) or v_members = 0 then
    return 'pending'::public.like_group_status;
  end if;

  insert into public.chats (kind, like_group_id) values ('approved_group', p_group_id)
  returning id into v_chat;
  insert into public.chat_participants (chat_id, user_id)
  select v_chat, m.user_id from public.like_group_members m where m.group_id = p_group_id
  union
  select v_chat, a.user_id from public.event_authors a where a.event_id = v_group.event_id;
  update public.like_groups g set status = 'approved', chat_id = v_chat where g.id = p_group_id;
  return 'approved'::public.like_group_status;
end
$$;

create or replace function kithdb.like_group_approvals_guard() returns trigger
language plpgsql security definer
set search_path = ''
as $$
declare
  v_group public.like_groups;
  v_row public.like_group_approvals := case when tg_op = 'DELETE' then old else new end;
begin
  select g.* into v_group from public.like_groups g where g.id = v_row.group_id;
  if not found then
    return v_row;  -- the group is being deleted
  end if;
  if tg_op = 'DELETE' and not exists (select from public.profiles p where p.id = old.author_id) then
    return old;  -- the author's account is being deleted
  end if;
  if v_group.status <> 'pending' then
    raise exception 'the votes on a decided like group never change'
      using errcode = 'PT409', detail = 'like_group_not_pending';
  end if;
  if tg_op <> 'DELETE' and not kithdb.is_event_author(v_group.event_id, new.author_id) then
    raise exception 'only an author of the event can vote'
      using errcode = '42501', detail = 'not_event_author';
  end if;
  return v_row;
end
$$;

create or replace function kithdb.approve_like_group(p_group_id uuid, p_approved boolean)
returns public.like_group_status
language plpgsql security definer
set search_path = ''
as $$
declare
  v_group public.like_groups := kithdb.lock_like_group(p_group_id);
  v_me uuid := auth.uid();
begin
  if not kithdb.is_event_author(v_group.event_id, v_me) then
    raise exception 'only an author of the event can approve or reject'
      using errcode = '42501', detail = 'not_event_author';
  end if;
  if p_approved is null then
    raise exception 'p_approved is required' using errcode = '22023', detail = 'missing_approved';
  end if;
  perform kithdb.require_pending(v_group);
  insert into public.like_group_approvals (group_id, author_id, approved)
  values (p_group_id, v_me, p_approved)
  on conflict (group_id, author_id)
  do update set approved = excluded.approved, created_at = now();
  return kithdb.decide_like_group(p_group_id);
end
$$;

drop function kithdb.decide_like_group(public.like_groups, timestamptz);
drop function kithdb.require_pending(public.like_groups, timestamptz);
