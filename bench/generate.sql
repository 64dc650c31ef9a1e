-- Benchmark data, set-based and seeded: psql -v users=… -v seed=… -f bench/generate.sql
-- Scale follows :users (S 10k, M 100k, L 1M): 10 circle memberships, 10 posts and 5 friendships
-- per user on average, one event per 10 users, one like group per user.
-- Skew: memberships and posts follow a power law (most users in a few circles, some in many; a
-- few authors post a lot); a few events are large.
-- Of the users (generate_users.sql), authors come from the first 10 %, generated groups from the
-- middle half, applicants of the bench's own writes from the last quarter: they never collide.
\ir generate_users.sql

-- Friendships: each user befriends 5 others nearby (a ring with chords), all accepted.
insert into public.friendships (user_id, friend_id, status, requested_by)
select distinct least(a, b), greatest(a, b), 'accepted'::public.friendship_status, least(a, b)
from (
  select bench.uid(g) a, bench.uid(1 + (g + k * k * 7) % :users) b
  from generate_series(1, :users) g, generate_series(1, 5) k
) x where a <> b
on conflict do nothing;

-- Circles: one per 10 users, created by users spread over the population.
insert into public.circles (id, name, created_by)
select bench.uid(1000000000 + g), 'circle ' || g, bench.uid(1 + (g * 10) % :users)
from generate_series(1, :users / 10) g;
insert into public.circle_members (circle_id, user_id, role, status)
select bench.uid(1000000000 + g), bench.uid(1 + (g * 10) % :users), 'admin', 'member'
from generate_series(1, :users / 10) g;
-- 9 more rows per circle on average, members drawn with a power law (skewed toward low ids).
insert into public.circle_members (circle_id, user_id, role, status)
select c, u, 'member', case when random() < 0.1 then 'invited' else 'member' end::public.circle_member_status
from (
  select distinct bench.uid(1000000000 + 1 + floor(random() * (:users / 10))::bigint) c,
                  bench.uid(1 + floor(power(random(), 3) * :users)::bigint) u
  from generate_series(1, :users * 9)
) x
on conflict do nothing;

-- Posts: 10 per user on average, authors skewed; a third public, a third friends, a third circles.
insert into public.posts (id, author_id, body, audience, created_at)
select bench.uid(2000000000 + g),
       bench.uid(1 + floor(power(random(), 2) * :users)::bigint),
       'post ' || g,
       (array['public', 'friends', 'circles'])[1 + g % 3]::public.post_audience,
       now() - (random() * interval '90 days')
from generate_series(1, :users * 10) g;
-- A circles post goes to one circle its author belongs to (authors without a circle go public).
with circle_posts as (
  select p.id, p.created_at, (select m.circle_id from public.circle_members m
                where m.user_id = p.author_id and m.status = 'member' limit 1) as circle_id
  from public.posts p where p.audience = 'circles'
)
insert into public.post_circles (post_id, circle_id, post_created_at)
select id, circle_id, created_at from circle_posts where circle_id is not null;
update public.posts p set audience = 'public'
where p.audience = 'circles' and not exists (select from public.post_circles pc where pc.post_id = p.id);

-- What the posts trigger keeps (off while loading): each author's newest public or friends post.
insert into kithdb.author_activity (author_id, last_shared_at)
select p.author_id, max(p.created_at) from public.posts p
where p.audience <> 'circles' group by p.author_id;

-- Events: one per 10 users, all in the future; creators among the first 10 % of users; a second
-- author on every third event; a few events are large (many groups).
insert into public.events (id, creator_id, title, starts_at)
select bench.uid(3000000000 + g), bench.uid(1 + g % (:users / 10)), 'event ' || g,
       now() + interval '30 days' + g * interval '1 minute'
from generate_series(1, :users / 10) g;
insert into public.event_authors (event_id, user_id)
select bench.uid(3000000000 + g), bench.uid(1 + g % (:users / 10)) from generate_series(1, :users / 10) g
union all
select bench.uid(3000000000 + g), bench.uid(1 + (g + 1) % (:users / 10))
from generate_series(1, :users / 10) g where g % 3 = 0 and (g + 1) % (:users / 10) <> g % (:users / 10);

-- Like groups: one per user of the second and third quarters, for a skewed event; half pending,
-- a quarter approved (with their chats), a quarter rejected.
create temporary table lg as
select g as n, bench.uid(4000000000 + g) as id,
       bench.uid(3000000000 + 1 + floor(power(random(), 2) * (:users / 10))::bigint) as event_id,
       bench.uid(:users / 4 + g) as creator_id,
       (array['pending', 'pending', 'approved', 'rejected'])[1 + g % 4]::public.like_group_status as status
from generate_series(1, :users / 2) g;
insert into public.chats (id, kind, like_group_id)
select bench.uid(5000000000 + n), 'approved_group', id from lg where status = 'approved';
insert into public.like_groups (id, event_id, creator_id, chat_id, status, created_at, decided_at)
select id, event_id, creator_id,
       case when status = 'approved' then bench.uid(5000000000 + n) end,
       status, now() - interval '1 hour', case when status <> 'pending' then now() end
from lg;
insert into public.like_group_members (group_id, user_id, event_id, group_active)
select id, creator_id, event_id, status in ('pending', 'approved') from lg;
insert into public.chat_participants (chat_id, user_id)
select bench.uid(5000000000 + n), creator_id from lg where status = 'approved'
union
select bench.uid(5000000000 + lg.n), a.user_id from lg join public.event_authors a on a.event_id = lg.event_id
where lg.status = 'approved';
insert into public.chat_messages (chat_id, sender_id, body)
select bench.uid(5000000000 + n), creator_id, 'hello ' || n from lg where status = 'approved';
-- The votes that decided them: an author's approval or veto (approve_like_group's decision reads
-- the votes by group; an empty table would leave the planner with no statistics for it).
insert into public.like_group_approvals (group_id, author_id, approved, created_at)
select lg.id, a.user_id, lg.status = 'approved', now() - interval '30 minutes'
from lg join lateral (
  select e.user_id from public.event_authors e where e.event_id = lg.event_id limit 1
) a on true
where lg.status in ('approved', 'rejected');

-- Work queues for the write workloads: each pgbench transaction takes the next row, so every
-- call is valid (no duplicate application, no vote on a decided group).
-- Distinct (user, event) pairs: a second application would be refused as a duplicate.
create table bench.apply_queue as
select row_number() over (order by random()) as n, user_id, event_id
from (
  select distinct bench.uid(:users * 3 / 4 + 1 + floor(random() * (:users / 4))::bigint) as user_id,
         bench.uid(3000000000 + 1 + floor(random() * (:users / 10))::bigint) as event_id
  from generate_series(1, 400000)
) pairs;
-- 100,000 more pending single-member groups, so the approve queue outlasts the RPC's rounds and its
-- twin's (8 × 5 s, warm-ups included, at up to 2,500 calls/s): applicants
-- from users/10 .. users/4 (neither authors, nor in the generated groups, nor in apply_queue).
insert into public.like_groups (id, event_id, creator_id, status, created_at)
select bench.uid(6000000000 + n), event_id, user_id, 'pending', now() - interval '1 hour'
from (
  select row_number() over () as n, user_id, event_id from (
    select distinct bench.uid(:users / 10 + 1 + floor(random() * (:users * 3 / 20))::bigint) as user_id,
           bench.uid(3000000000 + 1 + floor(random() * (:users / 10))::bigint) as event_id
    from generate_series(1, 100000)
  ) pairs
) q;
insert into public.like_group_members (group_id, user_id, event_id, group_active)
select g.id, g.creator_id, g.event_id, true from public.like_groups g
where g.id >= bench.uid(6000000000) and g.id < bench.uid(7000000000);
create table bench.approve_queue as
select row_number() over (order by random()) as n, g.id as group_id,
       (select a.user_id from public.event_authors a where a.event_id = g.event_id limit 1) as author_id
from public.like_groups g where g.status = 'pending';
-- The inbox: three more messages per participant over the last day, and a last read for half of
-- the participants (my_chats counts what came after it); five notifications per user on
-- average, to a skewed set of recipients (a few get hundreds), three in five read.
insert into public.chat_messages (chat_id, sender_id, body, created_at)
select p.chat_id, p.user_id, 'more ' || k, now() - random() * interval '1 day'
from public.chat_participants p cross join generate_series(1, 3) k;
update public.chat_participants set last_read_at = now() - random() * interval '1 day'
where random() < 0.5;
insert into public.notifications (recipient_id, kind, actor_id, created_at, read_at)
select recipient_id, 'friendship_requested', actor_id, at,
       case when g % 5 < 3 then at + interval '1 minute' end
from (
  select g, bench.uid(1 + floor(power(random(), 3) * :users)::bigint) as recipient_id,
         bench.uid(1 + floor(random() * :users)::bigint) as actor_id,
         now() - random() * interval '20 days' as at
  from generate_series(1, :users * 5) g
) x
where recipient_id <> actor_id;
create table bench.chatters as
select row_number() over (order by user_id) as n, user_id
from (select distinct p.user_id from public.chat_participants p) d;
create index on bench.chatters (n);
create table bench.talk as
select row_number() over (order by random()) as n, p.chat_id, p.user_id
from public.chat_participants p;
create sequence bench.apply_seq;
create sequence bench.approve_seq;
create index on bench.apply_queue (n);
create index on bench.approve_queue (n);
create index on bench.talk (n);

\ir generate_blocks.sql

-- service_role: the twins switch to it (BYPASSRLS) from the same login as the RLS runs.
grant usage on schema bench to authenticator, authenticated, service_role;
grant select on all tables in schema bench to authenticator, authenticated, service_role;
grant usage on all sequences in schema bench to authenticator, authenticated, service_role;
grant execute on all functions in schema bench to authenticator, authenticated, service_role;

reset session_replication_role;
-- As pgbench does before it measures: hint bits set, visibility map built, statistics fresh, and
-- no checkpoint owed, so every workload at every scale starts from the same kind of state.
vacuum (analyze);
checkpoint;
