drop function public.remove_friendship(uuid);
drop function public.respond_friendship(uuid, boolean);
drop function public.request_friendship(uuid);
drop function kithdb.are_friends(uuid, uuid);
drop table public.friendships;
drop function kithdb.friendships_guard();
drop type public.friendship_status;
