-- depends: 0004_blocks
-- Friendships: one row per unordered pair, a request that the addressee accepts or declines.
-- The state machine lives in a trigger so that RPCs, PostgREST table writes and psql obey it alike.

create type public.friendship_status as enum ('pending', 'accepted', 'declined');
comment on type public.friendship_status is
  'pending: requested, awaiting the addressee; accepted: friends; declined: refused, may be re-sent.';

create table public.friendships (
  user_id uuid not null references public.profiles (id) on delete cascade,
  friend_id uuid not null references public.profiles (id) on delete cascade,
  status public.friendship_status not null default 'pending',
  requested_by uuid not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  -- status rides in both indexes, so a user's friends are read from the index alone: the home
  -- feed reads every friend of a caller who may have thousands (docs/DESIGN.md, "The home feed").
  primary key (user_id, friend_id) include (status),
  constraint friendships_ordered_pair check (user_id < friend_id),
  constraint friendships_requested_by_in_pair check (requested_by in (user_id, friend_id))
);
create index friendships_friend_id_idx on public.friendships (friend_id, user_id) include (status);
comment on table public.friendships is
  'One row per unordered pair of users (user_id < friend_id). Write through request_friendship, '
  'respond_friendship and remove_friendship, or directly under the same rules.';
comment on column public.friendships.user_id is 'The smaller user id of the pair.';
comment on column public.friendships.friend_id is 'The larger user id of the pair.';
comment on column public.friendships.status is 'Where the request stands; accepted means friends.';
comment on column public.friendships.requested_by is
  'Who sent the current request (one of the pair); the other one is the addressee.';
comment on column public.friendships.created_at is 'When the pair first appeared.';
comment on column public.friendships.updated_at is 'When the row last changed.';

-- BLK-04, BLK-06: no request or friendship between two users while either blocks the other.
-- A row that does not name the API caller is left to the policy, which refuses it whatever the
-- blocks say.
create function kithdb.friendships_require_unblocked(p_row public.friendships, p_uid uuid)
returns void
language plpgsql
set search_path = ''
as $$
begin
  if p_uid is null then
    perform kithdb.require_unblocked(p_row.user_id, p_row.friend_id);
  elsif p_uid in (p_row.user_id, p_row.friend_id) then
    perform kithdb.require_reachable(
      case when p_uid = p_row.user_id then p_row.friend_id else p_row.user_id end);
  end if;
end
$$;
comment on function kithdb.friendships_require_unblocked(public.friendships, uuid) is
  'Refuse a friendship row between two users either of whom blocked the other, as the writer '
  'may be told (BLK-04).';
revoke execute on function kithdb.friendships_require_unblocked(public.friendships, uuid) from public, anon;
grant execute on function kithdb.friendships_require_unblocked(public.friendships, uuid) to authenticated, service_role;

create function kithdb.friendships_guard() returns trigger
language plpgsql
set search_path = ''
as $$
declare
  -- API users must follow the consent rules; DBAs and service_role are trusted with any status.
  v_uid pg_catalog.uuid := case when kithdb.is_api_role() then kithdb.require_uid() end;
begin
  -- Requests are made, never imposed: an API user's new row is their own pending request.
  if tg_op = 'INSERT' then
    if v_uid is not null and (new.status <> 'pending' or new.requested_by <> v_uid) then
      raise exception 'a friendship starts as your own pending request'
        using errcode = '42501', detail = 'friendship_requires_consent';
    end if;
    perform kithdb.friendships_require_unblocked(new, v_uid);
    return new;
  end if;

  if (new.user_id, new.friend_id) is distinct from (old.user_id, old.friend_id) then
    raise exception 'the pair of a friendship cannot change'
      using errcode = '22023', detail = 'friendship_pair_immutable';
  end if;
  if (new.status, new.requested_by) is not distinct from (old.status, old.requested_by) then
    return new;
  end if;
  if new.status <> 'declined' then
    -- This row is held already, and a block in flight holds the pair's lock and waits for it
    -- (blocks_end_friendship): waiting here would deadlock (BLK-06). The RPCs, which take the
    -- pair's lock before the row, hold it already and pass.
    if not kithdb.try_lock_pair(new.user_id, new.friend_id) then
      raise exception 'another request between these two users is under way: try again'
        using errcode = '40001', detail = 'pair_busy';
    end if;
    perform kithdb.friendships_require_unblocked(new, v_uid);
  end if;

  if old.status = 'pending' and new.status in ('accepted', 'declined') then
    if new.requested_by <> old.requested_by then
      raise exception 'responding to a request does not change who sent it'
        using errcode = '22023', detail = 'friendship_requested_by_immutable';
    end if;
    if v_uid is not null and v_uid = old.requested_by then
      raise exception 'only the addressee can respond to a friend request'
        using errcode = '42501', detail = 'not_friendship_addressee';
    end if;
  elsif old.status = 'declined' and new.status = 'pending' then
    if v_uid is not null and new.requested_by <> v_uid then
      raise exception 'a friend request is sent in your own name'
        using errcode = '42501', detail = 'friendship_requires_consent';
    end if;
  else
    raise exception 'a % friendship cannot become %', old.status, new.status
      using errcode = 'PT409', detail = 'friendship_invalid_transition';
  end if;
  return new;
end
$$;
comment on function kithdb.friendships_guard() is
  'BEFORE INSERT/UPDATE on friendships: consent and the pending → accepted/declined → pending cycle.';
revoke execute on function kithdb.friendships_guard() from public, anon;

create trigger friendships_refuse_gone_account
  before insert on public.friendships
  for each statement execute function kithdb.refuse_gone_account();
create trigger friendships_guard
  before insert or update on public.friendships
  for each row execute function kithdb.friendships_guard();
create trigger friendships_touch_updated_at
  before update on public.friendships
  for each row execute function kithdb.touch_updated_at();

-- BLK-02: a block ends the pair's friendship, request or declined request. The blocker may
-- delete the row (friendships_delete), so this runs as them.
create function kithdb.blocks_end_friendship() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  delete from public.friendships f
  where f.user_id = least(new.blocker_id, new.blocked_id)
    and f.friend_id = greatest(new.blocker_id, new.blocked_id);
  return null;
end
$$;
comment on function kithdb.blocks_end_friendship() is
  'AFTER INSERT on blocks: the pair''s friendship row goes (BLK-02).';
revoke execute on function kithdb.blocks_end_friendship() from public, anon;

create trigger blocks_end_friendship
  after insert on public.blocks
  for each row execute function kithdb.blocks_end_friendship();

create trigger friendships_insert_limit
  after insert on public.friendships
  referencing new table as new_rows
  for each statement execute function kithdb.limit_api_insert();

alter table public.friendships enable row level security;
revoke all on table public.friendships from anon, authenticated, service_role;
grant select, delete on table public.friendships to authenticated;
grant insert (user_id, friend_id, status, requested_by) on table public.friendships to authenticated;
grant update (status, requested_by) on table public.friendships to authenticated;
grant all on table public.friendships to service_role;

-- The caller's own sets, which the policies below read: security-barrier views that run as their
-- owner, each returning only the caller's rows (SEC-07). A view is expanded into each statement's
-- plan, where a definer helper would be a call per statement with a plan cached for its first
-- caller (measured in docs/DESIGN.md, "Policies read views").
create view kithdb.my_friends with (security_barrier) as
  select f.friend_id
  -- offset 0 keeps the one row a row of its own: pulled up, auth.uid() would be copied into
  -- each scan below and the claims parsed twice.
  from (select auth.uid() as me offset 0) u
  cross join lateral (
    select f.friend_id from public.friendships f where f.user_id = u.me and f.status = 'accepted'
    union all
    select f.user_id from public.friendships f where f.friend_id = u.me and f.status = 'accepted'
  ) f;
comment on view kithdb.my_friends is
  'The caller''s accepted friends, for the posts policy. Runs as its owner: it reads only the '
  'caller''s own friendships, so friendships'' policy would add work and remove nothing.';

revoke all on kithdb.my_friends from public, anon;
grant select on kithdb.my_friends to authenticated;

create policy friendships_select on public.friendships
  for select to authenticated
  using ((select auth.uid()) in (user_id, friend_id));
create policy friendships_insert on public.friendships
  for insert to authenticated
  with check ((select auth.uid()) in (user_id, friend_id));
create policy friendships_update on public.friendships
  for update to authenticated
  using ((select auth.uid()) in (user_id, friend_id))
  with check ((select auth.uid()) in (user_id, friend_id));
create policy friendships_delete on public.friendships
  for delete to authenticated
  using ((select auth.uid()) in (user_id, friend_id));

create function kithdb.are_friends(a uuid, b uuid) returns boolean
language plpgsql stable
set search_path = ''
as $$
begin
  return exists (
    select from public.friendships f
    where f.user_id = least(a, b) and f.friend_id = greatest(a, b) and f.status = 'accepted'
  );
end
$$;
comment on function kithdb.are_friends(uuid, uuid) is
  'True when a and b are accepted friends. Invoker: a signed-in caller can only ask about itself.';
revoke execute on function kithdb.are_friends(uuid, uuid) from public, anon;
grant execute on function kithdb.are_friends(uuid, uuid) to authenticated, service_role;

-- A write that may begin or end a friendship takes both users' locks first, as a block takes
-- them, and as an account's deletion takes its own (exclusive) before the friends circles it
-- holds until its cascade reaches the friendship's row: holding the row, then waiting for a
-- friends circle to sync, the write would deadlock with the deletion.
create function kithdb.lock_my_friendship(p_user_id uuid) returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_me pg_catalog.uuid := kithdb.require_uid();
  v_hidden boolean;
begin
  -- As in lock_my_pair: the isolation level's refusal for every p_user_id, then nothing of a
  -- user who blocked the caller is waited for (BLK-03). The caller's own lock is taken on every
  -- call, so that the wait and the answer are a missing user's for a blocker too; the other's,
  -- whatever the row says: read before the locks, the row may have changed by the time the
  -- write locks it (docs/DESIGN.md, "Known limits of these orders").
  perform kithdb.require_read_committed();
  v_hidden := kithdb.hides_from(p_user_id, v_me);
  if v_hidden then
    begin
      perform kithdb.lock_user_blocks(v_me, false);
      -- A block lifted while the caller waited for their own lock: the write goes on as
      -- anyone's, so that lock goes again (a subtransaction) and both are taken in id order.
      v_hidden := kithdb.hides_from(p_user_id, v_me);
      if not v_hidden then
        raise exception 'take the locks again' using errcode = 'KD001';
      end if;
    exception when sqlstate 'KD001' then
      null;
    end;
  end if;
  if not v_hidden then
    perform kithdb.lock_user_blocks(u, false)
    from pg_catalog.unnest(array[v_me, p_user_id]) u
    order by u;
  end if;
  -- The caller's own deletion, waited for, leaves them nothing to write (ID-03).
  perform kithdb.require_account();
end
$$;
comment on function kithdb.lock_my_friendship(uuid) is
  'Definer because API roles may not call kithdb.lock_user_blocks; it takes, shared and in id '
  'order, only the locks of the caller and of p_user_id (the caller''s alone when p_user_id '
  'blocked the caller), then refuses a caller whose account went meanwhile (42501 '
  'not_authenticated); it answers nothing else but 25001 outside READ COMMITTED (ACC-03, '
  'BLK-03, ID-03).';
revoke execute on function kithdb.lock_my_friendship(uuid) from public, anon;
grant execute on function kithdb.lock_my_friendship(uuid) to authenticated, service_role;

create function public.request_friendship(p_user_id uuid) returns public.friendship_status
language plpgsql
set search_path = ''
as $$
declare
  v_me pg_catalog.uuid := kithdb.require_account();
  v_row public.friendships;
begin
  if p_user_id is null then
    raise exception 'p_user_id is required' using errcode = '22023', detail = 'missing_user_id';
  end if;
  if p_user_id = v_me then
    raise exception 'you cannot befriend yourself' using errcode = '22023', detail = 'cannot_befriend_self';
  end if;
  if not exists (select from public.profiles p where p.id = p_user_id) then
    raise exception 'no such user' using errcode = 'PT404', detail = 'user_not_found';
  end if;
  -- Asking back accepts: both users' locks (ACC-03), then the pair's before the row's (BLK-06),
  -- and the answer a block gives.
  perform kithdb.lock_my_friendship(p_user_id);
  perform kithdb.require_reachable(p_user_id);

  -- Insert-or-lock loop: two users asking each other at once end in one row, never two errors.
  loop
    insert into public.friendships (user_id, friend_id, status, requested_by)
    values (least(v_me, p_user_id), greatest(v_me, p_user_id), 'pending', v_me)
    on conflict (user_id, friend_id) do nothing
    returning * into v_row;
    if found then
      return v_row.status;
    end if;
    select * into v_row from public.friendships f
    where f.user_id = least(v_me, p_user_id) and f.friend_id = greatest(v_me, p_user_id)
    for update;
    exit when found;
  end loop;

  if v_row.status = 'accepted' then
    raise exception 'you are already friends' using errcode = '23505', detail = 'already_friends';
  elsif v_row.status = 'pending' and v_row.requested_by = v_me then
    raise exception 'you have already sent this request'
      using errcode = '23505', detail = 'friendship_already_requested';
  elsif v_row.status = 'pending' then
    -- They asked first: asking back is consent, so the two are friends.
    update public.friendships f set status = 'accepted'
    where f.user_id = v_row.user_id and f.friend_id = v_row.friend_id;
    return 'accepted'::public.friendship_status;
  end if;
  update public.friendships f set status = 'pending', requested_by = v_me
  where f.user_id = v_row.user_id and f.friend_id = v_row.friend_id;
  return 'pending'::public.friendship_status;
end
$$;
comment on function public.request_friendship(uuid) is
  'Ask p_user_id to be your friend; returns pending, or accepted when they had already asked you. '
  'A request they declined may be sent again after the cool-down (rate_limits.repeat_declined).';
revoke execute on function public.request_friendship(uuid) from public, anon;
grant execute on function public.request_friendship(uuid) to authenticated, service_role;

create function public.respond_friendship(p_user_id uuid, p_accept boolean)
returns public.friendship_status
language plpgsql
set search_path = ''
as $$
declare
  v_me pg_catalog.uuid := kithdb.require_uid();
  v_row public.friendships;
begin
  if p_user_id is null then
    raise exception 'p_user_id is required' using errcode = '22023', detail = 'missing_user_id';
  end if;
  if p_accept is null then
    raise exception 'p_accept is required' using errcode = '22023', detail = 'missing_accept';
  end if;
  -- Both users' locks (ACC-03), then the pair's before the row's (BLK-06): a block takes them
  -- in that order.
  perform kithdb.lock_my_friendship(p_user_id);
  perform kithdb.lock_my_pair(p_user_id);
  select * into v_row from public.friendships f
  where f.user_id = least(v_me, p_user_id) and f.friend_id = greatest(v_me, p_user_id)
  for update;
  if not found then
    raise exception 'no friend request from this user'
      using errcode = 'PT404', detail = 'friendship_request_not_found';
  end if;
  if v_row.status <> 'pending' then
    raise exception 'this request is % already', v_row.status
      using errcode = 'PT409', detail = 'friendship_not_pending';
  end if;
  if v_row.requested_by = v_me then
    raise exception 'only the addressee can respond to a friend request'
      using errcode = '42501', detail = 'not_friendship_addressee';
  end if;
  update public.friendships f
  set status = case when p_accept then 'accepted' else 'declined' end::public.friendship_status
  where f.user_id = v_row.user_id and f.friend_id = v_row.friend_id
  returning f.status into v_row.status;
  return v_row.status;
end
$$;
comment on function public.respond_friendship(uuid, boolean) is
  'Accept (p_accept = true) or decline the pending request p_user_id sent you; returns the new status.';
revoke execute on function public.respond_friendship(uuid, boolean) from public, anon;
grant execute on function public.respond_friendship(uuid, boolean) to authenticated, service_role;

create function public.remove_friendship(p_user_id uuid) returns void
language plpgsql
set search_path = ''
as $$
declare
  v_me pg_catalog.uuid := kithdb.require_uid();
begin
  if p_user_id is null then
    raise exception 'p_user_id is required' using errcode = '22023', detail = 'missing_user_id';
  end if;
  -- Both users' locks before the row's (ACC-03).
  perform kithdb.lock_my_friendship(p_user_id);
  delete from public.friendships f
  where f.user_id = least(v_me, p_user_id) and f.friend_id = greatest(v_me, p_user_id);
  if not found then
    raise exception 'no friendship or request with this user'
      using errcode = 'PT404', detail = 'friendship_not_found';
  end if;
end
$$;
comment on function public.remove_friendship(uuid) is
  'End a friendship, withdraw or dismiss a request, or clear a declined one, with p_user_id.';
revoke execute on function public.remove_friendship(uuid) from public, anon;
grant execute on function public.remove_friendship(uuid) to authenticated, service_role;

-- PostgREST: reload the schema cache so the API shows this change at once.
notify pgrst, 'reload schema';
