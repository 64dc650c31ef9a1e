-- Scale H, shaped like a real social graph, set-based and seeded:
--   psql -v users=100000 -v posts=5000000 -v seed=0.42 -f bench/generate_h.sql
-- Friends: power-law degree (Pareto, alpha 0.8, from 4.7: median about 10, the top 1 % at 1,000
-- or more, capped at 5,000), wired as a configuration model (each user's degree in stubs,
-- shuffled, paired), so the well-connected are friends of each other more often, as in life.
-- Posting: a random tenth of users write 90 % of the posts, over 90 days.
-- Circles: 2–150 slots each (most small); nine users in ten are in 0–6 circles, one in ten in
-- 20–60; 5 % of the rows are invitations, which see nothing.
\ir generate_users.sql

-- Friendships: a configuration model over a Pareto degree sequence. Pairs met twice and self
-- pairs are dropped; one pair in twenty stays a pending request.
create temporary table degree as
select g as n, least(5000, floor(4.7 / power(1 - random(), 1 / 0.8)))::integer as d
from generate_series(1, :users) g;
create temporary table stubs as
select d.n, row_number() over (order by random()) as k
from degree d cross join lateral generate_series(1, d.d);
create index on stubs (k);
insert into public.friendships (user_id, friend_id, status, requested_by)
select least(a, b), greatest(a, b),
       case when random() < 0.05 then 'pending' else 'accepted' end::public.friendship_status,
       least(a, b)
from (
  select bench.uid(s1.n) a, bench.uid(s2.n) b
  from stubs s1 join stubs s2 on s2.k = s1.k + 1
  where s1.k % 2 = 1 and s1.n <> s2.n
) x
on conflict do nothing;

-- Circles: user slots (how many circles each user is in) paired at random with circle slots
-- (each circle's size), as the friends are.
create temporary table circle_slots as
select row_number() over (order by random()) as k, u
from (
  select g as u, case when random() < 0.1 then 20 + floor(random() * 41)
                      else floor(random() * 7) end::integer as c
  from generate_series(1, :users) g
) x cross join lateral generate_series(1, x.c);
create temporary table circle_sizes as
select g as c, 2 + floor(148 * power(random(), 3))::integer as size
from generate_series(1, (select count(*) from circle_slots)::integer / 39) g;
create temporary table circle_seats as
select row_number() over (order by random()) as k, s.c
from circle_sizes s cross join lateral generate_series(1, s.size);
create index on circle_seats (k);
create temporary table circle_rows as
select distinct on (st.c, sl.u) st.c, sl.u, sl.k
from circle_slots sl join circle_seats st on st.k = sl.k
order by st.c, sl.u, sl.k;
-- The first seat of each circle is its creator and admin.
create temporary table circle_admins as
select distinct on (c) c, u from circle_rows order by c, k;
insert into public.circles (id, name, created_by)
select bench.uid(1000000000 + c), 'circle ' || c, bench.uid(u) from circle_admins;
insert into public.circle_members (circle_id, user_id, role, status)
select bench.uid(1000000000 + r.c), bench.uid(r.u),
       case when a.u is not null then 'admin' else 'member' end::public.circle_role,
       case when a.u is null and random() < 0.05 then 'invited' else 'member' end
         ::public.circle_member_status
from circle_rows r left join circle_admins a on a.c = r.c and a.u = r.u;

-- Posts: a random tenth of users write 90 % of them. Audience: from a user in a circle, 40 %
-- public, 40 % friends, 20 % circles (to one of their circles); from the others, half public,
-- half friends.
create temporary table writers as
select row_number() over (order by random()) as k, g as u from generate_series(1, :users) g;
create index on writers (k);
create temporary table post_seed as
select g,
       case when random() < 0.9 then 1 + floor(random() * (:users / 10))
            else :users / 10 + 1 + floor(random() * (:users - :users / 10)) end::bigint as k,
       random() as a,
       now() - random() * interval '90 days' as created_at
from generate_series(1, :posts) g;
create temporary table member_circles as
select m.user_id, array_agg(m.circle_id) as circles
from public.circle_members m where m.status = 'member' group by m.user_id;
create index on member_circles (user_id);
create temporary table post_rows as
select bench.uid(2000000000 + s.g) as id, bench.uid(w.u) as author_id, s.created_at,
       case when mc.circles is null then (case when s.a < 0.5 then 'public' else 'friends' end)
            when s.a < 0.4 then 'public' when s.a < 0.8 then 'friends' else 'circles'
       end::public.post_audience as audience,
       mc.circles[1 + floor(random() * cardinality(mc.circles))::integer] as circle_id
from post_seed s
join writers w on w.k = s.k
left join member_circles mc on mc.user_id = bench.uid(w.u);
insert into public.posts (id, author_id, body, audience, created_at, updated_at)
select id, author_id, 'post', audience, created_at, created_at from post_rows;
insert into public.post_circles (post_id, circle_id, post_created_at)
select id, circle_id, created_at from post_rows where audience = 'circles';

-- What the posts trigger keeps (off while loading): each author's newest public or friends post.
insert into kithdb.author_activity (author_id, last_shared_at)
select p.author_id, max(p.created_at) from public.posts p
where p.audience <> 'circles' group by p.author_id;

\ir generate_blocks.sql

grant usage on schema bench to authenticator, authenticated, service_role;
grant select on all tables in schema bench to authenticator, authenticated, service_role;
grant execute on all functions in schema bench to authenticator, authenticated, service_role;

reset session_replication_role;
vacuum (analyze);
checkpoint;
