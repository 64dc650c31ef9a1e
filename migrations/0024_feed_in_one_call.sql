-- depends: 0023_policies_read_views
-- A feed call is one PL/pgSQL call, and the posts policy derives the caller once fewer (#7).
--
-- Measured with callgrind at M (instructions per PostgREST transaction, envelope included): the
-- hand-written first page costs 986k, the same read through the posts policy 1,102k, and
-- `feed(20)` 1,274k. The RPC's share was three PL/pgSQL calls (feed -> feed_page ->
-- kithdb.require_uid) of ~20-45k each, since PL/pgSQL rebuilds a function's expression state in
-- every transaction and PostgREST makes every request one. The policy's share is mostly
-- auth.uid(): each derivation parses the JWT claims (~25k), and the policy made four.
--
-- - feed and feed_page each read their page themselves, and check the identity inline as
--   kithdb.require_uid does (same error). feed keeps feed_page's pinned plan settings: a
--   generic plan (custom plans replanned on every call, ~2.5x the cost) and no JIT (PST-06).
-- - A member's page of one circle comes first: a page from the definer proves a signed-in
--   member, so it needs no other check.
-- - kithdb.my_friends derives the caller once, in a one-row subquery its two index scans
--   read as a parameter, instead of once per scan.

create or replace view kithdb.my_friends with (security_barrier) as
  select f.friend_id
  -- offset 0 keeps the one row a row of its own: pulled up, auth.uid() would be copied into
  -- each scan below and the claims parsed twice.
  from (select auth.uid() as me offset 0) u
  cross join lateral (
    select f.friend_id from public.friendships f where f.user_id = u.me and f.status = 'accepted'
    union all
    select f.user_id from public.friendships f where f.friend_id = u.me and f.status = 'accepted'
  ) f;

create or replace function public.feed(
  p_limit integer default 20,
  p_before timestamptz default null,
  p_circle_id uuid default null
) returns setof public.posts
language plpgsql stable
set search_path = ''
set plan_cache_mode = force_generic_plan
set jit = off
as $$
begin
  -- A member's page of one circle first (PST-01, PST-05): the definer page shows a circle only
  -- to a signed-in member of it, so rows from it answer the call with every check below met.
  if p_circle_id is not null and p_limit between 1 and 100 then
    return query select * from kithdb.member_circle_feed_page(p_circle_id, p_limit, p_before, null);
    if found then
      return;
    end if;
  end if;
  -- kithdb.require_uid(), inline: with no identity, 42501 comes before any other error.
  if auth.uid() is null then
    raise exception 'this action needs a signed-in user'
      using errcode = '42501', detail = 'not_authenticated';
  end if;
  if p_limit is null or p_limit < 1 or p_limit > 100 then
    raise exception 'p_limit must be between 1 and 100' using errcode = '22023', detail = 'invalid_limit';
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
        where p.created_at < p_before
        order by p.created_at desc, p.id desc
        limit p_limit;
    end if;
    return;
  end if;
  -- Not a member, or past a member's last page (where the policy shows no more either).
  if not exists (select from public.circles c where c.id = p_circle_id) then
    raise exception 'no such circle' using errcode = 'PT404', detail = 'circle_not_found';
  end if;
  return query
    select p.* from public.post_circles pc
    join public.posts p on p.id = pc.post_id
    where pc.circle_id = p_circle_id
      and (p_before is null or p.created_at < p_before)
    order by p.created_at desc, p.id desc
    limit p_limit;
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
  -- A member's page of one circle first, as in feed.
  if p_circle_id is not null and p_limit between 1 and 100
     and (p_before_id is null or p_before is not null) then
    return query
      select * from kithdb.member_circle_feed_page(p_circle_id, p_limit, p_before, p_before_id);
    if found then
      return;
    end if;
  end if;
  -- kithdb.require_uid(), inline: with no identity, 42501 comes before any other error.
  if auth.uid() is null then
    raise exception 'this action needs a signed-in user'
      using errcode = '42501', detail = 'not_authenticated';
  end if;
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
  -- Not a member, or past a member's last page (where the policy shows no more either).
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
