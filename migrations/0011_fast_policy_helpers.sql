-- depends: 0010_dynamic_circles
-- Performance (issue #7): every policy helper and every predicate the RPCs call becomes PL/pgSQL,
-- and the two policies whose helper grew with the table now cost what the caller can see.
--
-- Why PL/pgSQL: a SQL function with `set search_path` is never inlined, so PostgreSQL parsed and
-- planned its body again in every statement (~0.1 ms per helper per query, measured in bench/);
-- PL/pgSQL keeps the plan for the session. Bodies and semantics are unchanged.
-- like_groups: an author's groups are found by event (event_authors is tiny per user) instead of
-- a union of every group of every event the caller authors.
-- posts: the circles branch reads one hashed set of post ids from a definer helper instead of a
-- sub-query on post_circles, whose own policy ran again for every row of that sub-query.
-- feed keeps its plan too (PL/pgSQL). feed_page(p_circle_id) for a member of the circle reads the circle's posts directly: a member
-- reads every post shared with the circle (PST-01), so no per-post policy is needed there.

-- Helpers, same results as before ---------------------------------------------------------------

create or replace function kithdb.my_friend_ids() returns setof uuid
language plpgsql stable
set search_path = ''
as $$
begin
  return query
    select f.friend_id from public.friendships f
    where f.user_id = auth.uid() and f.status = 'accepted'
    union all
    select f.user_id from public.friendships f
    where f.friend_id = auth.uid() and f.status = 'accepted';
end
$$;

create or replace function kithdb.my_circle_ids() returns setof uuid
language plpgsql stable security definer
set search_path = ''
as $$
begin
  return query select m.circle_id from public.circle_members m where m.user_id = auth.uid();
end
$$;

create or replace function kithdb.my_member_circle_ids() returns setof uuid
language plpgsql stable security definer
set search_path = ''
as $$
begin
  return query
    select m.circle_id from public.circle_members m
    where m.user_id = auth.uid() and m.status = 'member';
end
$$;

create or replace function kithdb.my_admin_circle_ids() returns setof uuid
language plpgsql stable security definer
set search_path = ''
as $$
begin
  return query
    select m.circle_id from public.circle_members m
    where m.user_id = auth.uid() and m.role = 'admin' and m.status = 'member';
end
$$;

create or replace function kithdb.my_authored_event_ids() returns setof uuid
language plpgsql stable security definer
set search_path = ''
as $$
begin
  return query select a.event_id from public.event_authors a where a.user_id = auth.uid();
end
$$;

create or replace function kithdb.my_chat_ids() returns setof uuid
language plpgsql stable security definer
set search_path = ''
as $$
begin
  return query select p.chat_id from public.chat_participants p where p.user_id = auth.uid();
end
$$;

create or replace function kithdb.my_like_group_ids() returns setof uuid
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

create or replace function kithdb.my_post_ids() returns setof uuid
language plpgsql stable security definer
set search_path = ''
as $$
begin
  return query select p.id from public.posts p where p.author_id = auth.uid();
end
$$;

-- Predicates and locks the RPCs and triggers call, same results as before ----------------------

create or replace function kithdb.is_api_role() returns boolean
language plpgsql stable
set search_path = ''
as $$
begin
  return current_user in ('anon', 'authenticated');
end
$$;

create or replace function kithdb.are_friends(a uuid, b uuid) returns boolean
language plpgsql stable
set search_path = ''
as $$
begin
  return exists (
    select from public.friendships f
    where f.user_id = least(a, b) and f.friend_id = greatest(a, b) and f.status = 'accepted'
  );
end
$$;

create or replace function kithdb.is_circle_member(circle_uuid uuid, user_uuid uuid) returns boolean
language plpgsql stable security definer
set search_path = ''
as $$
begin
  return exists (
    select from public.circle_members m
    where m.circle_id = circle_uuid and m.user_id = user_uuid and m.status = 'member'
  );
end
$$;

create or replace function kithdb.is_circle_admin(circle_uuid uuid, user_uuid uuid) returns boolean
language plpgsql stable security definer
set search_path = ''
as $$
begin
  return exists (
    select from public.circle_members m
    where m.circle_id = circle_uuid and m.user_id = user_uuid
      and m.role = 'admin' and m.status = 'member'
  );
end
$$;

create or replace function kithdb.has_circle_access(circle_uuid uuid, user_uuid uuid) returns boolean
language plpgsql stable security definer
set search_path = ''
as $$
begin
  return exists (
    select from public.circle_members m
    where m.circle_id = circle_uuid and m.user_id = user_uuid
  );
end
$$;

create or replace function kithdb.is_new_circle(circle_uuid uuid) returns boolean
language plpgsql stable security definer
set search_path = ''
as $$
begin
  return not exists (
    select from public.circle_members m join public.circles c on c.id = m.circle_id
    where m.circle_id = circle_uuid and c.created_by = auth.uid()
  );
end
$$;

create or replace function kithdb.is_event_author(p_event_id uuid, p_user_id uuid) returns boolean
language plpgsql stable
set search_path = ''
as $$
begin
  return exists (
    select from public.event_authors a where a.event_id = p_event_id and a.user_id = p_user_id
  );
end
$$;

create or replace function kithdb.is_friend_of_event_creator(p_event_id uuid, p_user_id uuid) returns boolean
language plpgsql stable security definer
set search_path = ''
as $$
begin
  return exists (
    select from public.events e
    join public.event_authors a on a.event_id = e.id and a.user_id = auth.uid()
    join public.friendships f
      on f.user_id = least(e.creator_id, p_user_id) and f.friend_id = greatest(e.creator_id, p_user_id)
    where e.id = p_event_id and f.status = 'accepted'
  );
end
$$;

create or replace function kithdb.lock_attendance(p_event_id uuid, p_user_id uuid) returns void
language plpgsql
set search_path = ''
as $$
begin
  perform pg_advisory_xact_lock(hashtextextended(p_event_id::text || '/' || p_user_id::text, 0));
end
$$;

create or replace function kithdb.like_group_deadline(p_created_at timestamptz, p_starts_at timestamptz)
returns timestamptz
language plpgsql immutable
set search_path = ''
as $$
begin
  return least(p_created_at + interval '24 hours', p_starts_at);
end
$$;

-- The decision reads the votes, authors and members in one statement instead of four.
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
  v_rejected boolean;
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

  -- Only the votes of the event's current authors count (LGR-06). One statement reads them all.
  select bool_or(not v.approved), count(*) filter (where v.approved),
         (select count(*) from public.event_authors a where a.event_id = v_group.event_id),
         (select count(*) from public.like_group_members m where m.group_id = p_group_id)
  into v_rejected, v_approvals, v_authors, v_members
  from public.like_group_approvals v
  join public.event_authors a on a.event_id = v_group.event_id and a.user_id = v.author_id
  where v.group_id = p_group_id;
  if coalesce(v_rejected, false) then
    update public.like_groups g set status = 'rejected' where g.id = p_group_id;
    return 'rejected'::public.like_group_status;
  end if;
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

-- New helpers -----------------------------------------------------------------------------------

create function kithdb.my_member_like_group_ids() returns setof uuid
language plpgsql stable security definer
set search_path = ''
as $$
begin
  return query select m.group_id from public.like_group_members m where m.user_id = auth.uid();
end
$$;
comment on function kithdb.my_member_like_group_ids() is
  'Like groups the caller is a member of, for set-based policies. Definer: a policy on '
  'like_group_members cannot read like_group_members under RLS without recursing.';

create function kithdb.my_circle_post_ids() returns setof uuid
language plpgsql stable security definer
set search_path = ''
as $$
begin
  return query
    select pc.post_id from public.circle_members m
    join public.post_circles pc on pc.circle_id = m.circle_id
    where m.user_id = auth.uid() and m.status = 'member';
end
$$;
comment on function kithdb.my_circle_post_ids() is
  'Posts shared with a circle the caller is a member of, for the posts policy. Definer: reading '
  'post_circles under its own policy from the posts policy re-ran that policy per row.';

create function kithdb.member_circle_feed_page(
  p_circle_id uuid,
  p_limit integer,
  p_before timestamptz,
  p_before_id uuid
) returns setof public.posts
language plpgsql stable security definer
set search_path = ''
as $$
begin
  if not exists (
    select from public.circle_members m
    where m.circle_id = p_circle_id and m.user_id = auth.uid() and m.status = 'member'
  ) then
    return;
  end if;
  return query
    select p.* from public.post_circles pc
    join public.posts p on p.id = pc.post_id
    where pc.circle_id = p_circle_id
      and (p_before is null
           or (p_before_id is null and p.created_at < p_before)
           or (p_before_id is not null and (p.created_at, p.id) < (p_before, p_before_id)))
    order by p.created_at desc, p.id desc
    limit p_limit;
end
$$;
comment on function kithdb.member_circle_feed_page(uuid, integer, timestamptz, uuid) is
  'One page of a circle''s posts for a member of it (nothing for anyone else). Definer: a member '
  'reads every post shared with the circle (PST-01), so the per-post policy is skipped.';

revoke execute on function kithdb.my_member_like_group_ids(), kithdb.my_circle_post_ids(),
  kithdb.member_circle_feed_page(uuid, integer, timestamptz, uuid)
  from public, anon;
grant execute on function kithdb.my_member_like_group_ids(), kithdb.my_circle_post_ids(),
  kithdb.member_circle_feed_page(uuid, integer, timestamptz, uuid)
  to authenticated, service_role;

-- Policies --------------------------------------------------------------------------------------

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

alter policy posts_select on public.posts
  using (
    author_id = (select auth.uid())
    or audience = 'public'
    or (audience = 'friends' and author_id = any (array(select kithdb.my_friend_ids())))
    or (audience = 'circles' and id in (select kithdb.my_circle_post_ids()))
  );

-- The feed ----------------------------------------------------------------------------------------

create or replace function public.feed_page(
  p_limit integer default 20,
  p_before timestamptz default null,
  p_before_id uuid default null,
  p_circle_id uuid default null
) returns setof public.posts
language plpgsql stable
set search_path = ''
as $$
declare
  v_me uuid := kithdb.require_uid();
begin
  if p_limit is null or p_limit < 1 or p_limit > 100 then
    raise exception 'p_limit must be between 1 and 100' using errcode = '22023', detail = 'invalid_limit';
  end if;
  if p_before_id is not null and p_before is null then
    raise exception 'p_before_id pages together with p_before'
      using errcode = '22023', detail = 'missing_before';
  end if;
  if p_circle_id is not null and kithdb.caller_is_circle_member(p_circle_id) then
    return query
      select * from kithdb.member_circle_feed_page(p_circle_id, p_limit, p_before, p_before_id);
    return;
  end if;
  if p_circle_id is not null and not exists (select from public.circles c where c.id = p_circle_id) then
    raise exception 'no such circle' using errcode = 'PT404', detail = 'circle_not_found';
  end if;
  if p_circle_id is not null then
    -- Not a member: the circle's posts the caller reads through another circle or as author.
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
language plpgsql stable
set search_path = ''
as $$
begin
  return query select * from public.feed_page(p_limit, p_before, null, p_circle_id);
end
$$;

-- PostgREST: reload the schema cache so the API shows this change at once.
notify pgrst, 'reload schema';
