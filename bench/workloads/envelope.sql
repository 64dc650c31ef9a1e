-- PostgREST's envelope with no work in it: role switch, claims for a random caller, a trivial
-- statement, commit. Its rate is the most any RPC can reach on this machine, so the write
-- workloads' rates can be read against it (a slower or busier VM lowers both alike).
\set u random(1, :users)
BEGIN;
SET LOCAL ROLE authenticated;
SELECT set_config('request.jwt.claims', json_build_object('sub', bench.uid(:u), 'role', 'authenticated')::text, true), bench.uid(:u) AS me \gset
SELECT 1;
COMMIT;
