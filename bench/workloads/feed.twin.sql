-- Feed, first page, hand-written without RLS: the same four scopes, spelled out, without removed
-- posts and the caller's muted users. A circles post
-- is probed through its own circles (OFFSET 0 keeps the planner from hashing every post of the
-- caller's circles, which costs what those circles hold instead of what the page reads).
\set u random(1, :users)
BEGIN;
-- Same round trips as the PostgREST form, switching to service_role (BYPASSRLS): only RLS differs.
SET LOCAL ROLE service_role;
SELECT set_config('request.jwt.claims', json_build_object('sub', bench.uid(:u), 'role', 'authenticated')::text, true), bench.uid(:u) AS me \gset
SELECT p.id, p.author_id, p.created_at FROM public.posts p
WHERE p.author_id = :me
   OR ((p.audience = 'public'
   OR (p.audience = 'friends' AND p.author_id IN (
         SELECT f.friend_id FROM public.friendships f WHERE f.user_id = :me AND f.status = 'accepted'
         UNION ALL
         SELECT f.user_id FROM public.friendships f WHERE f.friend_id = :me AND f.status = 'accepted'))
   OR (p.audience = 'circles' AND EXISTS (
         SELECT FROM public.post_circles pc JOIN public.circle_members m ON m.circle_id = pc.circle_id
         WHERE pc.post_id = p.id AND m.user_id = :me AND m.status = 'member' OFFSET 0)))
   AND NOT EXISTS (SELECT FROM public.blocks b WHERE b.blocker_id = :me AND b.blocked_id = p.author_id)
   AND NOT EXISTS (SELECT FROM public.blocks b WHERE b.blocker_id = p.author_id AND b.blocked_id = :me)
   AND p.removed_at IS NULL)
   AND NOT EXISTS (SELECT FROM public.mutes mu WHERE mu.muter_id = :me AND mu.muted_id = p.author_id
                   AND (mu.until IS NULL OR mu.until > now()))
ORDER BY p.created_at DESC, p.id DESC LIMIT 20;
COMMIT;
