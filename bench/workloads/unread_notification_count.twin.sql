-- How many of my notifications are unread, hand-written without RLS.
\set u random(1, :users)
BEGIN;
-- Same round trips as the PostgREST form, switching to service_role (BYPASSRLS): only RLS differs.
SET LOCAL ROLE service_role;
SELECT set_config('request.jwt.claims', json_build_object('sub', bench.uid(:u), 'role', 'authenticated')::text, true), bench.uid(:u) AS me \gset
SELECT count(*)::integer FROM public.notifications n WHERE n.recipient_id = :me AND n.read_at IS NULL;
COMMIT;
