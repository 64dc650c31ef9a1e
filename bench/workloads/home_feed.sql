-- A page of a home feed (RPC public.home_feed). The caller and their cursor (past every post for
-- the first page) come from bench.home_callers for this workload (home_feed, home_feed_p10, home_feed_top,
-- home_feed_top_p10), read by the claims statement itself.
\set k random(1, :callers)
BEGIN;
SET LOCAL ROLE authenticated;
SELECT set_config('request.jwt.claims', json_build_object('sub', c.user_id, 'role', 'authenticated')::text, true), c.user_id AS me, c.before, c.before_id FROM bench.home_callers c WHERE c.workload = :workload AND c.n = :k \gset
SELECT id, author_id, created_at FROM public.home_feed(20, :before, :before_id);
COMMIT;
