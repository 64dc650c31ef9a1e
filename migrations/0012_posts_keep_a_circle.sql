-- depends: 0011_fast_policy_helpers
-- PST-02 was checked when a post was written, not when its circles were removed: deleting every
-- post_circles row of a circles post left it readable by nobody but its author. Removing the
-- last circle is now refused at commit, unless that circle itself is being deleted (the post
-- then stays its author's alone; a circle's deletion is never blocked by its posts).

create function kithdb.post_circles_keep_one() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  if exists (select from public.posts p where p.id = old.post_id and p.audience = 'circles')
     and exists (select from public.circles c where c.id = old.circle_id)
     and not exists (select from public.post_circles pc where pc.post_id = old.post_id) then
    raise exception 'a post for circles needs at least one circle'
      using errcode = '22023', detail = 'post_circles_required';
  end if;
  return null;
end
$$;
comment on function kithdb.post_circles_keep_one() is
  'Deferred, at commit: removing a circles post''s last circle is refused unless the circle is '
  'gone (PST-02). Definer: counts post_circles rows beyond the caller''s RLS.';
revoke execute on function kithdb.post_circles_keep_one() from public, anon;
create constraint trigger post_circles_keep_one
  after delete on public.post_circles
  deferrable initially deferred
  for each row execute function kithdb.post_circles_keep_one();

-- PostgREST: reload the schema cache so the API shows this change at once.
notify pgrst, 'reload schema';
