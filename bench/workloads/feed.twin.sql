-- Feed, first page, hand-written without RLS: the same four scopes, spelled out.
\set u random(1, :users)
BEGIN;
-- Same round trips as the PostgREST form (a role switch to itself): only RLS differs.
SET LOCAL ROLE postgres;
SELECT set_config('request.jwt.claims', json_build_object('sub', bench.uid(:u), 'role', 'authenticated')::text, true), bench.uid(:u) AS me \gset
SELECT p.id, p.author_id, p.created_at FROM public.posts p
WHERE p.author_id = :me
   OR p.audience = 'public'
   OR (p.audience = 'friends' AND p.author_id IN (
         SELECT f.friend_id FROM public.friendships f WHERE f.user_id = :me AND f.status = 'accepted'
         UNION ALL
         SELECT f.user_id FROM public.friendships f WHERE f.friend_id = :me AND f.status = 'accepted'))
   OR (p.audience = 'circles' AND p.id IN (
         SELECT pc.post_id FROM public.post_circles pc JOIN public.circle_members m ON m.circle_id = pc.circle_id
         WHERE m.user_id = :me AND m.status = 'member'))
ORDER BY p.created_at DESC, p.id DESC LIMIT 20;
COMMIT;
