-- Restores 0008's expire_overdue_like_groups(uuid) (one event's, or all) behind the sweeper.
create function kithdb.expire_overdue_like_groups(p_event_id uuid default null) returns integer
language plpgsql
set search_path = ''
as $$
declare
  v_count integer;
begin
  -- Two spellings, so each uses its index: one event's pending groups, or all pending groups.
  if p_event_id is not null then
    with due as (
      select g.id from public.like_groups g
      join public.events e on e.id = g.event_id
      where g.event_id = p_event_id and g.status = 'pending'
        and now() >= kithdb.like_group_deadline(g.created_at, e.starts_at)
      order by g.id
      for update of g
    )
    update public.like_groups g set status = 'expired' from due where g.id = due.id;
  else
    with due as (
      select g.id from public.like_groups g
      join public.events e on e.id = g.event_id
      where g.status = 'pending'
        and now() >= kithdb.like_group_deadline(g.created_at, e.starts_at)
      order by g.id
      for update of g
    )
    update public.like_groups g set status = 'expired' from due where g.id = due.id;
  end if;
  get diagnostics v_count = row_count;
  return v_count;
end
$$;
comment on function kithdb.expire_overdue_like_groups(uuid) is
  'Marks overdue pending groups (of one event, or all) expired, locking them in id order.';
revoke execute on function kithdb.expire_overdue_like_groups(uuid) from public, anon, authenticated;
grant execute on function kithdb.expire_overdue_like_groups(uuid) to service_role;

create or replace function public.expire_like_groups() returns integer
language sql
set search_path = ''
as $$ select kithdb.expire_overdue_like_groups(null) $$;

drop function kithdb.expire_overdue_like_groups();
