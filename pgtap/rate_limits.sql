-- Rate limits: the settings table, its privileges, a cap and a cool-down as users meet them.
begin;
set client_min_messages = warning;
set search_path = tap, public;
select plan(12);

select has_table('public', 'rate_limits', 'RTL-02: rate_limits exists');
select set_eq($$select action::text from public.rate_limits$$,
  array['friend_request', 'circle_invitation', 'like_group', 'report', 'chat_message',
        'repeat_declined', 'event_author_invitation', 'like_group_member', 'event', 'block'],
  'RTL-02: one row per capped action');
select table_privs_are('public', 'rate_limits', 'authenticated', array['SELECT'],
  'RTL-02: users read the caps and change none');
select table_privs_are('public', 'rate_limits', 'anon', array[]::text[], 'ID-02: anon has no privilege');
select trigger_is('public', 'chat_messages', 'chat_messages_count_rate', 'kithdb', 'count_rate',
  'RTL-01: chat messages are counted');
select trigger_is('public', 'events', 'events_count_rate', 'kithdb', 'count_rate',
  'RTL-01: events are counted');
select trigger_is('public', 'blocks', 'blocks_within_rate', 'kithdb', 'count_rate',
  'RTL-01: blocks are counted');

select tests.create_user('ada'), tests.create_user('bob'), tests.create_user('cat');
update public.rate_limits set max_count = 1 where action = 'friend_request';

select tests.act_as('ada');
select lives_ok(format('select public.request_friendship(%L)', tests.uid('bob')),
  'RTL-01: ada sends her one request');
select throws_ok(format('select public.request_friendship(%L)', tests.uid('cat')), 'PT429',
  'too many of these for now: try again later', 'RTL-01: the next one is refused');
select throws_ok($$update public.rate_limits set max_count = 100$$, '42501', null,
  'RTL-02: ada cannot lift her cap');

select tests.act_as('bob');
select lives_ok(format('select public.respond_friendship(%L, false)', tests.uid('ada')),
  'RTL-03: bob declines');
select tests.act_as_service();
update public.rate_limits set max_count = 50 where action = 'friend_request';
select tests.act_as('ada');
select throws_ok(format('select public.request_friendship(%L)', tests.uid('bob')), 'PT409',
  'they declined your request recently', 'RTL-03: ada does not ask again at once');

select * from finish();
rollback;
