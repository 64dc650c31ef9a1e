-- The rows an application writes, hand-written as service_role: the group and its member, in
-- one statement with no checks and no RLS. Its rate is the most the schema's own writes allow on
-- this machine, so the RPC's rate can be read against it. Same round trips as the PostgREST form.
BEGIN;
SET LOCAL ROLE service_role;
SELECT set_config('request.jwt.claims', json_build_object('sub', q.user_id, 'role', 'authenticated')::text, true), q.event_id AS event, q.user_id AS applicant FROM bench.apply_queue q WHERE q.n = (SELECT nextval('bench.apply_seq')) \gset
WITH grp AS (
  INSERT INTO public.like_groups (event_id, creator_id) VALUES (:event, :applicant) RETURNING id, event_id, creator_id
)
INSERT INTO public.like_group_members (group_id, user_id, event_id) SELECT id, creator_id, event_id FROM grp;
COMMIT;
