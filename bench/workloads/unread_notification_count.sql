-- How many of my notifications are unread (RLS via public.unread_notification_count).
\set u random(1, :users)
BEGIN;
SET LOCAL ROLE authenticated;
SELECT set_config('request.jwt.claims', json_build_object('sub', bench.uid(:u), 'role', 'authenticated')::text, true), bench.uid(:u) AS me \gset
SELECT public.unread_notification_count();
COMMIT;
