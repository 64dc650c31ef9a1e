-- Apply to an event (RPC), each call a fresh valid (user, event) pair.
SELECT user_id AS applicant, event_id AS event FROM bench.next_application() \gset
BEGIN;
SET LOCAL ROLE authenticated;
SELECT set_config('request.jwt.claims', '{"sub":":applicant","role":"authenticated"}', true);
SELECT public.create_like_group(':event');
COMMIT;
