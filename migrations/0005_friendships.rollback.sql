drop view kithdb.my_friends;
drop function public.remove_friendship(uuid);
drop function public.respond_friendship(uuid, boolean);
drop function public.request_friendship(uuid);
drop function kithdb.lock_my_friendship(uuid);
drop function kithdb.are_friends(uuid, uuid);
drop trigger blocks_end_friendship on public.blocks;
drop function kithdb.blocks_end_friendship();
drop function kithdb.friendships_require_unblocked(public.friendships, uuid);
drop table public.friendships;
drop function kithdb.friendships_guard();
drop type public.friendship_status;

-- PostgREST: reload the schema cache so the API shows this change at once.
notify pgrst, 'reload schema';
