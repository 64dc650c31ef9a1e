-- depends: 0019_one_sweep
-- The feed was planned again on every call. Its page statements take the page size as a
-- parameter (limit p_limit), and for a parameter limit the planner costs a generic plan as if a
-- tenth of posts were read, so PL/pgSQL's plan cache judged every custom plan cheaper and kept
-- making new ones: each call paid for planning the posts policy and its sub-plans. Under
-- PostgREST's prepared statements, where a hand-written query is planned once per connection,
-- that made feed 2x slower than the same query hand-written (bench/, issue #7).
--
-- Both page functions now keep one generic plan. That is only as good as its index conditions,
-- so the main feed's keyset gets the treatment the member page has had since 0013: two
-- statements, the second with a row comparison that posts_feed_idx answers. A deep page still
-- reads one page, not every post above it (PST-04).

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

-- Its statements already have their keyset as an index condition (0013).
alter function kithdb.member_circle_feed_page(uuid, integer, timestamptz, uuid)
  set plan_cache_mode = force_generic_plan;

-- PostgREST: reload the schema cache so the API shows this change at once.
notify pgrst, 'reload schema';
