-- A participant sends a message (RPC).
\set n random(1, :talkers)
SELECT chat_id AS chat, user_id AS sender FROM bench.talk WHERE n = :n \gset
BEGIN;
SET LOCAL ROLE authenticated;
SELECT set_config('request.jwt.claims', '{"sub":":sender","role":"authenticated"}', true);
SELECT public.send_message(':chat', 'hello from the bench');
COMMIT;
