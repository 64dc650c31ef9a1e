-- Supabase advisor checks (the splinter lints that apply to kithdb), as our own tests, and the
-- rules on how a call is built (PRF): each query lists offenders and must come back empty.
begin;
set client_min_messages = warning;
set search_path = tap, public;
select plan(23);

select is_empty($$
  select c.relname from pg_class c
  where c.relnamespace = 'public'::regnamespace and c.relkind = 'r' and not c.relrowsecurity
$$, 'SEC-01: every table in public has RLS (rls_disabled_in_public)');

select is_empty($$
  select c.relname from pg_class c left join pg_policy p on p.polrelid = c.oid
  where c.relnamespace in ('public'::regnamespace, 'kithdb'::regnamespace) and c.relkind = 'r'
    and c.relrowsecurity and p.oid is null
    and c.relname not in ('_yoyo_migration', '_yoyo_log', '_yoyo_version', 'yoyo_lock')
$$, 'SEC-01: every table with RLS has a policy (rls_enabled_no_policy)');

select is_empty($$
  select schemaname, tablename, policyname from pg_policies
  where schemaname = 'public' and roles = '{public}'
$$, 'SEC-02: every policy names its role');

select is_empty($$
  select schemaname, tablename, policyname from pg_policies
  where schemaname = 'public'
    and ((qual ~ 'auth\.(uid|jwt|role|email)\(\)' and lower(qual) !~ 'select\s+auth\.(uid|jwt|role|email)\(\)')
      or (with_check ~ 'auth\.(uid|jwt|role|email)\(\)'
          and lower(with_check) !~ 'select\s+auth\.(uid|jwt|role|email)\(\)'))
$$, 'SEC-02: policies wrap auth.<function>() in a sub-select (auth_rls_initplan)');

select is_empty($$
  select schemaname, tablename, cmd, r, count(*) from pg_policies, unnest(roles) r
  where schemaname = 'public' and permissive = 'PERMISSIVE'
  group by 1, 2, 3, 4 having count(*) > 1
$$, 'SEC-02: one permissive policy per table, role and action (multiple_permissive_policies)');

select is_empty($$
  select schemaname, tablename, policyname from pg_policies
  where schemaname = 'public' and cmd in ('INSERT', 'UPDATE', 'DELETE', 'ALL')
    and (replace(lower(coalesce(qual, '')), ' ', '') in ('true', '(true)', '1=1', '(1=1)')
      or replace(lower(coalesce(with_check, '')), ' ', '') in ('true', '(true)', '1=1', '(1=1)')
      or (cmd = 'INSERT' and with_check is null))
$$, 'SEC-02: no write policy is always true (rls_policy_always_true)');

select is_empty($$
  select con.conrelid::regclass, con.conname from pg_constraint con
  where con.contype = 'f' and con.connamespace = 'public'::regnamespace
    and not exists (
      select from pg_index i
      where i.indrelid = con.conrelid
        and (i.indkey::int2[])[0:cardinality(con.conkey) - 1] @> con.conkey
        and (i.indkey::int2[])[0:cardinality(con.conkey) - 1] <@ con.conkey
    )
$$, 'SEC-03: every foreign key has a covering index (unindexed_foreign_keys)');

select is_empty($$
  select p.oid::regprocedure from pg_proc p
  where p.pronamespace in ('public'::regnamespace, 'kithdb'::regnamespace)
    and not exists (select from unnest(coalesce(p.proconfig, '{}')) c where c like 'search_path=%')
$$, 'SEC-04: every function pins its search_path (function_search_path_mutable)');
-- A definer runs kithdb's functions as its owner; the public RPCs run only as their caller (no
-- function calls one), where auth.uid() is safe and public.feed keeps it inline.
select is_empty($$
  select p.oid::regprocedure from pg_proc p
  where p.pronamespace = 'kithdb'::regnamespace and p.prosrc like '%auth.uid()%'
$$, 'SEC-04: kithdb''s functions read the caller''s id through kithdb.uid(), never auth.uid()');
select is_empty($$
  select p.oid::regprocedure from pg_proc p
  where p.pronamespace = 'kithdb'::regnamespace and p.prosrc ~ 'public\.[a-z_]+\('
    and p.prosrc ~ ('public\.(' || (select string_agg(f.proname, '|') from pg_proc f
                                      where f.pronamespace = 'public'::regnamespace) || ')\(')
$$, 'SEC-04: no kithdb function calls a public RPC (which may read auth.uid())');

select is_empty($$
  select p.oid::regprocedure from pg_proc p
  where p.pronamespace in ('public'::regnamespace, 'kithdb'::regnamespace) and p.prosecdef
    and not exists (select from unnest(p.proconfig) c where c = 'search_path=""')
$$, 'SEC-04: every definer function runs with search_path = ''''');

select is_empty($$
  select p.oid::regprocedure from pg_proc p
  where p.pronamespace = 'public'::regnamespace and p.prosecdef
$$, 'SEC-05: no SECURITY DEFINER function in the API schema');

select is_empty($$
  select p.oid::regprocedure from pg_proc p
  where p.pronamespace in ('public'::regnamespace, 'kithdb'::regnamespace)
    and (has_function_privilege('anon', p.oid, 'execute')
      or exists (select from aclexplode(coalesce(p.proacl, acldefault('f', p.proowner))) a
                 where a.grantee = 0 and a.privilege_type = 'EXECUTE'))
$$, 'SEC-05, ID-02: no package function is executable by PUBLIC or anon');

select is_empty($$
  select p.oid::regprocedure from pg_proc p
  where p.pronamespace in ('public'::regnamespace, 'kithdb'::regnamespace)
    and p.prosecdef and coalesce(obj_description(p.oid, 'pg_proc'), '') !~* 'definer'
$$, 'SEC-05: every definer function says why it must be one');

select is_empty($$
  select 'table', c.relname from pg_class c
  where c.relnamespace = 'public'::regnamespace and c.relkind = 'r'
    and c.relname !~ 'yoyo' and obj_description(c.oid, 'pg_class') is null
  union all
  select 'column', c.relname || '.' || a.attname from pg_class c
  join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
  where c.relnamespace = 'public'::regnamespace and c.relkind = 'r' and c.relname !~ 'yoyo'
    and col_description(c.oid, a.attnum) is null
  union all
  select 'type', t.typname from pg_type t
  where t.typnamespace = 'public'::regnamespace and t.typtype = 'e'
    and obj_description(t.oid, 'pg_type') is null
  union all
  select 'function', p.oid::regprocedure::text from pg_proc p
  where p.pronamespace in ('public'::regnamespace, 'kithdb'::regnamespace)
    and obj_description(p.oid, 'pg_proc') is null
$$, 'SEC-06: every public table, column, enum and function has a COMMENT');

-- A definer function a signed-in user may call reads past RLS for them, so it may answer only
-- about the caller: these act as the caller (the like-group and dynamic-circle steps, a member's
-- circle page, the home feed's page, the caller's chats' page) or answer only about the caller (the caller_is_* checks,
-- is_new_circle, is_friend_of_event_creator, require_reachable, lock_my_pair, lock_my_friendship,
-- lock_my_block, lock_new_authorship, lock_new_invitation, my_muted_user_ids);
-- resolve_report_as_moderator acts only when the caller moderates,
-- require_unblocked_authors answers only an event's author or invitee about the other authors,
-- require_unblocked_creator only a circle's admin about the circle's creator and their invitee,
-- rejoin_circle acts only on the caller's own opt-out,
-- export_my_data reads only rows of the caller's own, delete_my_account deletes only the
-- caller's account, start_listening registers only the caller's own connection, and
-- hold_profile and lock_circle answer nothing (they only lock). Anything
-- else that reads past RLS is for trusted roles only.
select set_eq($$
  select p.oid::regprocedure::text from pg_proc p
  where p.pronamespace in ('public'::regnamespace, 'kithdb'::regnamespace) and p.prosecdef
    and has_function_privilege('authenticated', p.oid, 'execute')
$$, array[
  'kithdb.add_like_group_member(uuid,uuid)', 'kithdb.approve_like_group(uuid,boolean,uuid[])',
  'kithdb.lock_my_pair(uuid,boolean)', 'kithdb.lock_my_friendship(uuid)', 'kithdb.lock_my_block(uuid)',
  'kithdb.lock_new_authorship(uuid)', 'kithdb.lock_new_invitation(uuid)',
  'kithdb.require_reachable(uuid)',
  'kithdb.caller_is_circle_admin(uuid)', 'kithdb.caller_is_circle_member(uuid)',
  'kithdb.create_dynamic_circle(text,jsonb,text)', 'kithdb.create_like_group(uuid,uuid[])',
  'kithdb.home_feed_page(integer,timestamp with time zone,uuid)',
  'kithdb.my_chats_page(integer,timestamp with time zone,uuid)',
  'kithdb.is_friend_of_event_creator(uuid,uuid)', 'kithdb.is_new_circle(uuid)',
  'kithdb.leave_like_group(uuid)',
  'kithdb.member_circle_feed_page(uuid,integer,timestamp with time zone,uuid)',
  'kithdb.remove_like_group_member(uuid,uuid)', 'kithdb.withdraw_like_group(uuid)',
  'kithdb.resolve_report_as_moderator(uuid,text,text,timestamp with time zone)',
  'kithdb.require_unblocked_authors(uuid,uuid)', 'kithdb.require_unblocked_creator(uuid,uuid)',
  'kithdb.my_muted_user_ids()',
  'kithdb.rejoin_circle(uuid)', 'kithdb.export_my_data()',
  'kithdb.delete_my_account(text)', 'kithdb.hold_profile(uuid)', 'kithdb.lock_circle(uuid)',
  'kithdb.start_listening()'
], 'SEC-05, CIR-12, PST-08, BLK-03, BLK-04, MOD-03, EVT-09, DYN-07, ACC-01, ACC-02, CHT-07, NTF-07: the definer functions a signed-in user may call are the caller-scoped ones');

-- Triggers fire in name order, BEFORE triggers before RLS checks the new row: a table's guard
-- must come first, so that a caller who may not write is refused before any trigger reads
-- what lies behind the row (tgtype bits: 2 BEFORE, 4 INSERT, 8 DELETE, 16 UPDATE).
select is_empty($$
  select t.tgrelid::regclass, t.tgname from pg_trigger t
  join pg_class c on c.oid = t.tgrelid
  join pg_trigger g on g.tgrelid = t.tgrelid and g.tgname = c.relname || '_guard'
  where c.relnamespace = 'public'::regnamespace and not t.tgisinternal
    and t.tgname < g.tgname
    and t.tgtype & 2 <> 0 and g.tgtype & 2 <> 0
    and t.tgtype & g.tgtype & (4 | 8 | 16) <> 0
$$, 'SEC-08: each table''s guard is its first BEFORE trigger for the writes it checks');

select is_empty($$
  select c.oid::regclass from pg_class c
  where c.relkind = 'v' and c.relnamespace in ('public'::regnamespace, 'kithdb'::regnamespace)
    and (c.relnamespace = 'public'::regnamespace
      or not coalesce(c.reloptions @> array['security_barrier=true'], false)
      or has_table_privilege('anon', c.oid, 'select')
      or exists (select from aclexplode(coalesce(c.relacl, acldefault('r', c.relowner))) a
                 where a.grantee = 0))
$$, 'SEC-07: a view that reads past RLS lives in kithdb, is a security barrier, and PUBLIC and anon cannot read it (security_definer_view)');

select is_empty($$
  select p.oid::regprocedure from pg_proc p join pg_language l on l.oid = p.prolang
  where p.pronamespace = 'public'::regnamespace and l.lanname = 'sql' and p.proconfig is not null
$$, 'PRF-01: no RPC in public is a SQL function with a SET clause (parsed and planned on every call)');

-- Each such trigger's WHEN says what a move is; one narrowed to some updated columns (UPDATE OF),
-- or turned off, would let the others move. What each WHEN says is held by
-- tests/test_table_matrix.py (test_no_row_moves).
select is_empty($$
  select t.tgrelid::regclass, t.tgname from pg_trigger t
  where t.tgfoid = 'kithdb.refuse_row_move'::regproc
    and (t.tgtype <> (1 | 2 | 16) or t.tgattr <> '' or t.tgqual is null
         or t.tgenabled not in ('O', 'A') or t.tgnargs <> 2)
$$, 'SEC-12: every refuse_row_move trigger fires, with its WHEN, before each row''s update');

-- The helper every file acts through sets what PostgREST sets per request, the role's statement
-- timeout included, and gives it back when the tests act as the DBA again.
select tests.create_user('timed');
select tests.act_as('timed');
select is(current_setting('statement_timeout'), '8s', 'SEC-09: a signed-in request runs under authenticated''s timeout');
select tests.act_as_anon();
select is(current_setting('statement_timeout'), '3s', 'SEC-09: an anonymous request runs under anon''s timeout');
select tests.act_as_dba();
select is(current_setting('statement_timeout'), (select reset_val from pg_settings where name = 'statement_timeout'),
  'SEC-09: the DBA gets the session''s own timeout back');

select * from finish();
rollback;
