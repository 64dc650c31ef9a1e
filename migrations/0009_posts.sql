-- depends: 0008_like_groups
-- Posts with audience scopes: public (every signed-in user), friends (the author's accepted
-- friends), circles (members of any of the post's circles). The author always reads their posts.
-- The read policy is set-based: the caller's friend ids and circle ids are computed once per
-- statement, never a function call per row.

create type public.post_audience as enum ('public', 'friends', 'circles');
comment on type public.post_audience is
  'Who reads a post besides its author: public (every signed-in user), friends, or circles.';

create table public.posts (
  id uuid primary key default gen_random_uuid(),
  author_id uuid not null default auth.uid() references public.profiles (id) on delete cascade,
  body text not null,
  audience public.post_audience not null default 'public',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint posts_body_length check (char_length(body) between 1 and 5000),
  constraint posts_body_not_blank check (btrim(body) <> '')
);
create index posts_author_id_idx on public.posts (author_id, created_at desc, id desc);
create index posts_feed_idx on public.posts (created_at desc, id desc);
create index posts_public_feed_idx on public.posts (created_at desc, id desc) where audience = 'public';
comment on table public.posts is 'A post and its audience; see post_circles for circle audiences.';
comment on column public.posts.id is 'The post''s id.';
comment on column public.posts.author_id is 'Who wrote it.';
comment on column public.posts.body is 'The text, 1–5000 characters, not blank.';
comment on column public.posts.audience is 'public, friends or circles (see post_circles).';
comment on column public.posts.created_at is 'When it was posted; the feed pages on (created_at, id).';
comment on column public.posts.updated_at is 'When it was last edited.';

create table public.post_circles (
  post_id uuid not null references public.posts (id) on delete cascade,
  circle_id uuid not null references public.circles (id) on delete cascade,
  primary key (post_id, circle_id)
);
create index post_circles_circle_id_idx on public.post_circles (circle_id, post_id);
comment on table public.post_circles is 'The circles a circles-audience post is shared with.';
comment on column public.post_circles.post_id is 'The post.';
comment on column public.post_circles.circle_id is 'A circle whose members read the post.';

create trigger posts_touch_updated_at
  before update on public.posts
  for each row execute function kithdb.touch_updated_at();

-- Set-based helpers -----------------------------------------------------------------------------

create function kithdb.my_friend_ids() returns setof uuid
language sql stable
set search_path = ''
as $$
  select f.friend_id from public.friendships f
  where f.user_id = auth.uid() and f.status = 'accepted'
  union all
  select f.user_id from public.friendships f
  where f.friend_id = auth.uid() and f.status = 'accepted'
$$;
comment on function kithdb.my_friend_ids() is
  'The caller''s accepted friends (two index scans), for set-based policies. Invoker: the caller '
  'reads their own friendships anyway.';
revoke execute on function kithdb.my_friend_ids() from public, anon;
grant execute on function kithdb.my_friend_ids() to authenticated, service_role;

create function kithdb.my_post_ids() returns setof uuid
language sql stable security definer
set search_path = ''
as $$
  select p.id from public.posts p where p.author_id = auth.uid()
$$;
comment on function kithdb.my_post_ids() is
  'The caller''s own posts, for the post_circles policies. Definer: reading posts under RLS from '
  'a post_circles policy would recurse into the posts policy.';
revoke execute on function kithdb.my_post_ids() from public, anon;
grant execute on function kithdb.my_post_ids() to authenticated, service_role;

create function kithdb.posts_need_circles() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  if exists (select from public.posts p where p.id = new.id and p.audience = 'circles')
     and not exists (select from public.post_circles pc where pc.post_id = new.id) then
    raise exception 'a post for circles needs at least one circle'
      using errcode = '22023', detail = 'post_circles_required';
  end if;
  return null;
end
$$;
comment on function kithdb.posts_need_circles() is
  'Deferred, at commit: a post written or turned to audience circles has at least one circle '
  '(PST-02). Definer: counts post_circles rows beyond the caller''s RLS.';
revoke execute on function kithdb.posts_need_circles() from public, anon;
create constraint trigger posts_need_circles
  after insert or update of audience on public.posts
  deferrable initially deferred
  for each row execute function kithdb.posts_need_circles();

create function kithdb.posts_leave_circles() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  delete from public.post_circles pc where pc.post_id = new.id;
  return null;
end
$$;
comment on function kithdb.posts_leave_circles() is
  'AFTER a post''s audience changes away from circles: it leaves every circle, whose page would '
  'otherwise still show it (PST-07). Definer: removes every circle row of the post, whoever '
  'changes its audience.';
revoke execute on function kithdb.posts_leave_circles() from public, anon;
create trigger posts_leave_circles
  after update of audience on public.posts
  for each row when (old.audience = 'circles' and new.audience <> 'circles')
  execute function kithdb.posts_leave_circles();

create function kithdb.post_circles_only_circles_posts() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if not exists (select from public.posts p where p.id = new.post_id and p.audience = 'circles') then
    raise exception 'only a post with audience circles is shared with circles'
      using errcode = '22023', detail = 'post_circles_need_circles_audience';
  end if;
  return null;
end
$$;
comment on function kithdb.post_circles_only_circles_posts() is
  'AFTER INSERT on post_circles (so after RLS has checked the writer): only a circles post goes on '
  'a circle (PST-07).';
revoke execute on function kithdb.post_circles_only_circles_posts() from public, anon;
create trigger post_circles_only_circles_posts
  after insert on public.post_circles
  for each row execute function kithdb.post_circles_only_circles_posts();

create function kithdb.post_circles_author_stays() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  -- RLS checked the author's membership in the request's snapshot; a removal in flight may have
  -- deleted it meanwhile, and its cleanup (circle_members_unshare_posts) cannot see this row.
  -- The key-share lock waits for such a removal and finds no membership after it (CIR-13); a
  -- removal that comes later waits for this post and takes it off.
  perform from public.circle_members m
  join public.posts p on p.id = new.post_id
  where m.circle_id = new.circle_id and m.user_id = p.author_id and m.status = 'member'
  for key share of m;
  if not found then
    raise exception 'you can only post to circles you are a member of'
      using errcode = '42501', detail = 'not_circle_member';
  end if;
  return null;
end
$$;
comment on function kithdb.post_circles_author_stays() is
  'AFTER INSERT on post_circles by an API user: the author is still a member, locked until '
  'commit, so a concurrent removal or departure takes the post off with them (CIR-13). Definer: '
  'locks a membership row the writer may not update.';
revoke execute on function kithdb.post_circles_author_stays() from public, anon;
create trigger post_circles_author_stays
  after insert on public.post_circles
  for each row when (kithdb.is_api_role())
  execute function kithdb.post_circles_author_stays();

create function kithdb.circle_members_unshare_posts() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  -- The member's posts leave the circle with them (CIR-13); a circle being deleted takes its
  -- post_circles rows with it anyway.
  delete from public.post_circles pc
  using public.posts p
  where pc.circle_id = old.circle_id and p.id = pc.post_id and p.author_id = old.user_id
    and exists (select from public.circles c where c.id = old.circle_id);
  return null;
end
$$;
comment on function kithdb.circle_members_unshare_posts() is
  'AFTER DELETE of a member: their posts leave that circle (CIR-13). Definer: an admin removing a '
  'member may not otherwise delete the member''s post_circles rows.';
revoke execute on function kithdb.circle_members_unshare_posts() from public, anon;
create trigger circle_members_unshare_posts
  after delete on public.circle_members
  for each row when (old.status = 'member')
  execute function kithdb.circle_members_unshare_posts();

create trigger posts_insert_limit
  after insert on public.posts
  referencing new table as new_rows
  for each statement execute function kithdb.limit_api_insert();
create trigger post_circles_insert_limit
  after insert on public.post_circles
  referencing new table as new_rows
  for each statement execute function kithdb.limit_api_insert();

-- Privileges and policies -----------------------------------------------------------------------

alter table public.posts enable row level security;
alter table public.post_circles enable row level security;
revoke all on table public.posts, public.post_circles from anon, authenticated, service_role;
grant select, delete on table public.posts to authenticated;
grant insert (author_id, body, audience), update (body, audience)  -- the id is the database's (ID-06)
  on table public.posts to authenticated;
grant select, insert, delete on table public.post_circles to authenticated;
grant all on table public.posts, public.post_circles to service_role;

create policy posts_select on public.posts
  for select to authenticated
  using (
    author_id = (select auth.uid())
    or audience = 'public'
    or (audience = 'friends' and author_id = any (array(select kithdb.my_friend_ids())))
    or (audience = 'circles' and id in (
      select pc.post_id from public.post_circles pc
      where pc.circle_id = any (array(select kithdb.my_member_circle_ids()))
    ))
  );
create policy posts_insert on public.posts
  for insert to authenticated
  with check (author_id = (select auth.uid()));
create policy posts_update on public.posts
  for update to authenticated
  using (author_id = (select auth.uid()))
  with check (author_id = (select auth.uid()));
create policy posts_delete on public.posts
  for delete to authenticated
  using (author_id = (select auth.uid()));

create policy post_circles_select on public.post_circles
  for select to authenticated
  using (
    circle_id = any (array(select kithdb.my_member_circle_ids()))
    or post_id = any (array(select kithdb.my_post_ids()))
  );
create policy post_circles_insert on public.post_circles
  for insert to authenticated
  with check (
    post_id = any (array(select kithdb.my_post_ids()))
    and circle_id = any (array(select kithdb.my_member_circle_ids()))
  );
create policy post_circles_delete on public.post_circles
  for delete to authenticated
  using (
    post_id = any (array(select kithdb.my_post_ids()))
    or circle_id = any (array(select kithdb.my_admin_circle_ids()))
  );

-- RPCs ------------------------------------------------------------------------------------------

create function public.create_post(
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
comment on function public.create_post(text, public.post_audience, uuid[]) is
  'Post p_body to p_audience; audience circles needs p_circle_ids, each a circle you are a member '
  'of. Returns the post id.';

create function public.feed_page(
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
comment on function public.feed_page(integer, timestamptz, uuid, uuid) is
  'The posts you may read, newest first by (created_at, id): pass the last row''s created_at as '
  'p_before and its id as p_before_id for the next page — exact even when timestamps are equal. '
  'p_circle_id narrows to one circle.';

create function public.feed(
  p_limit integer default 20,
  p_before timestamptz default null,
  p_circle_id uuid default null
) returns setof public.posts
language sql stable
set search_path = ''
as $$ select * from public.feed_page(p_limit, p_before, null, p_circle_id) $$;
comment on function public.feed(integer, timestamptz, uuid) is
  'The posts you may read, newest first, older than p_before; p_circle_id narrows to one circle. '
  'For exact paging under equal timestamps use feed_page with p_before_id.';

create function public.remove_circle_post(p_circle_id uuid, p_post_id uuid) returns void
language plpgsql
set search_path = ''
as $$
begin
  perform kithdb.require_uid();
  if p_circle_id is null then
    raise exception 'p_circle_id is required' using errcode = '22023', detail = 'missing_circle_id';
  end if;
  if p_post_id is null then
    raise exception 'p_post_id is required' using errcode = '22023', detail = 'missing_post_id';
  end if;
  if not exists (select from public.circles c where c.id = p_circle_id) then
    raise exception 'no such circle' using errcode = 'PT404', detail = 'circle_not_found';
  end if;
  if not kithdb.caller_is_circle_admin(p_circle_id) then
    raise exception 'only an admin of the circle can take a post off it'
      using errcode = '42501', detail = 'not_circle_admin';
  end if;
  delete from public.post_circles pc where pc.circle_id = p_circle_id and pc.post_id = p_post_id;
  if not found then
    raise exception 'no such post in this circle'
      using errcode = 'PT404', detail = 'circle_post_not_found';
  end if;
end
$$;
comment on function public.remove_circle_post(uuid, uuid) is
  'Take a post off a circle you administer (CIR-13); the post stays, for its other circles and its '
  'author.';

revoke execute on function public.create_post(text, public.post_audience, uuid[]),
  public.feed_page(integer, timestamptz, uuid, uuid), public.feed(integer, timestamptz, uuid),
  public.remove_circle_post(uuid, uuid)
  from public, anon;
grant execute on function public.create_post(text, public.post_audience, uuid[]),
  public.feed_page(integer, timestamptz, uuid, uuid), public.feed(integer, timestamptz, uuid),
  public.remove_circle_post(uuid, uuid)
  to authenticated, service_role;

-- PostgREST: reload the schema cache so the API shows this change at once.
notify pgrst, 'reload schema';
