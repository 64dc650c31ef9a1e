drop function public.rejoin_circle(uuid);
drop function kithdb.rejoin_circle(uuid);
drop trigger circle_opt_outs_sync on public.circle_opt_outs;
drop function kithdb.circle_opt_outs_sync();
drop trigger circle_opt_outs_lock on public.circle_opt_outs;
drop function kithdb.circle_opt_outs_lock();
drop function public.create_dynamic_circle(text, jsonb, text);
drop function kithdb.create_dynamic_circle(text, jsonb, text);
drop trigger like_group_members_sync_circles on public.like_group_members;
drop function kithdb.like_group_members_sync_circles();
drop trigger like_groups_sync_circles on public.like_groups;
drop function kithdb.like_groups_sync_circles();
drop trigger event_authors_sync_circles on public.event_authors;
drop function kithdb.event_authors_sync_circles();
drop trigger blocks_sync_circles on public.blocks;
drop function kithdb.blocks_sync_circles();
drop trigger friendships_sync_circles on public.friendships;
drop function kithdb.friendships_sync_circles();
drop function kithdb.sync_dynamic_circle(uuid, uuid);
drop function kithdb.circle_rule_members(uuid, uuid);
drop trigger circle_members_opt_out on public.circle_members;
drop function kithdb.circle_members_opt_out();
drop table public.circle_opt_outs;
-- Derived circles become ordinary static circles with the members they have: nothing is lost.
drop trigger circles_rule_caps on public.circles;
drop function kithdb.circles_rule_caps();
drop trigger circles_guard on public.circles;
drop function kithdb.circles_guard();
alter table public.circles drop column event_id;
alter table public.circles drop constraint circles_rule_matches_type;
update public.circles set circle_type = 'static' where circle_type = 'dynamic';
alter table public.circles drop column rule;
drop function kithdb.lock_circles_of_event(uuid);
drop function kithdb.lock_rule_circles_of(uuid);
drop function kithdb.canonical_circle_rule(jsonb);
drop function kithdb.is_valid_circle_rule(jsonb);

-- PostgREST: reload the schema cache so the API shows this change at once.
notify pgrst, 'reload schema';
