-- Posts and post_circles: schema, privileges, policies and the policy matrix
-- (anon / stranger / friend / circle member / invitee / author / service_role).
begin;
set client_min_messages = warning;
set search_path = tap, public;
select plan(67);

select has_table('public', 'posts', 'PST-01: posts exists');
select has_table('public', 'post_circles', 'PST-02: post_circles exists');
select col_is_pk('public', 'post_circles', array['post_id', 'circle_id'],
  'PST-02: pk (post_id, circle_id): a post is on a circle once');
select enum_has_labels('public', 'post_audience', array['public', 'friends', 'circles'],
  'PST-01: post_audience labels');
select col_default_is('public', 'posts', 'audience', 'public'::public.post_audience,
  'PST-01: audience defaults to public');
select policies_are('public', 'posts', array['posts_select', 'posts_insert', 'posts_update', 'posts_delete'],
  'PST-01: one policy per action on posts');
select policies_are('public', 'post_circles', array['post_circles_select', 'post_circles_insert', 'post_circles_delete'],
  'PST-02: post_circles are read, added and removed');
select table_privs_are('public', 'posts', 'anon', array[]::text[], 'ID-02: anon has nothing on posts');
select table_privs_are('public', 'post_circles', 'anon', array[]::text[], 'ID-02: anon has nothing on post_circles');
select column_privs_are('public', 'posts', 'id', 'authenticated', array['SELECT'],
  'ID-06: a post''s id is the database''s');
select has_index('public', 'posts', 'posts_feed_idx', 'PST-04: the feed has its index');
select ok((select p.proconfig @> array['plan_cache_mode=force_generic_plan', 'jit=off']
            from pg_proc p where p.oid = 'public.feed(integer, timestamptz, uuid, uuid)'::regprocedure),
  'PST-06: feed keeps one generic plan and never JIT-compiles it');
select is((select array_agg(p.oid::regprocedure::text order by p.proname) from pg_proc p
            where p.pronamespace = 'public'::regnamespace and p.proname ~ 'feed'),
  array['feed(integer,timestamp with time zone,uuid,uuid)',
        'home_feed(integer,timestamp with time zone,uuid)'],
  'PST-04, PST-08: one feed of everything, one home feed');
select ok(not has_function_privilege('anon', 'public.home_feed(integer, timestamptz, uuid)', 'execute')
          and not has_function_privilege('anon', 'public.user_posts(uuid, integer, timestamptz, uuid)', 'execute')
          and not has_function_privilege('anon', 'kithdb.home_feed_page(integer, timestamptz, uuid)', 'execute'),
  'ID-02: anon calls neither home_feed nor user_posts, nor the home feed''s page');
select ok((select p.prosecdef from pg_proc p
           where p.oid = 'kithdb.home_feed_page(integer, timestamptz, uuid)'::regprocedure)
          and not (select p.prosecdef from pg_proc p
                   where p.oid = 'public.home_feed(integer, timestamptz, uuid)'::regprocedure)
          and not (select p.prosecdef from pg_proc p
                   where p.oid = 'public.user_posts(uuid, integer, timestamptz, uuid)'::regprocedure),
  'PST-08, PST-09: the RPCs run as the caller; only the home feed''s page is a definer');
select has_index('public', 'posts', 'posts_author_shared_idx',
  'PST-08: a friend''s shared posts have their own index');
select has_index('public', 'posts', 'posts_shared_feed_idx',
  'PST-08: everyone''s shared posts, in time order with their authors, have their own index');
select ok(not has_table_privilege('authenticated', 'kithdb.author_activity', 'select')
          and not has_table_privilege('service_role', 'kithdb.author_activity', 'select,insert,update,delete'),
  'PST-10, SEC-07: who posted when is read only by the home feed''s definer');
select trigger_is('public', 'posts', 'posts_author_activity_insert', 'kithdb', 'posts_author_activity',
  'PST-10: every insert of posts keeps author_activity');
select has_view('kithdb', 'my_friends', 'PST-06: the posts policy reads the caller''s friends from a view');
select has_view('kithdb', 'my_circle_posts', 'PST-06: the posts policy probes the caller''s circle posts through a view');
select table_privs_are('kithdb', 'my_friends', 'anon', array[]::text[], 'ID-02, SEC-07: anon reads no friend list');
select table_privs_are('kithdb', 'my_circle_posts', 'anon', array[]::text[], 'ID-02, SEC-07: anon reads no circle post list');
select table_privs_are('kithdb', 'my_circle_posts', 'authenticated', array['SELECT'],
  'SEC-07: a signed-in caller only reads the view (the policy reads it as them)');

-- Scene: author posts once per audience; friend; member of 'Inner' (not a friend); invitee of
-- 'Inner' (not a friend); stranger.
select tests.create_user(u) from unnest(array['author', 'friend', 'member', 'invitee', 'stranger']) u;
select tests.befriend('author', 'friend');
insert into public.circles (name, created_by) values ('Inner', tests.uid('author'));
insert into public.circle_members (circle_id, user_id, status)
values (tests.circle('Inner'), tests.uid('member'), 'member'),
       (tests.circle('Inner'), tests.uid('invitee'), 'invited');
select tests.act_as('author');
select public.create_post('for everyone');
select public.create_post('for friends', 'friends');
select lives_ok(format($$select public.create_post('for inner', 'circles', array[%L]::uuid[])$$,
  tests.circle('Inner')), 'PST-02: the author posts to a circle they belong to');
select is((select count(*)::int from public.posts), 3, 'PST-01: the author reads all three');
select is((select count(*)::int from public.post_circles), 1, 'PST-02: the author sees where they posted');

-- anon
select tests.act_as_anon();
select throws_ok('select * from public.posts', '42501', null, 'PST-01, ID-02: anon reads no post');
select throws_ok($$insert into public.posts (body) values ('x')$$, '42501', null, 'ID-02: anon cannot post');
select throws_ok('select * from public.post_circles', '42501', null, 'ID-02: anon reads no post_circles');
select throws_ok('select * from kithdb.my_friends', '42501', null, 'ID-02, SEC-07: anon cannot read the views');

-- the matrix of readers
select tests.act_as('friend');
select results_eq('select body from public.posts order by body', array['for everyone', 'for friends'],
  'PST-01: a friend reads public and friends posts');
select is((select count(*)::int from public.post_circles), 0, 'PST-01: a friend sees no post_circles');
select tests.act_as('member');
select results_eq('select body from public.posts order by body', array['for everyone', 'for inner'],
  'PST-01: a circle member reads public and circle posts');
select is((select count(*)::int from public.post_circles), 1, 'PST-01: a member sees the post''s circle');
select tests.act_as('invitee');
select results_eq('select body from public.posts', array['for everyone'],
  'PST-01: an invitee reads only public posts');
select is((select count(*)::int from kithdb.my_circle_posts), 0, 'PST-06: an invitation is not a membership (each view''s rows per user: tests/test_policy_views.py)');
select tests.act_as('stranger');
select results_eq('select body from public.posts', array['for everyone'], 'PST-01: a stranger reads public posts');
select is(tests.rows_affected($$update public.posts set body = 'defaced'$$), 0, 'PST-03: a stranger edits nothing');
select is(tests.rows_affected('delete from public.posts'), 0, 'PST-03: a stranger deletes nothing');
select throws_ok(format($$insert into public.posts (author_id, body) values (%L, 'x')$$, tests.uid('author')),
  '42501', null, 'PST-03: nobody posts in someone else''s name');
select throws_ok(format($$insert into public.post_circles (post_id, circle_id)
  select id, %L from public.posts limit 1$$, tests.circle('Inner')), '42501', null,
  'PST-02: a stranger cannot add a circle to someone''s post');

-- the home feed (own posts, friends' public and friends posts, circles' posts; no stranger's
-- public post) and a profile page (one author's posts, as the posts table shows them)
select tests.act_as('author');
select set_eq('select body from public.home_feed()', array['for everyone', 'for friends', 'for inner'],
  'PST-08: the author''s home feed holds all their own posts');
select set_eq(format('select body from public.user_posts(%L)', tests.uid('author')),
  array['for everyone', 'for friends', 'for inner'], 'PST-09: the author reads their whole profile');
select throws_ok('select * from public.home_feed(0)', '22023', null, 'PST-08: a page holds 1–100 posts');
select throws_ok('select * from public.home_feed(101)', '22023', null, 'PST-08: a page holds at most 100 posts');
select throws_ok('select * from public.home_feed(20, null, gen_random_uuid())', '22023', null,
  'PST-08: p_before_id pages only with p_before');
select throws_ok('select * from public.user_posts(gen_random_uuid())', 'PT404', null,
  'PST-09: an unknown user has no profile page');
select throws_ok('select * from public.user_posts(null)', '22023', null, 'PST-09: p_user_id is required');
select tests.act_as('friend');
select set_eq('select body from public.home_feed()', array['for everyone', 'for friends'],
  'PST-08: a friend''s home feed holds the author''s public and friends posts');
select set_eq(format('select body from public.user_posts(%L)', tests.uid('author')),
  array['for everyone', 'for friends'], 'PST-09: a friend reads the author''s public and friends posts');
select tests.act_as('member');
select set_eq('select body from public.home_feed()', array['for inner'],
  'PST-08: a member''s home feed holds the circle''s posts, not a non-friend''s public post');
select set_eq(format('select body from public.user_posts(%L)', tests.uid('author')),
  array['for everyone', 'for inner'], 'PST-09: a member reads the author''s public and circle posts');
select tests.act_as('invitee');
select is_empty('select * from public.home_feed()', 'PST-08: an invitation brings nothing to the home feed');
select tests.act_as('stranger');
select is_empty('select * from public.home_feed()', 'PST-08: a stranger''s home feed is empty');
select set_eq(format('select body from public.user_posts(%L)', tests.uid('author')),
  array['for everyone'], 'PST-09: a stranger reads the author''s public posts');
select tests.act_as_anon();
select throws_ok('select * from public.home_feed()', '42501', null, 'ID-02: anon has no home feed');
select tests.act_as_service();
select throws_ok('select * from public.home_feed()', '42501', null,
  'ID-03: a home feed needs a user (service_role without one is refused)');

-- member: cannot touch the author's post
select tests.act_as('member');
select is(tests.rows_affected('delete from public.post_circles'), 0, 'PST-03: a reader removes no audience');
select is(tests.rows_affected($$update public.posts set audience = 'public'$$), 0,
  'PST-03: a reader cannot widen the audience');

-- author: edits and deletes
select tests.act_as('author');
select is(tests.rows_affected($$update public.posts set body = 'for friends, edited' where body = 'for friends'$$), 1,
  'PST-03: the author edits');
select throws_ok($$update public.posts set body = '' where body = 'for everyone'$$, '23514', null,
  'PST-02: an empty body is refused');
select is(tests.rows_affected($$delete from public.posts where body = 'for everyone'$$), 1,
  'PST-03: the author deletes');

-- service_role
select tests.act_as_service();
select is((select count(*)::int from public.posts), 2, 'ID-04: service_role, trusted, reads every post');
select throws_ok(format($$insert into public.posts (author_id, body, created_at)
  values (%L, 'x', 'infinity')$$, tests.uid('author')), '23514', null,
  'PST-04, PST-08: every post has a place in the (created_at, id) order, even one a trusted writer dates');
select lives_ok($$delete from public.posts$$, 'ID-04: service_role deletes posts');
select tests.act_as_dba();

select is((select count(*)::int from public.post_circles), 0, 'PST-02: post_circles go with their post');
select * from finish();
rollback;
