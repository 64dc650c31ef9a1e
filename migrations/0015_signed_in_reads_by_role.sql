-- depends: 0014_author_changes_wait_for_decisions
-- Profiles, events and event authors are readable by every authenticated user (ID-05).
-- Their read policies also asked `(select auth.uid()) is not null`, which costs every query that
-- touches them ~25–30 µs of planning and claims parsing — about a third of what RLS added to an
-- author's pending-queue read — and refuses only an `authenticated` request whose JWT has no `sub`, a token only the project's
-- own secret can mint. The role is the gate now (ID-05); anon still reads nothing (ID-02), and
-- RPCs still refuse a caller without identity (ID-03).

alter policy profiles_select on public.profiles using (true);
alter policy events_select on public.events using (true);
alter policy event_authors_select on public.event_authors using (true);

-- PostgREST: reload the schema cache so the API shows this change at once.
notify pgrst, 'reload schema';
