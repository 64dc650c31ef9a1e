-- Feed page for one of my circles (RLS via public.feed).
\set u random(1, :users / 10)
BEGIN;
SET LOCAL ROLE authenticated;
SELECT set_config('request.jwt.claims', json_build_object('sub', bench.uid(:u * 10 % :users + 1), 'role', 'authenticated')::text, true), bench.uid(:u * 10 % :users + 1) AS me, bench.uid(1000000000 + :u) AS circle \gset
SELECT id, author_id, created_at FROM public.feed(20, p_circle_id => :circle);
COMMIT;
