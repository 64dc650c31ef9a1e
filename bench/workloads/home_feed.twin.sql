-- A page of a home feed, hand-written without RLS: the same merge of per-source index scans,
-- bounded by the page, that kithdb.home_feed_page runs (docs/DESIGN.md, "The home feed"), with
-- its read of many friends' posts from the time index when they are dense; it probes every
-- friend otherwise (no author_activity). A circle's post by someone the caller blocked, who
-- blocked them or whom they muted is skipped where the circle is read; muted friends are not read;
-- removed posts are out of the shared posts' indexes.
\set k random(1, :callers)
BEGIN;
SET LOCAL ROLE service_role;
SELECT set_config('request.jwt.claims', json_build_object('sub', c.user_id, 'role', 'authenticated')::text, true), c.user_id AS me, c.before, c.before_id FROM bench.home_callers c WHERE c.workload = :workload AND c.n = :k \gset
WITH muted AS MATERIALIZED (
  SELECT m.muted_id AS id FROM public.mutes m
  WHERE m.muter_id = :me AND (m.until IS NULL OR m.until > now())
), friends AS MATERIALIZED (
  SELECT x.id FROM (
    SELECT f.friend_id AS id FROM public.friendships f WHERE f.user_id = :me AND f.status = 'accepted'
    UNION ALL
    SELECT f.user_id FROM public.friendships f WHERE f.friend_id = :me AND f.status = 'accepted'
  ) x WHERE x.id NOT IN (SELECT id FROM muted)
), circles AS MATERIALIZED (
  SELECT m.circle_id AS id FROM public.circle_members m WHERE m.user_id = :me AND m.status = 'member'
), hidden AS MATERIALIZED (
  SELECT b.blocked_id AS id FROM public.blocks b WHERE b.blocker_id = :me
  UNION ALL
  SELECT b.blocker_id FROM public.blocks b WHERE b.blocked_id = :me
  UNION ALL
  SELECT id FROM muted
), cursor AS (
  SELECT :before::timestamptz AS at, :before_id::uuid AS id
), dense AS MATERIALIZED (
  SELECT w.created_at, w.id FROM (
    SELECT p.created_at, p.id, p.author_id FROM public.posts p
    WHERE (SELECT count(*) FROM friends) > 64
      AND p.audience <> 'circles' AND p.removed_at IS NULL
      AND (p.created_at, p.id) < (:before::timestamptz, :before_id::uuid)
    ORDER BY p.created_at DESC, p.id DESC LIMIT 8 * (SELECT count(*) FROM friends)
  ) w WHERE w.author_id IN (SELECT f.id FROM friends f) LIMIT 20
), settled AS (
  SELECT count(*) = 20 AS yes FROM dense
), heads AS MATERIALIZED (
  SELECT 0 AS kind, :me::uuid AS source, h.created_at, h.id FROM cursor k CROSS JOIN LATERAL (
    SELECT p.created_at, p.id FROM public.posts p
    WHERE p.author_id = :me AND (p.created_at, p.id) < (k.at, k.id)
    ORDER BY p.created_at DESC, p.id DESC LIMIT 1) h
  UNION ALL
  SELECT 1, f.id, h.created_at, h.id FROM cursor k CROSS JOIN settled s CROSS JOIN friends f CROSS JOIN LATERAL (
    SELECT p.created_at, p.id FROM public.posts p
    WHERE p.author_id = f.id AND p.audience <> 'circles' AND p.removed_at IS NULL
      AND (p.created_at, p.id) < (k.at, k.id)
    ORDER BY p.created_at DESC, p.id DESC LIMIT 1) h
  WHERE NOT s.yes
  UNION ALL
  SELECT 3, NULL, d.created_at, d.id FROM settled s CROSS JOIN dense d WHERE s.yes
  UNION ALL
  SELECT 2, c.id, h.post_created_at, h.post_id FROM cursor k CROSS JOIN circles c CROSS JOIN LATERAL (
    SELECT pc.post_created_at, pc.post_id FROM public.post_circles pc
    WHERE pc.circle_id = c.id AND (pc.post_created_at, pc.post_id) < (k.at, k.id)
      AND (NOT EXISTS (SELECT FROM hidden) OR NOT EXISTS (
        SELECT FROM public.posts p WHERE p.id = pc.post_id AND p.author_id IN (SELECT id FROM hidden)))
    ORDER BY pc.post_created_at DESC, pc.post_id DESC LIMIT 1) h
), floor AS (
  SELECT x.at, x.id FROM (
    (SELECT d.created_at AS at, d.id FROM (SELECT DISTINCT h.created_at, h.id FROM heads h) d
     ORDER BY d.created_at DESC, d.id DESC OFFSET 19 LIMIT 1)
    UNION ALL
    SELECT '-infinity'::timestamptz, '00000000-0000-0000-0000-000000000000'::uuid
  ) x ORDER BY x.at DESC, x.id DESC LIMIT 1
), keys AS (
  SELECT q.created_at, q.id, 0 AS kind FROM heads h CROSS JOIN floor b CROSS JOIN cursor k CROSS JOIN LATERAL (
    SELECT p.created_at, p.id FROM public.posts p
    WHERE p.author_id = h.source AND (p.created_at, p.id) < (k.at, k.id) AND (p.created_at, p.id) >= (b.at, b.id)
    ORDER BY p.created_at DESC, p.id DESC LIMIT 20) q
  WHERE h.kind = 0
  UNION ALL
  SELECT q.created_at, q.id, 1 FROM heads h CROSS JOIN floor b CROSS JOIN cursor k CROSS JOIN LATERAL (
    SELECT p.created_at, p.id FROM public.posts p
    WHERE p.author_id = h.source AND p.audience <> 'circles' AND p.removed_at IS NULL
      AND (p.created_at, p.id) < (k.at, k.id) AND (p.created_at, p.id) >= (b.at, b.id)
    ORDER BY p.created_at DESC, p.id DESC LIMIT 20) q
  WHERE h.kind = 1 AND (h.created_at, h.id) >= (b.at, b.id)
  UNION ALL
  SELECT q.post_created_at, q.post_id, 2 FROM heads h CROSS JOIN floor b CROSS JOIN cursor k CROSS JOIN LATERAL (
    SELECT pc.post_created_at, pc.post_id FROM public.post_circles pc
    WHERE pc.circle_id = h.source AND (pc.post_created_at, pc.post_id) < (k.at, k.id)
      AND (pc.post_created_at, pc.post_id) >= (b.at, b.id)
      AND (NOT EXISTS (SELECT FROM hidden) OR NOT EXISTS (
        SELECT FROM public.posts p WHERE p.id = pc.post_id AND p.author_id IN (SELECT id FROM hidden)))
    ORDER BY pc.post_created_at DESC, pc.post_id DESC LIMIT 20) q
  WHERE h.kind = 2 AND (h.created_at, h.id) >= (b.at, b.id)
  UNION ALL
  SELECT h.created_at, h.id, 1 FROM heads h CROSS JOIN floor b
  WHERE h.kind = 3 AND (h.created_at, h.id) >= (b.at, b.id)
)
SELECT p.id, p.author_id, p.created_at FROM (
  SELECT k.created_at, k.id, min(k.kind) AS kind FROM keys k GROUP BY k.created_at, k.id
  ORDER BY k.created_at DESC, k.id DESC LIMIT 20
) k JOIN public.posts p ON p.id = k.id AND (k.kind < 2 OR p.audience = 'circles')
ORDER BY p.created_at DESC, p.id DESC;
COMMIT;
