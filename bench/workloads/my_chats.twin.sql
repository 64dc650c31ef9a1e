-- A participant's chats, hand-written without RLS: the caller's rows of chat_participants, each
-- chat's last message and its unread messages by others, without those of a blocked pair and the
-- removed ones. (Messages of deleted accounts, which the bench data has none of, are left out:
-- which of them a block hid is kithdb's own table, beyond service_role.)
\set n random(1, :chatters)
BEGIN;
-- Same round trips as the PostgREST form, switching to service_role (BYPASSRLS): only RLS differs.
SET LOCAL ROLE service_role;
SELECT set_config('request.jwt.claims', json_build_object('sub', c.user_id, 'role', 'authenticated')::text, true), c.user_id AS me FROM bench.chatters c WHERE c.n = :n \gset
WITH hidden AS (
  SELECT array(SELECT b.blocked_id FROM public.blocks b WHERE b.blocker_id = :me
               UNION ALL
               SELECT b.blocker_id FROM public.blocks b WHERE b.blocked_id = :me) AS ids
)
SELECT c.chat_id, c.activity_at AS last_message_at, c.body AS last_message, u.unread AS unread_count
FROM (
  SELECT p.chat_id, p.last_read_at, coalesce(m.created_at, ch.created_at) AS activity_at, m.body
  FROM public.chat_participants p
  JOIN public.chats ch ON ch.id = p.chat_id
  LEFT JOIN public.like_groups g ON g.id = ch.like_group_id
  LEFT JOIN LATERAL (
    SELECT m.body, m.created_at FROM public.chat_messages m
    WHERE m.chat_id = p.chat_id AND m.sender_id <> ALL ((SELECT ids FROM hidden)::uuid[])
      AND (m.removed_at IS NULL OR m.sender_id = :me)
    ORDER BY m.created_at DESC, m.id DESC LIMIT 1
  ) m ON true
  WHERE p.user_id = :me AND p.left_at IS NULL
) c
CROSS JOIN LATERAL (
  SELECT count(*)::integer AS unread FROM public.chat_messages m
  WHERE m.chat_id = c.chat_id AND m.created_at > coalesce(c.last_read_at, '-infinity')
    AND m.sender_id <> :me AND m.sender_id <> ALL ((SELECT ids FROM hidden)::uuid[])
    AND m.removed_at IS NULL
) u
ORDER BY c.activity_at DESC, c.chat_id DESC LIMIT 20;
COMMIT;
