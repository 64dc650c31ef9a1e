drop trigger circle_members_recently_declined on public.circle_members;
drop function kithdb.circle_members_recently_declined();
drop trigger circle_members_record_decline on public.circle_members;
drop function kithdb.circle_members_record_decline();
drop table kithdb.circle_declines;
drop trigger friendships_recorded_decline on public.friendships;
drop function kithdb.friendships_recorded_decline();
drop trigger friendships_record_decline on public.friendships;
drop function kithdb.friendships_record_decline();
drop table kithdb.friendship_declines;
drop trigger friendships_keep_decline on public.friendships;
drop function kithdb.friendships_keep_decline();
drop trigger friendships_recently_declined on public.friendships;
drop function kithdb.friendships_recently_declined();
drop function kithdb.cool_down();
drop trigger like_group_members_count_rate on public.like_group_members;
drop trigger event_author_invitations_count_rate on public.event_author_invitations;
drop trigger chat_messages_count_rate on public.chat_messages;
drop trigger reports_count_rate on public.reports;
drop trigger like_groups_count_rate on public.like_groups;
drop trigger circle_members_count_rate on public.circle_members;
drop trigger friendships_count_rate on public.friendships;
drop function kithdb.count_rate();
drop table kithdb.rate_events;
drop table public.rate_limits;
drop type public.rate_limited_action;

-- PostgREST: reload the schema cache so the API shows this change at once.
notify pgrst, 'reload schema';
