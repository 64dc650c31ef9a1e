-- List my circles, hand-written without RLS.
\set u random(1, :users)
BEGIN;
-- Same round trips as the PostgREST form (a role switch to itself): only RLS differs.
SET LOCAL ROLE postgres;
SELECT set_config('request.jwt.claims', '{"sub":"' || bench.uid(:u) || '","role":"authenticated"}', true);
SELECT c.id, c.name, c.circle_type FROM public.circles c
JOIN public.circle_members m ON m.circle_id = c.id
WHERE m.user_id = bench.uid(:u) ORDER BY c.created_at DESC, c.id;
COMMIT;
