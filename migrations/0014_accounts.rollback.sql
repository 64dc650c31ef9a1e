drop function public.delete_my_account(text);
drop function kithdb.delete_my_account(text);
drop trigger kithdb_lock_account on auth.users;
drop function kithdb.auth_users_lock_account();
drop function kithdb.lock_account(uuid);
drop trigger profiles_delete_auth_user on public.profiles;
drop function kithdb.profiles_delete_auth_user();
drop trigger profiles_part_account on public.profiles;
drop function kithdb.profiles_part_account();
drop function public.export_my_data();
drop function kithdb.export_my_data();

-- PostgREST: reload the schema cache so the API shows this change at once.
notify pgrst, 'reload schema';
