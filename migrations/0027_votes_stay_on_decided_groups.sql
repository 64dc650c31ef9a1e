-- depends: 0026_posts_to_a_gone_circle
-- A vote never leaves a decided group (LGR-09): on UPDATE the vote guard checks the group a vote
-- leaves as well as the one it moves to, so not even service_role or a DBA can take a vote away
-- from a group it decided. API users cannot update votes at all (no grant).

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
    -- A vote moved to another group leaves its old one: that one must be pending too.
    -- (Approve's own upsert keeps the group, so it never runs this read.)
    if tg_op = 'UPDATE' and new.group_id is distinct from old.group_id
       and exists (select from public.like_groups g
                   where g.id = old.group_id and g.status <> 'pending') then
      raise exception 'the votes on a decided like group never change'
        using errcode = 'PT409', detail = 'like_group_not_pending';
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
