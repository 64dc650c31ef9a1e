-- depends: 0022_posts_policy_probes_a_page
-- Every policy reads the caller's sets from views, as the posts policy has since 0022 (SEC-07,
-- issue #7). Each set-returning definer helper becomes a security-barrier view of the same rows,
-- and the helpers go: no function body used them, only policies.
--
-- Why: a helper is a PL/pgSQL call in every statement that touches its table (~50k instructions
-- per call in a fresh transaction, measured with callgrind, against ~25k for the view, most of
-- that deriving auth.uid() from the JWT claims), and its body's plan is cached per connection
-- with the estimates of the first caller's uid (a user in 8,000 circles plans a bitmap scan for
-- everyone after them). A view is expanded into the statement's plan and compares against
-- `(select auth.uid())`, a parameter. Each runs as its owner, the tables' owner, which breaks
-- the recursion a policy reading its own table (or circles <-> circle_members) would hit, as the
-- definer helpers did; each returns only the caller's own rows.

create view kithdb.my_circles with (security_barrier) as
  select m.circle_id from public.circle_members m where m.user_id = (select auth.uid());
comment on view kithdb.my_circles is
  'Circles the caller belongs to or is invited to, for set-based policies. Runs as its owner: '
  'policies on circle_members cannot read circle_members under RLS without recursing.';

create view kithdb.my_rosters with (security_barrier) as
  select m.circle_id from public.circle_members m
  join public.circles c on c.id = m.circle_id
  where m.user_id = (select auth.uid())
    and (c.circle_type = 'static' or c.created_by = (select auth.uid()));
comment on view kithdb.my_rosters is
  'Circles whose member list the caller reads: the static circles they belong to or are invited '
  'to, and the rule circles they created (DYN-05: a rule circle''s list is its creator''s alone). '
  'Runs as its owner: as kithdb.my_circles.';

create view kithdb.my_member_circles with (security_barrier) as
  select m.circle_id from public.circle_members m
  where m.user_id = (select auth.uid()) and m.status = 'member';
comment on view kithdb.my_member_circles is
  'Circles the caller is a member of (not just invited), for set-based policies. Runs as its '
  'owner: as kithdb.my_circles.';

create view kithdb.my_admin_circles with (security_barrier) as
  select m.circle_id from public.circle_members m
  where m.user_id = (select auth.uid()) and m.role = 'admin' and m.status = 'member';
comment on view kithdb.my_admin_circles is
  'Circles the caller administers, for set-based policies. Runs as its owner: as kithdb.my_circles.';

create view kithdb.my_authored_events with (security_barrier) as
  select a.event_id from public.event_authors a where a.user_id = (select auth.uid());
comment on view kithdb.my_authored_events is
  'Events the caller is an author of, for set-based policies. Runs as its owner: a policy on '
  'event_authors cannot read event_authors under RLS without recursing.';

create view kithdb.my_chats with (security_barrier) as
  select p.chat_id from public.chat_participants p where p.user_id = (select auth.uid());
comment on view kithdb.my_chats is
  'Chats the caller takes part in, for set-based policies. Runs as its owner: a policy on '
  'chat_participants cannot read chat_participants under RLS without recursing.';

create view kithdb.my_member_like_groups with (security_barrier) as
  select m.group_id from public.like_group_members m where m.user_id = (select auth.uid());
comment on view kithdb.my_member_like_groups is
  'Like groups the caller is a member of, for set-based policies. Runs as its owner: a policy on '
  'like_group_members cannot read like_group_members under RLS without recursing.';

create view kithdb.my_like_groups with (security_barrier) as
  select v.group_id from kithdb.my_member_like_groups v
  union
  select g.id from public.like_groups g
  where g.event_id in (select v.event_id from kithdb.my_authored_events v);
comment on view kithdb.my_like_groups is
  'Groups the caller is a member of or whose event they author, for set-based policies. Runs as '
  'its owner: it reads memberships the caller cannot see.';

create view kithdb.my_posts with (security_barrier) as
  select p.id as post_id from public.posts p where p.author_id = (select auth.uid());
comment on view kithdb.my_posts is
  'The caller''s own posts, for the post_circles policies. Runs as its owner: reading posts under '
  'RLS from a post_circles policy would run the posts policy, which reads post_circles.';

revoke all on kithdb.my_circles, kithdb.my_rosters, kithdb.my_member_circles, kithdb.my_admin_circles,
  kithdb.my_authored_events, kithdb.my_chats, kithdb.my_member_like_groups, kithdb.my_like_groups,
  kithdb.my_posts
  from public, anon;
grant select on kithdb.my_circles, kithdb.my_rosters, kithdb.my_member_circles, kithdb.my_admin_circles,
  kithdb.my_authored_events, kithdb.my_chats, kithdb.my_member_like_groups, kithdb.my_like_groups,
  kithdb.my_posts
  to authenticated;

-- circles and circle_members -------------------------------------------------------------------

alter policy circles_select on public.circles
  using (
    id = any (array(select v.circle_id from kithdb.my_circles v))
    or (created_by = (select auth.uid()) and kithdb.is_new_circle(id))
  );
alter policy circles_update on public.circles
  using (id = any (array(select v.circle_id from kithdb.my_admin_circles v)))
  with check (id = any (array(select v.circle_id from kithdb.my_admin_circles v)));
alter policy circles_delete on public.circles
  using (id = any (array(select v.circle_id from kithdb.my_admin_circles v)));

alter policy circle_members_select on public.circle_members
  using (
    user_id = (select auth.uid())
    or circle_id = any (array(select v.circle_id from kithdb.my_rosters v))
  );
alter policy circle_members_insert on public.circle_members
  with check (circle_id = any (array(select v.circle_id from kithdb.my_admin_circles v)));
alter policy circle_members_update on public.circle_members
  using (
    user_id = (select auth.uid())
    or circle_id = any (array(select v.circle_id from kithdb.my_admin_circles v))
  )
  with check (
    user_id = (select auth.uid())
    or circle_id = any (array(select v.circle_id from kithdb.my_admin_circles v))
  );
alter policy circle_members_delete on public.circle_members
  using (
    user_id = (select auth.uid())
    or circle_id = any (array(select v.circle_id from kithdb.my_admin_circles v))
  );

-- events and event_authors ---------------------------------------------------------------------

alter policy events_update on public.events
  using (id = any (array(select v.event_id from kithdb.my_authored_events v)))
  with check (id = any (array(select v.event_id from kithdb.my_authored_events v)));
alter policy event_authors_insert on public.event_authors
  with check (event_id = any (array(select v.event_id from kithdb.my_authored_events v)));
alter policy event_authors_delete on public.event_authors
  using (event_id = any (array(select v.event_id from kithdb.my_authored_events v)));

-- chats ------------------------------------------------------------------------------------------

alter policy chats_select on public.chats
  using (id = any (array(select v.chat_id from kithdb.my_chats v)));
alter policy chat_participants_select on public.chat_participants
  using (chat_id = any (array(select v.chat_id from kithdb.my_chats v)));
alter policy chat_messages_select on public.chat_messages
  using (chat_id = any (array(select v.chat_id from kithdb.my_chats v)));
alter policy chat_messages_insert on public.chat_messages
  with check (
    sender_id = (select auth.uid())
    and chat_id = any (array(select v.chat_id from kithdb.my_chats v))
  );

-- like groups ------------------------------------------------------------------------------------

alter policy like_groups_select on public.like_groups
  using (
    event_id = any (array(select v.event_id from kithdb.my_authored_events v))
    or id = any (array(select v.group_id from kithdb.my_member_like_groups v))
  );
alter policy like_group_members_select on public.like_group_members
  using (
    event_id = any (array(select v.event_id from kithdb.my_authored_events v))
    or group_id = any (array(select v.group_id from kithdb.my_member_like_groups v))
  );
alter policy like_group_approvals_select on public.like_group_approvals
  using (group_id = any (array(select v.group_id from kithdb.my_like_groups v)));

-- post_circles -----------------------------------------------------------------------------------

alter policy post_circles_select on public.post_circles
  using (
    circle_id = any (array(select v.circle_id from kithdb.my_member_circles v))
    or post_id = any (array(select v.post_id from kithdb.my_posts v))
  );
alter policy post_circles_insert on public.post_circles
  with check (
    post_id = any (array(select v.post_id from kithdb.my_posts v))
    and circle_id = any (array(select v.circle_id from kithdb.my_member_circles v))
  );
alter policy post_circles_delete on public.post_circles
  using (
    post_id = any (array(select v.post_id from kithdb.my_posts v))
    or circle_id = any (array(select v.circle_id from kithdb.my_admin_circles v))
  );

drop function kithdb.my_circle_ids();
drop function kithdb.my_member_circle_ids();
drop function kithdb.my_admin_circle_ids();
drop function kithdb.my_authored_event_ids();
drop function kithdb.my_chat_ids();
drop function kithdb.my_like_group_ids();
drop function kithdb.my_member_like_group_ids();
drop function kithdb.my_post_ids();

-- PostgREST: reload the schema cache so the API shows this change at once.
notify pgrst, 'reload schema';
