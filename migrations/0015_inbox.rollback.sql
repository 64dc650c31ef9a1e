drop function public.my_chats(integer, timestamptz, uuid);
drop function kithdb.my_chats_page(integer, timestamptz, uuid);
do $$
begin
  if exists (select from pg_catalog.pg_extension where extname = 'pg_cron') then
    if exists (select from cron.job where jobname = 'kithdb_prune_notifications') then
      perform cron.unschedule('kithdb_prune_notifications');
    end if;
  end if;
end
$$;
drop function public.prune_notifications();
drop function public.unread_notification_count();
drop function public.mark_notifications_read(uuid[]);
drop trigger blocks_unnotify on public.blocks;
drop function kithdb.blocks_unnotify();
drop trigger reports_notify on public.reports;
drop function kithdb.reports_notify();
drop trigger like_group_members_notify on public.like_group_members;
drop function kithdb.like_group_members_notify();
drop trigger like_groups_notify_decision on public.like_groups;
drop trigger like_groups_notify on public.like_groups;
drop function kithdb.like_groups_notify();
drop trigger event_authors_unnotify on public.event_authors;
drop function kithdb.event_authors_unnotify();
drop trigger event_author_invitations_notify on public.event_author_invitations;
drop function kithdb.event_author_invitations_notify();
drop trigger circle_members_unnotify on public.circle_members;
drop trigger circle_members_notify on public.circle_members;
drop function kithdb.circle_members_notify();
drop trigger friendships_notify on public.friendships;
drop function kithdb.friendships_notify();
drop function kithdb.notify(uuid[], public.notification_kind, uuid, uuid, uuid, uuid, uuid);
drop table public.notifications;
drop function kithdb.notifications_guard();
drop type public.notification_kind;

-- PostgREST: reload the schema cache so the API shows this change at once.
notify pgrst, 'reload schema';
