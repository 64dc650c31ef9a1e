-- depends: 0013_circle_feed_index
-- CHT-02 raced: an author added (or removed) while a group of the event was being approved read
-- the group as pending, so the new author never joined its chat (or the removed one stayed in
-- it). Found by the torture test. A change of authors now first locks the event's pending groups,
-- so it waits for an approval in flight and then sees its outcome.

create or replace function kithdb.event_authors_redecide() returns trigger
language plpgsql security definer
set search_path = ''
as $$
declare
  v_row public.event_authors := case when tg_op = 'DELETE' then old else new end;
  v_group uuid;
begin
  if not exists (select from public.events e where e.id = v_row.event_id) then
    return null;  -- the event is being deleted, with its groups and chats
  end if;
  -- Wait for any decision in flight first: lock the event's pending groups, in id order as every
  -- other step does. A group approved meanwhile is then seen approved below, and its chat gets
  -- (or loses) this author; a group approved later reads the authors after this commit (CHT-02).
  perform from public.like_groups g
  where g.event_id = v_row.event_id and g.status = 'pending'
  order by g.id
  for update;
  -- An approved group's chat holds every member and every current author (CHT-02).
  if tg_op = 'INSERT' then
    insert into public.chat_participants (chat_id, user_id)
    select g.chat_id, new.user_id from public.like_groups g
    where g.event_id = new.event_id and g.status = 'approved'
    on conflict do nothing;
  else
    delete from public.chat_participants p
    using public.like_groups g
    where g.event_id = old.event_id and g.status = 'approved' and p.chat_id = g.chat_id
      and p.user_id = old.user_id
      and not exists (
        select from public.like_group_members m where m.group_id = g.id and m.user_id = old.user_id
      );
  end if;
  -- A new or departed author changes the threshold and whose votes count (LGR-07).
  for v_group in
    select g.id from public.like_groups g
    where g.event_id = v_row.event_id and g.status = 'pending'
    order by g.id
  loop
    perform kithdb.decide_like_group(v_group);
  end loop;
  return null;
end
$$;
comment on function kithdb.event_authors_redecide() is
  'AFTER INSERT/DELETE on event_authors: keep approved chats'' participants and re-decide pending '
  'groups (LGR-07, CHT-02). Definer: writes chats and groups the caller cannot.';

-- PostgREST: reload the schema cache so the API shows this change at once.
notify pgrst, 'reload schema';
