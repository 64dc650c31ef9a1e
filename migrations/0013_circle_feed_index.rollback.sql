create or replace function kithdb.member_circle_feed_page(
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

drop trigger post_circles_fill_created_at on public.post_circles;
drop function kithdb.post_circles_fill_created_at();
create index post_circles_circle_id_idx on public.post_circles (circle_id, post_id);
drop index public.post_circles_feed_idx;
alter table public.post_circles drop column post_created_at;
alter table public.posts drop constraint posts_id_created_at;

-- PostgREST: reload the schema cache so the API shows this change at once.
notify pgrst, 'reload schema';
