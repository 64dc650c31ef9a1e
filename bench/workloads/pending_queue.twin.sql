-- An author's queue of pending like groups, hand-written without RLS.
\set u random(1, :users / 10)
BEGIN;
-- Same round trips as the PostgREST form, switching to service_role (BYPASSRLS): only RLS differs.
SET LOCAL ROLE service_role;
SELECT set_config('request.jwt.claims', json_build_object('sub', bench.uid(:u), 'role', 'authenticated')::text, true), bench.uid(:u) AS me \gset
SELECT g.id, g.event_id, g.created_at FROM public.like_groups g
WHERE g.status = 'pending' AND g.event_id IN (SELECT a.event_id FROM public.event_authors a WHERE a.user_id = :me)
ORDER BY g.created_at, g.id LIMIT 50;
COMMIT;
