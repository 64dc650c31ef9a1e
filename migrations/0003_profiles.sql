-- depends: 0002_kithdb_core
-- Profiles: one row per auth.users row, created by a trigger when the user signs up.

create table public.profiles (
  id uuid primary key references auth.users (id) on delete cascade,
  display_name text constraint profiles_display_name_length check (char_length(display_name) <= 80),
  created_at timestamptz not null default now()
);
comment on table public.profiles is 'One row per user (auth.users), created when the user signs up.';
comment on column public.profiles.id is 'The user''s id: auth.users.id and the JWT sub.';
comment on column public.profiles.display_name is 'Name shown to others, at most 80 characters.';
comment on column public.profiles.created_at is 'When the profile was created.';

alter table public.profiles enable row level security;
revoke all on table public.profiles from anon, authenticated, service_role;
grant select, update (display_name) on table public.profiles to authenticated;
grant all on table public.profiles to service_role;

-- Who sees a profile depends on blocks: profiles_select is in 0004_blocks.
create policy profiles_update on public.profiles
  for update to authenticated
  using (id = (select auth.uid()))
  with check (id = (select auth.uid()));

-- SEC-12: a profile is its auth user's, under that user's id.
create trigger profiles_id_immutable
  before update on public.profiles
  for each row
  when (new.id is distinct from old.id)
  execute function kithdb.refuse_row_move('profile_id_immutable', 'a profile keeps its id');

-- A token outlives its account (deleted by the user or an operator; a JWT stays valid until it
-- expires): a write naming the caller would meet the account's absence as a raw foreign-key
-- error (23503), so the RPCs that write such a row ask for the account first. Reads and writes of
-- rows that already exist need not: the account's rows went with it.
create function kithdb.require_account() returns uuid
language plpgsql stable
set search_path = ''
as $$
declare
  v_uid pg_catalog.uuid := kithdb.require_uid();
begin
  if not exists (select from public.profiles p where p.id = v_uid) then
    raise exception 'this account is gone'
      using errcode = '42501', detail = 'not_authenticated';
  end if;
  return v_uid;
end
$$;
comment on function kithdb.require_account() is
  'The caller''s user id; raises 42501 not_authenticated when there is none, or when their '
  'account is gone (ID-03).';
revoke execute on function kithdb.require_account() from public, anon;
grant execute on function kithdb.require_account() to authenticated, service_role;

-- A write naming another user answers as for none where the caller may not read them (BLK-03)
-- or they do not exist, asked first without a lock, so that the answer for a user who blocked
-- the caller never waits for their writes in flight; then it holds their profile (ACC-02) and
-- asks again, for a deletion that committed while it waited.
create function kithdb.hold_user(p_user_id uuid) returns void
language plpgsql
set search_path = ''
as $$
begin
  if not exists (select from public.profiles p where p.id = p_user_id) then
    raise exception 'no such user' using errcode = 'PT404', detail = 'user_not_found';
  end if;
  perform kithdb.hold_profile(p_user_id);
  if not exists (select from public.profiles p where p.id = p_user_id) then
    raise exception 'no such user' using errcode = 'PT404', detail = 'user_not_found';
  end if;
end
$$;
comment on function kithdb.hold_user(uuid) is
  'PT404 user_not_found unless the caller reads p_user_id''s profile, before and after holding '
  'it against a deletion (ACC-02, BLK-03).';
revoke execute on function kithdb.hold_user(uuid) from public, anon;
grant execute on function kithdb.hold_user(uuid) to authenticated, service_role;

-- ID-03 for table writes: an insert whose row names its caller (an author, a creator, a
-- reporter, a blocker, a muter, a friend) answers a token that outlived its account as the RPCs
-- do, before the foreign key's raw 23503. kithdb's own steps and trusted roles are no API role and skip it.
create function kithdb.refuse_gone_account() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if kithdb.is_api_role() then
    perform kithdb.require_account();
  end if;
  return null;
end
$$;
comment on function kithdb.refuse_gone_account() is
  'BEFORE INSERT statement on a table whose rows name their caller: 42501 not_authenticated for '
  'an API caller with no account (ID-03).';
revoke execute on function kithdb.refuse_gone_account() from public, anon;

-- ACC-02: a write that names another user takes a key-share lock on their profile before any
-- row it changes, the order an account deletion takes them in (the profile, then its rows): a
-- deletion in flight finishes first, and the write then finds the user gone; a write under way
-- holds the deletion back until it is done, and the cascade takes its rows too.
create function kithdb.hold_profile(p_user_id uuid) returns void
language plpgsql security definer
set search_path = ''
as $$
begin
  perform from public.profiles p where p.id = p_user_id for key share;
end
$$;
comment on function kithdb.hold_profile(uuid) is
  'Key-share lock on p_user_id''s profile until the transaction ends; answers nothing (ACC-02). '
  'Definer because profiles'' update policy would hide every row but the caller''s from the lock.';
revoke execute on function kithdb.hold_profile(uuid) from public, anon;
grant execute on function kithdb.hold_profile(uuid) to authenticated, service_role;

-- Every signed-in user reads every display name, so the default never comes from the email
-- address (PRO-04): the name the user gave at sign-up (Supabase's raw_user_meta_data, where
-- supabase-js puts options.data, OAuth providers their full_name or name, and GitHub or X the
-- login as user_name), else a placeholder. Each candidate is cleaned first: control and
-- invisible formatting characters (Unicode's Cf: soft hyphen, zero-width space, bidirectional
-- controls, tags; and the deprecated Khmer inherent vowels) go, every kind of space becomes one,
-- and it is cut to 80 characters; what shapes the text around it stays (zero-width joiners for
-- emoji and scripts, variation selectors, Mongolian's and hieroglyphs' format controls). Then it
-- is skipped if it has an address in it (some providers give the email as the name, alone or
-- beside one): an @ (or its full-width or small form, once or more) between two non-spaces, or
-- before a dotted word; or if nothing visible is left: what kithdb.is_blank counts blank, and
-- combining marks, alone.
create function kithdb.default_display_name(p_meta jsonb) returns text
language sql immutable
set search_path = ''
as $$
  select coalesce(
    (select n.name
     from unnest(array[p_meta ->> 'display_name', p_meta ->> 'full_name', p_meta ->> 'name',
                       p_meta ->> 'user_name']) with ordinality as c (raw, rank)
     cross join lateral (
       select btrim(left(btrim(pg_catalog.regexp_replace(
         pg_catalog.regexp_replace(c.raw,
           '[\u0001-\u0008\u000e-\u001f\u007f-\u009f\u00ad\u0600-\u0605\u061c\u06dd\u070f\u17b4\u17b5'
           '\u180e\u200b\u200e\u200f\u202a-\u202e\u2060-\u206f\ufeff\ufff0-\ufffb'
           '\U0001d173-\U0001d17a\U000e0000-\U000e007f]',
           '', 'g'),
         '[\s\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+', ' ', 'g')), 80)) as name
     ) n
     where n.name !~ ('[^\s@\uff20\ufe6b][@\uff20\ufe6b]+ ?[^\s@\uff20\ufe6b]'
                      '|[@\uff20\ufe6b] ?[^\s@\uff20\ufe6b]+\.[^\s@\uff20\ufe6b]')
       and not kithdb.is_blank(pg_catalog.regexp_replace(
             n.name, '[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]', '', 'g'))
     order by c.rank
     limit 1),
    'New member'
  )
$$;
comment on function kithdb.default_display_name(jsonb) is
  'A new user''s display name: metadata display_name, else full_name, else name, else user_name '
  '(cleaned of invisible characters, its spaces made one, cut to 80: the first with something '
  'visible and no email address in it), else ''New member''; never the email address (PRO-04).';
revoke execute on function kithdb.default_display_name(jsonb) from public, anon;

create function kithdb.create_profile_for_new_user() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  insert into public.profiles (id, display_name)
  values (new.id, kithdb.default_display_name(new.raw_user_meta_data))
  on conflict (id) do nothing;
  return new;
end
$$;
comment on function kithdb.create_profile_for_new_user() is
  'Definer because sign-ups insert into auth.users as Supabase''s auth role, which cannot write public.profiles.';
revoke execute on function kithdb.create_profile_for_new_user() from public, anon;

create trigger kithdb_create_profile
  after insert on auth.users
  for each row execute function kithdb.create_profile_for_new_user();

-- Users who signed up before kithdb was installed get their profile now.
insert into public.profiles (id, display_name)
select u.id, kithdb.default_display_name(u.raw_user_meta_data)
from auth.users u
on conflict (id) do nothing;

-- PostgREST: reload the schema cache so the API shows this change at once.
notify pgrst, 'reload schema';
