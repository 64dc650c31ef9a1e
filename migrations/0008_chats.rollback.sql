-- These policies read the views below: they go first, so that each view can go before its table.
drop policy chats_select on public.chats;
drop policy chat_participants_select on public.chat_participants;
drop policy chat_messages_select on public.chat_messages;
drop policy chat_messages_insert on public.chat_messages;
drop policy chat_participants_update on public.chat_participants;
drop view kithdb.my_chats;
drop view kithdb.my_hidden_messages;
drop function public.mark_chat_read(uuid);
drop function public.leave_chat(uuid);
drop function public.send_message(uuid, text);
drop table kithdb.tombstone_hides;
drop table kithdb.message_tombstones;
drop table public.chat_messages;
drop table public.chat_participants;
drop function kithdb.chat_participants_guard();
drop function kithdb.lock_chats_of(uuid);
drop function kithdb.lock_chats(uuid[]);
drop table public.chats;
drop type public.chat_kind;

-- PostgREST: reload the schema cache so the API shows this change at once.
notify pgrst, 'reload schema';
