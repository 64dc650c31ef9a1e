-- List my circles (RLS).
\set u random(1, :users)
BEGIN;
SET LOCAL ROLE authenticated;
SELECT set_config('request.jwt.claims', json_build_object('sub', bench.uid(:u), 'role', 'authenticated')::text, true), bench.uid(:u) AS me \gset
SELECT id, name, circle_type FROM public.circles ORDER BY created_at DESC, id;
COMMIT;
