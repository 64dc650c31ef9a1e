-- Feed, first page, as a plain table read (RLS): PostgREST's GET /posts?order=created_at.desc,id.desc&limit=20.
-- The same rows as feed.sql without the RPC around them, so the two tell the policy's cost from
-- the function's. Its twin is the feed's.
\set u random(1, :users)
BEGIN;
SET LOCAL ROLE authenticated;
SELECT set_config('request.jwt.claims', json_build_object('sub', bench.uid(:u), 'role', 'authenticated')::text, true), bench.uid(:u) AS me \gset
SELECT id, author_id, created_at FROM public.posts ORDER BY created_at DESC, id DESC LIMIT 20;
COMMIT;
