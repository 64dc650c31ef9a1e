-- depends: 0007_events
-- Chats: participants read the chat, its participants and its messages, and send messages, until
-- they leave it. Nobody else sees anything of a chat. Chats are opened by kithdb itself (an approved like group,
-- 0008), never by API users.

create type public.chat_kind as enum ('approved_group');
comment on type public.chat_kind is 'approved_group: the chat of an approved like group.';

create table public.chats (
  id uuid primary key default gen_random_uuid(),
  kind public.chat_kind not null,
  like_group_id uuid unique,
  created_at timestamptz not null default now(),
  constraint chats_like_group_matches_kind check ((kind = 'approved_group') = (like_group_id is not null))
);
comment on table public.chats is 'A conversation between its participants.';
comment on column public.chats.id is 'The chat''s id.';
comment on column public.chats.kind is 'What opened the chat.';
comment on column public.chats.like_group_id is 'The approved like group this chat belongs to.';
comment on column public.chats.created_at is 'When the chat was opened.';

create table public.chat_participants (
  chat_id uuid not null references public.chats (id) on delete cascade,
  user_id uuid not null references public.profiles (id) on delete cascade,
  joined_at timestamptz not null default now(),
  left_at timestamptz,
  last_read_at timestamptz,
  primary key (chat_id, user_id),
  constraint chat_participants_left_after_joining check (left_at >= joined_at)
);
create index chat_participants_user_id_idx on public.chat_participants (user_id, chat_id);
comment on table public.chat_participants is 'Who takes part in a chat.';
comment on column public.chat_participants.chat_id is 'The chat.';
comment on column public.chat_participants.user_id is 'A participant.';
comment on column public.chat_participants.joined_at is 'When they joined.';
comment on column public.chat_participants.left_at is
  'When they left (CHT-05): from then on they read and send nothing, and are never added back; '
  'null while they take part.';
comment on column public.chat_participants.last_read_at is
  'When they last marked the chat read (mark_chat_read, CHT-06): the messages by others after '
  'it are unread; null: none read yet.';

create table public.chat_messages (
  id uuid primary key default gen_random_uuid(),
  chat_id uuid not null references public.chats (id) on delete cascade,
  sender_id uuid default auth.uid() references public.profiles (id) on delete set null,
  body text not null,
  created_at timestamptz not null default now(),
  removed_at timestamptz,
  constraint chat_messages_body_length check (char_length(body) between 1 and 4000),
  constraint chat_messages_body_not_blank
    check (body ~ '^[!-~]' or not kithdb.is_blank(body))
);
create index chat_messages_chat_id_idx on public.chat_messages (chat_id, created_at desc, id desc);
create index chat_messages_sender_id_idx on public.chat_messages (sender_id);
comment on table public.chat_messages is 'Messages of a chat, newest last; never edited.';
comment on column public.chat_messages.id is 'The message''s id.';
comment on column public.chat_messages.chat_id is 'The chat.';
comment on column public.chat_messages.sender_id is
  'Who sent it (a participant); null once they deleted their account (ACC-02).';
comment on column public.chat_messages.body is 'The text, 1–4000 characters, not blank.';
comment on column public.chat_messages.created_at is 'When it was sent.';
comment on column public.chat_messages.removed_at is
  'When a moderator removed it (MOD-04): from then on only its sender reads it, marked so.';

-- ACC-02: a block outlives an account for what it leaves behind. The deletion gives the account's
-- messages one random id, their tombstone, and hides it from each user who was in a block with the
-- account (BLK-07): a row per message and a row per block, in whatever chats the messages are and
-- whoever joins those chats later. The tombstone names nobody.
create table kithdb.message_tombstones (
  message_id uuid primary key references public.chat_messages (id) on delete cascade,
  tombstone uuid not null
);
comment on table kithdb.message_tombstones is
  'The tombstone of each message whose sender deleted their account while in a block (ACC-02); '
  'written by kithdb.profiles_part_account.';
create table kithdb.tombstone_hides (
  user_id uuid not null references public.profiles (id) on delete cascade,
  tombstone uuid not null,
  primary key (user_id, tombstone)
);
comment on table kithdb.tombstone_hides is
  'Tombstones whose messages are hidden from a user who was in a block with their sender '
  '(ACC-02, BLK-07); written by kithdb.profiles_part_account.';
revoke all on table kithdb.message_tombstones, kithdb.tombstone_hides
  from public, anon, authenticated, service_role;

alter table public.chats enable row level security;
alter table public.chat_participants enable row level security;
alter table public.chat_messages enable row level security;
create trigger chat_messages_insert_limit
  after insert on public.chat_messages
  referencing new table as new_rows
  for each statement execute function kithdb.limit_api_insert();
revoke all on table public.chats, public.chat_participants, public.chat_messages
  from anon, authenticated, service_role;
grant select on table public.chats, public.chat_participants, public.chat_messages to authenticated;
grant insert (chat_id, sender_id, body) on table public.chat_messages to authenticated;  -- ID-06
grant update (left_at, last_read_at) on table public.chat_participants to authenticated;
grant all on table public.chats, public.chat_participants, public.chat_messages to service_role;

-- A chat's lock (NTF-09): a message takes it shared while it is written, a departure from the
-- chat exclusive, so that the messages in flight there commit first. An advisory lock, not the
-- chat's row, which every write naming the chat key-share locks; 1803 sets these apart from
-- kithdb's other advisory locks. Several chats' locks are taken in id order.
create function kithdb.lock_chats(p_chat_ids uuid[]) returns void
language plpgsql
set search_path = ''
as $$
begin
  perform pg_catalog.pg_advisory_xact_lock(1803, pg_catalog.hashtext(c::pg_catalog.text))
  from (select c from pg_catalog.unnest(p_chat_ids) c order by c) c;
end
$$;
comment on function kithdb.lock_chats(uuid[]) is
  'Lock the chats p_chat_ids exclusive, in id order, until the transaction ends: a departure '
  'from them waits for the messages in flight there (NTF-09).';
revoke execute on function kithdb.lock_chats(uuid[]) from public, anon;
-- A departure by table write takes it in an invoker trigger; any login may take advisory locks.
grant execute on function kithdb.lock_chats(uuid[]) to authenticated, service_role;

-- A user leaving all their chats at once (their account's deletion): their rows in them, then
-- the chats' locks, each in id order, as every departure takes its row before its chat's lock.
create function kithdb.lock_chats_of(p_user_id uuid) returns void
language plpgsql
set search_path = ''
as $$
begin
  perform from public.chat_participants p
  where p.user_id = p_user_id and p.left_at is null
  order by p.chat_id
  for update;
  perform kithdb.lock_chats(array(select p.chat_id from public.chat_participants p
                                  where p.user_id = p_user_id and p.left_at is null));
end
$$;
comment on function kithdb.lock_chats_of(uuid) is
  'Lock p_user_id''s rows in the chats they take part in, then those chats, in id order, until '
  'the transaction ends (NTF-09): for their account''s deletion.';
revoke execute on function kithdb.lock_chats_of(uuid) from public, anon, authenticated;

-- The caller's own sets, which the policies below read: security-barrier views that run as their
-- owner, each returning only the caller's rows (SEC-07). A view is expanded into each statement's
-- plan, where a definer helper would be a call per statement with a plan cached for its first
-- caller (measured in docs/DESIGN.md, "Policies read views").
create view kithdb.my_hidden_messages with (security_barrier) as
  select t.message_id from kithdb.message_tombstones t
  join kithdb.tombstone_hides h on h.tombstone = t.tombstone
  where h.user_id = (select auth.uid());
comment on view kithdb.my_hidden_messages is
  'Messages of deleted accounts that a block hid from the caller (ACC-02, BLK-07). Runs as its '
  'owner: the tombstones are kithdb''s.';
revoke all on kithdb.my_hidden_messages from public, anon;
grant select on kithdb.my_hidden_messages to authenticated;

create view kithdb.my_chats with (security_barrier) as
  select p.chat_id from public.chat_participants p
  where p.user_id = (select auth.uid()) and p.left_at is null;
comment on view kithdb.my_chats is
  'Chats the caller takes part in and has not left, for set-based policies. Runs as its owner: '
  'a policy on '
  'chat_participants cannot read chat_participants under RLS without recursing.';
revoke all on kithdb.my_chats from public, anon;
grant select on kithdb.my_chats to authenticated;

create policy chats_select on public.chats
  for select to authenticated
  using (id = any (array(select v.chat_id from kithdb.my_chats v)));

create policy chat_participants_select on public.chat_participants
  for select to authenticated
  using (
    chat_id = any (array(select v.chat_id from kithdb.my_chats v))
    and user_id <> all (array(select v.user_id from kithdb.my_blockers v))
  );

-- BLK-07: a chat shared with a blocked user shows neither their messages to the other.
create policy chat_messages_select on public.chat_messages
  for select to authenticated
  using (
    chat_id = any (array(select v.chat_id from kithdb.my_chats v))
    and (sender_id is not null
         and sender_id <> all (array(select v.user_id from kithdb.my_hidden_users v))
         -- ACC-02: a deleted account's message, unless a block hid it. A probe per such row:
         -- the caller's hides may be many, the page's deleted senders' rows are few.
         or sender_id is null
         and not exists (select from kithdb.my_hidden_messages v
                         where v.message_id = chat_messages.id))
    and (removed_at is null or sender_id = (select auth.uid()))  -- MOD-04
  );

-- CHT-05, CHT-06: a participant leaves, or marks the chat read, by table write too; only their
-- own row, while they take part.
create policy chat_participants_update on public.chat_participants
  for update to authenticated
  using (user_id = (select auth.uid()) and left_at is null)
  with check (user_id = (select auth.uid()));

create function kithdb.chat_participants_guard() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  -- A participant who left stays out, and a chat read stays read: the times are the database's,
  -- and neither is undone.
  if kithdb.is_api_role() then
    if new.last_read_at is distinct from old.last_read_at then
      if new.last_read_at is null then
        raise exception 'a chat once read stays read'
          using errcode = '22023', detail = 'chat_read_required';
      end if;
      new.last_read_at := now();
    elsif new.left_at is null then
      raise exception 'a participant who leaves a chat stays out'
        using errcode = '22023', detail = 'chat_left_required';
    end if;
    if new.left_at is distinct from old.left_at then
      -- Never before the joining: a join committed after this request began is later than its
      -- now().
      new.left_at := greatest(now(), old.joined_at);
    end if;
  end if;
  return new;
end
$$;
comment on function kithdb.chat_participants_guard() is
  'BEFORE UPDATE on chat_participants: an API user only leaves or marks the chat read, at the '
  'database''s time (CHT-05, CHT-06).';
revoke execute on function kithdb.chat_participants_guard() from public, anon;
create trigger chat_participants_guard
  before update on public.chat_participants
  for each row execute function kithdb.chat_participants_guard();

-- SEC-12: a chat, its participants and its messages stay where they were written. Moved by an
-- update, a message or a participant would reach another chat or user without what its insert
-- and delete do: a message's announcement and broadcast there, a departure's wait for the
-- messages in flight (NTF-09).
create trigger chats_immutable
  before update on public.chats
  for each row
  when ((new.id, new.like_group_id) is distinct from (old.id, old.like_group_id))
  execute function kithdb.refuse_row_move(
    'chat_immutable', 'a chat cannot move to another id or like group');
create trigger chat_participants_immutable
  before update on public.chat_participants
  for each row
  when ((new.chat_id, new.user_id) is distinct from (old.chat_id, old.user_id))
  execute function kithdb.refuse_row_move(
    'chat_participant_immutable', 'a participant cannot move to another chat or user');
create trigger chat_messages_immutable
  before update on public.chat_messages
  for each row
  when ((new.id, new.chat_id) is distinct from (old.id, old.chat_id)
        or new.sender_id is not null and new.sender_id is distinct from old.sender_id)
  execute function kithdb.refuse_row_move(
    'chat_message_immutable', 'a message cannot move to another id, chat or sender');

create policy chat_messages_insert on public.chat_messages
  for insert to authenticated
  with check (
    sender_id = (select auth.uid())
    and chat_id = any (array(select v.chat_id from kithdb.my_chats v))
  );

create function public.send_message(p_chat_id uuid, p_body text) returns uuid
language plpgsql
set search_path = ''
as $$
declare
  v_me pg_catalog.uuid := kithdb.require_uid();
  v_id pg_catalog.uuid;
begin
  if p_chat_id is null then
    raise exception 'p_chat_id is required' using errcode = '22023', detail = 'missing_chat_id';
  end if;
  if p_body is null or (p_body !~ '^[!-~]' and kithdb.is_blank(p_body)) then
    raise exception 'a message needs a body' using errcode = '22023', detail = 'message_body_required';
  end if;
  if char_length(p_body) > 4000 then
    raise exception 'a message has at most 4000 characters'
      using errcode = '22023', detail = 'message_body_too_long';
  end if;
  -- The chat is looked for in the insert's own statement, so that the look and the insert's
  -- policy read one snapshot: a departure committing between two statements would have the
  -- policy refuse what the look let through, with no reason.
  insert into public.chat_messages (chat_id, sender_id, body)
  select p_chat_id, v_me, p_body
  where exists (select from public.chats c where c.id = p_chat_id)
  returning id into v_id;
  if v_id is null then
    raise exception 'no such chat' using errcode = 'PT404', detail = 'chat_not_found';
  end if;
  return v_id;
end
$$;
comment on function public.send_message(uuid, text) is
  'Send p_body (1–4000 characters) to chat p_chat_id, which you take part in; returns the message id.';
revoke execute on function public.send_message(uuid, text) from public, anon;
grant execute on function public.send_message(uuid, text) to authenticated, service_role;

create function public.leave_chat(p_chat_id uuid) returns void
language plpgsql
set search_path = ''
as $$
declare
  v_me pg_catalog.uuid := kithdb.require_uid();
begin
  if p_chat_id is null then
    raise exception 'p_chat_id is required' using errcode = '22023', detail = 'missing_chat_id';
  end if;
  -- A join committed after this transaction began is later than its now().
  update public.chat_participants p set left_at = greatest(now(), p.joined_at)
  where p.chat_id = p_chat_id and p.user_id = v_me and p.left_at is null;
  if not found then  -- not a participant, left already, or no such chat: one answer
    raise exception 'no such chat' using errcode = 'PT404', detail = 'chat_not_found';
  end if;
end
$$;
comment on function public.leave_chat(uuid) is
  'Leave chat p_chat_id: you read and send nothing more there and are never added back; your '
  'messages stay for the others.';
revoke execute on function public.leave_chat(uuid) from public, anon;
grant execute on function public.leave_chat(uuid) to authenticated, service_role;

create function public.mark_chat_read(p_chat_id uuid) returns void
language plpgsql
set search_path = ''
as $$
declare
  v_me pg_catalog.uuid := kithdb.require_uid();
begin
  if p_chat_id is null then
    raise exception 'p_chat_id is required' using errcode = '22023', detail = 'missing_chat_id';
  end if;
  update public.chat_participants p set last_read_at = now()
  where p.chat_id = p_chat_id and p.user_id = v_me and p.left_at is null;
  if not found then  -- not a participant, left already, or no such chat: one answer
    raise exception 'no such chat' using errcode = 'PT404', detail = 'chat_not_found';
  end if;
end
$$;
comment on function public.mark_chat_read(uuid) is
  'Mark chat p_chat_id read up to now: my_chats.unread_count counts only the messages after '
  'this.';
revoke execute on function public.mark_chat_read(uuid) from public, anon;
grant execute on function public.mark_chat_read(uuid) to authenticated, service_role;

-- PostgREST: reload the schema cache so the API shows this change at once.
notify pgrst, 'reload schema';
