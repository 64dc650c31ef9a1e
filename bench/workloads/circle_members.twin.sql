-- List the members of one of my circles, hand-written without RLS.
\set u random(1, :users / 10)
BEGIN;
-- Same round trips as the PostgREST form (a role switch to itself): only RLS differs.
SET LOCAL ROLE postgres;
SELECT set_config('request.jwt.claims', '{"sub":"' || bench.uid(:u * 10 % :users + 1) || '","role":"authenticated"}', true);
SELECT m.user_id, m.role, m.status FROM public.circle_members m
WHERE m.circle_id = bench.uid(1000000000 + :u)
  AND EXISTS (SELECT FROM public.circle_members me
              WHERE me.circle_id = m.circle_id AND me.user_id = bench.uid(:u * 10 % :users + 1))
ORDER BY m.role, m.user_id;
COMMIT;
