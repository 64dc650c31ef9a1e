-- Chats: privileges, policies and the policy matrix
-- (anon / outsider / participant / service_role × select / insert / update / delete).
begin;
set client_min_messages = warning;
set search_path = tap, public;
select plan(25);

select policies_are('public', 'chats', array['chats_select'], 'CHT-01: chats are only read');
select policies_are('public', 'chat_participants',
  array['chat_participants_select', 'chat_participants_update'],
  'CHT-01, CHT-05: participants are read, and leave');
select policies_are('public', 'chat_messages', array['chat_messages_select', 'chat_messages_insert'],
  'CHT-04: messages are read and sent, never edited');
select table_privs_are('public', t, 'anon', array[]::text[], format('ID-02: anon has nothing on %s', t))
from unnest(array['chats', 'chat_participants', 'chat_messages']) t;
select column_privs_are('public', 'chat_messages', 'id', 'authenticated', array['SELECT'],
  'ID-06: a message''s id is the database''s');

-- Scene: author creates 'Dinner' and approves guest's like group; outsider knows nobody.
select tests.create_user(u) from unnest(array['author', 'guest', 'outsider']) u;
select tests.act_as('author');
select public.create_event('Dinner', now() + interval '1 day');
select tests.act_as('guest');
select public.create_like_group(tests.event('Dinner'));
select tests.act_as('author');
select public.approve_like_group(tests.group_of('guest'));
select lives_ok(format('select public.send_message(%L, %L)',
  (select chat_id from public.like_groups), 'Welcome!'), 'CHT-03: a participant sends a message');

-- anon
select tests.act_as_anon();
select throws_ok('select * from public.chat_messages', '42501', null, 'ID-02: anon cannot read messages');
select throws_ok($$insert into public.chat_messages (chat_id, body) values (gen_random_uuid(), 'x')$$, '42501', null,
  'ID-02: anon cannot post');

-- outsider
select tests.act_as('outsider');
select is((select count(*)::int from public.chats), 0, 'CHT-03: an outsider sees no chat');
select is((select count(*)::int from public.chat_participants), 0, 'CHT-03: nor its participants');
select is((select count(*)::int from public.chat_messages), 0, 'CHT-03: nor its messages');
select throws_ok(format($$insert into public.chat_messages (chat_id, body) values (%L, 'hi')$$,
  (select c.id from public.chats c)), '42501', null, 'CHT-03: an outsider cannot post by table insert');

-- guest, a participant
select tests.act_as('guest');
select is((select count(*)::int from public.chat_participants), 2, 'CHT-02: the chat holds member and author');
select is((select body from public.chat_messages), 'Welcome!', 'CHT-03: a participant reads messages');
select lives_ok(format($$insert into public.chat_messages (chat_id, body) values (%L, 'Thanks')$$,
  (select c.id from public.chats c)), 'CHT-03: a participant posts by table insert');
select throws_ok($$update public.chat_messages set body = 'edited'$$, '42501', null, 'CHT-04: messages are never edited');
select throws_ok('delete from public.chat_messages', '42501', null, 'CHT-04: nor deleted by participants');
select throws_ok(format($$insert into public.chat_participants (chat_id, user_id) values (%L, %L)$$,
  (select c.id from public.chats c), tests.uid('outsider')), '42501', null, 'CHT-01: nobody adds participants');
select throws_ok(format('select public.send_message(%L, %L)', (select c.id from public.chats c), ''), '22023', null,
  'CHT-04: an empty message is refused');

select is(tests.rows_affected('update public.chat_participants set left_at = now()'), 1,
  'CHT-05: a participant leaves by table write, their own row only');
select is((select count(*)::int from public.chat_messages), 0, 'CHT-05: who left reads nothing more');
select throws_ok(format($$insert into public.chat_messages (chat_id, body) values (%L, 'back')$$,
  (select chat_id from public.like_groups)), '42501', null, 'CHT-05: nor posts');

-- service_role
select tests.act_as_service();
select is((select count(*)::int from public.chat_messages), 2, 'ID-04: service_role, trusted, reads every message');
select tests.act_as_dba();

select * from finish();
rollback;
