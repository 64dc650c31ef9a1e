drop function public.remove_event_author(uuid, uuid);
drop function public.add_event_author(uuid, uuid);
drop function public.create_event(text, timestamptz, timestamptz, text);
drop function kithdb.event_for_author(uuid);
drop table public.event_authors;
drop table public.events;
drop function kithdb.event_authors_guard();
drop function kithdb.events_guard();
drop function kithdb.events_add_creator();
drop function kithdb.is_friend_of_event_creator(uuid, uuid);
drop function kithdb.is_event_author(uuid, uuid);
drop function kithdb.my_authored_event_ids();

-- PostgREST: reload the schema cache so the API shows this change at once.
notify pgrst, 'reload schema';
