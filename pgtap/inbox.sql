-- Inbox: the notifications table's privileges and policies, who reads and marks a notification,
-- and the chat read state.
begin;
set client_min_messages = warning;
set search_path = tap, public;
select plan(22);

select table_privs_are('public', 'notifications', 'anon', array[]::text[],
  'ID-02: anon holds nothing on notifications');
select table_privs_are('public', 'notifications', 'authenticated', array['SELECT'],
  'NTF-01: authenticated only reads notifications (and marks them read by column grant)');
select column_privs_are('public', 'notifications', 'read_at', 'authenticated',
  array['SELECT', 'UPDATE'], 'NTF-05: read_at is the one column authenticated writes');
select column_privs_are('public', 'notifications', 'recipient_id', 'authenticated',
  array['SELECT'], 'NTF-02: the recipient of a notification is not the caller''s to change');
select policies_are('public', 'notifications', array['notifications_select', 'notifications_update'],
  'NTF-02: notifications have exactly their select and update policies');
select policy_roles_are('public', 'notifications', 'notifications_select',
  array['authenticated'], 'NTF-02: notifications are read by authenticated only');
select function_privs_are('public', 'prune_notifications', array[]::text[], 'authenticated',
  array[]::text[], 'NTF-06: authenticated may not prune notifications');
select function_privs_are('public', 'unread_notification_count', array[]::text[], 'anon',
  array[]::text[], 'ID-02: anon counts nothing');
select function_privs_are('public', 'mark_chat_read', array['uuid'], 'anon',
  array[]::text[], 'ID-02: anon marks no chat read');
select function_privs_are('public', 'my_chats', array['integer', 'timestamp with time zone', 'uuid'],
  'anon', array[]::text[], 'ID-02: anon lists no chats');
select function_privs_are('kithdb', 'chat_participants_wait_for_messages', array[]::text[],
  'authenticated', array[]::text[], 'NTF-09: no API user calls the departure''s lock');
select function_privs_are('kithdb', 'blocks_part_event_chats', array[]::text[], 'authenticated',
  array[]::text[], 'NTF-09: nor the block''s');

select tests.create_user(u) from unnest(array['ada', 'bob', 'eve']) u;
select tests.act_as('ada');
select public.request_friendship(tests.uid('bob'));

select tests.act_as('bob');
select is((select array_agg(kind::text) from public.notifications), array['friendship_requested'],
  'NTF-01: the addressee of a request is notified');
select is(public.unread_notification_count(), 1, 'NTF-05: and counts it unread');
select tests.act_as('eve');
select is((select count(*)::integer from public.notifications), 0,
  'NTF-02: nobody else reads it');
select is(public.mark_notifications_read(), 0, 'NTF-05: nor marks it read');
select throws_ok(
  format('insert into public.notifications (recipient_id, kind) values (%L, ''report_resolved'')',
         tests.uid('eve')),
  '42501', null, 'NTF-01: no API user writes a notification');
select tests.act_as('bob');
select is(public.mark_notifications_read(), 1, 'NTF-05: the recipient marks it read');
select is(public.unread_notification_count(), 0, 'NTF-05: and it is read for good');
select tests.act_as_anon();
select throws_ok('select public.unread_notification_count()', '42501', null,
  'ID-02: anon cannot call unread_notification_count');
select throws_ok('select * from public.my_chats()', '42501', null,
  'ID-02: anon cannot call my_chats');
select tests.act_as('bob');
select throws_ok('select public.mark_chat_read(gen_random_uuid())', 'PT404', 'no such chat',
  'CHT-06: a chat the caller is not in answers as one that does not exist');

select * from finish();
rollback;
