-- Back to 0022: the policies read the caller's sets from definer helpers.
create function kithdb.my_admin_circle_ids() returns setof uuid
language plpgsql stable security definer
set search_path = ''
as $$
begin
  return query
    select m.circle_id from public.circle_members m
    where m.user_id = auth.uid() and m.role = 'admin' and m.status = 'member';
end
$$;
comment on function kithdb.my_admin_circle_ids() is
  'Circles the caller administers, for set-based policies. Definer: as my_circle_ids.';

create function kithdb.my_authored_event_ids() returns setof uuid
language plpgsql stable security definer
set search_path = ''
as $$
begin
  return query select a.event_id from public.event_authors a where a.user_id = auth.uid();
end
$$;
comment on function kithdb.my_authored_event_ids() is
  'Events the caller is an author of, for set-based policies. Definer: a policy on event_authors cannot read event_authors under RLS without recursing.';

create function kithdb.my_chat_ids() returns setof uuid
language plpgsql stable security definer
set search_path = ''
as $$
begin
  return query select p.chat_id from public.chat_participants p where p.user_id = auth.uid();
end
$$;
comment on function kithdb.my_chat_ids() is
  'Chats the caller takes part in, for set-based policies. Definer: a policy on chat_participants cannot read chat_participants under RLS without recursing.';

create function kithdb.my_circle_ids() returns setof uuid
language plpgsql stable security definer
set search_path = ''
as $$
begin
  return query select m.circle_id from public.circle_members m where m.user_id = auth.uid();
end
$$;
comment on function kithdb.my_circle_ids() is
  'Circles the caller belongs to or is invited to, for set-based policies. Definer: policies on circle_members cannot read circle_members under RLS without recursing.';

create function kithdb.my_like_group_ids() returns setof uuid
language plpgsql stable security definer
set search_path = ''
as $$
begin
  return query
    select m.group_id from public.like_group_members m where m.user_id = auth.uid()
    union
    select g.id from public.like_groups g
    join public.event_authors a on a.event_id = g.event_id
    where a.user_id = auth.uid();
end
$$;
comment on function kithdb.my_like_group_ids() is
  'Groups the caller is a member of or whose event they author, for set-based policies. Definer: must read memberships the caller cannot see.';

create function kithdb.my_member_circle_ids() returns setof uuid
language plpgsql stable security definer
set search_path = ''
as $$
begin
  return query
    select m.circle_id from public.circle_members m
    where m.user_id = auth.uid() and m.status = 'member';
end
$$;
comment on function kithdb.my_member_circle_ids() is
  'Circles the caller is a member of (not just invited). Definer: as my_circle_ids.';

create function kithdb.my_member_like_group_ids() returns setof uuid
language plpgsql stable security definer
set search_path = ''
as $$
begin
  return query select m.group_id from public.like_group_members m where m.user_id = auth.uid();
end
$$;
comment on function kithdb.my_member_like_group_ids() is
  'Like groups the caller is a member of, for set-based policies. Definer: a policy on like_group_members cannot read like_group_members under RLS without recursing.';

create function kithdb.my_post_ids() returns setof uuid
language plpgsql stable security definer
set search_path = ''
as $$
begin
  return query select p.id from public.posts p where p.author_id = auth.uid();
end
$$;
comment on function kithdb.my_post_ids() is
  'The caller''s own posts, for the post_circles policies. Definer: reading posts under RLS from a post_circles policy would recurse into the posts policy.';

revoke execute on function kithdb.my_circle_ids(), kithdb.my_member_circle_ids(),
  kithdb.my_admin_circle_ids(), kithdb.my_authored_event_ids(), kithdb.my_chat_ids(),
  kithdb.my_like_group_ids(), kithdb.my_member_like_group_ids(), kithdb.my_post_ids()
  from public, anon;
grant execute on function kithdb.my_circle_ids(), kithdb.my_member_circle_ids(),
  kithdb.my_admin_circle_ids(), kithdb.my_authored_event_ids(), kithdb.my_chat_ids(),
  kithdb.my_like_group_ids(), kithdb.my_member_like_group_ids(), kithdb.my_post_ids()
  to authenticated, service_role;

alter policy circles_select on public.circles
  using (
    id = any (array(select kithdb.my_circle_ids()))
    or (created_by = (select auth.uid()) and kithdb.is_new_circle(id))
  );
alter policy circles_update on public.circles
  using (id = any (array(select kithdb.my_admin_circle_ids())))
  with check (id = any (array(select kithdb.my_admin_circle_ids())));
alter policy circles_delete on public.circles
  using (id = any (array(select kithdb.my_admin_circle_ids())));
alter policy circle_members_select on public.circle_members
  using (circle_id = any (array(select kithdb.my_circle_ids())));
alter policy circle_members_insert on public.circle_members
  with check (circle_id = any (array(select kithdb.my_admin_circle_ids())));
alter policy circle_members_update on public.circle_members
  using (
    user_id = (select auth.uid())
    or circle_id = any (array(select kithdb.my_admin_circle_ids()))
  )
  with check (
    user_id = (select auth.uid())
    or circle_id = any (array(select kithdb.my_admin_circle_ids()))
  );
alter policy circle_members_delete on public.circle_members
  using (
    user_id = (select auth.uid())
    or circle_id = any (array(select kithdb.my_admin_circle_ids()))
  );

alter policy events_update on public.events
  using (id = any (array(select kithdb.my_authored_event_ids())))
  with check (id = any (array(select kithdb.my_authored_event_ids())));
alter policy event_authors_insert on public.event_authors
  with check (event_id = any (array(select kithdb.my_authored_event_ids())));
alter policy event_authors_delete on public.event_authors
  using (event_id = any (array(select kithdb.my_authored_event_ids())));

alter policy chats_select on public.chats
  using (id = any (array(select kithdb.my_chat_ids())));
alter policy chat_participants_select on public.chat_participants
  using (chat_id = any (array(select kithdb.my_chat_ids())));
alter policy chat_messages_select on public.chat_messages
  using (chat_id = any (array(select kithdb.my_chat_ids())));
alter policy chat_messages_insert on public.chat_messages
  with check (
    sender_id = (select auth.uid())
    and chat_id = any (array(select kithdb.my_chat_ids()))
  );

alter policy like_groups_select on public.like_groups
  using (
    event_id = any (array(select kithdb.my_authored_event_ids()))
    or id = any (array(select kithdb.my_member_like_group_ids()))
  );
alter policy like_group_members_select on public.like_group_members
  using (
    event_id = any (array(select kithdb.my_authored_event_ids()))
    or group_id = any (array(select kithdb.my_member_like_group_ids()))
  );
alter policy like_group_approvals_select on public.like_group_approvals
  using (group_id = any (array(select kithdb.my_like_group_ids())));

alter policy post_circles_select on public.post_circles
  using (
    circle_id = any (array(select kithdb.my_member_circle_ids()))
    or post_id = any (array(select kithdb.my_post_ids()))
  );
alter policy post_circles_insert on public.post_circles
  with check (
    post_id = any (array(select kithdb.my_post_ids()))
    and circle_id = any (array(select kithdb.my_member_circle_ids()))
  );
alter policy post_circles_delete on public.post_circles
  using (
    post_id = any (array(select kithdb.my_post_ids()))
    or circle_id = any (array(select kithdb.my_admin_circle_ids()))
  );

drop view kithdb.my_posts;
drop view kithdb.my_like_groups;
drop view kithdb.my_member_like_groups;
drop view kithdb.my_chats;
drop view kithdb.my_authored_events;
drop view kithdb.my_admin_circles;
drop view kithdb.my_member_circles;
drop view kithdb.my_rosters;
drop view kithdb.my_circles;

-- PostgREST: reload the schema cache so the API shows this change at once.
notify pgrst, 'reload schema';
