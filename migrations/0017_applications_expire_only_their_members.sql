-- depends: 0016_approvals_read_once
-- An application expires only the overdue groups that could block it. create_like_group used to
-- expire every overdue pending group of the event first, which read all of the event's pending
-- groups on every application (the cost grew with the event's popularity: at M it was a sixth of
-- the call) and waited for any overdue one another transaction held. Only an overdue group holding
-- one of the new members can block the insert (like_group_members_one_active_group), so only
-- those are expired now, found through that index; the others stay for expire_like_groups()
-- (LGR-08: no RPC acts on them meanwhile).

create function kithdb.expire_overdue_like_groups(p_event_id uuid, p_user_ids uuid[])
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
  -- generically as a scan of the event's members (an average event's), whatever its size.
  foreach v_user in array p_user_ids loop
    select m.group_id into v_group from public.like_group_members m
    where m.event_id = p_event_id and m.user_id = v_user and m.group_status = 'pending';
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

create or replace function kithdb.create_like_group(p_event_id uuid, p_member_ids uuid[]) returns uuid
language plpgsql security definer
set search_path = ''
as $$
declare
  v_me uuid := kithdb.require_uid();
  v_event public.events;
  v_members uuid[];
  v_member uuid;
  v_group uuid := gen_random_uuid();
begin
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

  insert into public.like_groups (id, event_id, creator_id) values (v_group, p_event_id, v_me);
  begin
    insert into public.like_group_members (group_id, user_id, event_id)
    select v_group, u, p_event_id from unnest(v_members) u;
  exception
    when unique_violation then  -- a concurrent application took one of the members first
      raise exception 'already in a pending or approved group for this event'
        using errcode = '23505', detail = 'already_in_like_group';
  end;
  return v_group;
end
$$;
