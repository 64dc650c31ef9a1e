drop function public.set_circle_member_role(uuid, uuid, public.circle_role);
drop function public.remove_circle_member(uuid, uuid);
drop function public.leave_circle(uuid);
drop function public.decline_circle_invitation(uuid);
drop function public.accept_circle_invitation(uuid);
drop function kithdb.lock_my_invitation(uuid);
drop function public.invite_to_circle(uuid, uuid);
drop function public.create_circle(text, text);
drop function kithdb.circle_for_admin(uuid);
drop function kithdb.circle_name(text, text);
drop table public.circle_members;
drop table public.circles;
drop function kithdb.circle_members_integrity();
drop function kithdb.circle_members_capacity();
drop function kithdb.circle_members_guard();
drop function kithdb.circles_add_founder();
drop function kithdb.is_new_circle(uuid);
drop function kithdb.my_admin_circle_ids();
drop function kithdb.my_member_circle_ids();
drop function kithdb.my_circle_ids();
drop function kithdb.has_circle_access(uuid, uuid);
drop function kithdb.is_circle_admin(uuid, uuid);
drop function kithdb.is_circle_member(uuid, uuid);
drop type public.circle_member_status;
drop type public.circle_role;
drop type public.circle_type;

-- PostgREST: reload the schema cache so the API shows this change at once.
notify pgrst, 'reload schema';
