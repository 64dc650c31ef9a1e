-- Back to 0011's feed_page (custom plans, one statement for the main feed's keyset).

alter function kithdb.member_circle_feed_page(uuid, integer, timestamptz, uuid)
  reset plan_cache_mode;

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

notify pgrst, 'reload schema';
