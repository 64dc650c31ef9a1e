-- depends: 0018_added_members_leave_overdue_groups
-- The sweep is its own function: applications and added members expire their own overdue
-- groups (expire_overdue_like_groups(uuid, uuid[])), the sweeper expires all, and nothing expires
-- one event's. (The one-argument form goes first: with its default argument it would make a call
-- with none ambiguous.)

drop function kithdb.expire_overdue_like_groups(uuid);

create function kithdb.expire_overdue_like_groups() returns integer
language plpgsql
set search_path = ''
as $$
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
comment on function kithdb.expire_overdue_like_groups() is
  'Marks every overdue pending group expired, locking them in id order; returns how many.';
revoke execute on function kithdb.expire_overdue_like_groups() from public, anon, authenticated;
grant execute on function kithdb.expire_overdue_like_groups() to service_role;

create or replace function public.expire_like_groups() returns integer
language sql
set search_path = ''
as $$ select kithdb.expire_overdue_like_groups() $$;
