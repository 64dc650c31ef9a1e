-- An author approves a pending group (RPC; threshold 1, so it opens the chat). The next queued
-- (group, author) is read by the claims statement itself, so the round trips are PostgREST's.
BEGIN;
SET LOCAL ROLE authenticated;
SELECT set_config('request.jwt.claims', json_build_object('sub', q.author_id, 'role', 'authenticated')::text, true), q.group_id AS grp FROM bench.approve_queue q WHERE q.n = (SELECT nextval('bench.approve_seq')) \gset
SELECT public.approve_like_group(:grp);
COMMIT;
