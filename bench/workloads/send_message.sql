-- A participant sends a message (RPC). The random (chat, participant) is read by the claims
-- statement itself, so the round trips are PostgREST's.
\set n random(1, :talkers)
BEGIN;
SET LOCAL ROLE authenticated;
SELECT set_config('request.jwt.claims', json_build_object('sub', t.user_id, 'role', 'authenticated')::text, true), t.chat_id AS chat FROM bench.talk t WHERE t.n = :n \gset
SELECT public.send_message(:chat, 'hello from the bench');
COMMIT;
