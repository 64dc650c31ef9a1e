-- List my circles (RLS).
\set u random(1, :users)
BEGIN;
SET LOCAL ROLE authenticated;
SELECT set_config('request.jwt.claims', '{"sub":"' || bench.uid(:u) || '","role":"authenticated"}', true);
SELECT id, name, circle_type FROM public.circles ORDER BY created_at DESC, id;
COMMIT;
