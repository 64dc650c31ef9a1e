alter policy profiles_select on public.profiles using ((select auth.uid()) is not null);
alter policy events_select on public.events using ((select auth.uid()) is not null);
alter policy event_authors_select on public.event_authors using ((select auth.uid()) is not null);

-- PostgREST: reload the schema cache so the API shows this change at once.
notify pgrst, 'reload schema';
