drop function public.feed(integer, timestamptz, uuid);
drop function public.feed_page(integer, timestamptz, uuid, uuid);
drop function public.remove_circle_post(uuid, uuid);
drop function public.create_post(text, public.post_audience, uuid[]);
drop policy posts_select on public.posts;
drop table public.post_circles;
drop table public.posts;
drop trigger circle_members_unshare_posts on public.circle_members;
drop function kithdb.circle_members_unshare_posts();
drop function kithdb.post_circles_only_circles_posts();
drop function kithdb.post_circles_author_stays();
drop function kithdb.posts_leave_circles();
drop function kithdb.posts_need_circles();
drop function kithdb.my_post_ids();
drop function kithdb.my_friend_ids();
drop type public.post_audience;

-- PostgREST: reload the schema cache so the API shows this change at once.
notify pgrst, 'reload schema';
