do $$
begin
  if pg_catalog.to_regclass('realtime.messages') is not null then
    drop policy if exists kithdb_receive_own_topics on realtime.messages;
  end if;
end
$$;
drop trigger if exists chat_messages_broadcast on public.chat_messages;
drop function if exists kithdb.chat_messages_broadcast();
drop trigger if exists notifications_broadcast on public.notifications;
drop function if exists kithdb.notifications_broadcast();
-- The publication goes too if kithdb created it and nothing else is in it.
do $$
declare
  v_table text;
begin
  foreach v_table in array array['chat_messages', 'notifications'] loop
    if exists (select from pg_catalog.pg_publication_tables t
               where t.pubname = 'supabase_realtime' and t.schemaname = 'public'
                 and t.tablename = v_table) then
      execute format('alter publication supabase_realtime drop table public.%I', v_table);
    end if;
  end loop;
  if exists (select from pg_catalog.pg_publication p
             where p.pubname = 'supabase_realtime'
               and pg_catalog.obj_description(p.oid, 'pg_publication')
                   = 'kithdb: created where Supabase had not.'
               and not exists (select from pg_catalog.pg_publication_tables t
                               where t.pubname = p.pubname)) then
    drop publication supabase_realtime;
  end if;
end
$$;
drop function public.my_chats(integer, timestamptz, uuid);
drop function kithdb.my_chats_page(integer, timestamptz, uuid);
call kithdb.unschedule_job('kithdb_prune_notifications');
drop function public.prune_notifications();
drop function public.unread_notification_count();
drop function public.mark_notifications_read(uuid[]);
drop trigger blocks_part_event_chats on public.blocks;
drop function kithdb.blocks_part_event_chats();
drop trigger chat_participants_wait_on_leave on public.chat_participants;
drop trigger chat_participants_wait_on_removal on public.chat_participants;
drop function kithdb.chat_participants_wait_for_messages();
drop trigger chat_messages_announce on public.chat_messages;
drop function kithdb.chat_messages_announce();
drop trigger notifications_announce on public.notifications;
drop function kithdb.notifications_announce();
drop function kithdb.start_listening();
drop table kithdb.listeners;
drop function kithdb.user_channel(uuid);
drop trigger events_unnotify on public.events;
drop function kithdb.events_unnotify();
drop trigger blocks_unnotify on public.blocks;
drop function kithdb.blocks_unnotify();
drop trigger reports_notify on public.reports;
drop function kithdb.reports_notify();
drop trigger like_group_members_notify on public.like_group_members;
drop trigger like_group_approvals_renotify on public.like_group_approvals;
drop function kithdb.like_group_approvals_renotify();
drop trigger like_groups_unnotify on public.like_groups;
drop function kithdb.like_groups_unnotify();
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
drop function kithdb.notify(uuid[], public.notification_kind, uuid, uuid, uuid, uuid, uuid, boolean);
drop trigger notifications_refuse_suspended on public.notifications;
drop table public.notifications;
drop function kithdb.notifications_guard();
drop type public.notification_kind;

-- PostgREST: reload the schema cache so the API shows this change at once.
notify pgrst, 'reload schema';
