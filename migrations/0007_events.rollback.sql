do $$
begin
  if exists (select from pg_catalog.pg_extension where extname = 'pg_cron') then
    if exists (select from cron.job where jobname = 'kithdb_expire_author_invitations') then
      perform cron.unschedule('kithdb_expire_author_invitations');
    end if;
  end if;
end
$$;
-- These policies read the views below: they go first, so that each view can go before its table.
drop policy events_select on public.events;
drop policy event_authors_select on public.event_authors;
drop policy events_update on public.events;
drop policy event_authors_insert on public.event_authors;
drop policy event_authors_delete on public.event_authors;
drop policy event_author_invitations_select on public.event_author_invitations;
drop policy event_author_invitations_insert on public.event_author_invitations;
drop policy event_author_invitations_delete on public.event_author_invitations;
drop function kithdb.my_hidden_event_ids();
drop view kithdb.my_blockers_events;
drop view kithdb.my_authored_events;
drop function public.expire_author_invitations();
drop function public.cancel_event(uuid);
drop function public.leave_event_authors(uuid);
drop function public.respond_event_author_invitation(uuid, boolean);
drop function public.remove_event_author(uuid, uuid);
drop function public.add_event_author(uuid, uuid);
drop function public.create_event(text, timestamptz, timestamptz, text);
drop function kithdb.event_for_author(uuid);
drop table public.event_author_invitations;
drop table public.event_authors;
drop table kithdb.event_hides;
drop table public.events;
drop type public.event_status;
drop function kithdb.event_author_invitations_guard();
drop function kithdb.lock_new_invitation(uuid);
drop function kithdb.events_withdraw_author_invitations();
drop function kithdb.event_authors_part_invitations();
drop function kithdb.event_authors_guard();
drop function kithdb.event_authors_pass_event();
drop function kithdb.pass_event_from(uuid, uuid);
drop function kithdb.lock_event_authors(uuid);
drop function kithdb.lock_new_authorship(uuid);
drop function kithdb.lock_event_applications(uuid, boolean);
drop function kithdb.require_unblocked_authors(uuid, uuid);
drop trigger blocks_part_events on public.blocks;
drop function kithdb.blocks_part_events();
drop function kithdb.events_guard();
drop function kithdb.events_add_creator();
drop function kithdb.is_friend_of_event_creator(uuid, uuid);
drop function kithdb.is_event_author(uuid, uuid);

-- PostgREST: reload the schema cache so the API shows this change at once.
notify pgrst, 'reload schema';
