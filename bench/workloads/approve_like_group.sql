-- An author approves a pending group (RPC; threshold 1, so it opens the chat).
SELECT group_id AS grp, author_id AS author FROM bench.next_approval() \gset
BEGIN;
SET LOCAL ROLE authenticated;
SELECT set_config('request.jwt.claims', '{"sub":":author","role":"authenticated"}', true);
SELECT public.approve_like_group(':grp');
COMMIT;
