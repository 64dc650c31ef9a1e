-- Restores 0008's add_like_group_member, which did not expire the added user's overdue group.
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
