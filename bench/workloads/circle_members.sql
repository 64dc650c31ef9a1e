-- List the members of one of my circles (RLS).
\set u random(1, :users / 10)
BEGIN;
SET LOCAL ROLE authenticated;
SELECT set_config('request.jwt.claims', json_build_object('sub', bench.uid(:u * 10 % :users + 1), 'role', 'authenticated')::text, true), bench.uid(:u * 10 % :users + 1) AS me, bench.uid(1000000000 + :u) AS circle \gset
SELECT user_id, role, status FROM public.circle_members
WHERE circle_id = :circle ORDER BY role, user_id;
COMMIT;
