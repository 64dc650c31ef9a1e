-- A participant's chats, newest activity first, with the last message and the unread count (RLS
-- via public.my_chats).
\set n random(1, :chatters)
BEGIN;
SET LOCAL ROLE authenticated;
SELECT set_config('request.jwt.claims', json_build_object('sub', c.user_id, 'role', 'authenticated')::text, true), c.user_id AS me FROM bench.chatters c WHERE c.n = :n \gset
SELECT chat_id, last_message_at, last_message, unread_count FROM public.my_chats(20);
COMMIT;
