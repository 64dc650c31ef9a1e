-- The Supabase compatibility objects stay (DEP-02): roles are cluster-wide, auth.users holds the
-- users and `extensions` may hold what others installed, so removing them could destroy what is
-- not ours. Nothing to undo.
do $$ begin end $$;
