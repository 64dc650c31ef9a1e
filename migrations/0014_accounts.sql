-- depends: 0013_rate_limits
-- Accounts: what a user may do with their account as a whole. export_my_data gives a person
-- everything they own or wrote, in one document.

-- ACC-01: the export reads past RLS, because some of what a user wrote is beyond their reads
-- (messages in a chat they left, approvals on an event they stepped down from); every part
-- is selected by the caller's own id, and what the caller's reads hide stays hidden (a mute of
-- someone who blocked them, who invited them, who resolved their reports).
create function kithdb.export_my_data() returns jsonb
language plpgsql stable security definer
set search_path = ''
as $$
declare
  v_me pg_catalog.uuid := kithdb.require_uid();
begin
  return pg_catalog.jsonb_build_object(
    'format', 'kithdb export 1',
    'exported_at', pg_catalog.now(),
    'user_id', v_me,
    'profile', (select pg_catalog.to_jsonb(p) from public.profiles p where p.id = v_me),
    'friendships', coalesce((
      select pg_catalog.jsonb_agg(pg_catalog.to_jsonb(f) order by f.created_at)
      from public.friendships f where v_me in (f.user_id, f.friend_id)), '[]'),
    'blocks', coalesce((
      select pg_catalog.jsonb_agg(pg_catalog.to_jsonb(b) order by b.created_at)
      from public.blocks b where b.blocker_id = v_me), '[]'),
    'mutes', coalesce((
      select pg_catalog.jsonb_agg(pg_catalog.to_jsonb(m) order by m.created_at)
      from public.mutes m
      where m.muter_id = v_me and not kithdb.hides_from(m.muted_id, v_me)), '[]'),
    'circles_created', coalesce((
      select pg_catalog.jsonb_agg(pg_catalog.to_jsonb(c) order by c.created_at)
      from public.circles c where c.created_by = v_me), '[]'),
    'circle_memberships', coalesce((
      select pg_catalog.jsonb_agg(pg_catalog.to_jsonb(m) order by m.created_at)
      from public.circle_members m where m.user_id = v_me), '[]'),
    'circle_opt_outs', coalesce((
      select pg_catalog.jsonb_agg(pg_catalog.to_jsonb(o) order by o.created_at)
      from public.circle_opt_outs o where o.user_id = v_me), '[]'),
    'posts', coalesce((
      select pg_catalog.jsonb_agg(
               pg_catalog.to_jsonb(p) operator(pg_catalog.||) pg_catalog.jsonb_build_object(
                 'circle_ids', array(select pc.circle_id from public.post_circles pc
                                     where pc.post_id = p.id order by pc.circle_id))
               order by p.created_at, p.id)
      from public.posts p where p.author_id = v_me), '[]'),
    'events_created', coalesce((
      select pg_catalog.jsonb_agg(pg_catalog.to_jsonb(e) order by e.created_at)
      from public.events e where e.creator_id = v_me), '[]'),
    'event_authorships', coalesce((
      select pg_catalog.jsonb_agg(pg_catalog.to_jsonb(a) order by a.added_at)
      from public.event_authors a where a.user_id = v_me), '[]'),
    'event_author_invitations', coalesce((
      select pg_catalog.jsonb_agg(pg_catalog.to_jsonb(i) operator(pg_catalog.-) 'invited_by'
                                  order by i.created_at)
      from public.event_author_invitations i
      where i.user_id = v_me
         or (i.invited_by = v_me and not kithdb.hides_from(i.user_id, v_me))), '[]'),
    'like_groups_created', coalesce((
      select pg_catalog.jsonb_agg(pg_catalog.to_jsonb(g) order by g.created_at)
      from public.like_groups g where g.creator_id = v_me), '[]'),
    'like_group_memberships', coalesce((
      select pg_catalog.jsonb_agg(pg_catalog.to_jsonb(m) order by m.created_at)
      from public.like_group_members m where m.user_id = v_me), '[]'),
    'like_group_approvals', coalesce((
      select pg_catalog.jsonb_agg(pg_catalog.to_jsonb(v) order by v.created_at)
      from public.like_group_approvals v where v.author_id = v_me), '[]'),
    'chat_participations', coalesce((
      select pg_catalog.jsonb_agg(pg_catalog.to_jsonb(c) order by c.joined_at)
      from public.chat_participants c where c.user_id = v_me), '[]'),
    'chat_messages', coalesce((
      select pg_catalog.jsonb_agg(pg_catalog.to_jsonb(m) order by m.created_at, m.id)
      from public.chat_messages m where m.sender_id = v_me), '[]'),
    'reports', coalesce((
      select pg_catalog.jsonb_agg(pg_catalog.to_jsonb(r) operator(pg_catalog.-) 'resolved_by'
                                  order by r.created_at)
      from public.reports r where r.reporter_id = v_me), '[]'),
    'suspensions', coalesce((
      select pg_catalog.jsonb_agg(pg_catalog.to_jsonb(s))
      from public.suspensions s where s.user_id = v_me), '[]')
  );
end
$$;
comment on function kithdb.export_my_data() is
  'Step behind public.export_my_data (ACC-01). Definer because some of what the caller wrote is '
  'beyond their reads; every part is selected by the caller''s own id.';
revoke execute on function kithdb.export_my_data() from public, anon;
grant execute on function kithdb.export_my_data() to authenticated, service_role;

create function public.export_my_data() returns jsonb
language plpgsql stable
set search_path = ''
as $$
begin
  return kithdb.export_my_data();
end
$$;
comment on function public.export_my_data() is
  'Everything you own or wrote, as one JSON document (docs/API.md, "export_my_data"): your '
  'profile, friendships, blocks, mutes, circles and memberships, posts, events and authorships, '
  'like groups, memberships and approvals, chats and the messages you sent, and your reports.';
revoke execute on function public.export_my_data() from public, anon;
grant execute on function public.export_my_data() to authenticated, service_role;

-- PostgREST: reload the schema cache so the API shows this change at once.
notify pgrst, 'reload schema';
