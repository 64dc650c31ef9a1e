-- depends: 0017_applications_expire_only_their_members
-- Adding a member expires their overdue group for the event first (LGR-08: an overdue group is
-- treated as expired), so a group past its deadline but not yet swept never blocks them — the
-- sweep never runs where pg_cron is missing. The group and the user's
-- other groups for the event are locked first, together and in id order — the order every step
-- that locks several groups takes them in (author changes, applications, the sweeper) — so the
-- expiry cannot deadlock with them.

create or replace function kithdb.add_like_group_member(p_group_id uuid, p_user_id uuid) returns void
language plpgsql security definer
set search_path = ''
as $$
declare
  v_group public.like_groups;
begin
  -- Attendance lock before the group lock: the order an author being added takes them in.
  perform kithdb.lock_attendance(g.event_id, p_user_id)
  from public.like_groups g where g.id = p_group_id and p_user_id is not null;
  -- The group and the user's pending groups for its event, in id order (see above); only for
  -- the group's creator, so nobody else's call holds these rows.
  perform from public.like_groups g
  where (g.id = p_group_id and g.creator_id = auth.uid())
     or g.id in (
       select m.group_id from public.like_groups t
       join public.like_group_members m
         on m.event_id = t.event_id and m.user_id = p_user_id and m.group_status = 'pending'
       where t.id = p_group_id and t.creator_id = auth.uid())
  order by g.id
  for update;
  v_group := kithdb.lock_like_group(p_group_id);
  if v_group.creator_id <> auth.uid() then
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
  perform kithdb.check_applicant(v_group.event_id, v_group.creator_id, p_user_id);
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
