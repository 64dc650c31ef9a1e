-- These policies read the views below: they go first, so that each view can go before its table.
drop policy posts_select on public.posts;
drop policy post_circles_select on public.post_circles;
drop policy post_circles_insert on public.post_circles;
drop policy post_circles_delete on public.post_circles;
drop view kithdb.my_blockers_posts;
drop view kithdb.my_posts;
drop view kithdb.my_circle_posts;
drop function public.feed(integer, timestamptz, uuid, uuid);
drop function public.home_feed(integer, timestamptz, uuid);
drop function kithdb.home_feed_page(integer, timestamptz, uuid);
drop table kithdb.author_activity;
drop function public.user_posts(uuid, integer, timestamptz, uuid);
drop function kithdb.check_page(integer, timestamptz, uuid);
drop function public.remove_circle_post(uuid, uuid);
drop function kithdb.member_circle_feed_page(uuid, integer, timestamptz, uuid);
drop function public.create_post(text, public.post_audience, uuid[]);
drop table public.post_circles;
drop table public.posts;
drop function kithdb.posts_author_activity();
drop trigger circle_members_unshare_posts on public.circle_members;
drop function kithdb.circle_members_unshare_posts();
drop function kithdb.post_circles_only_circles_posts();
drop function kithdb.post_circles_author_stays();
drop function kithdb.post_circles_lock_membership();
drop function kithdb.posts_leave_circles();
drop function kithdb.posts_need_circles();
drop function kithdb.post_circles_fill_created_at();
drop function kithdb.post_circles_keep_one();
drop type public.post_audience;

-- PostgREST: reload the schema cache so the API shows this change at once.
notify pgrst, 'reload schema';
