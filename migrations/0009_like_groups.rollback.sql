do $$
begin
  if exists (select from pg_catalog.pg_extension where extname = 'pg_cron') then
    if exists (select from cron.job where jobname = 'kithdb_expire_like_groups') then
      perform cron.unschedule('kithdb_expire_like_groups');
    end if;
  end if;
end
$$;
-- These policies read the views below: they go first, so that each view can go before its table.
drop policy like_groups_select on public.like_groups;
drop policy like_group_members_select on public.like_group_members;
drop policy like_group_approvals_select on public.like_group_approvals;
drop view kithdb.my_like_groups;
drop view kithdb.my_member_like_groups;
drop function public.expire_like_groups();
drop function public.approve_like_group(uuid, boolean, uuid[]);
drop function public.withdraw_like_group(uuid);
drop function public.leave_like_group(uuid);
drop function public.remove_like_group_member(uuid, uuid);
drop function public.add_like_group_member(uuid, uuid);
drop function public.create_like_group(uuid, uuid[]);
drop function kithdb.approve_like_group(uuid, boolean, uuid[]);
drop function kithdb.withdraw_like_group(uuid);
drop function kithdb.leave_like_group(uuid);
drop trigger event_authors_release_like_groups on public.event_authors;
drop function kithdb.event_authors_release_like_groups();
drop trigger blocks_release_like_groups on public.blocks;
drop function kithdb.blocks_release_like_groups();
drop function kithdb.release_like_groups(uuid, uuid, uuid);
drop function kithdb.like_group_heir(uuid, uuid, boolean);
drop function kithdb.remove_like_group_member(uuid, uuid);
drop function kithdb.add_like_group_member(uuid, uuid);
drop function kithdb.create_like_group(uuid, uuid[]);
drop function kithdb.expire_overdue_like_groups();
drop function kithdb.expire_overdue_like_groups(uuid, uuid[]);
drop function kithdb.check_like_group_member(uuid, uuid, uuid);
drop function kithdb.lock_like_group(uuid);
drop trigger events_expire_like_groups on public.events;
drop trigger events_keep_attendees on public.events;
drop function kithdb.events_expire_like_groups();
drop function kithdb.events_keep_attendees();
drop trigger event_authors_redecide on public.event_authors;
drop function kithdb.event_authors_redecide();
drop trigger event_author_invitations_no_like_group_member on public.event_author_invitations;
drop trigger event_authors_no_like_group_member on public.event_authors;
drop function kithdb.event_authors_no_like_group_member();
alter table public.chats drop constraint chats_like_group_id_fkey;
drop function kithdb.decide_like_group(public.like_groups, timestamptz);
drop function kithdb.require_pending(public.like_groups, timestamptz);
drop function kithdb.require_pending(public.like_groups);
drop table public.like_group_approvals;
drop table public.like_group_members;
drop table public.like_groups;
drop function kithdb.like_group_approvals_guard();
drop function kithdb.lock_attendance(uuid, uuid);
drop function kithdb.like_group_members_redecide();
drop trigger blocks_leave_like_groups on public.blocks;
drop function kithdb.blocks_leave_like_groups();
drop trigger blocks_claim_like_groups on public.blocks;
drop function kithdb.blocks_claim_like_groups();
drop function kithdb.like_group_members_guard();
drop function kithdb.like_groups_guard();
drop function kithdb.decide_like_group(uuid);
drop function kithdb.like_group_members_follow_group();
drop function kithdb.like_groups_release_members();
drop function kithdb.like_group_deadline(timestamptz, timestamptz);
drop type public.like_group_status;

-- PostgREST: reload the schema cache so the API shows this change at once.
notify pgrst, 'reload schema';
