-- Back to 0009's create_post: the raw foreign-key error when the circle went meanwhile.

create or replace function public.create_post(
  p_body text,
  p_audience public.post_audience default 'public',
  p_circle_ids uuid[] default null
) returns uuid
language plpgsql
set search_path = ''
as $$
declare
  v_me uuid := kithdb.require_uid();
  v_id uuid;
  v_circle uuid;
begin
  -- SEC-11: the array is bounded before any other check or work.
  if cardinality(p_circle_ids) > 100 then
    raise exception 'p_circle_ids holds at most 100 ids'
      using errcode = '22023', detail = 'too_many_circles';
  end if;
  if p_body is null or btrim(p_body) = '' then
    raise exception 'a post needs a body' using errcode = '22023', detail = 'post_body_required';
  end if;
  if char_length(p_body) > 5000 then
    raise exception 'a post has at most 5000 characters'
      using errcode = '22023', detail = 'post_body_too_long';
  end if;
  if p_audience is null then
    raise exception 'p_audience is required' using errcode = '22023', detail = 'missing_audience';
  end if;
  if p_audience = 'circles' and coalesce(cardinality(p_circle_ids), 0) = 0 then
    raise exception 'a post for circles needs at least one circle'
      using errcode = '22023', detail = 'post_circles_required';
  end if;
  if p_audience <> 'circles' and coalesce(cardinality(p_circle_ids), 0) > 0 then
    raise exception 'circles are only for a post with audience circles'
      using errcode = '22023', detail = 'post_circles_need_circles_audience';
  end if;
  if array_position(p_circle_ids, null) is not null then
    raise exception 'circle ids cannot be null' using errcode = '22023', detail = 'missing_circle_id';
  end if;
  foreach v_circle in array coalesce(p_circle_ids, '{}') loop
    if not exists (select from public.circles c where c.id = v_circle) then
      raise exception 'no such circle' using errcode = 'PT404', detail = 'circle_not_found';
    end if;
    if not kithdb.caller_is_circle_member(v_circle) then
      raise exception 'you can only post to circles you are a member of'
        using errcode = '42501', detail = 'not_circle_member';
    end if;
  end loop;
  insert into public.posts (author_id, body, audience) values (v_me, p_body, p_audience)
  returning id into v_id;
  insert into public.post_circles (post_id, circle_id)
  select distinct v_id, c from unnest(coalesce(p_circle_ids, '{}')) c order by c;
  return v_id;
end
$$;

-- PostgREST: reload the schema cache so the API shows this change at once.
notify pgrst, 'reload schema';
