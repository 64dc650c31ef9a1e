-- depends: 0003_profiles
-- Blocks: a user shuts another out. While a block stands, in either direction, nothing connects
-- the two and neither reads the other's writing; to the blocked user the blocker does not exist
-- (BLK-01 to BLK-07). This module holds the table, the pair lock that orders a block against
-- whatever would connect the pair, the checks that connecting writes call, the caller's hidden
-- users that later policies read, and profiles' select policy. Each later module ends its own
-- ties when a block is made, refuses new ones and hides what the pair wrote.
-- Mutes: a user stops reading another's posts in their feeds for a while, and nothing else
-- changes (MUT-01 to MUT-03).

create table public.blocks (
  blocker_id uuid not null references public.profiles (id) on delete cascade,
  blocked_id uuid not null references public.profiles (id) on delete cascade,
  created_at timestamptz not null default now(),
  primary key (blocker_id, blocked_id),
  constraint blocks_not_self check (blocker_id <> blocked_id)
);
create index blocks_blocked_id_idx on public.blocks (blocked_id, blocker_id);
comment on table public.blocks is
  'Who blocked whom, seen only by the blocker. Write through block_user and unblock_user, or '
  'directly under the same rules.';
comment on column public.blocks.blocker_id is 'Who blocked.';
comment on column public.blocks.blocked_id is 'Who is blocked.';
comment on column public.blocks.created_at is 'When the block was made.';

alter table public.blocks enable row level security;
revoke all on table public.blocks from anon, authenticated, service_role;
grant select, delete on table public.blocks to authenticated;
grant insert (blocker_id, blocked_id) on table public.blocks to authenticated;
grant all on table public.blocks to service_role;

-- BLK-01: a block is the blocker's alone; the blocked user cannot read it.
create policy blocks_select on public.blocks
  for select to authenticated
  using (blocker_id = (select auth.uid()));
-- Blocking someone the caller cannot see (who blocked them, or nobody) is refused alike (BLK-03).
-- Whom a block names is kithdb.hold_user's to judge (trigger blocks_lock_my_block): it reads
-- the profile as of its own wait, where a policy would read it as of the statement's start.
create policy blocks_insert on public.blocks
  for insert to authenticated
  with check (blocker_id = (select auth.uid()));
create policy blocks_delete on public.blocks
  for delete to authenticated
  using (blocker_id = (select auth.uid()));

-- The pair lock (BLK-06). Whatever would connect two users takes it shared and then looks for a
-- block; a block takes it exclusive and then ends what connects them. Whichever commits first,
-- the other sees it, because each statement after the lock reads what was committed before the
-- lock was granted: that is READ COMMITTED, PostgREST's level. REPEATABLE READ and SERIALIZABLE
-- keep the snapshot of the transaction's first statement (and SERIALIZABLE sees no conflict with
-- a READ COMMITTED writer), so the lock refuses both. Callers take it before any row lock on the
-- pair's rows, so the two never wait for each other in opposite orders. No API request takes it
-- at will: an exclusive lock held open on someone else's pair would stall their writes (a direct
-- SQL login may take any advisory lock: docs/DESIGN.md, "Locks a direct SQL login can hold open").
create function kithdb.lock_pair(p_a uuid, p_b uuid, p_exclusive boolean) returns void
language plpgsql
set search_path = ''
as $$
declare
  v_key integer := pg_catalog.hashtext(
    least(p_a, p_b)::pg_catalog.text operator(pg_catalog.||) greatest(p_a, p_b)::pg_catalog.text);
begin
  if pg_catalog.current_setting('transaction_isolation') operator(pg_catalog.<>) 'read committed' then
    raise exception 'a write between two users must see what was committed while it waited: '
      'use READ COMMITTED' using errcode = '25001', detail = 'read_committed_required';
  end if;
  -- 1801 sets kithdb's pair locks apart from other users of advisory locks.
  if p_exclusive then
    perform pg_catalog.pg_advisory_xact_lock(1801, v_key);
  else
    perform pg_catalog.pg_advisory_xact_lock_shared(1801, v_key);
  end if;
end
$$;
comment on function kithdb.lock_pair(uuid, uuid, boolean) is
  'Lock the pair (a, b), in either order, until the transaction ends: exclusive for a block, '
  'shared for what would connect the two (BLK-06). Refuses any level but READ COMMITTED: 25001 '
  'read_committed_required.';
revoke execute on function kithdb.lock_pair(uuid, uuid, boolean) from public, anon, authenticated;
grant execute on function kithdb.lock_pair(uuid, uuid, boolean) to service_role;

-- A write that holds a row a block changes (a friendship's, by table update) before it comes to
-- the pair's lock would wait for a block that waits for that row: instead it asks for the lock
-- without waiting, and is told to try again (BLK-06). The key is lock_pair's.
create function kithdb.try_lock_pair(p_a uuid, p_b uuid) returns boolean
language plpgsql
set search_path = ''
as $$
begin
  return pg_catalog.pg_try_advisory_xact_lock_shared(1801, pg_catalog.hashtext(
    least(p_a, p_b)::pg_catalog.text operator(pg_catalog.||) greatest(p_a, p_b)::pg_catalog.text));
end
$$;
comment on function kithdb.try_lock_pair(uuid, uuid) is
  'The pair (a, b)''s lock shared, as kithdb.lock_pair takes it, if no block holds it: true when '
  'taken, false at once otherwise (BLK-06).';
revoke execute on function kithdb.try_lock_pair(uuid, uuid) from public, anon;
grant execute on function kithdb.try_lock_pair(uuid, uuid) to authenticated, service_role;

-- A write that must see every block of one user in flight, whoever the other is (a new author of
-- an event, a like group's new member: LGR-12, LGR-13), takes that user's lock exclusive; a
-- block, or its end, takes both users' shared. Every path takes them in one order: an event's
-- row, its applications lock, blockers' locks (kithdb.lock_blocks_by), then users' locks in id
-- order, then an event's authors lock, pair locks and other rows. A user's lock is the pair of
-- them with themselves, which no block is between.
create function kithdb.lock_user_blocks(p_user_id uuid, p_exclusive boolean) returns void
language plpgsql
set search_path = ''
as $$
begin
  perform kithdb.lock_pair(p_user_id, p_user_id, p_exclusive);
end
$$;
comment on function kithdb.lock_user_blocks(uuid, boolean) is
  'Lock the blocks of p_user_id until the transaction ends: shared for a block, exclusive for a '
  'write that must see all of them (BLK-06, LGR-12). Refuses any level but READ COMMITTED: 25001 '
  'read_committed_required.';
revoke execute on function kithdb.lock_user_blocks(uuid, boolean) from public, anon, authenticated;
grant execute on function kithdb.lock_user_blocks(uuid, boolean) to service_role;

-- An event that passes to one of its authors becomes theirs, and their blocks then hide it, and
-- the notifications naming it, from the users they blocked (BLK-03, NTF-03). A block takes its
-- blocker's lock shared, before any other lock; a pass takes its candidate heirs' exclusive,
-- after the event's row and before users' locks: the one that comes second waits for the other,
-- and reads what it committed. Only a user's own blocks take it, so nobody can hold up a pass
-- but the heir; the callers have checked for READ COMMITTED already.
create function kithdb.lock_blocks_by(p_user_id uuid, p_exclusive boolean) returns void
language plpgsql
set search_path = ''
as $$
declare
  v_key pg_catalog.int8 := pg_catalog.hashtextextended(
    'blocks by/' operator(pg_catalog.||) p_user_id::pg_catalog.text, 0);
begin
  if p_exclusive then
    perform pg_catalog.pg_advisory_xact_lock(v_key);
  else
    perform pg_catalog.pg_advisory_xact_lock_shared(v_key);
  end if;
end
$$;
comment on function kithdb.lock_blocks_by(uuid, boolean) is
  'Lock the blocks p_user_id makes until the transaction ends: shared for each such block, '
  'exclusive for a pass of an event to them (NTF-03).';
revoke execute on function kithdb.lock_blocks_by(uuid, boolean) from public, anon, authenticated;
grant execute on function kithdb.lock_blocks_by(uuid, boolean) to service_role;

-- The locks a block, or its end, between two users takes: both users' shared, in id order, then
-- the pair's exclusive.
create function kithdb.lock_block(p_a uuid, p_b uuid) returns void
language plpgsql
set search_path = ''
as $$
begin
  if p_a = p_b then
    return;  -- no block is between a user and themselves
  end if;
  perform kithdb.lock_user_blocks(least(p_a, p_b), false);
  perform kithdb.lock_user_blocks(greatest(p_a, p_b), false);
  perform kithdb.lock_pair(p_a, p_b, true);
end
$$;
comment on function kithdb.lock_block(uuid, uuid) is
  'Take the locks of a block between p_a and p_b, or of its end: both users'' shared, in id '
  'order, then the pair''s exclusive (BLK-06).';
revoke execute on function kithdb.lock_block(uuid, uuid) from public, anon, authenticated;
grant execute on function kithdb.lock_block(uuid, uuid) to service_role;

create function kithdb.blocks_lock_pair() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_row public.blocks := case when tg_op = 'DELETE' then old else new end;
begin
  -- A block of a user who blocked the blocker takes no lock: it changes no tie the standing block
  -- has not ended already, and a wait would time the blocked user's writes in flight (BLK-03).
  if tg_op = 'INSERT' and kithdb.hides_from(new.blocked_id, new.blocker_id) then
    return new;
  end if;
  if tg_op = 'INSERT' then
    perform kithdb.lock_blocks_by(new.blocker_id, false);
  end if;
  perform kithdb.lock_block(v_row.blocker_id, v_row.blocked_id);
  return v_row;
end
$$;
comment on function kithdb.blocks_lock_pair() is
  'Definer because service_role, a trusted writer, may not call kithdb.hides_from; a trigger '
  'function cannot be called directly. BEFORE INSERT or DELETE on blocks by a trusted writer '
  '(API users: blocks_lock_my_block): for a block, its blocker''s lock shared; the two users'' '
  'shared locks and the pair''s exclusive one, before the AFTER triggers of later modules end or '
  'restore what a block changes (BLK-06, LGR-12, NTF-03).';
revoke execute on function kithdb.blocks_lock_pair() from public, anon;

create trigger blocks_refuse_gone_account
  before insert on public.blocks
  for each statement execute function kithdb.refuse_gone_account();
create trigger blocks_lock_pair
  before insert or delete on public.blocks
  for each row when (not kithdb.is_api_role()) execute function kithdb.blocks_lock_pair();

-- An API user's table write of a block, or of its end, takes the locks block_user and
-- unblock_user take (kithdb.lock_my_block; a delete only after the row's), for the caller's own
-- block only: blocks_insert refuses a block made in someone else's name, but after this
-- trigger, and it must take none of their locks, or it could time their writes in flight and
-- hold up an event passing to them.
create function kithdb.blocks_lock_my_block() returns trigger
language plpgsql
set search_path = ''
as $$
declare
  v_row public.blocks := case when tg_op = 'DELETE' then old else new end;
begin
  if v_row.blocker_id = kithdb.uid() then
    perform kithdb.lock_my_block(v_row.blocked_id);
    if tg_op = 'INSERT' then
      perform kithdb.hold_user(new.blocked_id);  -- as block_user: after the block's locks
    end if;
  end if;
  return v_row;
end
$$;
comment on function kithdb.blocks_lock_my_block() is
  'BEFORE INSERT or DELETE on blocks by an API user: the locks of the caller''s own block '
  '(kithdb.lock_my_block), none for a block in someone else''s name (BLK-03, BLK-06, NTF-03).';
revoke execute on function kithdb.blocks_lock_my_block() from public, anon;

create trigger blocks_lock_my_block
  before insert or delete on public.blocks
  for each row when (kithdb.is_api_role()) execute function kithdb.blocks_lock_my_block();

-- A block is between the two users it was made between: moved to another pair it would skip the
-- lock and the ends that a new block makes (BLK-01). Lift it and make a new one.
create trigger blocks_pair_immutable
  before update on public.blocks
  for each row
  when ((new.blocker_id, new.blocked_id) is distinct from (old.blocker_id, old.blocked_id))
  execute function kithdb.refuse_row_move(
    'block_pair_immutable', 'the pair of a block cannot change');
create trigger blocks_insert_limit
  after insert on public.blocks
  referencing new table as new_rows
  for each statement execute function kithdb.limit_api_insert();

-- What a connecting write by a user calls: the pair's shared lock, then the answer the caller may
-- have. Someone the caller blocked: 42501 user_blocked. Someone who blocked the caller: PT404
-- user_not_found, the answer for a user who does not exist, which it also gives (BLK-03).
create function kithdb.require_reachable(p_user_id uuid) returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_me pg_catalog.uuid := kithdb.require_uid();
begin
  -- Someone who blocked the caller is answered for at once: the pair's lock would wait for their
  -- own writes in flight on the pair (an unblock, a deletion) and time them (BLK-03).
  if kithdb.hides_from(p_user_id, v_me) then
    raise exception 'no such user' using errcode = 'PT404', detail = 'user_not_found';
  end if;
  perform kithdb.lock_pair(v_me, p_user_id, false);
  if exists (select from public.blocks b where b.blocker_id = v_me and b.blocked_id = p_user_id) then
    raise exception 'you blocked this user' using errcode = '42501', detail = 'user_blocked';
  end if;
  perform kithdb.hold_profile(p_user_id);
  if not exists (select from public.profiles p where p.id = p_user_id)
     or exists (select from public.blocks b where b.blocker_id = p_user_id and b.blocked_id = v_me) then
    raise exception 'no such user' using errcode = 'PT404', detail = 'user_not_found';
  end if;
end
$$;
comment on function kithdb.require_reachable(uuid) is
  'Definer because it reads blocks made against the caller, which blocks'' policy hides from them; '
  'it answers only about the caller, and a block against them as a missing user (BLK-03, BLK-04).';
revoke execute on function kithdb.require_reachable(uuid) from public, anon;
grant execute on function kithdb.require_reachable(uuid) to authenticated, service_role;

-- lock_pair's refusal, for the callers that may skip the pair's lock: asked first, it comes for
-- every other user, where answered only when no block skips the lock it would tell who blocked
-- the caller (BLK-03). lock_pair writes the same test out: every write between two users runs
-- it, and a call would add to each.
create function kithdb.require_read_committed() returns void
language plpgsql
set search_path = ''
as $$
begin
  if pg_catalog.current_setting('transaction_isolation') operator(pg_catalog.<>) 'read committed' then
    raise exception 'a write between two users must see what was committed while it waited: '
      'use READ COMMITTED' using errcode = '25001', detail = 'read_committed_required';
  end if;
end
$$;
comment on function kithdb.require_read_committed() is
  'Refuses any level but READ COMMITTED: 25001 read_committed_required (BLK-06).';
revoke execute on function kithdb.require_read_committed() from public, anon;

-- A write that must wait for a block in flight before it locks the pair's rows, whatever it then
-- answers (respond_friendship answers "no request" alike for a missing user and a blocker).
-- Without p_hold_profile, the other's profile is left to the caller: a write that changes no row
-- naming them, and takes a lock an account deletion holds before its profile (the circle an
-- acceptance joins), must not hold that profile while it waits for that lock.
create function kithdb.lock_my_pair(p_user_id uuid, p_hold_profile boolean default true)
returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_me pg_catalog.uuid := kithdb.require_uid();
begin
  perform kithdb.require_read_committed();
  -- Nothing of a user who blocked the caller is waited for: a wait would time their writes in
  -- flight on the pair (BLK-03).
  if kithdb.hides_from(p_user_id, v_me) then
    return;
  end if;
  perform kithdb.lock_pair(v_me, p_user_id, false);
  if p_hold_profile then
    perform kithdb.hold_profile(p_user_id);
  end if;
end
$$;
comment on function kithdb.lock_my_pair(uuid, boolean) is
  'Definer because API roles may not call kithdb.lock_pair; it takes, shared, only the lock of a '
  'pair the caller is one of, and (p_hold_profile) the other''s profile against a deletion, none '
  'when p_user_id blocked the caller, and answers nothing but 25001 outside READ COMMITTED, for '
  'every p_user_id (BLK-03, BLK-06, ACC-02).';
revoke execute on function kithdb.lock_my_pair(uuid, boolean) from public, anon;
grant execute on function kithdb.lock_my_pair(uuid, boolean) to authenticated, service_role;

-- What a connecting write by service_role, a DBA or kithdb's own definer steps calls: they read
-- every block anyway, so the answer is the truth.
create function kithdb.require_unblocked(p_a uuid, p_b uuid) returns void
language plpgsql
set search_path = ''
as $$
begin
  perform kithdb.lock_pair(p_a, p_b, false);
  if exists (select from public.blocks b
             where (b.blocker_id = p_a and b.blocked_id = p_b)
                or (b.blocker_id = p_b and b.blocked_id = p_a)) then
    raise exception 'one of these users blocked the other'
      using errcode = '42501', detail = 'user_blocked';
  end if;
end
$$;
comment on function kithdb.require_unblocked(uuid, uuid) is
  'For writes outside the API roles: the pair''s shared lock, then 42501 user_blocked when '
  'either user blocked the other (BLK-04, BLK-06).';
revoke execute on function kithdb.require_unblocked(uuid, uuid) from public, anon, authenticated;
grant execute on function kithdb.require_unblocked(uuid, uuid) to service_role;

-- The caller's hidden users, which the policies read once per statement (SEC-07, "Policies read
-- views"): security-barrier views that run as their owner and return only the caller's rows. They
-- name the users who blocked the caller, which the API never shows: kithdb is not an exposed
-- schema, and a direct SQL session as authenticated needs the authenticator login, which may
-- become service_role and read every block (docs/DESIGN.md, "Blocks").
-- Someone the caller blocked stays visible to them even if they blocked the caller back: the
-- caller's own block row names them, so their disappearing would tell (BLK-03).
create function kithdb.require_unblocked_among(p_user_id uuid, p_others uuid[]) returns void
language plpgsql
set search_path = ''
as $$
declare
  v_other pg_catalog.uuid;
begin
  foreach v_other in array p_others loop
    if v_other <> p_user_id then
      perform kithdb.lock_pair(p_user_id, v_other, false);
    end if;
  end loop;
  if exists (
    select from public.blocks b
    where (b.blocker_id = p_user_id and b.blocked_id = any (p_others))
       or (b.blocked_id = p_user_id and b.blocker_id = any (p_others))
  ) then
    raise exception 'one of these users blocked another'
      using errcode = '42501', detail = 'blocked_pair';
  end if;
end
$$;
comment on function kithdb.require_unblocked_among(uuid, uuid[]) is
  'Refuses to join p_user_id with p_others (a like group, an event''s authors) when a block '
  'stands between p_user_id and one of them: 42501 blocked_pair, holding each pair''s shared lock '
  'until the transaction ends (BLK-04, BLK-06). Callers answer the caller''s own pairs first '
  'with kithdb.require_reachable, so the blocked never meets this answer.';
revoke execute on function kithdb.require_unblocked_among(uuid, uuid[])
  from public, anon, authenticated;
grant execute on function kithdb.require_unblocked_among(uuid, uuid[]) to service_role;

create function kithdb.hides_from(p_user_id uuid, p_viewer uuid) returns boolean
language plpgsql stable
set search_path = ''
as $$
begin
  return exists (select from public.blocks b
                 where b.blocker_id = p_user_id and b.blocked_id = p_viewer)
     and not exists (select from public.blocks b
                     where b.blocker_id = p_viewer and b.blocked_id = p_user_id);
end
$$;
comment on function kithdb.hides_from(uuid, uuid) is
  'True when p_user_id blocked p_viewer and p_viewer has not blocked them back: to p_viewer, '
  'p_user_id and what is theirs do not exist (BLK-03), as kithdb.my_blockers says for the caller. '
  'For definers, which read past blocks'' policy.';
revoke execute on function kithdb.hides_from(uuid, uuid) from public, anon, authenticated;

create view kithdb.my_blockers with (security_barrier) as
  select b.blocker_id as user_id from public.blocks b
  where b.blocked_id = (select auth.uid())
    and not exists (select from public.blocks mine
                    where mine.blocker_id = b.blocked_id and mine.blocked_id = b.blocker_id);
comment on view kithdb.my_blockers is
  'The users who blocked the caller and whom the caller has not blocked, for profiles_select '
  '(BLK-03). Runs as its owner: blocks'' policy shows a block to its blocker alone.';

create view kithdb.my_hidden_users with (security_barrier) as
  select b.user_id
  -- offset 0 keeps the one row a row of its own, as in kithdb.my_friends: auth.uid() once.
  from (select auth.uid() as me offset 0) u
  cross join lateral (
    select b.blocked_id as user_id from public.blocks b where b.blocker_id = u.me
    union all
    select b.blocker_id from public.blocks b where b.blocked_id = u.me
  ) b;
comment on view kithdb.my_hidden_users is
  'The users the caller blocked and those who blocked the caller, whose writing the caller does '
  'not read (BLK-07). Runs as its owner, as kithdb.my_blockers.';
revoke all on kithdb.my_blockers, kithdb.my_hidden_users from public, anon;
grant select on kithdb.my_blockers, kithdb.my_hidden_users to authenticated;

-- kithdb.my_blockers as one value behind a call, for a policy whose table the caller mostly reads
-- for their own rows (event_authors): the view's plan is started by every statement there and
-- used by almost none, where a call behind (select …) starts one node (docs/DESIGN.md, "Policies
-- read views").
create function kithdb.my_blocker_ids() returns uuid[]
language plpgsql stable
set search_path = ''
as $$
begin
  return array(select v.user_id from kithdb.my_blockers v);
end
$$;
comment on function kithdb.my_blocker_ids() is
  'kithdb.my_blockers as an array, read once per statement from (select …) in a policy.';
revoke execute on function kithdb.my_blocker_ids() from public, anon;
grant execute on function kithdb.my_blocker_ids() to authenticated;

-- Everyone signed in can see who exists, finding people is how friendships start, except those
-- who blocked them (BLK-03).
create policy profiles_select on public.profiles
  for select to authenticated
  using (id <> all (array(select v.user_id from kithdb.my_blockers v)));

-- block_user and unblock_user take the block's locks before any row's: the other's profile
-- (hold_profile), the block's own row (its end), as an account deletion, which takes them first,
-- waits for neither in between.
create function kithdb.lock_my_block(p_user_id uuid) returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_me pg_catalog.uuid := kithdb.require_uid();
begin
  -- Nothing of a user who blocked the caller is waited for: a wait would time their writes in
  -- flight, which hold their user lock (BLK-03).
  if kithdb.hides_from(p_user_id, v_me) then
    return;
  end if;
  perform kithdb.lock_blocks_by(v_me, false);
  perform kithdb.lock_block(v_me, p_user_id);
end
$$;
comment on function kithdb.lock_my_block(uuid) is
  'Definer because API roles may not call kithdb.lock_block; it takes only the locks of a block '
  'between the caller and p_user_id, which their block or its end takes anyway (the caller''s '
  'blocker lock first), none when p_user_id blocked the caller, and answers nothing (BLK-03, '
  'BLK-06, NTF-03).';
revoke execute on function kithdb.lock_my_block(uuid) from public, anon;
grant execute on function kithdb.lock_my_block(uuid) to authenticated, service_role;

create function public.block_user(p_user_id uuid) returns void
language plpgsql
set search_path = ''
as $$
declare
  v_me pg_catalog.uuid := kithdb.require_account();
begin
  if p_user_id is null then
    raise exception 'p_user_id is required' using errcode = '22023', detail = 'missing_user_id';
  end if;
  if p_user_id = v_me then
    raise exception 'you cannot block yourself' using errcode = '22023', detail = 'cannot_block_self';
  end if;
  -- Under profiles' policy: someone who blocked the caller is a user who does not exist. Asked
  -- first without a lock, so that the answer for them never waits for their own writes in
  -- flight (which hold their user lock); asked again once the block's locks and the profile's
  -- are held, for a block of the caller or a deletion that committed meanwhile.
  if not exists (select from public.profiles p where p.id = p_user_id) then
    raise exception 'no such user' using errcode = 'PT404', detail = 'user_not_found';
  end if;
  perform kithdb.lock_my_block(p_user_id);
  -- ID-03: the caller's own account, deleted while the locks waited for its deletion.
  perform kithdb.require_account();
  perform kithdb.hold_profile(p_user_id);
  if not exists (select from public.profiles p where p.id = p_user_id) then
    raise exception 'no such user' using errcode = 'PT404', detail = 'user_not_found';
  end if;
  insert into public.blocks (blocker_id, blocked_id) values (v_me, p_user_id)
  on conflict (blocker_id, blocked_id) do nothing;
  if not found then
    raise exception 'you have already blocked this user'
      using errcode = '23505', detail = 'already_blocked';
  end if;
end
$$;
comment on function public.block_user(uuid) is
  'Block p_user_id: ends your friendship or request with them and withdraws circle invitations '
  'between you; while it stands nothing connects you and they cannot see you.';
revoke execute on function public.block_user(uuid) from public, anon;
grant execute on function public.block_user(uuid) to authenticated, service_role;

create function public.unblock_user(p_user_id uuid) returns void
language plpgsql
set search_path = ''
as $$
declare
  v_me pg_catalog.uuid := kithdb.require_uid();
begin
  if p_user_id is null then
    raise exception 'p_user_id is required' using errcode = '22023', detail = 'missing_user_id';
  end if;
  -- Without a block of the caller's the answer comes at once: the block's locks could make it
  -- wait for the writes in flight of a user who blocked the caller, whom they cannot see.
  if not exists (select from public.blocks b
                 where b.blocker_id = v_me and b.blocked_id = p_user_id) then
    raise exception 'you have not blocked this user' using errcode = 'PT404', detail = 'block_not_found';
  end if;
  perform kithdb.lock_my_block(p_user_id);
  delete from public.blocks b where b.blocker_id = v_me and b.blocked_id = p_user_id;
  if not found then
    raise exception 'you have not blocked this user' using errcode = 'PT404', detail = 'block_not_found';
  end if;
end
$$;
comment on function public.unblock_user(uuid) is
  'Lift your block of p_user_id: you see each other again; a friendship it ended stays ended.';
revoke execute on function public.unblock_user(uuid) from public, anon;
grant execute on function public.unblock_user(uuid) to authenticated, service_role;

-- Mutes -------------------------------------------------------------------------------------------

create table public.mutes (
  muter_id uuid not null references public.profiles (id) on delete cascade,
  muted_id uuid not null references public.profiles (id) on delete cascade,
  until timestamptz,
  created_at timestamptz not null default now(),
  primary key (muter_id, muted_id),
  constraint mutes_not_self check (muter_id <> muted_id),
  constraint mutes_until_after_created check (until > created_at)
);
create index mutes_muted_id_idx on public.mutes (muted_id);
comment on table public.mutes is
  'Whose posts a user does not read in their feeds, seen only by the muter. Write through '
  'mute_user and unmute_user, or directly under the same rules.';
comment on column public.mutes.muter_id is 'Who muted.';
comment on column public.mutes.muted_id is 'Who is muted.';
comment on column public.mutes.until is 'When the mute ends by itself; null: when it is lifted.';
comment on column public.mutes.created_at is 'When the mute was made.';

alter table public.mutes enable row level security;
revoke all on table public.mutes from anon, authenticated, service_role;
grant select, delete on table public.mutes to authenticated;
grant insert (muter_id, muted_id, until), update (until) on table public.mutes to authenticated;
grant all on table public.mutes to service_role;

-- BLK-03: a mute of a user who blocked the caller is a row naming someone who does not exist.
create policy mutes_select on public.mutes
  for select to authenticated
  using (
    muter_id = (select auth.uid())
    and muted_id <> all (array(select v.user_id from kithdb.my_blockers v))
  );
-- Whom a mute names is kithdb.hold_user's to judge (trigger mutes_hold_muted), as for blocks.
create policy mutes_insert on public.mutes
  for insert to authenticated
  with check (muter_id = (select auth.uid()));
create policy mutes_update on public.mutes
  for update to authenticated
  using (
    muter_id = (select auth.uid())
    and muted_id <> all (array(select v.user_id from kithdb.my_blockers v))
  )
  with check (muter_id = (select auth.uid()));
create policy mutes_delete on public.mutes
  for delete to authenticated
  using (
    muter_id = (select auth.uid())
    and muted_id <> all (array(select v.user_id from kithdb.my_blockers v))
  );

-- The feed's read of the caller's mutes (MUT-02), one call: under mutes' policy the same read
-- starts the caller's blockers' plan on every feed call, for users the feed's posts policy hides
-- already (docs/DESIGN.md, "What mutes cost the feed").
create function kithdb.my_muted_user_ids() returns uuid[]
language plpgsql stable security definer
set search_path = ''
as $$
declare
  v_muted pg_catalog.uuid[] := array(
    select m.muted_id from public.mutes m
    where m.muter_id = kithdb.uid() and (m.until is null or m.until > pg_catalog.now()));
begin
  if cardinality(v_muted) = 0 then
    return v_muted;
  end if;
  -- The same answer as mutes' policy: a mute of someone who blocked the caller is not theirs to
  -- read (BLK-03).
  return array(select u.id from pg_catalog.unnest(v_muted) u (id)
               where not kithdb.hides_from(u.id, kithdb.uid()));
end
$$;
comment on function kithdb.my_muted_user_ids() is
  'The users the caller mutes now, as mutes'' policy shows them (MUT-02). Definer: it reads the '
  'caller''s mutes without planning that policy on every feed call.';
revoke execute on function kithdb.my_muted_user_ids() from public, anon;
grant execute on function kithdb.my_muted_user_ids() to authenticated, service_role;

-- A mute is between the two users it was made between (SEC-12); unmute and mute another.
-- ACC-02, BLK-03: a mute names a user the muter reads, held against a deletion in flight, by RPC
-- or table write.
create function kithdb.mutes_hold_muted() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  perform kithdb.hold_user(new.muted_id);
  return new;
end
$$;
comment on function kithdb.mutes_hold_muted() is
  'BEFORE INSERT on mutes by an API user: PT404 user_not_found for a user the muter does not '
  'read, or whose deletion committed while it waited (kithdb.hold_user).';
revoke execute on function kithdb.mutes_hold_muted() from public, anon;
create trigger mutes_hold_muted
  before insert on public.mutes
  for each row when (kithdb.is_api_role()) execute function kithdb.mutes_hold_muted();
create trigger mutes_refuse_gone_account
  before insert on public.mutes
  for each statement execute function kithdb.refuse_gone_account();
create trigger mutes_pair_immutable
  before update on public.mutes
  for each row
  when ((new.muter_id, new.muted_id) is distinct from (old.muter_id, old.muted_id))
  execute function kithdb.refuse_row_move(
    'mute_pair_immutable', 'the pair of a mute cannot change');
create trigger mutes_insert_limit
  after insert on public.mutes
  referencing new table as new_rows
  for each statement execute function kithdb.limit_api_insert();

create function public.mute_user(p_user_id uuid, p_until timestamptz default null) returns void
language plpgsql
set search_path = ''
as $$
declare
  v_me pg_catalog.uuid := kithdb.require_account();
begin
  if p_user_id is null then
    raise exception 'p_user_id is required' using errcode = '22023', detail = 'missing_user_id';
  end if;
  if p_user_id = v_me then
    raise exception 'you cannot mute yourself' using errcode = '22023', detail = 'cannot_mute_self';
  end if;
  if p_until <= now() then
    raise exception 'a mute ends in the future' using errcode = '22023', detail = 'mute_until_past';
  end if;
  -- Here for every caller (service_role's insert fires no mutes_hold_muted); for an API user
  -- that trigger asks again and waits for nothing more.
  perform kithdb.hold_user(p_user_id);
  insert into public.mutes (muter_id, muted_id, until) values (v_me, p_user_id, p_until)
  on conflict (muter_id, muted_id) do update set until = excluded.until;
end
$$;
comment on function public.mute_user(uuid, timestamptz) is
  'Stop reading p_user_id''s posts in your feed and home feed until p_until (null: until you '
  'unmute them). Muting again sets the new end. They are not told.';
revoke execute on function public.mute_user(uuid, timestamptz) from public, anon;
grant execute on function public.mute_user(uuid, timestamptz) to authenticated, service_role;

create function public.unmute_user(p_user_id uuid) returns void
language plpgsql
set search_path = ''
as $$
declare
  v_me pg_catalog.uuid := kithdb.require_uid();
begin
  if p_user_id is null then
    raise exception 'p_user_id is required' using errcode = '22023', detail = 'missing_user_id';
  end if;
  delete from public.mutes m where m.muter_id = v_me and m.muted_id = p_user_id;
  if not found then
    raise exception 'you have not muted this user' using errcode = 'PT404', detail = 'mute_not_found';
  end if;
end
$$;
comment on function public.unmute_user(uuid) is
  'Lift your mute of p_user_id (an ended mute too): their posts come back to your feeds.';
revoke execute on function public.unmute_user(uuid) from public, anon;
grant execute on function public.unmute_user(uuid) to authenticated, service_role;

-- PostgREST: reload the schema cache so the API shows this change at once.
notify pgrst, 'reload schema';
