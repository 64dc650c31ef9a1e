-- depends: 0013_rate_limits
-- Accounts: what a user may do with their account as a whole. export_my_data gives a person
-- everything they own or wrote, in one document; delete_my_account deletes the account without
-- taking from the others what they share with it.

-- ACC-01: the export reads past RLS, because some of what a user wrote is beyond their reads
-- (messages in a chat they left, approvals on an event they stepped down from); every part
-- is selected by the caller's own id, and what the caller's reads hide stays hidden (a mute of
-- someone who blocked them, who invited them, who resolved their reports, the events of those
-- who blocked them).
create function kithdb.export_my_data() returns jsonb
language plpgsql stable security definer
set search_path = ''
as $$
declare
  v_me pg_catalog.uuid := kithdb.require_uid();
  -- The events of users who blocked the caller do not exist for them (BLK-03), nor, after such a
  -- user deleted their account, do its events (ACC-02), unless the caller authors them: what the
  -- caller wrote about one, an invitation or a vote, would tell them of it as it changed (an
  -- invitation to the caller is theirs to read whatever its event). Asked here, not through
  -- kithdb.my_hidden_event_ids: the policies' views call Supabase's uid function, whose body
  -- names a type that a definer must not resolve through the caller's pg_temp (SEC-04).
  v_hidden_events pg_catalog.uuid[] := array(
    select e.id from public.blocks b join public.events e on e.creator_id = b.blocker_id
    where b.blocked_id = v_me and kithdb.hides_from(b.blocker_id, v_me)
    union all
    select h.event_id from kithdb.event_hides h where h.user_id = v_me
    except
    select a.event_id from public.event_authors a where a.user_id = v_me);
begin
  return pg_catalog.jsonb_build_object(
    'format', 'kithdb export 1',
    'exported_at', pg_catalog.now(),
    'user_id', v_me,
    'profile', (select pg_catalog.to_jsonb(p) from public.profiles p where p.id = v_me),
    'friendships', coalesce((
      select pg_catalog.jsonb_agg(pg_catalog.to_jsonb(f) order by f.created_at)
      from public.friendships f where v_me in (f.user_id, f.friend_id)), '[]'),
    'blocks', coalesce((
      select pg_catalog.jsonb_agg(pg_catalog.to_jsonb(b) order by b.created_at)
      from public.blocks b where b.blocker_id = v_me), '[]'),
    'mutes', coalesce((
      select pg_catalog.jsonb_agg(pg_catalog.to_jsonb(m) order by m.created_at)
      from public.mutes m
      where m.muter_id = v_me and not kithdb.hides_from(m.muted_id, v_me)), '[]'),
    -- A circle the caller left is not theirs to read (CIR-10): what its admins wrote
    -- since is not the caller's.
    'circles_created', coalesce((
      select pg_catalog.jsonb_agg(pg_catalog.to_jsonb(c) order by c.created_at)
      from public.circles c
      where c.created_by = v_me
        and c.id in (select m.circle_id from public.circle_members m where m.user_id = v_me)),
      '[]'),
    'circle_memberships', coalesce((
      select pg_catalog.jsonb_agg(pg_catalog.to_jsonb(m) order by m.created_at)
      from public.circle_members m where m.user_id = v_me), '[]'),
    'circle_opt_outs', coalesce((
      select pg_catalog.jsonb_agg(pg_catalog.to_jsonb(o) order by o.created_at)
      from public.circle_opt_outs o where o.user_id = v_me), '[]'),
    'posts', coalesce((
      select pg_catalog.jsonb_agg(
               pg_catalog.to_jsonb(p) operator(pg_catalog.||) pg_catalog.jsonb_build_object(
                 'circle_ids', array(select pc.circle_id from public.post_circles pc
                                     where pc.post_id = p.id order by pc.circle_id))
               order by p.created_at, p.id)
      from public.posts p where p.author_id = v_me), '[]'),
    'events_created', coalesce((
      select pg_catalog.jsonb_agg(pg_catalog.to_jsonb(e) order by e.created_at)
      from public.events e where e.creator_id = v_me), '[]'),
    'event_authorships', coalesce((
      select pg_catalog.jsonb_agg(pg_catalog.to_jsonb(a) order by a.added_at)
      from public.event_authors a where a.user_id = v_me), '[]'),
    'event_author_invitations', coalesce((
      select pg_catalog.jsonb_agg(pg_catalog.to_jsonb(i) operator(pg_catalog.-) 'invited_by'
                                  order by i.created_at)
      from public.event_author_invitations i
      where i.user_id = v_me
         or (i.invited_by = v_me and not kithdb.hides_from(i.user_id, v_me)
             and i.event_id <> all (v_hidden_events))), '[]'),
    'like_groups_created', coalesce((
      select pg_catalog.jsonb_agg(pg_catalog.to_jsonb(g) order by g.created_at)
      from public.like_groups g where g.creator_id = v_me), '[]'),
    'like_group_memberships', coalesce((
      select pg_catalog.jsonb_agg(pg_catalog.to_jsonb(m) order by m.created_at)
      from public.like_group_members m where m.user_id = v_me), '[]'),
    'like_group_approvals', coalesce((
      select pg_catalog.jsonb_agg(pg_catalog.to_jsonb(v) order by v.created_at)
      from public.like_group_approvals v
      join public.like_groups g on g.id = v.group_id
      where v.author_id = v_me and g.event_id <> all (v_hidden_events)), '[]'),
    'chat_participations', coalesce((
      select pg_catalog.jsonb_agg(pg_catalog.to_jsonb(c) order by c.joined_at)
      from public.chat_participants c where c.user_id = v_me), '[]'),
    'chat_messages', coalesce((
      select pg_catalog.jsonb_agg(pg_catalog.to_jsonb(m) order by m.created_at, m.id)
      from public.chat_messages m where m.sender_id = v_me), '[]'),
    'reports', coalesce((
      select pg_catalog.jsonb_agg(pg_catalog.to_jsonb(r) operator(pg_catalog.-) 'resolved_by'
                                  order by r.created_at)
      from public.reports r where r.reporter_id = v_me), '[]'),
    'suspensions', coalesce((
      select pg_catalog.jsonb_agg(pg_catalog.to_jsonb(s))
      from public.suspensions s where s.user_id = v_me), '[]')
  );
end
$$;
comment on function kithdb.export_my_data() is
  'Step behind public.export_my_data (ACC-01). Definer because some of what the caller wrote is '
  'beyond their reads; every part is selected by the caller''s own id.';
revoke execute on function kithdb.export_my_data() from public, anon;
grant execute on function kithdb.export_my_data() to authenticated, service_role;

create function public.export_my_data() returns jsonb
language plpgsql stable
set search_path = ''
as $$
begin
  return kithdb.export_my_data();
end
$$;
comment on function public.export_my_data() is
  'Everything you own or wrote, as one JSON document (docs/API.md, "export_my_data"): your '
  'profile, friendships, blocks, mutes, circles and memberships, posts, events and authorships, '
  'like groups, memberships and approvals, chats and the messages you sent, and your reports.';
revoke execute on function public.export_my_data() from public, anon;
grant execute on function public.export_my_data() to authenticated, service_role;

-- ACC-02: however an account goes (delete_my_account, Supabase's dashboard or admin API deleting
-- the auth user, a DBA), what others share with it stays theirs. Before the profile's row goes
-- (and cascades), its votes on pending groups go, so that no threshold re-evaluated as its
-- authorships end counts them; its events pass to the next author in line, or are cancelled
-- for everyone; its approved like groups go on with their other members. Its messages stay,
-- sent by nobody (chat_messages.sender_id is set null); its circles pass as CIR-03 says.
create function kithdb.profiles_part_account() returns trigger
language plpgsql security definer
set search_path = ''
as $$
declare
  v_event pg_catalog.uuid;
  v_group pg_catalog.uuid;
  v_tombstone pg_catalog.uuid := gen_random_uuid();
begin
  delete from public.like_group_approvals v
  using public.like_groups g
  where g.id = v.group_id and g.status = 'pending' and v.author_id = old.id;
  -- What its blocks hid stays hidden: its messages from everyone in a block with it, in the
  -- chats they share and in those they join later (BLK-07); its events from those it blocked
  -- (BLK-03). A reader whose own account goes meanwhile (in this statement, or in a deletion in
  -- flight, whose end the key-share lock waits for) needs no hide.
  insert into kithdb.tombstone_hides (user_id, tombstone)
  select r.id, v_tombstone
  from public.blocks b
  join public.profiles r
    on r.id = case when b.blocker_id = old.id then b.blocked_id else b.blocker_id end
  where b.blocker_id = old.id or b.blocked_id = old.id
  for key share of r
  on conflict do nothing;
  if found then
    insert into kithdb.message_tombstones (message_id, tombstone)
    select m.id, v_tombstone from public.chat_messages m where m.sender_id = old.id;
  end if;
  insert into kithdb.event_hides (user_id, event_id)
  select r.id, e.id
  from public.events e
  join public.blocks b on b.blocker_id = old.id
  join public.profiles r on r.id = b.blocked_id
  where e.creator_id = old.id
  for key share of r
  on conflict do nothing;
  for v_event in select e.id from public.events e where e.creator_id = old.id order by e.id loop
    if not kithdb.pass_event_from(v_event, old.id) then
      update public.events e set status = 'cancelled'
      where e.id = v_event and e.status = 'scheduled';
    end if;
  end loop;
  for v_group in
    select g.id from public.like_groups g
    where g.creator_id = old.id and g.status = 'approved'
    order by g.id
    for no key update
  loop
    update public.like_groups g set creator_id = kithdb.like_group_heir(v_group, old.id, false)
    where g.id = v_group;
  end loop;
  return old;
end
$$;
comment on function kithdb.profiles_part_account() is
  'BEFORE DELETE on profiles: an account''s events and approved like groups pass to others, or '
  'its events are cancelled, before its rows go (ACC-02). Definer because it changes events and '
  'groups that no API role may change this way.';
revoke execute on function kithdb.profiles_part_account() from public, anon;
create trigger profiles_part_account
  before delete on public.profiles
  for each row execute function kithdb.profiles_part_account();

-- PRO-01: a profile deleted on its own (service_role's table delete, a DBA) takes its auth user
-- with it, as the auth user's delete takes its profile: left, the auth user would sign in to an
-- account that every write calls gone, and its email could not sign up again.
create function kithdb.profiles_delete_auth_user() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  delete from auth.users u where u.id = old.id;
  return null;
end
$$;
comment on function kithdb.profiles_delete_auth_user() is
  'AFTER DELETE on profiles: the auth user goes with its profile (PRO-01, ACC-02). Definer '
  'because neither service_role nor a DBA of kithdb''s tables need write auth.users.';
revoke execute on function kithdb.profiles_delete_auth_user() from public, anon;
create trigger profiles_delete_auth_user
  after delete on public.profiles
  for each row execute function kithdb.profiles_delete_auth_user();

-- The locks an account's deletion will take, before its profile's row, whichever way it comes:
-- delete_my_account, or an operator deleting the auth user, as Supabase's admin API does
-- (auth_users_lock_account).
create function kithdb.lock_account(p_user_id uuid) returns void
language plpgsql
set search_path = ''
as $$
declare
  v_event pg_catalog.uuid;
  v_events pg_catalog.uuid[] := '{}'::pg_catalog.uuid[];
  v_others pg_catalog.uuid[] := '{}'::pg_catalog.uuid[];
  v_heirs pg_catalog.uuid[] := '{}'::pg_catalog.uuid[];
  v_read_events pg_catalog.uuid[];
  v_read_others pg_catalog.uuid[];
  v_read_heirs pg_catalog.uuid[];
  v_pass integer := 0;
begin
  -- In the order the writes it races take them: its events' rows, then their applications (a
  -- cancellation); the blocker locks of their other authors exclusive, as their passes take
  -- them (a block by one of them); its own user lock exclusive, so that a block of it or a write
  -- naming it in a group ends first or waits for it, and the other users' of its blocks shared,
  -- as the cascade deleting the blocks takes them (blocks_lock_pair), in id order (a new author,
  -- a member added); its author rows, then their events' authors (a removal, a step-down); its
  -- blocks' pairs (a new author); groups; circles (a member leaving); its invitations (a
  -- decline) and open reports (a resolution); then a profile. None of
  -- those writes then waits for the deletion while it waits for them.
  -- An event passed to it, an author of its events, or a block made with it, while it waits
  -- would need its locks out of that order. Once it holds its authors' locks and its own, none
  -- can come: if the events, authors and blocks read then are not those it locked, it lets every
  -- lock of the pass go (a subtransaction) and takes them again.
  loop
    begin
      perform from public.events e where e.id = any (v_events) order by e.id for no key update;
      perform kithdb.lock_event_applications(e, true) from pg_catalog.unnest(v_events) e;
      perform kithdb.lock_blocks_by(h, true) from pg_catalog.unnest(v_heirs) h;
      perform kithdb.lock_user_blocks(u, u = p_user_id)
      from pg_catalog.unnest(array(select u from pg_catalog.unnest(v_others || p_user_id) u
                                   order by u)) u;
      for v_event in
        select a.event_id from public.event_authors a
        where a.user_id = p_user_id
        order by a.event_id
        for update
      loop
        perform kithdb.lock_event_authors(v_event);
      end loop;
      perform kithdb.lock_pair(p_user_id, o, true) from pg_catalog.unnest(v_others) o;
      v_read_events := array(select e.id from public.events e
                             where e.creator_id = p_user_id order by e.id);
      v_read_others := array(
        select distinct case when b.blocker_id = p_user_id then b.blocked_id else b.blocker_id end
        from public.blocks b
        where b.blocker_id = p_user_id or b.blocked_id = p_user_id
        order by 1);
      v_read_heirs := array(
        select distinct a.user_id
        from public.event_authors a
        join public.events e on e.id = a.event_id and e.creator_id = p_user_id
        where a.user_id <> p_user_id and not kithdb.hides_from(a.user_id, p_user_id)
        order by 1);
      exit when v_read_events = v_events and v_read_others = v_others
        and v_read_heirs = v_heirs;
      v_pass := v_pass + 1;
      if v_pass = 3 then
        -- Blocks with it made and lifted again and again while it waits would keep it starting
        -- over for good: the third time it keeps its locks and takes the new ones out of order.
        -- The sets read are final (see above); a deadlock (40P01, retryable) becomes possible,
        -- a deletion that never ends does not.
        perform from public.events e
        where e.id = any (v_read_events) and e.id <> all (v_events)
        order by e.id
        for no key update;
        perform kithdb.lock_event_applications(e, true)
        from pg_catalog.unnest(v_read_events) e where e <> all (v_events);
        perform kithdb.lock_blocks_by(h, true)
        from pg_catalog.unnest(v_read_heirs) h where h <> all (v_heirs);
        perform kithdb.lock_user_blocks(o, false)
        from pg_catalog.unnest(v_read_others) o where o <> all (v_others);
        perform kithdb.lock_pair(p_user_id, o, true)
        from pg_catalog.unnest(v_read_others) o where o <> all (v_others);
        exit;
      end if;
      v_events := v_read_events;
      v_others := v_read_others;
      v_heirs := v_read_heirs;
      raise exception 'take the locks again' using errcode = 'KD001';
    exception when sqlstate 'KD001' then
      null;
    end;
  end loop;
  -- Found through its memberships and authorships, not by a scan of every group.
  perform from public.like_groups g
  where g.id = any (array(
    select m.group_id from public.like_group_members m where m.user_id = p_user_id
    union
    select p.id from public.event_authors a
    join public.like_groups p on p.event_id = a.event_id and p.status = 'pending'
    where a.user_id = p_user_id))
  order by g.id
  for update;
  -- Then, in the one order of the writes it races: its friends circles, whose rows the end of a
  -- friendship syncs (a block ends one before it parts anyone); its static circles, before the
  -- rows in them that their next admin's promotion takes (CIR-03), as a block parts a user from
  -- circles before it leaves chats; its rows in its chats and their locks (NTF-09), as every
  -- departure takes them; the locks of the circles of the events it attends, as a departure
  -- from an event's chat then syncs them; its event circles, whose rows those syncs take.
  perform from public.circles c
  where c.id in (select m.circle_id from public.circle_members m
                 where m.user_id = p_user_id and m.status = 'member')
    and c.circle_type = 'dynamic' and c.event_id is null
  order by c.id
  for no key update;
  perform from public.circles c
  where c.id in (select m.circle_id from public.circle_members m
                 where m.user_id = p_user_id and m.status = 'member')
    and c.circle_type = 'static'
  order by c.id
  for no key update;
  perform kithdb.lock_chats_of(p_user_id);
  perform kithdb.lock_circles_of_event(e.event_id)
  from (select a.event_id from public.event_authors a where a.user_id = p_user_id
        union
        select m.event_id from public.like_group_members m
        where m.user_id = p_user_id and m.group_active
        order by 1) e;
  perform from public.circles c
  where c.id in (select m.circle_id from public.circle_members m
                 where m.user_id = p_user_id and m.status = 'member')
    and c.event_id is not null
  order by c.id
  for no key update;
  -- Last, its invitations (to circles, to author events) and its open reports, whose rows the
  -- profile's delete removes or clears: the invitee's decline holds its invitation before it
  -- records the decline against the profile (RTL-04, RTL-05; an invitation's removal takes no
  -- circle lock, CIR-04), a resolution holds its reports before it notifies the reporter (which
  -- holds the profile); each is waited for here, not met holding them.
  perform from public.circle_members m
  where m.user_id = p_user_id and m.status = 'invited'
  order by m.circle_id
  for update;
  perform from public.event_author_invitations i
  where i.user_id = p_user_id
  order by i.event_id
  for update;
  perform from public.reports r
  where r.reporter_id = p_user_id and r.status = 'open'
  order by r.id
  for no key update;
end
$$;
comment on function kithdb.lock_account(uuid) is
  'Takes the locks the deletion of p_user_id''s account will take, before its profile''s row, in '
  'the order of the writes it races (ACC-03). Called by kithdb''s definers only, in READ '
  'COMMITTED.';
revoke execute on function kithdb.lock_account(uuid) from public, anon, authenticated;

-- An operator's delete of an auth user (Supabase's admin API) takes the account's locks as
-- delete_my_account does. Under any level but READ COMMITTED, which its retaking of locks needs,
-- the cascade takes them as it reaches them.
create function kithdb.auth_users_lock_account() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  if pg_catalog.current_setting('transaction_isolation') operator(pg_catalog.=) 'read committed'
     and exists (select from public.profiles p where p.id = old.id) then
    perform kithdb.lock_account(old.id);
  end if;
  return old;
end
$$;
comment on function kithdb.auth_users_lock_account() is
  'BEFORE DELETE on auth.users: the account''s locks in order before its rows go (ACC-03). '
  'Definer because the auth server''s role may lock none of kithdb''s rows.';
revoke execute on function kithdb.auth_users_lock_account() from public, anon;
create trigger kithdb_lock_account
  before delete on auth.users
  for each row execute function kithdb.auth_users_lock_account();

create function kithdb.delete_my_account(p_confirm text) returns void
language plpgsql security definer
set search_path = ''
as $$
declare
  v_me pg_catalog.uuid := kithdb.require_uid();
begin
  if p_confirm is distinct from v_me::pg_catalog.text then
    raise exception 'confirm by passing your own user id'
      using errcode = '22023', detail = 'account_confirmation_mismatch';
  end if;
  if pg_catalog.current_setting('transaction_isolation') operator(pg_catalog.<>) 'read committed'
  then
    raise exception 'an account deletion must see what was committed while it waited: '
      'use READ COMMITTED' using errcode = '25001', detail = 'read_committed_required';
  end if;
  -- The auth row before anything of the account's, as an operator's delete of it takes it
  -- before its trigger's locks (auth_users_lock_account): a deletion by both at once waits here.
  perform from auth.users u where u.id = v_me for update;
  -- MOD-05: a suspension refuses writes, not the account's deletion (which ends it anyway). A
  -- suspension being made holds the profile (its foreign key): the account's locks, then the
  -- profile's row, in the deletion's order, wait for it, so that the delete below sees it
  -- rather than the cascade's writes meeting it.
  perform kithdb.lock_account(v_me);
  perform from public.profiles p where p.id = v_me for update;
  delete from public.suspensions s where s.user_id = v_me;
  -- The auth user's delete cascades (its trigger finds the account's locks held).
  delete from auth.users u where u.id = v_me;
  if not found then
    -- A profile with no auth user behind it (created by a DBA) goes by itself.
    delete from public.profiles p where p.id = v_me;
  end if;
end
$$;
comment on function kithdb.delete_my_account(text) is
  'Step behind public.delete_my_account (ACC-02). Definer because no API role may delete from '
  'auth.users; it deletes only the caller.';
revoke execute on function kithdb.delete_my_account(text) from public, anon;
grant execute on function kithdb.delete_my_account(text) to authenticated, service_role;

create function public.delete_my_account(p_confirm text) returns void
language plpgsql
set search_path = ''
as $$
begin
  perform kithdb.delete_my_account(p_confirm);
end
$$;
comment on function public.delete_my_account(text) is
  'Delete your account for good, in one transaction; p_confirm must be your user id (docs/API.md, '
  '"delete_my_account"). Your messages stay in the others'' chats, sent by a deleted account; '
  'your events and approved like groups go on with the others.';
revoke execute on function public.delete_my_account(text) from public, anon;
grant execute on function public.delete_my_account(text) to authenticated, service_role;

-- PostgREST: reload the schema cache so the API shows this change at once.
notify pgrst, 'reload schema';
