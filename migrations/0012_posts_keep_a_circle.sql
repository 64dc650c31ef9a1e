-- depends: 0011_fast_policy_helpers
-- PST-02: a circles post keeps a circle. Its author cannot take the last one off (they change its
-- audience or delete it instead). It loses its last circle, and stays its author's alone, when
-- the circle is deleted, when the author leaves it or is removed, or when an admin of the circle
-- takes it off (CIR-13): none of these is blocked by the post.

create function kithdb.post_circles_keep_one() returns trigger
language plpgsql security definer
set search_path = ''
as $$
declare
  v_author uuid;
begin
  select p.author_id into v_author from public.posts p
  where p.id = old.post_id and p.audience = 'circles';
  if not found or not exists (select from public.circles c where c.id = old.circle_id) then
    return null;
  end if;
  -- The author left or was removed, or an admin other than the author took the post off.
  if not exists (
       select from public.circle_members m
       where m.circle_id = old.circle_id and m.user_id = v_author and m.status = 'member')
     or (auth.uid() is distinct from v_author and exists (
       select from public.circle_members m
       where m.circle_id = old.circle_id and m.user_id = auth.uid()
         and m.role = 'admin' and m.status = 'member')) then
    return null;
  end if;
  -- Only the author's own removal can be refused. Two of them, taking the post off different
  -- circles, check one after the other (the post row is the lock), the second seeing the first's
  -- removal. An admin's removal takes no lock here, so it never waits on the author's own edit.
  if auth.uid() is not distinct from v_author then
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

-- PostgREST: reload the schema cache so the API shows this change at once.
notify pgrst, 'reload schema';
