drop function public.unmute_user(uuid);
drop function public.mute_user(uuid, timestamptz);
drop function kithdb.my_muted_user_ids();
drop table public.mutes;
drop function kithdb.mutes_hold_muted();
drop function public.unblock_user(uuid);
drop function public.block_user(uuid);
drop function kithdb.lock_my_block(uuid);
drop policy profiles_select on public.profiles;
drop function kithdb.my_blocker_ids();
drop view kithdb.my_hidden_users;
drop view kithdb.my_blockers;
drop function kithdb.hides_from(uuid, uuid);
drop function kithdb.require_unblocked_among(uuid, uuid[]);
drop function kithdb.require_unblocked(uuid, uuid);
drop function kithdb.require_reachable(uuid);
drop function kithdb.lock_my_pair(uuid, boolean);
drop function kithdb.require_read_committed();
drop table public.blocks;
drop function kithdb.blocks_lock_my_block();
drop function kithdb.blocks_lock_pair();
drop function kithdb.lock_block(uuid, uuid);
drop function kithdb.lock_blocks_by(uuid, boolean);
drop function kithdb.lock_user_blocks(uuid, boolean);
drop function kithdb.try_lock_pair(uuid, uuid);
drop function kithdb.lock_pair(uuid, uuid, boolean);

-- PostgREST: reload the schema cache so the API shows this change at once.
notify pgrst, 'reload schema';
