-- List my circles, hand-written without RLS.
\set u random(1, :users)
BEGIN;
-- Same round trips as the PostgREST form, switching to service_role (BYPASSRLS): only RLS differs.
SET LOCAL ROLE service_role;
SELECT set_config('request.jwt.claims', json_build_object('sub', bench.uid(:u), 'role', 'authenticated')::text, true), bench.uid(:u) AS me \gset
SELECT c.id, c.name, c.circle_type FROM public.circles c
JOIN public.circle_members m ON m.circle_id = c.id
WHERE m.user_id = :me ORDER BY c.created_at DESC, c.id;
COMMIT;
