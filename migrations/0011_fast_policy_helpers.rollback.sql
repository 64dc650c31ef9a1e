-- Back to the SQL-language helpers and the policies of 0005–0009.

create or replace function public.feed_page(
  p_limit integer default 20,
  p_before timestamptz default null,
  p_before_id uuid default null,
  p_circle_id uuid default null
) returns setof public.posts
language plpgsql stable
set search_path = ''
as $$
begin
  perform kithdb.require_uid();
  if p_limit is null or p_limit < 1 or p_limit > 100 then
    raise exception 'p_limit must be between 1 and 100' using errcode = '22023', detail = 'invalid_limit';
  end if;
  if p_before_id is not null and p_before is null then
    raise exception 'p_before_id pages together with p_before'
      using errcode = '22023', detail = 'missing_before';
  end if;
  if p_circle_id is not null and not exists (select from public.circles c where c.id = p_circle_id) then
    raise exception 'no such circle' using errcode = 'PT404', detail = 'circle_not_found';
  end if;
  if p_circle_id is not null then
    -- One circle: start from its posts (post_circles by circle), not from the whole feed index.
    return query
      select p.* from public.post_circles pc
      join public.posts p on p.id = pc.post_id
      where pc.circle_id = p_circle_id
        and (p_before is null
             or (p_before_id is null and p.created_at < p_before)
             or (p_before_id is not null and (p.created_at, p.id) < (p_before, p_before_id)))
      order by p.created_at desc, p.id desc
      limit p_limit;
    return;
  end if;
  return query
    select p.* from public.posts p
    where (p_before is null
           or (p_before_id is null and p.created_at < p_before)
           or (p_before_id is not null and (p.created_at, p.id) < (p_before, p_before_id)))
    order by p.created_at desc, p.id desc
    limit p_limit;
end
$$;

create or replace function public.feed(
  p_limit integer default 20,
  p_before timestamptz default null,
  p_circle_id uuid default null
) returns setof public.posts
language sql stable
set search_path = ''
as $$ select * from public.feed_page(p_limit, p_before, null, p_circle_id) $$;

alter policy posts_select on public.posts
  using (
    author_id = (select auth.uid())
    or audience = 'public'
    or (audience = 'friends' and author_id = any (array(select kithdb.my_friend_ids())))
    or (audience = 'circles' and id in (
      select pc.post_id from public.post_circles pc
      where pc.circle_id = any (array(select kithdb.my_member_circle_ids()))
    ))
  );
alter policy like_groups_select on public.like_groups
  using (id = any (array(select kithdb.my_like_group_ids())));
alter policy like_group_members_select on public.like_group_members
  using (group_id = any (array(select kithdb.my_like_group_ids())));

drop function kithdb.member_circle_feed_page(uuid, integer, timestamptz, uuid);
drop function kithdb.my_circle_post_ids();
drop function kithdb.my_member_like_group_ids();

create or replace function kithdb.my_friend_ids() returns setof uuid
language sql stable
set search_path = ''
as $$
  select f.friend_id from public.friendships f
  where f.user_id = auth.uid() and f.status = 'accepted'
  union all
  select f.user_id from public.friendships f
  where f.friend_id = auth.uid() and f.status = 'accepted'
$$;

create or replace function kithdb.my_circle_ids() returns setof uuid
language sql stable security definer
set search_path = ''
as $$
  select m.circle_id from public.circle_members m where m.user_id = auth.uid()
$$;

create or replace function kithdb.my_member_circle_ids() returns setof uuid
language sql stable security definer
set search_path = ''
as $$
  select m.circle_id from public.circle_members m
  where m.user_id = auth.uid() and m.status = 'member'
$$;

create or replace function kithdb.my_admin_circle_ids() returns setof uuid
language sql stable security definer
set search_path = ''
as $$
  select m.circle_id from public.circle_members m
  where m.user_id = auth.uid() and m.role = 'admin' and m.status = 'member'
$$;

create or replace function kithdb.my_authored_event_ids() returns setof uuid
language sql stable security definer
set search_path = ''
as $$
  select a.event_id from public.event_authors a where a.user_id = auth.uid()
$$;

create or replace function kithdb.my_chat_ids() returns setof uuid
language sql stable security definer
set search_path = ''
as $$
  select p.chat_id from public.chat_participants p where p.user_id = auth.uid()
$$;

create or replace function kithdb.my_like_group_ids() returns setof uuid
language sql stable security definer
set search_path = ''
as $$
  select m.group_id from public.like_group_members m where m.user_id = auth.uid()
  union
  select g.id from public.like_groups g
  join public.event_authors a on a.event_id = g.event_id
  where a.user_id = auth.uid()
$$;

create or replace function kithdb.my_post_ids() returns setof uuid
language sql stable security definer
set search_path = ''
as $$
  select p.id from public.posts p where p.author_id = auth.uid()
$$;

create or replace function kithdb.is_api_role() returns boolean
language sql stable
set search_path = ''
as $$
  select current_user in ('anon', 'authenticated')
$$;

create or replace function kithdb.are_friends(a uuid, b uuid) returns boolean
language sql stable
set search_path = ''
as $$
  select exists (
    select from public.friendships f
    where f.user_id = least(a, b) and f.friend_id = greatest(a, b) and f.status = 'accepted'
  )
$$;

create or replace function kithdb.is_circle_member(circle_uuid uuid, user_uuid uuid) returns boolean
language sql stable security definer
set search_path = ''
as $$
  select exists (
    select from public.circle_members m
    where m.circle_id = circle_uuid and m.user_id = user_uuid and m.status = 'member'
  )
$$;

create or replace function kithdb.is_circle_admin(circle_uuid uuid, user_uuid uuid) returns boolean
language sql stable security definer
set search_path = ''
as $$
  select exists (
    select from public.circle_members m
    where m.circle_id = circle_uuid and m.user_id = user_uuid
      and m.role = 'admin' and m.status = 'member'
  )
$$;

create or replace function kithdb.has_circle_access(circle_uuid uuid, user_uuid uuid) returns boolean
language sql stable security definer
set search_path = ''
as $$
  select exists (
    select from public.circle_members m
    where m.circle_id = circle_uuid and m.user_id = user_uuid
  )
$$;

create or replace function kithdb.is_new_circle(circle_uuid uuid) returns boolean
language sql stable security definer
set search_path = ''
as $$
  select not exists (
    select from public.circle_members m join public.circles c on c.id = m.circle_id
    where m.circle_id = circle_uuid and c.created_by = auth.uid()
  )
$$;

create or replace function kithdb.is_event_author(p_event_id uuid, p_user_id uuid) returns boolean
language sql stable
set search_path = ''
as $$
  select exists (
    select from public.event_authors a where a.event_id = p_event_id and a.user_id = p_user_id
  )
$$;

create or replace function kithdb.is_friend_of_event_creator(p_event_id uuid, p_user_id uuid) returns boolean
language sql stable security definer
set search_path = ''
as $$
  select exists (
    select from public.events e
    join public.event_authors a on a.event_id = e.id and a.user_id = auth.uid()
    join public.friendships f
      on f.user_id = least(e.creator_id, p_user_id) and f.friend_id = greatest(e.creator_id, p_user_id)
    where e.id = p_event_id and f.status = 'accepted'
  )
$$;

create or replace function kithdb.lock_attendance(p_event_id uuid, p_user_id uuid) returns void
language sql
set search_path = ''
as $$
  select pg_advisory_xact_lock(hashtextextended(p_event_id::text || '/' || p_user_id::text, 0))
$$;

create or replace function kithdb.like_group_deadline(p_created_at timestamptz, p_starts_at timestamptz)
returns timestamptz
language sql immutable
set search_path = ''
as $$
  select least(p_created_at + interval '24 hours', p_starts_at)
$$;

create or replace function kithdb.decide_like_group(p_group_id uuid) returns public.like_group_status
language plpgsql security definer
set search_path = ''
as $$
declare
  v_group public.like_groups;
  v_starts_at timestamptz;
  v_authors bigint;
  v_members bigint;
  v_approvals bigint;
  v_chat uuid;
begin
  select g.* into v_group from public.like_groups g where g.id = p_group_id for update;
  if not found or v_group.status <> 'pending' then
    return v_group.status;
  end if;
  select e.starts_at into v_starts_at from public.events e where e.id = v_group.event_id;
  if not found then
    return v_group.status;  -- the event is being deleted, and the group with it
  end if;
  if now() >= kithdb.like_group_deadline(v_group.created_at, v_starts_at) then
    update public.like_groups g set status = 'expired' where g.id = p_group_id;
    return 'expired'::public.like_group_status;
  end if;

  -- Only the votes of the event's current authors count (LGR-06).
  if exists (
    select from public.like_group_approvals v
    join public.event_authors a on a.event_id = v_group.event_id and a.user_id = v.author_id
    where v.group_id = p_group_id and not v.approved
  ) then
    update public.like_groups g set status = 'rejected' where g.id = p_group_id;
    return 'rejected'::public.like_group_status;
  end if;
  select count(*) into v_authors from public.event_authors a where a.event_id = v_group.event_id;
  select count(*) into v_members from public.like_group_members m where m.group_id = p_group_id;
  select count(*) into v_approvals from public.like_group_approvals v
  join public.event_authors a on a.event_id = v_group.event_id and a.user_id = v.author_id
  where v.group_id = p_group_id and v.approved;
  if v_approvals < least(v_authors, v_members) or v_members = 0 then
    return 'pending'::public.like_group_status;
  end if;

  insert into public.chats (kind, like_group_id) values ('approved_group', p_group_id)
  returning id into v_chat;
  insert into public.chat_participants (chat_id, user_id)
  select v_chat, m.user_id from public.like_group_members m where m.group_id = p_group_id
  union
  select v_chat, a.user_id from public.event_authors a where a.event_id = v_group.event_id;
  update public.like_groups g set status = 'approved', chat_id = v_chat where g.id = p_group_id;
  return 'approved'::public.like_group_status;
end
$$;

-- PostgREST: reload the schema cache so the API shows this change at once.
notify pgrst, 'reload schema';
