-- Moderation: schema, privileges, policies, and what reporters, moderators, a suspended user and
-- service_role may do.
begin;
set client_min_messages = warning;
set search_path = tap, public;
select plan(36);

-- Schema ---------------------------------------------------------------------------------------
select has_table('public', 'reports', 'MOD-01: reports exists');
select has_table('public', 'moderators', 'MOD-03: moderators exists');
select has_table('public', 'suspensions', 'MOD-05: suspensions exists');
select has_table('public', 'moderation_log', 'MOD-07: moderation_log exists');
select enum_has_labels('public', 'report_target_kind',
  array['post', 'message', 'user', 'circle', 'event'], 'MOD-01: the kinds of target');
select enum_has_labels('public', 'report_reason',
  array['spam', 'harassment', 'hate', 'violence', 'sexual', 'self_harm', 'other'],
  'MOD-01: the reasons');
select has_index('public', 'reports', 'reports_one_open_idx', 'MOD-01: one open report per reporter and target');
select trigger_is('public', 'reports', 'reports_take_snapshot', 'kithdb', 'reports_take_snapshot',
  'MOD-02: the database takes the snapshot');
select trigger_is('public', 'moderation_log', 'moderation_log_append_only', 'kithdb',
  'moderation_log_append_only', 'MOD-07: no update or delete of the log');
select trigger_is('public', 'posts', 'posts_refuse_suspended', 'kithdb', 'refuse_suspended',
  'MOD-05: a suspended user writes no post');
select is_empty($$
    select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'public' and c.relkind = 'r'
      and (has_any_column_privilege('authenticated', c.oid, 'INSERT')
           or has_any_column_privilege('authenticated', c.oid, 'UPDATE')
           or has_table_privilege('authenticated', c.oid, 'DELETE'))
      and not exists (select from pg_trigger t
                      where t.tgrelid = c.oid and t.tgfoid = 'kithdb.refuse_suspended'::regproc)
  $$, 'MOD-05: every table an API user may write refuses a suspended user''s writes');
-- Both bodies without comments, each run of white space one space.
select ok(strpos(
    regexp_replace(regexp_replace(
      (select prosrc from pg_proc where oid = 'kithdb.refuse_suspended()'::regprocedure),
      '--[^\n]*', '', 'g'), '\s+', ' ', 'g'),
    'v_me pg_catalog.uuid := ' || regexp_replace(regexp_replace(substring(
      (select prosrc from pg_proc where oid = 'kithdb.uid()'::regprocedure) from 'return (.*);'),
      '--[^\n]*', '', 'g'), '\s+', ' ', 'g') || ';') > 0,
  'MOD-05: the suspension check reads the caller as kithdb.uid() does');

-- Privileges -------------------------------------------------------------------------------------
select table_privs_are('public', 'reports', 'authenticated', array[]::text[],
  'MOD-02: authenticated holds column grants on reports alone');
select ok(not has_column_privilege('authenticated', 'public.reports', 'resolved_by', 'select'),
  'MOD-01: a reporter does not read who resolved their report');
select table_privs_are('public', 'moderators', 'authenticated', array['SELECT'],
  'MOD-03: no user makes a moderator');
select table_privs_are('public', 'moderation_log', 'service_role', array['SELECT'],
  'MOD-07: service_role reads the log; kithdb.resolve_report alone writes it');
select function_privs_are('kithdb', 'resolve_report', array['uuid', 'uuid', 'text', 'text', 'timestamptz'],
  'authenticated', array[]::text[], 'MOD-03: a user cannot resolve in another moderator''s name');
select policies_are('public', 'reports', array['reports_select', 'reports_insert'],
  'MOD-01, SEC-02: one policy per action');

-- Scene: ada posts to her friend bob; eve is a stranger; mo moderates ------------------------------
select tests.create_user('ada'), tests.create_user('bob'), tests.create_user('eve'),
       tests.create_user('mo');
select tests.befriend('ada', 'bob');
insert into public.moderators (user_id) values (tests.uid('mo'));
select tests.act_as('ada');
create temp table scene as
  select public.create_post('mean words', 'friends') as post;
grant select on scene to public;

select tests.act_as('bob');
select lives_ok($$select public.report('post', (select post from scene), 'harassment')$$,
  'MOD-01: bob reports a post he reads');
select is((select snapshot ->> 'body' from public.reports), 'mean words',
  'MOD-02: the report keeps the post''s words');
select throws_ok($$select public.moderation_queue()$$, '42501', 'only a moderator can do this',
  'MOD-03: bob is no moderator');

select tests.act_as('eve');
select throws_ok($$select public.report('post', (select post from scene), 'spam')$$, 'PT404',
  'nothing to report', 'MOD-01: eve cannot report a post she does not see');
select throws_ok($$select public.report('post', gen_random_uuid(), 'spam')$$, 'PT404',
  'nothing to report', 'MOD-01: the same answer as for a post that does not exist');
select is((select count(*) from public.reports), 0::bigint, 'MOD-01: eve reads nobody''s report');

select tests.act_as('mo');
select is((select count(*) from public.moderation_queue()), 1::bigint, 'MOD-03: the queue holds it');
select lives_ok($$select public.resolve_report((select report_id from public.moderation_queue()),
  'suspend_user', 'repeat abuse', now() + interval '1 day')$$, 'MOD-05: mo suspends ada');
select is((select count(*) from public.moderation_log where moderator_id = tests.uid('mo')), 1::bigint,
  'MOD-07: the action is logged in mo''s name');

select tests.act_as('ada');
select throws_ok($$select public.create_post('more', 'public')$$, '42501', 'your account is suspended',
  'MOD-05: ada writes nothing');
select throws_ok($$delete from public.posts$$, '42501', 'your account is suspended',
  'MOD-05: not even a delete of her own post');
select is((select count(*) from public.posts), 1::bigint, 'MOD-05: ada still reads');
select is((select count(*) from public.suspensions), 1::bigint, 'MOD-05: ada reads her suspension');

select tests.act_as('bob');
select is((select status::text from public.reports), 'actioned', 'MOD-06: bob reads his report actioned');

select tests.act_as_service();
select throws_ok($$delete from public.moderation_log$$, '42501', null,
  'MOD-07: service_role deletes no log row');
select throws_ok($$update public.moderation_log set note = null$$, '42501', null,
  'MOD-07: service_role rewrites no log row');
reset role;
select throws_ok($$delete from public.moderation_log$$, '42501', 'the moderation log is append-only',
  'MOD-07: nor does the table''s owner');
select throws_ok($$truncate public.moderation_log$$, '42501', 'the moderation log is append-only',
  'MOD-07: nor truncates it');

select * from finish();
rollback;
