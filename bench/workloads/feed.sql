-- Feed, first page (RLS via public.feed).
\set u random(1, :users)
BEGIN;
SET LOCAL ROLE authenticated;
SELECT set_config('request.jwt.claims', json_build_object('sub', bench.uid(:u), 'role', 'authenticated')::text, true), bench.uid(:u) AS me \gset
SELECT id, author_id, created_at FROM public.feed(20);
COMMIT;
