-- depends: 0009_like_groups
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
  removed_at timestamptz,
  constraint posts_body_length check (char_length(body) between 1 and 5000),
  constraint posts_body_not_blank
    check (body ~ '^[!-~]' or not kithdb.is_blank(body)),
  -- Every post has a place in the (created_at, id) order that pages and the home feed read.
  constraint posts_created_at_finite check (isfinite(created_at)),
  -- The target of post_circles' copy of created_at.
  constraint posts_id_created_at unique (id, created_at)
);
create index posts_author_id_idx on public.posts (author_id, created_at desc, id desc);
create index posts_feed_idx on public.posts (created_at desc, id desc);
create index posts_public_feed_idx on public.posts (created_at desc, id desc) where audience = 'public';
-- What a friend reads of an author: the home feed probes it once or twice per friend, from the
-- index alone (docs/DESIGN.md, "The home feed").
create index posts_author_shared_idx on public.posts (author_id, created_at desc, id desc)
  where audience <> 'circles' and removed_at is null;
-- Everyone's public and friends posts in time order, with their authors: the home feed of a
-- caller with many friends reads theirs from it, from the index alone.
create index posts_shared_feed_idx on public.posts (created_at desc, id desc) include (author_id)
  where audience <> 'circles' and removed_at is null;
comment on table public.posts is 'A post and its audience; see post_circles for circle audiences.';
comment on column public.posts.id is 'The post''s id.';
comment on column public.posts.author_id is 'Who wrote it.';
comment on column public.posts.body is 'The text, 1–5000 characters, not blank.';
comment on column public.posts.audience is 'public, friends or circles (see post_circles).';
comment on column public.posts.created_at is 'When it was posted; the feed pages on (created_at, id).';
comment on column public.posts.updated_at is 'When it was last edited.';
comment on column public.posts.removed_at is
  'When a moderator removed it (MOD-04): from then on only its author reads it, marked so.';

-- post_circles carries its post's created_at, kept equal by a foreign key, so that one index
-- hands out a circle's newest posts in feed order: a circle's page reads a page, not every post
-- the circle holds (PST-05).
create table public.post_circles (
  post_id uuid not null references public.posts (id) on delete cascade,
  circle_id uuid not null references public.circles (id) on delete cascade,
  post_created_at timestamptz not null,
  primary key (post_id, circle_id),
  constraint post_circles_post_created_at_fkey foreign key (post_id, post_created_at)
    references public.posts (id, created_at) on update cascade on delete cascade
);
-- A post's created_at changing (service_role may) cascades through this index.
create index post_circles_post_created_at_fkey_idx on public.post_circles (post_id, post_created_at);
-- The feed index starts with circle_id, so it also covers the circle foreign key.
create index post_circles_feed_idx
  on public.post_circles (circle_id, post_created_at desc, post_id desc);
comment on table public.post_circles is 'The circles a circles-audience post is shared with.';
comment on column public.post_circles.post_id is 'The post.';
comment on column public.post_circles.circle_id is 'A circle whose members read the post.';
comment on column public.post_circles.post_created_at is
  'The post''s created_at (kept by the foreign key; filled in when left out), for the circle feed.';

create trigger posts_refuse_gone_account
  before insert on public.posts
  for each statement execute function kithdb.refuse_gone_account();
create trigger posts_touch_updated_at
  before update on public.posts
  for each row execute function kithdb.touch_updated_at();

-- SEC-12: a post stays its author's, under its id: given to another author it would stay on
-- circles its new author is not in (PST-02). Its created_at may change, and its circle rows
-- follow it (the foreign key cascades).
create trigger posts_immutable
  before update on public.posts
  for each row
  when ((new.id, new.author_id) is distinct from (old.id, old.author_id))
  execute function kithdb.refuse_row_move(
    'post_immutable', 'a post cannot move to another id or author');

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
  -- The update holds the post's row, but in a mode that lets a circle row being added go on
  -- (its foreign key holds the post, key share) and commit unseen by the delete below. Holding
  -- the row for update waits for such a row, which the delete then takes off, under a snapshot
  -- taken after the wait; a row added later waits for this update and then finds the post off
  -- circles (post_circles_only_circles_posts).
  if pg_catalog.current_setting('transaction_isolation') operator(pg_catalog.<>) 'read committed' then
    raise exception 'a post leaving its circles must see the circle rows added while it waited: '
      'use READ COMMITTED' using errcode = '25001', detail = 'read_committed_required';
  end if;
  perform from public.posts p where p.id = new.id for update;
  delete from public.post_circles pc where pc.post_id = new.id;
  return null;
end
$$;
comment on function kithdb.posts_leave_circles() is
  'AFTER a post''s audience changes away from circles, or a moderator first removes it: it '
  'leaves every circle, whose pages would otherwise still show it (PST-07, MOD-04). Definer: '
  'removes every circle row of the post, whoever writes.';
revoke execute on function kithdb.posts_leave_circles() from public, anon;
create trigger posts_leave_circles
  after update of audience, removed_at on public.posts
  for each row
  when ((old.audience = 'circles' and new.audience <> 'circles')
        or (old.removed_at is null and new.removed_at is not null))
  execute function kithdb.posts_leave_circles();

create function kithdb.post_circles_only_circles_posts() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  -- An audience change or a removal that commits while this row waits for the post (its foreign
  -- key holds it) must be seen below, by a snapshot taken after the wait.
  if pg_catalog.current_setting('transaction_isolation') operator(pg_catalog.<>) 'read committed' then
    raise exception 'a post joining a circle must see a change of the post made while it waited: '
      'use READ COMMITTED' using errcode = '25001', detail = 'read_committed_required';
  end if;
  if not exists (select from public.posts p where p.id = new.post_id and p.audience = 'circles') then
    raise exception 'only a post with audience circles is shared with circles'
      using errcode = '22023', detail = 'post_circles_need_circles_audience';
  end if;
  if exists (select from public.posts p where p.id = new.post_id and p.removed_at is not null) then
    raise exception 'a moderator removed this post' using errcode = 'PT409', detail = 'post_removed';
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

-- Before the row goes in, so before its foreign key key-share locks the circle: a member leaving
-- deletes their membership, then (as the last member) the circle; a post locking in the other
-- order would wait for the leaving while the leaving waits for it.
create function kithdb.post_circles_lock_membership() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  -- The writer's own row (the policy accepts only the author's posts, on their own circles);
  -- locked, not checked: post_circles_author_stays refuses after RLS has judged the writer.
  perform from public.circle_members m
  where m.circle_id = new.circle_id and m.user_id = kithdb.uid() and m.status = 'member'
  for key share;
  -- A circle being deleted (its admin's DELETE, whose cascade then waits for this membership)
  -- holds its row for update: the foreign key's wait for it would close a deadlock. It is asked
  -- for without waiting, and only by a member, who reads the circle.
  if found then
    perform from public.circles c where c.id = new.circle_id for key share skip locked;
    if not found then
      raise exception 'no such circle' using errcode = 'PT404', detail = 'circle_not_found';
    end if;
  end if;
  return new;
end
$$;
comment on function kithdb.post_circles_lock_membership() is
  'BEFORE INSERT on post_circles by an API user: key-share locks the writer''s membership before '
  'the foreign key locks the circle, so a post and its author''s leaving wait for each other in '
  'one order (CIR-13); a circle being deleted is none (PT404 circle_not_found). Definer because '
  'a member may not lock their circle''s row (its update policy is its admins'').';
revoke execute on function kithdb.post_circles_lock_membership() from public, anon;
create trigger post_circles_lock_membership
  before insert on public.post_circles
  for each row when (kithdb.is_api_role())
  execute function kithdb.post_circles_lock_membership();

-- PST-02, PST-07: a post's circle row stays with its post and circle, for trusted writers too.
-- Its post's created_at may change (the foreign key cascades it).
create trigger post_circles_immutable
  before update on public.post_circles
  for each row
  when ((new.post_id, new.circle_id) is distinct from (old.post_id, old.circle_id))
  execute function kithdb.refuse_row_move(
    'post_circle_immutable', 'a post''s circle row cannot move to another post or circle');

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

-- The caller's own sets, which the policies below read: security-barrier views that run as their
-- owner, each returning only the caller's rows (SEC-07). A view is expanded into each statement's
-- plan, where a definer helper would be a call per statement with a plan cached for its first
-- caller (measured in docs/DESIGN.md, "Policies read views").
create view kithdb.my_circle_posts with (security_barrier) as
  select pc.post_id from public.post_circles pc
  join public.circle_members m on m.circle_id = pc.circle_id
  where m.user_id = (select auth.uid()) and m.status = 'member';
comment on view kithdb.my_circle_posts is
  'Posts shared with a circle the caller is a member of, for the posts policy, which probes it by '
  'post_id (post_circles_pkey, then circle_members). Runs as its owner: post_circles'' policy '
  'would collect every post the caller wrote whenever a probe meets someone else''s circle.';

create view kithdb.my_posts with (security_barrier) as
  select p.id as post_id from public.posts p where p.author_id = (select auth.uid());
comment on view kithdb.my_posts is
  'The caller''s own posts, for the post_circles policies. Runs as its owner: reading posts under '
  'RLS from a post_circles policy would run the posts policy, which reads post_circles.';
create view kithdb.my_blockers_posts with (security_barrier) as
  select p.id as post_id from public.posts p
  where p.author_id = any (array(select v.user_id from kithdb.my_blockers v))
    and p.audience = 'circles';
comment on view kithdb.my_blockers_posts is
  'The circle posts of the users who blocked the caller (BLK-03), for the post_circles policy. '
  'Runs as its owner: as kithdb.my_posts.';
revoke all on kithdb.my_circle_posts, kithdb.my_posts, kithdb.my_blockers_posts from public, anon;
grant select on kithdb.my_circle_posts, kithdb.my_posts, kithdb.my_blockers_posts to authenticated;

create policy posts_select on public.posts
  for select to authenticated
  using (
    author_id = (select auth.uid())
    or ((audience = 'public'
         or (audience = 'friends'
             and author_id = any (array(select v.friend_id from kithdb.my_friends v)))
         -- offset 0 keeps the probe a probe: the planner would otherwise hash the caller's whole
         -- view whenever it costs a scan for the table's size rather than the page's (any LIMIT).
         or (audience = 'circles'
             and exists (select from kithdb.my_circle_posts v where v.post_id = posts.id offset 0)))
        -- BLK-07: nobody reads the writing of someone they blocked or who blocked them.
        and author_id <> all (array(select v.user_id from kithdb.my_hidden_users v))
        and removed_at is null)  -- MOD-04
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
    (circle_id = any (array(select v.circle_id from kithdb.my_member_circles v))
     or post_id = any (array(select v.post_id from kithdb.my_posts v)))
    and post_id <> all (array(select v.post_id from kithdb.my_blockers_posts v))  -- BLK-03
  );

create policy post_circles_insert on public.post_circles
  for insert to authenticated
  with check (
    post_id = any (array(select v.post_id from kithdb.my_posts v))
    and circle_id = any (array(select v.circle_id from kithdb.my_member_circles v))
  );

-- Only rows post_circles_select shows the caller: a delete without a filter would otherwise
-- reach the posts of a member who blocked the admin (BLK-03, SEC-08).
create policy post_circles_delete on public.post_circles
  for delete to authenticated
  using (
    (post_id = any (array(select v.post_id from kithdb.my_posts v))
     or circle_id = any (array(select v.circle_id from kithdb.my_admin_circles v)))
    and post_id <> all (array(select v.post_id from kithdb.my_blockers_posts v))
  );

create function public.create_post(
  p_body text,
  p_audience public.post_audience default 'public',
  p_circle_ids uuid[] default null
) returns uuid
language plpgsql
set search_path = ''
as $$
declare
  v_me pg_catalog.uuid := kithdb.require_account();
  v_id pg_catalog.uuid;
  v_circle pg_catalog.uuid;
begin
  -- SEC-11: the array is bounded before any other check or work.
  if cardinality(p_circle_ids) > 100 then
    raise exception 'p_circle_ids holds at most 100 ids'
      using errcode = '22023', detail = 'too_many_circles';
  end if;
  if p_body is null or (p_body !~ '^[!-~]' and kithdb.is_blank(p_body)) then
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
  -- unnest, not array_position: a list of lists is read as its elements.
  if exists (select from unnest(p_circle_ids) c where c is null) then
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
  if p_audience = 'circles' then
    -- In circle id order, the order a sync removes someone from several circles in: a removal
    -- racing this post waits or is waited for, never both (post_circles_lock_membership).
    begin
      insert into public.post_circles (post_id, circle_id)
      select distinct v_id, c from unnest(p_circle_ids) c order by c;
    exception
      when foreign_key_violation then  -- its last member left meanwhile: the circle is gone
        raise exception 'no such circle' using errcode = 'PT404', detail = 'circle_not_found';
      when insufficient_privilege then  -- the author left or was removed meanwhile
        raise exception 'you can only post to circles you are a member of'
          using errcode = '42501', detail = 'not_circle_member';
    end;
  end if;
  return v_id;
end
$$;
comment on function public.create_post(text, public.post_audience, uuid[]) is
  'Post p_body to p_audience; audience circles needs p_circle_ids, each a circle you are a member '
  'of. Returns the post id.';

create function kithdb.member_circle_feed_page(
  p_circle_id uuid,
  p_limit integer,
  p_before timestamptz,
  p_before_id uuid
) returns setof public.posts
language plpgsql stable security definer
set search_path = ''
-- Its statements already have their keyset as an index condition.
set plan_cache_mode = force_generic_plan
as $$
declare
  v_me pg_catalog.uuid := kithdb.uid();
  v_member boolean;
  v_hidden pg_catalog.uuid[];
  v_none_hidden boolean;
begin
  -- One statement for both: whether the caller is a member (as kithdb.caller_is_circle_member
  -- answers), and whose posts are not read: blocked either way (BLK-07) or muted (MUT-02).
  select exists (select from public.circle_members m
                 where m.circle_id = p_circle_id and m.user_id = v_me and m.status = 'member'),
         array(select b.blocked_id from public.blocks b where b.blocker_id = v_me
               union all
               select b.blocker_id from public.blocks b where b.blocked_id = v_me
               union all
               select m.muted_id from public.mutes m
               where m.muter_id = v_me and (m.until is null or m.until > now()))
    into v_member, v_hidden;
  if not v_member then
    return;
  end if;
  -- The flag keeps the generic plan's estimate of the filter from ruling the plan: an unknown
  -- array's `<> all` is estimated to keep almost nothing, which would trade the index's order
  -- for a hash join and a sort of the whole circle.
  v_none_hidden := cardinality(v_hidden) = 0;
  -- Two statements, so that each one's keyset is an index condition on post_circles_feed_idx.
  -- A post is on a circle only while its audience is circles (PST-07); a definer page that skips
  -- the posts policy checks that too.
  if p_before is null then
    return query
      select p.* from public.post_circles pc
      join public.posts p on p.id = pc.post_id and p.audience = 'circles' and p.removed_at is null
      where pc.circle_id = p_circle_id and (v_none_hidden or p.author_id <> all (v_hidden))
      order by pc.post_created_at desc, pc.post_id desc
      limit p_limit;
  else
    -- Without p_before_id, every post at p_before is excluded: no uuid sorts below the nil uuid.
    return query
      select p.* from public.post_circles pc
      join public.posts p on p.id = pc.post_id and p.audience = 'circles' and p.removed_at is null
      where pc.circle_id = p_circle_id and (v_none_hidden or p.author_id <> all (v_hidden))
        and (pc.post_created_at, pc.post_id)
            < (p_before, coalesce(p_before_id, '00000000-0000-0000-0000-000000000000'::pg_catalog.uuid))
      order by pc.post_created_at desc, pc.post_id desc
      limit p_limit;
  end if;
end
$$;
comment on function kithdb.member_circle_feed_page(uuid, integer, timestamptz, uuid) is
  'One page of a circle''s posts for a member of it (nothing for anyone else). Definer: a member '
  'reads every post shared with the circle (PST-01), so the per-post policy is skipped.';

revoke execute on function kithdb.member_circle_feed_page(uuid, integer, timestamptz, uuid)
  from public, anon;
grant execute on function kithdb.member_circle_feed_page(uuid, integer, timestamptz, uuid)
  to authenticated, service_role;

create function kithdb.check_page(p_limit integer, p_before timestamptz, p_before_id uuid)
returns void
language plpgsql immutable
set search_path = ''
as $$
begin
  if p_limit is null or p_limit < 1 or p_limit > 100 then
    raise exception 'p_limit must be between 1 and 100' using errcode = '22023', detail = 'invalid_limit';
  end if;
  if p_before_id is not null and p_before is null then
    raise exception 'p_before_id pages together with p_before'
      using errcode = '22023', detail = 'missing_before';
  end if;
end
$$;
comment on function kithdb.check_page(integer, timestamptz, uuid) is
  'The paging arguments every keyset read takes (PST-04): 1–100 rows, and p_before_id only '
  'with p_before; raises 22023 invalid_limit or missing_before.';
revoke execute on function kithdb.check_page(integer, timestamptz, uuid) from public, anon;
grant execute on function kithdb.check_page(integer, timestamptz, uuid) to authenticated, service_role;

-- The feed: everything the caller may read, newest first, keyset-paged on (created_at, id).
-- It keeps one generic plan and runs without JIT: its statements are cheap index scans whose
-- custom plans and JIT compilation cost more than they save (docs/DESIGN.md, "The feed").
create function public.feed(
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
  v_before_id pg_catalog.uuid := coalesce(p_before_id, '00000000-0000-0000-0000-000000000000'::pg_catalog.uuid);
  v_me pg_catalog.uuid;
  v_muted pg_catalog.uuid[];
  v_none_muted boolean;
begin
  -- A member's page of one circle first (PST-01, PST-05): the definer page shows a circle only
  -- to a signed-in member of it, so rows from it answer the call with every check below met.
  if p_circle_id is not null and p_limit between 1 and 100
     and (p_before_id is null or p_before is not null) then
    return query
      select * from kithdb.member_circle_feed_page(p_circle_id, p_limit, p_before, p_before_id);
    if found then
      return;
    end if;
  end if;
  -- kithdb.require_uid() and kithdb.check_page(), inline: the feed stays one PL/pgSQL call
  -- (docs/DESIGN.md, "The feed"), and with no identity, 42501 comes before any other error.
  -- auth.uid() is safe here, unlike in kithdb's functions: no definer calls the feed, so it runs
  -- only as its caller (SEC-04).
  v_me := auth.uid();
  if v_me is null then
    raise exception 'this action needs a signed-in user'
      using errcode = '42501', detail = 'not_authenticated';
  end if;
  -- Whose posts the feed skips (MUT-02); the policy already hides the blocked. The flag keeps
  -- an unknown array's estimate from ruling the generic plan, as in a circle's page.
  v_muted := kithdb.my_muted_user_ids();
  v_none_muted := cardinality(v_muted) = 0;
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
        where (v_none_muted or p.author_id <> all (v_muted))
        order by p.created_at desc, p.id desc
        limit p_limit;
    else
      return query
        select p.* from public.posts p
        where (p.created_at, p.id) < (p_before, v_before_id)
          and (v_none_muted or p.author_id <> all (v_muted))
        order by p.created_at desc, p.id desc
        limit p_limit;
    end if;
    return;
  end if;
  -- Not a member, or past a member's last page (where the policy shows no more either).
  if not exists (select from public.circles c where c.id = p_circle_id) then
    raise exception 'no such circle' using errcode = 'PT404', detail = 'circle_not_found';
  end if;
  -- An invitee, not a member: post_circles shows a circle's rows to its members only, so the page
  -- is empty, whatever other circle a post is also on (which circles hold a post stays hidden).
  return query
    select p.* from public.post_circles pc
    join public.posts p on p.id = pc.post_id
    where pc.circle_id = p_circle_id and (v_none_muted or p.author_id <> all (v_muted))
      and (p_before is null
           or (p_before_id is null and p.created_at < p_before)
           or (p_before_id is not null and (p.created_at, p.id) < (p_before, p_before_id)))
    order by p.created_at desc, p.id desc
    limit p_limit;
end
$$;
comment on function public.feed(integer, timestamptz, uuid, uuid) is
  'The posts you may read, newest first by (created_at, id): pass the last row''s created_at as '
  'p_before and its id as p_before_id for the next page — exact even when timestamps are equal '
  '(p_before alone skips every post at that instant). p_circle_id narrows to one circle.';

-- When each author last posted for their friends (audience public or friends), at most: the home
-- feed reads a caller's many friends in this order, so it probes the few who posted last instead
-- of every one (docs/DESIGN.md, "The home feed"). A deleted post or a narrowed audience leaves it
-- later than the truth, which only costs a probe; it is never earlier than such a post (PST-10).
create table kithdb.author_activity (
  author_id uuid primary key references public.profiles (id) on delete cascade,
  last_shared_at timestamptz not null
);
create index author_activity_recent_idx
  on kithdb.author_activity (last_shared_at desc, author_id desc);
comment on table kithdb.author_activity is
  'The created_at of each author''s newest public or friends post, or later (PST-10); kept by '
  'posts_author_activity.';
revoke all on table kithdb.author_activity from public, anon, authenticated, service_role;

create function kithdb.posts_author_activity() returns trigger
language plpgsql security definer
set search_path = ''
as $$
declare
  v_due pg_catalog.uuid[];
  v_locked integer;
begin
  -- An author whose account is being deleted holds their profile for update, and its cascade
  -- then waits for the posts this statement holds: where the insert below needs that profile
  -- (for its foreign key), an API user's statement asks for it without waiting, and one being
  -- deleted answers as the account that is gone (ID-03). Trusted writers wait.
  if pg_catalog.current_setting('role') operator(pg_catalog.=) 'authenticated' then
    v_due := array(
      select n.author_id from new_rows n
      where n.audience <> 'circles'
      group by n.author_id
      having not exists (select from kithdb.author_activity x where x.author_id = n.author_id));
    if pg_catalog.cardinality(v_due) > 0 then
      perform from public.profiles p where p.id = any (v_due) for key share of p skip locked;
      get diagnostics v_locked = row_count;
      if v_locked < pg_catalog.cardinality(v_due) then
        raise exception 'this account is gone' using errcode = '42501', detail = 'not_authenticated';
      end if;
    end if;
  end if;
  -- Only an author whose time moves up is written (and locked until commit): an edit, or a post
  -- older than the author's last, leaves the row alone.
  insert into kithdb.author_activity as a (author_id, last_shared_at)
  select n.author_id, max(n.created_at) from new_rows n
  where n.audience <> 'circles'
  group by n.author_id
  having not exists (
    select from kithdb.author_activity x
    where x.author_id = n.author_id and x.last_shared_at >= max(n.created_at))
  on conflict (author_id) do update set last_shared_at = excluded.last_shared_at
    where a.last_shared_at < excluded.last_shared_at;
  return null;
end
$$;
comment on function kithdb.posts_author_activity() is
  'AFTER INSERT or UPDATE on posts, per statement: moves each author''s last_shared_at up to '
  'their newest public or friends post (PST-10). Definer: a writer of posts may not write kithdb.author_activity.';
revoke execute on function kithdb.posts_author_activity() from public, anon;
create trigger posts_author_activity_insert
  after insert on public.posts
  referencing new table as new_rows
  for each statement execute function kithdb.posts_author_activity();
create trigger posts_author_activity_update
  after update on public.posts
  referencing new table as new_rows
  for each statement execute function kithdb.posts_author_activity();

-- The home feed is a merge of newest-first index scans, one per source (the caller, a friend, a
-- circle), bounded by the page: first each source's newest post, then the sources whose newest
-- post could be on the page, each read down to the page's lowest possible key. A caller with
-- many friends probes first the friends who posted last (kithdb.author_activity), and all of
-- them only when those do not settle the page (docs/DESIGN.md, "The home feed").
create function kithdb.home_feed_page(p_limit integer, p_before timestamptz, p_before_id uuid)
returns setof public.posts
language plpgsql stable security definer
set search_path = ''
set plan_cache_mode = force_generic_plan
set jit = off
as $$
declare
  v_me pg_catalog.uuid := kithdb.uid();
  -- The page ends below the cursor, or below every post. Without p_before_id, every post at
  -- p_before is excluded: no uuid sorts below the nil uuid.
  v_at pg_catalog.timestamptz := coalesce(p_before, 'infinity');
  v_id pg_catalog.uuid := coalesce(p_before_id, '00000000-0000-0000-0000-000000000000'::pg_catalog.uuid);
  v_friends pg_catalog.uuid[];
  v_circles pg_catalog.uuid[];
  -- Whom the caller blocked and who blocked them (BLK-07): a circle's post by one is skipped.
  v_hidden pg_catalog.uuid[];
  v_none_hidden boolean;
  -- The friends probed, and a time no other friend has posted after (null: none is left out).
  v_probed pg_catalog.uuid[];
  v_rest_before pg_catalog.timestamptz;
  -- The friends' newest posts below the cursor, when read straight from the time index.
  v_dense_at pg_catalog.timestamptz[] := '{}'::pg_catalog.timestamptz[];
  v_dense_id pg_catalog.uuid[] := '{}'::pg_catalog.uuid[];
  v_recent pg_catalog.uuid[];
  v_recent_at pg_catalog.timestamptz[];
  v_scanned integer;
  -- Past this many rows of author_activity, probing every friend costs less than looking on.
  v_budget integer;
  -- The page's lowest possible key, and the sources that reach it.
  v_floor_at pg_catalog.timestamptz;
  v_floor_id pg_catalog.uuid;
  v_kinds integer[];
  v_sources pg_catalog.uuid[];
begin
  -- Also for a caller who calls it directly: a page of 1–100.
  perform kithdb.check_page(p_limit, p_before, p_before_id);
  if v_me is null then
    return;
  end if;
  select coalesce(array_agg(f.id), '{}') into v_friends from (
    select f.friend_id as id from public.friendships f
    where f.user_id = v_me and f.status = 'accepted'
    union all
    select f.user_id from public.friendships f
    where f.friend_id = v_me and f.status = 'accepted'
  ) f;
  select coalesce(array_agg(m.circle_id), '{}') into v_circles from public.circle_members m
  where m.user_id = v_me and m.status = 'member';
  -- The users whose posts this page skips: blocked either way (BLK-07) and muted (MUT-02).
  select coalesce(array_agg(h.id), '{}') into v_hidden from (
    select b.blocked_id as id from public.blocks b where b.blocker_id = v_me
    union all
    select b.blocker_id from public.blocks b where b.blocked_id = v_me
    union all
    select m.muted_id from public.mutes m
    where m.muter_id = v_me and (m.until is null or m.until > now())
  ) h;
  v_none_hidden := cardinality(v_hidden) = 0;
  -- A block ends a friendship (BLK-02); a muted friend stays a friend but is skipped here.
  if not v_none_hidden then
    v_friends := array(select f.id from unnest(v_friends) f(id) where f.id <> all (v_hidden));
  end if;
  v_probed := v_friends;

  -- Many friends: their posts are dense among everyone's shared posts. Read those below the
  -- cursor newest first, at most 8 per friend (the cost of reading the friend list again): when
  -- p_limit of them are the friends', they are the friends' newest, and no friend is probed.
  if cardinality(v_friends) > 64 then
    select array_agg(w.created_at order by w.created_at desc, w.id desc),
           array_agg(w.id order by w.created_at desc, w.id desc)
      into v_dense_at, v_dense_id
    from (
      select w.created_at, w.id from (
        select p.created_at, p.id, p.author_id from public.posts p
        where p.audience <> 'circles' and p.removed_at is null and (p.created_at, p.id) < (v_at, v_id)
        order by p.created_at desc, p.id desc
        limit 8 * cardinality(v_friends)
      ) w
      where (w.author_id in (select unnest(v_friends))) is true
      order by w.created_at desc, w.id desc
      limit p_limit
    ) w;
    if cardinality(v_dense_id) = p_limit then
      v_probed := '{}';
    else
      v_dense_at := '{}';
      v_dense_id := '{}';
    end if;
  end if;

  -- Many friends, not dense: the ones who posted last, read from author_activity newest first.
  -- Every friend who posted after the cursor is probed (their newest post below it may be
  -- anywhere), then p_limit more; the next one's last_shared_at bounds every friend left out.
  if cardinality(v_friends) > 64 and cardinality(v_dense_id) = 0 then
    v_budget := 16 * cardinality(v_friends);
    v_recent := '{}';
    v_scanned := 0;
    if p_before is not null then
      select coalesce(array_agg(s.author_id) filter (where s.friend), '{}'), count(*)
        into v_recent, v_scanned
      from (
        select a.author_id, (a.author_id in (select unnest(v_friends))) is true as friend
        from kithdb.author_activity a
        where a.last_shared_at >= v_at
        order by a.last_shared_at desc, a.author_id desc
        limit v_budget
      ) s;
    end if;
    -- Past the budget (v_scanned = v_budget) this reads nothing, and every friend is probed.
    select array_agg(s.author_id order by s.last_shared_at desc, s.author_id desc),
           array_agg(s.last_shared_at order by s.last_shared_at desc, s.author_id desc)
      into v_probed, v_recent_at
    from (
      select a.author_id, a.last_shared_at from (
        select a.author_id, a.last_shared_at from kithdb.author_activity a
        where a.last_shared_at < v_at
        order by a.last_shared_at desc, a.author_id desc
        limit v_budget - v_scanned
      ) a
      where (a.author_id in (select unnest(v_friends))) is true
      limit p_limit + 1
    ) s;
    if cardinality(v_recent_at) = p_limit + 1 then
      v_rest_before := v_recent_at[p_limit + 1];
      v_probed := v_recent || v_probed[1:p_limit];
    else
      v_probed := v_friends;
    end if;
  end if;

  <<page>>
  loop
    -- Each source's newest post below the cursor (kind 0: the caller's own posts, every
    -- audience; 1: a friend's public and friends posts; 2: a circle's posts, PST-01), and the
    -- friends' dense posts (3), each read already; the p_limit-th newest of them is the page's
    -- lowest possible key: that many posts are at or above it, so the page is too, and only a
    -- source whose newest post reaches it has a post on the page. With fewer heads than that,
    -- every post of every source may be on it.
    select x.at, x.id, x.kinds, x.sources
      into v_floor_at, v_floor_id, v_kinds, v_sources
    from (
      with heads as materialized (
        select 0 as kind, v_me as source, h.created_at, h.id
        from (select p.created_at, p.id from public.posts p
              where p.author_id = v_me and (p.created_at, p.id) < (v_at, v_id)
              order by p.created_at desc, p.id desc limit 1) h
        union all
        select 1, f.id, h.created_at, h.id
        from unnest(v_probed) f(id) cross join lateral (
          select p.created_at, p.id from public.posts p
          where p.author_id = f.id and p.audience <> 'circles' and p.removed_at is null
            and (p.created_at, p.id) < (v_at, v_id)
          order by p.created_at desc, p.id desc limit 1) h
        union all
        select 3, null, d.at, d.id from unnest(v_dense_at, v_dense_id) d(at, id)
        union all
        select 2, c.id, h.post_created_at, h.post_id
        from unnest(v_circles) c(id) cross join lateral (
          select pc.post_created_at, pc.post_id from public.post_circles pc
          where pc.circle_id = c.id and (pc.post_created_at, pc.post_id) < (v_at, v_id)
            and (v_none_hidden or not exists (
              select from public.posts p where p.id = pc.post_id and p.author_id = any (v_hidden)))
          order by pc.post_created_at desc, pc.post_id desc limit 1) h
      ),
      floor as (
        select f.at, f.id from (
          (select d.created_at as at, d.id from (select distinct h.created_at, h.id from heads h) d
           order by d.created_at desc, d.id desc offset p_limit - 1 limit 1)
          union all
          select '-infinity'::pg_catalog.timestamptz, '00000000-0000-0000-0000-000000000000'::pg_catalog.uuid
        ) f
        order by f.at desc, f.id desc limit 1
      )
      select b.at, b.id,
             coalesce(array_agg(h.kind) filter (where h.kind < 3), '{}') as kinds,
             coalesce(array_agg(h.source) filter (where h.kind < 3), '{}') as sources
      from floor b join heads h on (h.created_at, h.id) >= (b.at, b.id)
      group by b.at, b.id
    ) x;
    -- A friend left out may have posted after the page's lowest key: probe them all.
    exit page when v_rest_before is null or v_floor_at > v_rest_before;
    v_probed := v_friends;
    v_rest_before := null;
  end loop;
  if v_floor_at is null then
    return;
  end if;

  -- Each source that reaches the floor, read down to it; a post reached through a circle is on
  -- the page only while its audience is circles (PST-07), checked on the page's rows alone.
  return query
    select p.* from (
      select k.created_at, k.id, min(k.kind) as kind from (
        select q.created_at, q.id, s.kind
        from unnest(v_kinds, v_sources) s(kind, source) cross join lateral (
          (select p.created_at, p.id from public.posts p
           where s.kind = 0 and p.author_id = s.source
             and (p.created_at, p.id) < (v_at, v_id)
             and (p.created_at, p.id) >= (v_floor_at, v_floor_id)
           order by p.created_at desc, p.id desc limit p_limit)
          union all
          (select p.created_at, p.id from public.posts p
           where s.kind = 1 and p.author_id = s.source and p.audience <> 'circles'
             and p.removed_at is null
             and (p.created_at, p.id) < (v_at, v_id)
             and (p.created_at, p.id) >= (v_floor_at, v_floor_id)
           order by p.created_at desc, p.id desc limit p_limit)
          union all
          (select pc.post_created_at, pc.post_id from public.post_circles pc
           where s.kind = 2 and pc.circle_id = s.source
             and (pc.post_created_at, pc.post_id) < (v_at, v_id)
             and (pc.post_created_at, pc.post_id) >= (v_floor_at, v_floor_id)
             and (v_none_hidden or not exists (
               select from public.posts p where p.id = pc.post_id and p.author_id = any (v_hidden)))
           order by pc.post_created_at desc, pc.post_id desc limit p_limit)
        ) q
        union all
        select d.at, d.id, 1 from unnest(v_dense_at, v_dense_id) d(at, id)
        where (d.at, d.id) >= (v_floor_at, v_floor_id)
      ) k
      group by k.created_at, k.id
      order by k.created_at desc, k.id desc
      limit p_limit
    ) k
    join public.posts p on p.id = k.id and (k.kind < 2 or p.audience = 'circles')
    order by p.created_at desc, p.id desc;
end
$$;
comment on function kithdb.home_feed_page(integer, timestamptz, uuid) is
  'One page of the caller''s home feed (PST-08): their own posts, their friends'' public and '
  'friends posts, their circles'' posts, each once, newest first below the cursor. Definer: it '
  'reads exactly what posts_select shows the caller from these sources, through the indexes of '
  'each source, where the policy would be evaluated per row against every friend.';
revoke execute on function kithdb.home_feed_page(integer, timestamptz, uuid) from public, anon;
grant execute on function kithdb.home_feed_page(integer, timestamptz, uuid)
  to authenticated, service_role;

create function public.home_feed(
  p_limit integer default 20,
  p_before timestamptz default null,
  p_before_id uuid default null
) returns setof public.posts
language plpgsql stable
set search_path = ''
as $$
begin
  perform kithdb.require_uid();
  -- The page checks its arguments (kithdb.check_page) after this identity check.
  return query select * from kithdb.home_feed_page(p_limit, p_before, p_before_id);
end
$$;
comment on function public.home_feed(integer, timestamptz, uuid) is
  'Your home feed: your posts, your friends'' public and friends posts and the posts of your '
  'circles, newest first by (created_at, id); page with p_before and p_before_id as feed does.';

create function public.user_posts(
  p_user_id uuid,
  p_limit integer default 20,
  p_before timestamptz default null,
  p_before_id uuid default null
) returns setof public.posts
language plpgsql stable
set search_path = ''
set plan_cache_mode = force_generic_plan
set jit = off
as $$
declare
  -- Worked out here, not in the statement, as in feed: the policy runs only leakproof conditions
  -- before it, and coalesce is not one.
  v_at pg_catalog.timestamptz := coalesce(p_before, 'infinity');
  v_id pg_catalog.uuid := coalesce(p_before_id, '00000000-0000-0000-0000-000000000000'::pg_catalog.uuid);
begin
  perform kithdb.require_uid();
  if p_user_id is null then
    raise exception 'p_user_id is required' using errcode = '22023', detail = 'missing_user_id';
  end if;
  perform kithdb.check_page(p_limit, p_before, p_before_id);
  if not exists (select from public.profiles pr where pr.id = p_user_id) then
    raise exception 'no such user' using errcode = 'PT404', detail = 'user_not_found';
  end if;
  -- Invoker: posts_select decides which of the author's posts the caller reads (PST-09).
  return query
    select p.* from public.posts p
    where p.author_id = p_user_id and (p.created_at, p.id) < (v_at, v_id)
    order by p.created_at desc, p.id desc
    limit p_limit;
end
$$;
comment on function public.user_posts(uuid, integer, timestamptz, uuid) is
  'One person''s posts that you may read (a profile page), newest first by (created_at, id); page '
  'with p_before and p_before_id as feed does.';

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
  public.feed(integer, timestamptz, uuid, uuid),
  public.home_feed(integer, timestamptz, uuid),
  public.user_posts(uuid, integer, timestamptz, uuid),
  public.remove_circle_post(uuid, uuid)
  from public, anon;
grant execute on function public.create_post(text, public.post_audience, uuid[]),
  public.feed(integer, timestamptz, uuid, uuid),
  public.home_feed(integer, timestamptz, uuid),
  public.user_posts(uuid, integer, timestamptz, uuid),
  public.remove_circle_post(uuid, uuid)
  to authenticated, service_role;

create function kithdb.post_circles_keep_one() returns trigger
language plpgsql security definer
set search_path = ''
as $$
declare
  v_author pg_catalog.uuid;
begin
  -- A removed post leaves its circles (MOD-04) and needs none.
  select p.author_id into v_author from public.posts p
  where p.id = old.post_id and p.audience = 'circles' and p.removed_at is null;
  if not found or not exists (select from public.circles c where c.id = old.circle_id) then
    return null;
  end if;
  -- The author left or was removed, or an admin other than the author took the post off.
  if not exists (
       select from public.circle_members m
       where m.circle_id = old.circle_id and m.user_id = v_author and m.status = 'member')
     or (kithdb.uid() is distinct from v_author and exists (
       select from public.circle_members m
       where m.circle_id = old.circle_id and m.user_id = kithdb.uid()
         and m.role = 'admin' and m.status = 'member')) then
    return null;
  end if;
  -- Only the author's own removal can be refused. Two of them, taking the post off different
  -- circles, check one after the other (the post row is the lock), the second seeing the first's
  -- removal. An admin's removal takes no lock here, so it never waits on the author's own edit.
  if kithdb.uid() is not distinct from v_author then
    perform from public.posts p where p.id = old.post_id for no key update;
  end if;
  if exists (select from public.post_circles pc where pc.post_id = old.post_id) then
    return null;
  end if;
  raise exception 'a post for circles needs at least one circle'
    using errcode = '22023', detail = 'post_circles_required';
end
$$;
comment on function kithdb.post_circles_keep_one() is
  'Deferred, at commit: the author cannot take a circles post off its last circle (PST-02); the '
  'circle''s deletion, the author''s leaving and an admin''s removal can (CIR-13). Definer: counts '
  'post_circles rows and memberships beyond the caller''s RLS.';
revoke execute on function kithdb.post_circles_keep_one() from public, anon;
create constraint trigger post_circles_keep_one
  after delete on public.post_circles
  deferrable initially deferred
  for each row execute function kithdb.post_circles_keep_one();

create function kithdb.post_circles_fill_created_at() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  -- Invoker: only a writer who may see the post may attach it (RLS refuses the others first).
  new.post_created_at := (select p.created_at from public.posts p where p.id = new.post_id);
  return new;
end
$$;
comment on function kithdb.post_circles_fill_created_at() is
  'BEFORE INSERT on post_circles: fills in post_created_at when the writer leaves it out (PST-05).';
revoke execute on function kithdb.post_circles_fill_created_at() from public, anon;
create trigger post_circles_fill_created_at
  before insert on public.post_circles
  for each row when (new.post_created_at is null)
  execute function kithdb.post_circles_fill_created_at();

-- PostgREST: reload the schema cache so the API shows this change at once.
notify pgrst, 'reload schema';
