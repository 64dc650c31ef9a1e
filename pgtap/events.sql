-- Events and event_authors: schema, privileges, policies and the policy matrix
-- (anon / outsider / author / service_role × select / insert / update / delete).
begin;
set client_min_messages = warning;
set search_path = tap, public;
select plan(60);

select has_table('public', 'events', 'EVT-01: events exists');
select has_table('public', 'event_authors', 'EVT-01: event_authors exists');
select col_is_pk('public', 'event_authors', array['event_id', 'user_id'],
  'EVT-02: pk (event_id, user_id): a user is an author of an event once');
select has_check('public', 'events', 'EVT-01: events have check constraints');
select policies_are('public', 'events', array['events_select', 'events_insert', 'events_update', 'events_delete'],
  'EVT-05: one policy per action on events');
select policies_are('public', 'event_authors',
  array['event_authors_select', 'event_authors_insert', 'event_authors_delete'],
  'EVT-02: no update policy on event_authors');
select table_privs_are('public', 'events', 'anon', array[]::text[], 'ID-02: anon has nothing on events');
select table_privs_are('public', 'event_authors', 'anon', array[]::text[], 'ID-02: anon has nothing on authors');
select has_table('public', 'event_author_invitations', 'EVT-08: event_author_invitations exists');
select col_is_pk('public', 'event_author_invitations', array['event_id', 'user_id'],
  'EVT-08: pk (event_id, user_id): one invitation per event and invitee');
select policies_are('public', 'event_author_invitations',
  array['event_author_invitations_select', 'event_author_invitations_insert', 'event_author_invitations_delete'],
  'EVT-08: no update policy on invitations');
select table_privs_are('public', 'event_author_invitations', 'anon', array[]::text[],
  'ID-02: anon has nothing on invitations');
select column_privs_are('public', 'event_author_invitations', 'invited_by', 'authenticated', array[]::text[],
  'EVT-08, BLK-03: an invitation is made in its author''s name, neither written nor read by the client');
select column_privs_are('public', 'events', 'creator_id', 'authenticated', array['INSERT', 'SELECT'],
  'EVT-01: creator_id is never updated by API users');
select column_privs_are('public', 'events', 'id', 'authenticated', array['SELECT'],
  'ID-06: an event''s id is the database''s');
select column_privs_are('public', 'events', 'status', 'authenticated', array['SELECT', 'UPDATE'],
  'EVT-10: authors cancel by table write');
select column_privs_are('public', 'events', 'cancelled_at', 'authenticated', array['SELECT'],
  'EVT-10: the time of a cancellation is the database''s');
select col_type_is('public', 'events', 'status', 'event_status',
  'EVT-10: an event''s status is the event_status enum');
select function_privs_are('kithdb', 'is_friend_of_event_creator', array['uuid', 'uuid'], 'anon',
  array[]::text[], 'ID-02: anon cannot ask who the creator''s friends are');
select function_privs_are('public', 'expire_author_invitations', array[]::text[], 'authenticated',
  array[]::text[], 'EVT-04: authenticated cannot expire invitations');
select function_privs_are('public', 'expire_author_invitations', array[]::text[], 'service_role',
  array['EXECUTE'], 'EVT-04: service_role expires invitations');

-- Scene: creator makes 'Party' and adds author, a friend; pal is another friend of creator;
-- outsider knows nobody.
select tests.create_user(u) from unnest(array['creator', 'author', 'pal', 'outsider']) u;
select tests.befriend('creator', f) from unnest(array['author', 'pal']) f;
select tests.act_as('creator');
select lives_ok($$select public.create_event('Party', now() + interval '1 day')$$,
  'EVT-01: the creator creates an event');
select lives_ok(format('select public.add_event_author(%L, %L)', tests.event('Party'), tests.uid('author')),
  'EVT-02, EVT-08: the creator invites an author');
select is((select count(*)::int from public.event_authors), 1,
  'EVT-08: an invitee is not an author');
select tests.act_as('author');
select is((select count(*)::int from public.event_author_invitations), 1,
  'EVT-08: the invitee sees their invitation');
select lives_ok(format($$insert into public.event_authors (event_id, user_id) values (%L, %L)$$,
  tests.event('Party'), tests.uid('author')), 'EVT-08: the invitee accepts by table write');
select tests.act_as_dba();
select is((select count(*)::int from public.event_authors where event_id = tests.event('Party')), 2,
  'EVT-01, EVT-08: the creator and the accepting invitee are authors');
select is((select count(*)::int from public.event_author_invitations), 0,
  'EVT-08: an acceptance uses up the invitation');

-- anon
select tests.act_as_anon();
select throws_ok('select * from public.events', '42501', null, 'ID-02: anon cannot select events');
select throws_ok($$insert into public.events (title, starts_at) values ('x', now())$$, '42501', null,
  'ID-02: anon cannot insert events');
select throws_ok($$update public.events set title = 'x'$$, '42501', null, 'ID-02: anon cannot update events');
select throws_ok('delete from public.event_authors', '42501', null, 'ID-02: anon cannot delete authors');

-- outsider: reads, creates their own, changes nothing else
select tests.act_as('outsider');
select is((select count(*)::int from public.events), 1, 'EVT-05: every signed-in user reads events');
select is((select count(*)::int from public.event_authors), 2, 'EVT-05: and their authors');
select is(tests.rows_affected($$update public.events set title = 'Mine'$$), 0, 'EVT-05: an outsider updates no event');
select is(tests.rows_affected('delete from public.events'), 0, 'EVT-07: an outsider deletes no event');
select throws_ok(format($$insert into public.event_authors (event_id, user_id) values (%L, %L)$$,
  tests.event('Party'), tests.uid('outsider')), '42501', null, 'EVT-02: an outsider cannot make themselves author');
select is(tests.rows_affected('delete from public.event_authors'), 0, 'EVT-02: an outsider removes no author');
select throws_ok(format($$insert into public.events (creator_id, title, starts_at) values (%L, 'Fake', now())$$,
  tests.uid('creator')), '42501', null, 'EVT-01: nobody creates an event in someone else''s name');

-- author, not the creator
select tests.act_as('author');
select is(tests.rows_affected($$update public.events set description = 'Bring snacks'$$), 1,
  'EVT-05: an author updates the event');
select throws_ok(format($$insert into public.event_authors (event_id, user_id) values (%L, %L)$$,
  tests.event('Party'), tests.uid('pal')), '42501', 'an author joins by accepting an invitation',
  'EVT-08: nobody is made an author without accepting');
select lives_ok(format($$insert into public.event_author_invitations (event_id, user_id) values (%L, %L)$$,
  tests.event('Party'), tests.uid('pal')), 'EVT-02, EVT-08: an author invites a friend of the creator by table write');
select throws_ok(format($$insert into public.event_author_invitations (event_id, user_id) values (%L, %L)$$,
  tests.event('Party'), tests.uid('outsider')), '42501', 'an author must be a friend of the event''s creator',
  'EVT-02: an invitee is a friend of the creator');
select tests.act_as('outsider');
select is((select count(*)::int from public.event_author_invitations), 0,
  'EVT-08: an outsider sees no invitation');
select is(tests.rows_affected('delete from public.event_author_invitations'), 0,
  'EVT-08: an outsider withdraws no invitation');
select throws_ok(format($$insert into public.event_author_invitations (event_id, user_id) values (%L, %L)$$,
  tests.event('Party'), tests.uid('outsider')), '42501', null, 'EVT-08: an outsider invites nobody');
select tests.act_as('pal');
select is(tests.rows_affected('delete from public.event_author_invitations'), 1,
  'EVT-08: the invitee declines by table write');
select tests.act_as('author');
select throws_ok(format('select public.add_event_author(%L, %L)', tests.event('Party'), tests.uid('pal')),
  'PT409', 'they declined to author this event recently', 'RTL-05: pal is not asked again at once');
select tests.act_as_dba();
update kithdb.event_author_declines set declined_at = '-infinity';
select tests.act_as('author');
select lives_ok(format('select public.add_event_author(%L, %L)', tests.event('Party'), tests.uid('pal')),
  'EVT-08, RTL-05: pal is invited again once the cool-down is over');
select tests.act_as('pal');
select lives_ok(format('select public.respond_event_author_invitation(%L, true)', tests.event('Party')),
  'EVT-08: pal accepts');
select tests.act_as('author');
select throws_ok(format('delete from public.event_authors where user_id = %L', tests.uid('creator')), 'PT409', null,
  'EVT-03: the creator cannot be removed');
select is(tests.rows_affected(format('delete from public.event_authors where user_id = %L', tests.uid('pal'))), 1,
  'EVT-02: an author removes another author');
select tests.act_as('creator');
select lives_ok(format('select public.leave_event_authors(%L)', tests.event('Party')),
  'EVT-09: the creator steps down');
select tests.act_as_dba();
select is((select creator_id from public.events), tests.uid('author'),
  'EVT-03, EVT-09: the event passes to the author who joined first');
select tests.act_as('author');
select throws_ok(format('select public.leave_event_authors(%L)', tests.event('Party')), 'PT409',
  'the last author of an event cannot step down', 'EVT-09: the last author stays');
select throws_ok($$update public.events set ends_at = starts_at$$, '23514', null,
  'EVT-01: an event ends after it starts');

-- service_role
select tests.act_as_service();
select is((select count(*)::int from public.events), 1, 'ID-04: service_role, trusted, sees every event');
select lives_ok($$update public.events set starts_at = now() - interval '1 hour', ends_at = null$$,
  'ID-04: service_role moves the event into the past');

select tests.act_as('author');
select throws_ok(format('select public.add_event_author(%L, %L)', tests.event('Party'), tests.uid('pal')),
  'PT409', null, 'EVT-04: authors are fixed once the event has started');
select is(tests.rows_affected('delete from public.events'), 1,
  'EVT-07, EVT-09: the creator, passed the event, deletes it');
select tests.act_as_dba();

select * from finish();
rollback;
