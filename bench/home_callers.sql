-- Who the home-feed workloads call as, and where their tenth page starts:
--   psql -v seed=0.42 -f bench/home_callers.sql    (after generate.sql or generate_h.sql)
-- home_feed: 1,000 typical users (friends within two of the median count); home_feed_top: 1,000
-- of the top 1 % by friends (none where they have about the median count, as at S, M and L).
-- Their _p10 twins read page 10 of 20, from the cursor of row 180, so they take only callers
-- whose home feed holds 200 posts or more.
\set ON_ERROR_STOP on
select setseed(:seed);

create table bench.degree as
select p.id as user_id, count(x.u) as friends
from public.profiles p left join (
  select f.user_id as u from public.friendships f where f.status = 'accepted'
  union all
  select f.friend_id from public.friendships f where f.status = 'accepted'
) x on x.u = p.id
group by p.id;

create temporary table pick as
with cut as (
  select percentile_disc(0.5) within group (order by friends) as median,
         percentile_disc(0.99) within group (order by friends) as top
  from bench.degree
)
select d.user_id,
       case when d.friends between c.median - 2 and c.median + 2 then 'typical' else 'top' end as grp,
       random() as r
from bench.degree d, cut c
where d.friends >= c.top or d.friends between c.median - 2 and c.median + 2;

-- Row 180 of a caller's home feed, where page 10 starts (read as two pages of 100, the most one
-- call returns); null when the feed holds fewer than 200 posts.
create function bench.tenth_page(p_user uuid) returns table (before timestamptz, before_id uuid)
language plpgsql as $$
declare
  v_at timestamptz;
  v_id uuid;
begin
  perform set_config('request.jwt.claims', json_build_object('sub', p_user)::text, true);
  select f.created_at, f.id into v_at, v_id from kithdb.home_feed_page(100, null, null) f
  order by f.created_at desc, f.id desc offset 99 limit 1;
  if v_at is null then
    return;
  end if;
  return query
    select x.created_at, x.id from (
      select f.created_at, f.id, count(*) over () as n,
             row_number() over (order by f.created_at desc, f.id desc) as k
      from kithdb.home_feed_page(100, v_at, v_id) f
    ) x where x.k = 80 and x.n = 100;
end
$$;

create table bench.home_callers (
  workload text not null,
  n integer not null,
  user_id uuid not null,
  -- The first page's cursor is past every post: the same call as one without a cursor.
  before timestamptz not null default 'infinity',
  before_id uuid not null default '00000000-0000-0000-0000-000000000000',
  primary key (workload, n)
);
insert into bench.home_callers (workload, n, user_id)
select case when grp = 'top' then 'home_feed_top' else 'home_feed' end,
       row_number() over (partition by grp order by r), user_id
from (select *, row_number() over (partition by grp order by r) as k from pick) x
where k <= 1000;
insert into bench.home_callers (workload, n, user_id, before, before_id)
select case when grp = 'top' then 'home_feed_top_p10' else 'home_feed_p10' end,
       row_number() over (partition by grp order by r), user_id, t.before, t.before_id
from (select *, row_number() over (partition by grp order by r) as k from pick) x
cross join lateral bench.tenth_page(x.user_id) t
where t.before is not null and x.k <= 3000;
delete from bench.home_callers where n > 1000;

grant select on bench.degree, bench.home_callers to authenticator, authenticated, service_role;
analyze bench.degree, bench.home_callers;
