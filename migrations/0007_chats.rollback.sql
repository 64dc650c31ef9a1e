drop function public.send_message(uuid, text);
drop table public.chat_messages;
drop table public.chat_participants;
drop table public.chats;
drop function kithdb.my_chat_ids();
drop type public.chat_kind;

-- PostgREST: reload the schema cache so the API shows this change at once.
notify pgrst, 'reload schema';
