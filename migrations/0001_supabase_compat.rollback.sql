-- The Supabase compatibility objects stay (DEP-02): roles are cluster-wide and auth.users
-- holds the users, so removing them could destroy what is not ours. Nothing to undo.
do $$ begin end $$;
