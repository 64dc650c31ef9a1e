-- depends: 0021_friend_ids_skip_friendships_policy
-- The posts policy costs what a page reads (PST-06, issue #7).
--
-- Its circles branch was `id in (select kithdb.my_circle_post_ids())`: every post shared with
-- every circle the caller is a member of, collected into a hash on each query that touched
-- posts. That grows with the data, not with the page: at M a typical caller collected 875 post
-- ids for a feed page of 20, the caller at the head of the power law 255,000 (620 ms a page),
-- and at L the feed ran at 10x its hand-written twin. The branch now asks, for each circles post
-- the query actually reads, whether one of that post's circles (post_circles_pkey) is one the
-- caller is a member of (circle_members) — two index probes per circles post on the page.
--
-- Both branches read through views instead of definer functions. A view is expanded into the
-- policy's own plan: no PL/pgSQL call, no tuplestore, and no inner plan cached per connection
-- with the estimates of whoever happened to call first (a function's body is planned with
-- auth.uid()'s value at that moment; the views compare against `(select auth.uid())`, a
-- parameter). Each view runs as its owner, the tables' owner, so the tables' own policies do
-- not run inside it (each would add a set of its own: post_circles' collects every post the
-- caller wrote whenever a probe meets someone else's circle). SEC-07: each returns only the
-- caller's own rows, security_barrier keeps a caller's own conditions from running before that
-- filter, only authenticated may read them, and they live in `kithdb`, which PostgREST does not
-- expose.
--
-- feed_page: its generic plan is costed for a tenth of posts (a parameter limit), which with the
-- per-row probe crosses jit_inline_above_cost, and JIT-compiling the page took ~150 ms per call:
-- `jit = off`. The main feed no longer runs a query to test an absent circle filter, and a
-- member's circle page goes straight to the definer page (which checks membership itself).

create view kithdb.my_friends with (security_barrier) as
  select f.friend_id from public.friendships f
  where f.user_id = (select auth.uid()) and f.status = 'accepted'
  union all
  select f.user_id from public.friendships f
  where f.friend_id = (select auth.uid()) and f.status = 'accepted';
comment on view kithdb.my_friends is
  'The caller''s accepted friends, for the posts policy. Runs as its owner: it reads only the '
  'caller''s own friendships, so friendships'' policy would add work and remove nothing.';

create view kithdb.my_circle_posts with (security_barrier) as
  select pc.post_id from public.post_circles pc
  join public.circle_members m on m.circle_id = pc.circle_id
  where m.user_id = (select auth.uid()) and m.status = 'member';
comment on view kithdb.my_circle_posts is
  'Posts shared with a circle the caller is a member of, for the posts policy, which probes it by '
  'post_id (post_circles_pkey, then circle_members). Runs as its owner: post_circles'' policy '
  'would collect every post the caller wrote whenever a probe meets someone else''s circle.';

revoke all on kithdb.my_friends, kithdb.my_circle_posts from public, anon;
grant select on kithdb.my_friends, kithdb.my_circle_posts to authenticated;

alter policy posts_select on public.posts
  using (
    author_id = (select auth.uid())
    or audience = 'public'
    or (audience = 'friends' and author_id = any (array(select v.friend_id from kithdb.my_friends v)))
    -- offset 0 keeps the probe a probe: the planner would otherwise hash the caller's whole
    -- view whenever it costs a scan for the table's size rather than the page's (any LIMIT).
    or (audience = 'circles'
        and exists (select from kithdb.my_circle_posts v where v.post_id = posts.id offset 0))
  );

drop function kithdb.my_friend_ids();
drop function kithdb.my_circle_post_ids();

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
