drop trigger kithdb_create_profile on auth.users;
drop function kithdb.create_profile_for_new_user();
drop function kithdb.hold_profile(uuid);
drop function kithdb.refuse_gone_account();
drop function kithdb.hold_user(uuid);
drop function kithdb.require_account();
drop table public.profiles;
drop function kithdb.default_display_name(jsonb);

-- PostgREST: reload the schema cache so the API shows this change at once.
notify pgrst, 'reload schema';
