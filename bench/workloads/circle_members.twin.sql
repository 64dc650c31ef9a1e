-- List the members of one of my circles, hand-written without RLS.
\set u random(1, :users / 10)
BEGIN;
-- Same round trips as the PostgREST form, switching to service_role (BYPASSRLS): only RLS differs.
SET LOCAL ROLE service_role;
SELECT set_config('request.jwt.claims', json_build_object('sub', bench.uid(:u * 10 % :users + 1), 'role', 'authenticated')::text, true), bench.uid(:u * 10 % :users + 1) AS me, bench.uid(1000000000 + :u) AS circle \gset
SELECT m.user_id, m.role, m.status FROM public.circle_members m
WHERE m.circle_id = :circle
  AND (m.user_id = :me
       OR EXISTS (SELECT FROM public.circle_members me
                  JOIN public.circles c ON c.id = me.circle_id
                  WHERE me.circle_id = m.circle_id AND me.user_id = :me
                    AND (c.circle_type = 'static' OR c.created_by = :me)))
ORDER BY m.role, m.user_id;
COMMIT;
