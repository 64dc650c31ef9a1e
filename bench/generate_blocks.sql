-- Blocks, mutes and the rate limits' windows, included by bench/generate.sql and
-- bench/generate_h.sql after friendships: one user in a hundred has blocked someone, never a
-- friend (a block ends a friendship, and the triggers that would end it are off while loading),
-- and one in a hundred muted someone. Every read's twin skips what blocks and mutes hide, as the
-- reads do.
insert into public.blocks (blocker_id, blocked_id)
select x.a, x.b from (
  select bench.uid(g) as a, bench.uid(1 + (g + 4999) % :users) as b
  from generate_series(1, :users, 100) g
) x
where x.a <> x.b and not exists (
  select from public.friendships f
  where f.user_id = least(x.a, x.b) and f.friend_id = greatest(x.a, x.b))
on conflict do nothing;
insert into public.mutes (muter_id, muted_id)
select x.a, x.b from (
  select bench.uid(g) as a, bench.uid(1 + (g + 12) % :users) as b
  from generate_series(3, :users, 100) g
) x
where x.a <> x.b
on conflict do nothing;
-- The write workloads send far more per user than the daily caps allow. Each window shrinks to a
-- second: every call is counted as in production (a window holds at most its cap), none refused.
update public.rate_limits set per = interval '1 second' where action <> 'repeat_declined';
