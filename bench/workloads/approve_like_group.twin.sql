-- The rows an approval writes, hand-written as service_role: the vote, the chat, its
-- participants (the member and the author) and the group's new status, in one statement with no
-- checks and no RLS. Its rate is the most the schema's own writes allow on this machine, so the
-- RPC's rate can be read against it. Same round trips as the PostgREST form.
BEGIN;
SET LOCAL ROLE service_role;
SELECT set_config('request.jwt.claims', json_build_object('sub', q.author_id, 'role', 'authenticated')::text, true), q.group_id AS grp, q.author_id AS author FROM bench.approve_queue q WHERE q.n = (SELECT nextval('bench.approve_seq')) \gset
WITH vote AS (
  INSERT INTO public.like_group_approvals (group_id, author_id, approved) VALUES (:grp, :author, true) RETURNING group_id
), chat AS (
  INSERT INTO public.chats (kind, like_group_id) SELECT 'approved_group', vote.group_id FROM vote RETURNING id
), participants AS (
  INSERT INTO public.chat_participants (chat_id, user_id)
  SELECT chat.id, m.user_id FROM chat, public.like_group_members m WHERE m.group_id = :grp
  UNION SELECT chat.id, (:author)::uuid FROM chat
)
UPDATE public.like_groups g SET status = 'approved', chat_id = chat.id FROM chat WHERE g.id = :grp;
COMMIT;
