-- Back to 0023: feed calls feed_page, which calls kithdb.require_uid, and kithdb.my_friends
-- derives the caller in each of its scans.

create or replace view kithdb.my_friends with (security_barrier) as
  select f.friend_id from public.friendships f
  where f.user_id = (select auth.uid()) and f.status = 'accepted'
  union all
  select f.user_id from public.friendships f
  where f.friend_id = (select auth.uid()) and f.status = 'accepted';

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

create or replace function public.feed_page(
  p_limit integer default 20,
  p_before timestamptz default null,
  p_before_id uuid default null,
  p_circle_id uuid default null
) returns setof public.posts
language plpgsql stable
set search_path = ''
set plan_cache_mode = force_generic_plan
set jit = off
as $$
declare
  -- Without p_before_id, every post at p_before is excluded: no uuid sorts below the nil uuid.
  -- (Worked out here, not in the statement: posts' policy lets only leakproof conditions run
  -- before it, and PostgreSQL counts coalesce as leaky, which would make the keyset a filter.)
  v_before_id uuid := coalesce(p_before_id, '00000000-0000-0000-0000-000000000000'::uuid);
begin
  perform kithdb.require_uid();
  if p_limit is null or p_limit < 1 or p_limit > 100 then
    raise exception 'p_limit must be between 1 and 100' using errcode = '22023', detail = 'invalid_limit';
  end if;
  if p_before_id is not null and p_before is null then
    raise exception 'p_before_id pages together with p_before'
      using errcode = '22023', detail = 'missing_before';
  end if;
  if p_circle_id is null then
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
    return;
  end if;
  -- A member reads every post shared with the circle (PST-01): one page from the circle's feed
  -- index (PST-05). The definer page gives anyone else nothing.
  return query
    select * from kithdb.member_circle_feed_page(p_circle_id, p_limit, p_before, p_before_id);
  if found then
    return;
  end if;
  -- Nothing: not a member, or past a member's last page (where the policy shows no more either).
  if not exists (select from public.circles c where c.id = p_circle_id) then
    raise exception 'no such circle' using errcode = 'PT404', detail = 'circle_not_found';
  end if;
  -- The circle's posts the caller reads through another circle or as their author.
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

-- PostgREST: reload the schema cache so the API shows this change at once.
notify pgrst, 'reload schema';
