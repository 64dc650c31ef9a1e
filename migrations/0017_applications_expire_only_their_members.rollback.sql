-- Restores 0008's create_like_group (it expired every overdue group of the event) and drops
-- the targeted expiry.
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
  -- Overdue groups are expired, not pending: they must not block a new application (LGR-08).
  perform kithdb.expire_overdue_like_groups(p_event_id);
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

drop function kithdb.expire_overdue_like_groups(uuid, uuid[]);
