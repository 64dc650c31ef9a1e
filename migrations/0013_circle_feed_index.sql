-- depends: 0012_posts_keep_a_circle
-- A circle's feed page cost what the circle holds: its posts were found through post_circles,
-- then every one of them was read from posts to be sorted by (created_at, id), so a circle with
-- 100,000 posts read 100,000 posts for a page of 20. post_circles now carries its post's
-- created_at, kept equal by a foreign key (the pattern of like_group_members' mirrored status),
-- and one index hands out a circle's newest posts in feed order: a page reads a page (PST-05).

alter table public.posts add constraint posts_id_created_at unique (id, created_at);

alter table public.post_circles add column post_created_at timestamptz;
update public.post_circles pc set post_created_at = p.created_at
from public.posts p where p.id = pc.post_id;
alter table public.post_circles alter column post_created_at set not null;
alter table public.post_circles
  add constraint post_circles_post_created_at_fkey foreign key (post_id, post_created_at)
  references public.posts (id, created_at) on update cascade on delete cascade;
-- A post's created_at changing (service_role may) cascades through this index.
create index post_circles_post_created_at_fkey_idx on public.post_circles (post_id, post_created_at);
comment on column public.post_circles.post_created_at is
  'The post''s created_at (kept by the foreign key; filled in when left out), for the circle feed.';

create index post_circles_feed_idx
  on public.post_circles (circle_id, post_created_at desc, post_id desc);
-- The feed index starts with circle_id, so it also covers the circle foreign key.
drop index public.post_circles_circle_id_idx;

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
  if not kithdb.caller_is_circle_member(p_circle_id) then
    return;
  end if;
  -- Two statements, so that each one's keyset is an index condition on post_circles_feed_idx.
  -- A post is on a circle only while its audience is circles (PST-07); a definer page that skips
  -- the posts policy checks that too.
  if p_before is null then
    return query
      select p.* from public.post_circles pc
      join public.posts p on p.id = pc.post_id and p.audience = 'circles'
      where pc.circle_id = p_circle_id
      order by pc.post_created_at desc, pc.post_id desc
      limit p_limit;
  else
    -- Without p_before_id, every post at p_before is excluded: no uuid sorts below the nil uuid.
    return query
      select p.* from public.post_circles pc
      join public.posts p on p.id = pc.post_id and p.audience = 'circles'
      where pc.circle_id = p_circle_id
        and (pc.post_created_at, pc.post_id)
            < (p_before, coalesce(p_before_id, '00000000-0000-0000-0000-000000000000'::uuid))
      order by pc.post_created_at desc, pc.post_id desc
      limit p_limit;
  end if;
end
$$;

-- PostgREST: reload the schema cache so the API shows this change at once.
notify pgrst, 'reload schema';
