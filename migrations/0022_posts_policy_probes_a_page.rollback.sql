-- Back to 0021: the posts policy collects the caller's circle posts through definer helpers.
create function kithdb.my_friend_ids() returns setof uuid
language plpgsql stable security definer
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
comment on function kithdb.my_friend_ids() is
  'The caller''s accepted friends (two index scans), for set-based policies. Definer: it reads '
  'only the caller''s own friendships, so friendships'' policy would add work and remove nothing.';

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

revoke execute on function kithdb.my_friend_ids(), kithdb.my_circle_post_ids() from public, anon;
grant execute on function kithdb.my_friend_ids(), kithdb.my_circle_post_ids()
  to authenticated, service_role;

alter policy posts_select on public.posts
  using (
    author_id = (select auth.uid())
    or audience = 'public'
    or (audience = 'friends' and author_id = any (array(select kithdb.my_friend_ids())))
    or (audience = 'circles' and id in (select kithdb.my_circle_post_ids()))
  );

drop view kithdb.my_circle_posts;
drop view kithdb.my_friends;

create or replace function public.feed_page(
  p_limit integer default 20,
  p_before timestamptz default null,
  p_before_id uuid default null,
  p_circle_id uuid default null
) returns setof public.posts
language plpgsql stable
set search_path = ''
set plan_cache_mode = force_generic_plan
as $$
declare
  v_me uuid := kithdb.require_uid();
  -- Without p_before_id, every post at p_before is excluded: no uuid sorts below the nil uuid.
  -- (Worked out here, not in the statement: posts' policy lets only leakproof conditions run
  -- before it, and PostgreSQL counts coalesce as leaky, which would make the keyset a filter.)
  v_before_id uuid := coalesce(p_before_id, '00000000-0000-0000-0000-000000000000'::uuid);
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
  if p_before is null then
    return query
      select p.* from public.posts p
      order by p.created_at desc, p.id desc
      limit p_limit;
  else
    return query
      select p.* from public.posts p
      where (p.created_at, p.id) < (p_before, v_before_id)
      order by p.created_at desc, p.id desc
      limit p_limit;
  end if;
end
$$;

-- PostgREST: reload the schema cache so the API shows this change at once.
notify pgrst, 'reload schema';
