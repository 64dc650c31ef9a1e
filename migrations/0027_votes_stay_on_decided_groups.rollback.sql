-- Back to 0025's vote guard: on UPDATE only the group a vote moves to is checked.

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
