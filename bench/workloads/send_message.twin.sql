-- The row a message writes, hand-written as service_role with no checks and no RLS: the most the
-- schema's own write allows on this machine. Same round trips as the PostgREST form.
\set n random(1, :talkers)
BEGIN;
SET LOCAL ROLE service_role;
SELECT set_config('request.jwt.claims', json_build_object('sub', t.user_id, 'role', 'authenticated')::text, true), t.chat_id AS chat, t.user_id AS sender FROM bench.talk t WHERE t.n = :n \gset
INSERT INTO public.chat_messages (chat_id, sender_id, body) VALUES (:chat, :sender, 'hello from the bench');
COMMIT;
