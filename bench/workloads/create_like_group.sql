-- Apply to an event (RPC), each call a fresh valid (user, event) pair. The next queued pair is
-- read by the claims statement itself, so the round trips are PostgREST's.
BEGIN;
SET LOCAL ROLE authenticated;
SELECT set_config('request.jwt.claims', json_build_object('sub', q.user_id, 'role', 'authenticated')::text, true), q.event_id AS event FROM bench.apply_queue q WHERE q.n = (SELECT nextval('bench.apply_seq')) \gset
SELECT public.create_like_group(:event);
COMMIT;
