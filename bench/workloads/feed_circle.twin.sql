-- Feed page for one of my circles, hand-written without RLS: without the posts of users the
-- caller blocked, who blocked them or whom they muted, nor removed posts.
\set u random(1, :users / 10)
BEGIN;
-- Same round trips as the PostgREST form, switching to service_role (BYPASSRLS): only RLS differs.
SET LOCAL ROLE service_role;
SELECT set_config('request.jwt.claims', json_build_object('sub', bench.uid(:u * 10 % :users + 1), 'role', 'authenticated')::text, true), bench.uid(:u * 10 % :users + 1) AS me, bench.uid(1000000000 + :u) AS circle \gset
SELECT p.id, p.author_id, p.created_at FROM public.posts p
JOIN public.post_circles pc ON pc.post_id = p.id AND pc.circle_id = :circle
WHERE EXISTS (SELECT FROM public.circle_members m WHERE m.circle_id = pc.circle_id
              AND m.user_id = :me AND m.status = 'member')
  AND NOT EXISTS (SELECT FROM public.blocks b WHERE b.blocker_id = :me AND b.blocked_id = p.author_id)
  AND NOT EXISTS (SELECT FROM public.blocks b WHERE b.blocker_id = p.author_id AND b.blocked_id = :me)
  AND NOT EXISTS (SELECT FROM public.mutes mu WHERE mu.muter_id = :me AND mu.muted_id = p.author_id
                  AND (mu.until IS NULL OR mu.until > now()))
  AND p.removed_at IS NULL
ORDER BY pc.post_created_at DESC, pc.post_id DESC LIMIT 20;
COMMIT;
