-- depends: 0011_dynamic_circles
-- Moderation: users report what they see (a post, a message, a user, a circle, an event); the
-- report keeps a snapshot of it, so deleting it destroys no evidence. Moderators (rows of
-- public.moderators, and service_role) work through the open reports and resolve them: dismiss,
-- remove the content (hidden from all but its author, never deleted) or suspend its author
-- (every write refused until the end; reads go on). Every action is written to an append-only
-- log (MOD-01 to MOD-07).

create type public.report_target_kind as enum ('post', 'message', 'user', 'circle', 'event');
comment on type public.report_target_kind is 'What a report is about.';
create type public.report_reason as enum (
  'spam', 'harassment', 'hate', 'violence', 'sexual', 'self_harm', 'other'
);
comment on type public.report_reason is 'Why a user reports something.';
create type public.report_status as enum ('open', 'dismissed', 'actioned');
comment on type public.report_status is
  'open until a moderator resolves it: dismissed (nothing done) or actioned (content removed or '
  'user suspended).';
create type public.moderation_action as enum ('dismiss', 'remove_content', 'suspend_user');
comment on type public.moderation_action is 'What a moderator does with a report.';

-- Moderators --------------------------------------------------------------------------------------

create table public.moderators (
  user_id uuid primary key references public.profiles (id) on delete cascade,
  created_at timestamptz not null default now()
);
comment on table public.moderators is
  'The users who moderate (besides service_role). Written by service_role or a DBA only.';
comment on column public.moderators.user_id is 'A moderator.';
comment on column public.moderators.created_at is 'Since when.';

alter table public.moderators enable row level security;
revoke all on table public.moderators from anon, authenticated, service_role;
grant select on table public.moderators to authenticated;
grant all on table public.moderators to service_role;

create policy moderators_select on public.moderators
  for select to authenticated
  using (user_id = (select auth.uid()));

-- SEC-12: a moderator's row is theirs: delete it and insert another's.
create trigger moderators_immutable
  before update on public.moderators
  for each row
  when (new.user_id is distinct from old.user_id)
  execute function kithdb.refuse_row_move(
    'moderator_immutable', 'a moderator''s row cannot move to another user');

-- Reports -----------------------------------------------------------------------------------------

create table public.reports (
  id uuid primary key default gen_random_uuid(),
  -- The report outlives its reporter's account: it is evidence.
  reporter_id uuid default auth.uid() references public.profiles (id) on delete set null,
  target_kind public.report_target_kind not null,
  target_id uuid not null,
  -- Whose content it is (its author, sender, creator, or the user reported), for suspend_user.
  target_user_id uuid,
  reason public.report_reason not null,
  note text,
  snapshot jsonb not null,
  status public.report_status not null default 'open',
  created_at timestamptz not null default now(),
  resolved_at timestamptz,
  resolved_by uuid,
  resolution public.moderation_action,
  constraint reports_note_length check (char_length(note) <= 1000),
  constraint reports_resolved check ((status = 'open') = (resolved_at is null))
);
create unique index reports_one_open_idx on public.reports (reporter_id, target_kind, target_id)
  where status = 'open';
create index reports_queue_idx on public.reports (created_at, id) where status = 'open';
create index reports_target_idx on public.reports (target_kind, target_id) where status = 'open';
comment on table public.reports is
  'What users reported, with a snapshot of it at that moment. Write through report(); resolved '
  'through resolve_report().';
comment on column public.reports.id is 'The report''s id.';
comment on column public.reports.reporter_id is 'Who reported (null once their account is gone).';
comment on column public.reports.target_kind is 'post, message, user, circle or event.';
comment on column public.reports.target_id is 'The id of what is reported.';
comment on column public.reports.target_user_id is
  'Whose it is: the author, sender or creator, or the user reported.';
comment on column public.reports.reason is 'Why.';
comment on column public.reports.note is 'The reporter''s words, at most 1000 characters.';
comment on column public.reports.snapshot is
  'What was reported, as it was when reported (MOD-02), written by the database.';
comment on column public.reports.status is 'open, dismissed or actioned.';
comment on column public.reports.created_at is 'When it was reported.';
comment on column public.reports.resolved_at is 'When a moderator resolved it.';
comment on column public.reports.resolved_by is 'Which moderator (null: service_role).';
comment on column public.reports.resolution is 'What the moderator did.';

create function kithdb.can_see_report_target(p_kind public.report_target_kind, p_id uuid)
returns boolean
language plpgsql stable
set search_path = ''
as $$
begin
  -- Read under the caller's policies: a report is only about what its reporter sees (MOD-01).
  return case p_kind
    when 'post' then exists (select from public.posts p where p.id = p_id)
    when 'message' then exists (select from public.chat_messages m where m.id = p_id)
    when 'user' then exists (select from public.profiles p where p.id = p_id)
    when 'circle' then exists (select from public.circles c where c.id = p_id)
    when 'event' then exists (select from public.events e where e.id = p_id)
  end;
end
$$;
comment on function kithdb.can_see_report_target(public.report_target_kind, uuid) is
  'True when the caller sees the target under its table''s policies (MOD-01).';
revoke execute on function kithdb.can_see_report_target(public.report_target_kind, uuid)
  from public, anon;
grant execute on function kithdb.can_see_report_target(public.report_target_kind, uuid)
  to authenticated, service_role;

create function kithdb.reports_take_snapshot() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  new.snapshot := null;
  new.target_user_id := null;
  case new.target_kind
    when 'post' then
      select pg_catalog.jsonb_build_object('id', p.id, 'author_id', p.author_id, 'body', p.body,
               'audience', p.audience, 'created_at', p.created_at), p.author_id
        into new.snapshot, new.target_user_id
      from public.posts p where p.id = new.target_id;
    when 'message' then
      select pg_catalog.jsonb_build_object('id', m.id, 'chat_id', m.chat_id,
               'sender_id', m.sender_id, 'body', m.body, 'created_at', m.created_at), m.sender_id
        into new.snapshot, new.target_user_id
      from public.chat_messages m where m.id = new.target_id;
    when 'user' then
      select pg_catalog.jsonb_build_object('id', p.id, 'display_name', p.display_name), p.id
        into new.snapshot, new.target_user_id
      from public.profiles p where p.id = new.target_id;
    when 'circle' then
      select pg_catalog.jsonb_build_object('id', c.id, 'name', c.name,
               'description', c.description, 'created_by', c.created_by), c.created_by
        into new.snapshot, new.target_user_id
      from public.circles c where c.id = new.target_id;
    when 'event' then
      select pg_catalog.jsonb_build_object('id', e.id, 'title', e.title,
               'description', e.description, 'creator_id', e.creator_id,
               'starts_at', e.starts_at), e.creator_id
        into new.snapshot, new.target_user_id
      from public.events e where e.id = new.target_id;
  end case;
  -- A target that does not exist is refused by reports_insert, with the answer for one the
  -- caller may not see: nothing here tells the two apart.
  new.snapshot := coalesce(new.snapshot, '{}'::pg_catalog.jsonb);
  -- MOD-01: nobody reports their own post or message, or themselves. Asked only of what the
  -- caller sees, so the answer is about their own rows. A circle's or an event's words may be
  -- another admin's or author's: their creator may report them.
  if new.target_kind in ('post', 'message', 'user') and new.target_user_id = kithdb.uid() then
    raise exception 'you cannot report yourself'
      using errcode = '22023', detail = 'cannot_report_self';
  end if;
  return new;
end
$$;
comment on function kithdb.reports_take_snapshot() is
  'BEFORE INSERT on reports: its snapshot and target_user_id are the database''s, never the '
  'writer''s (MOD-02). It reads the target under the writer''s '
  'policies: what the reporter may not see stays out of the snapshot. Nobody reports their own '
  'post or message, or themselves (MOD-01).';
revoke execute on function kithdb.reports_take_snapshot() from public, anon;
create trigger reports_refuse_gone_account
  before insert on public.reports
  for each statement execute function kithdb.refuse_gone_account();
create trigger reports_take_snapshot
  before insert on public.reports
  for each row execute function kithdb.reports_take_snapshot();
-- SEC-12: a report stays its reporter's, about its target: moved, its snapshot would describe
-- another target, and its resolution would notify someone who never reported.
create trigger reports_immutable
  before update on public.reports
  for each row
  when ((new.id, new.target_kind, new.target_id, new.target_user_id)
          is distinct from (old.id, old.target_kind, old.target_id, old.target_user_id)
        or new.reporter_id is not null and new.reporter_id is distinct from old.reporter_id)
  execute function kithdb.refuse_row_move(
    'report_immutable', 'a report cannot move to another reporter or target');
create trigger reports_insert_limit
  after insert on public.reports
  referencing new table as new_rows
  for each statement execute function kithdb.limit_api_insert();

alter table public.reports enable row level security;
revoke all on table public.reports from anon, authenticated, service_role;
-- Who resolved a report is the moderators' to read (in the log), never the reporter's.
grant select (id, reporter_id, target_kind, target_id, target_user_id, reason, note, snapshot,
              status, created_at, resolved_at, resolution)
  on table public.reports to authenticated;
grant insert (target_kind, target_id, reason, note) on table public.reports to authenticated;
grant all on table public.reports to service_role;

create policy reports_select on public.reports
  for select to authenticated
  using (
    reporter_id = (select auth.uid())
    -- MOD-08: not a report about the moderator, which would name who reported them.
    or target_user_id is distinct from (select auth.uid())
       and exists (select from public.moderators m where m.user_id = (select auth.uid()))
  );
create policy reports_insert on public.reports
  for insert to authenticated
  with check (
    reporter_id = (select auth.uid())
    and not (target_kind = 'user' and target_id = (select auth.uid()))
    and kithdb.can_see_report_target(target_kind, target_id)
  );

-- Suspensions -------------------------------------------------------------------------------------

create table public.suspensions (
  user_id uuid primary key references public.profiles (id) on delete cascade,
  until timestamptz,
  report_id uuid references public.reports (id) on delete set null,
  created_at timestamptz not null default now()
);
create index suspensions_report_id_idx on public.suspensions (report_id);
comment on table public.suspensions is
  'Users whose writes are refused (MOD-05) until the end. Written by resolve_report or '
  'service_role.';
comment on column public.suspensions.user_id is 'Who is suspended.';
comment on column public.suspensions.until is 'When it ends; null: until service_role lifts it.';
comment on column public.suspensions.report_id is 'The report it answered.';
comment on column public.suspensions.created_at is 'When it was decided.';

alter table public.suspensions enable row level security;
revoke all on table public.suspensions from anon, authenticated, service_role;
grant select on table public.suspensions to authenticated;
grant all on table public.suspensions to service_role;

create policy suspensions_select on public.suspensions
  for select to authenticated
  using (
    user_id = (select auth.uid())
    or exists (select from public.moderators m where m.user_id = (select auth.uid()))
  );

-- SEC-12: a suspension stays with the user it was decided for; lift it and suspend another.
create trigger suspensions_immutable
  before update on public.suspensions
  for each row
  when (new.user_id is distinct from old.user_id)
  execute function kithdb.refuse_row_move(
    'suspension_immutable', 'a suspension cannot move to another user');

create function kithdb.refuse_suspended() returns trigger
language plpgsql
set search_path = ''
as $$
declare
  -- kithdb.uid()'s expression, written out (pgTAP holds the two alike): this fires before every
  -- write statement, and the call would add ~14k instructions to each. Read here, not in the
  -- query, so that a token whose sub is no uuid is refused (22P02) whatever the query's plan
  -- reads.
  v_me pg_catalog.uuid := coalesce(
    nullif(pg_catalog.current_setting('request.jwt.claim.sub', true), ''),
    (nullif(pg_catalog.current_setting('request.jwt.claims', true), '')::pg_catalog.jsonb
      operator(pg_catalog.->>) 'sub')
  )::pg_catalog.uuid;
begin
  -- service_role writes as itself, whatever user its token names (ID-04, MOD-07). The request's
  -- role, not current_user, which a definer step changes; only a member of service_role sets it.
  if v_me is not null
     and pg_catalog.current_setting('role') operator(pg_catalog.<>) 'service_role'
     and exists (
       select from public.suspensions s
       where s.user_id = v_me and (s.until is null or s.until > now())
     ) then
    raise exception 'your account is suspended' using errcode = '42501', detail = 'user_suspended';
  end if;
  return null;
end
$$;
comment on function kithdb.refuse_suspended() is
  'BEFORE each write statement on a table users write: refused while the caller is suspended '
  '(MOD-05); reads go on.';
revoke execute on function kithdb.refuse_suspended() from public, anon;

create trigger profiles_refuse_suspended before insert or update or delete on public.profiles
  for each statement execute function kithdb.refuse_suspended();
create trigger blocks_refuse_suspended before insert or update or delete on public.blocks
  for each statement execute function kithdb.refuse_suspended();
create trigger mutes_refuse_suspended before insert or update or delete on public.mutes
  for each statement execute function kithdb.refuse_suspended();
create trigger friendships_refuse_suspended before insert or update or delete on public.friendships
  for each statement execute function kithdb.refuse_suspended();
create trigger circles_refuse_suspended before insert or update or delete on public.circles
  for each statement execute function kithdb.refuse_suspended();
create trigger circle_members_refuse_suspended
  before insert or update or delete on public.circle_members
  for each statement execute function kithdb.refuse_suspended();
create trigger events_refuse_suspended before insert or update or delete on public.events
  for each statement execute function kithdb.refuse_suspended();
create trigger event_authors_refuse_suspended
  before insert or update or delete on public.event_authors
  for each statement execute function kithdb.refuse_suspended();
create trigger event_author_invitations_refuse_suspended
  before insert or update or delete on public.event_author_invitations
  for each statement execute function kithdb.refuse_suspended();
create trigger chat_participants_refuse_suspended
  before insert or update or delete on public.chat_participants
  for each statement execute function kithdb.refuse_suspended();
create trigger chat_messages_refuse_suspended
  before insert or update or delete on public.chat_messages
  for each statement execute function kithdb.refuse_suspended();
create trigger like_groups_refuse_suspended before insert or update or delete on public.like_groups
  for each statement execute function kithdb.refuse_suspended();
create trigger like_group_members_refuse_suspended
  before insert or update or delete on public.like_group_members
  for each statement execute function kithdb.refuse_suspended();
create trigger like_group_approvals_refuse_suspended
  before insert or update or delete on public.like_group_approvals
  for each statement execute function kithdb.refuse_suspended();
create trigger posts_refuse_suspended before insert or update or delete on public.posts
  for each statement execute function kithdb.refuse_suspended();
create trigger post_circles_refuse_suspended
  before insert or update or delete on public.post_circles
  for each statement execute function kithdb.refuse_suspended();
create trigger reports_refuse_suspended before insert or update or delete on public.reports
  for each statement execute function kithdb.refuse_suspended();

-- The log -----------------------------------------------------------------------------------------

create table public.moderation_log (
  id uuid primary key default gen_random_uuid(),
  -- Plain ids, no foreign keys: the log outlives accounts and reports, and a cascade would be an
  -- update or delete of it.
  moderator_id uuid,
  action public.moderation_action not null,
  target_kind public.report_target_kind not null,
  target_id uuid not null,
  report_id uuid,
  -- For suspend_user: who, and until when (null: until lifted).
  suspended_user_id uuid,
  suspended_until timestamptz,
  note text,
  created_at timestamptz not null default now()
);
create index moderation_log_target_idx on public.moderation_log (target_kind, target_id);
comment on table public.moderation_log is
  'Every moderation action: who, what, when, why (MOD-07). Append-only: no role updates or '
  'deletes a row.';
comment on column public.moderation_log.id is 'The entry''s id.';
comment on column public.moderation_log.moderator_id is 'Which moderator (null: service_role).';
comment on column public.moderation_log.action is 'What they did.';
comment on column public.moderation_log.target_kind is 'What kind of thing it was done to.';
comment on column public.moderation_log.target_id is 'The id of that thing.';
comment on column public.moderation_log.report_id is 'The report resolved.';
comment on column public.moderation_log.suspended_user_id is 'Who was suspended (suspend_user).';
comment on column public.moderation_log.suspended_until is
  'Until when (suspend_user; null: until lifted).';
comment on column public.moderation_log.note is 'Why, in the moderator''s words.';
comment on column public.moderation_log.created_at is 'When.';

alter table public.moderation_log enable row level security;
revoke all on table public.moderation_log from anon, authenticated, service_role;
grant select on table public.moderation_log to authenticated;
-- Only kithdb.resolve_report writes it, as its owner: nobody backdates an entry or names a
-- moderator who did not act.
grant select on table public.moderation_log to service_role;

create policy moderation_log_select on public.moderation_log
  for select to authenticated
  using (exists (select from public.moderators m where m.user_id = (select auth.uid())));

create function kithdb.moderation_log_append_only() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  raise exception 'the moderation log is append-only'
    using errcode = '42501', detail = 'moderation_log_append_only';
end
$$;
comment on function kithdb.moderation_log_append_only() is
  'BEFORE UPDATE, DELETE or TRUNCATE on moderation_log: refused, whoever asks (MOD-07).';
revoke execute on function kithdb.moderation_log_append_only() from public, anon;
create trigger moderation_log_append_only
  before update or delete on public.moderation_log
  for each row execute function kithdb.moderation_log_append_only();
create trigger moderation_log_no_truncate
  before truncate on public.moderation_log
  for each statement execute function kithdb.moderation_log_append_only();

-- RPCs --------------------------------------------------------------------------------------------

create function public.report(
  p_target_kind text,
  p_target_id uuid,
  p_reason text,
  p_note text default null
) returns uuid
language plpgsql
set search_path = ''
as $$
declare
  v_me pg_catalog.uuid := kithdb.require_account();
  v_kind public.report_target_kind;
  v_reason public.report_reason;
  v_id pg_catalog.uuid;
begin
  if p_target_kind is null
     or p_target_kind <> all (enum_range(null::public.report_target_kind)::pg_catalog.text[]) then
    raise exception 'p_target_kind is one of post, message, user, circle, event'
      using errcode = '22023', detail = 'invalid_report_target_kind';
  end if;
  v_kind := p_target_kind::public.report_target_kind;
  if p_reason is null
     or p_reason <> all (enum_range(null::public.report_reason)::pg_catalog.text[]) then
    raise exception 'p_reason is one of spam, harassment, hate, violence, sexual, self_harm, other'
      using errcode = '22023', detail = 'invalid_report_reason';
  end if;
  v_reason := p_reason::public.report_reason;
  if p_target_id is null then
    raise exception 'p_target_id is required' using errcode = '22023', detail = 'missing_target_id';
  end if;
  if char_length(p_note) > 1000 then
    raise exception 'a report''s note has at most 1000 characters'
      using errcode = '22023', detail = 'report_note_too_long';
  end if;
  if not kithdb.can_see_report_target(v_kind, p_target_id) then
    raise exception 'nothing to report' using errcode = 'PT404', detail = 'report_target_not_found';
  end if;
  if v_kind = 'user' and p_target_id = v_me then
    raise exception 'you cannot report yourself'
      using errcode = '22023', detail = 'cannot_report_self';
  end if;
  begin
    insert into public.reports (target_kind, target_id, reason, note)
    values (v_kind, p_target_id, v_reason, p_note)
    returning id into v_id;
  exception
    when unique_violation then
      raise exception 'you have already reported this'
        using errcode = '23505', detail = 'already_reported';
  end;
  return v_id;
end
$$;
comment on function public.report(text, uuid, text, text) is
  'Report something you see (p_target_kind post, message, user, circle or event) for p_reason; '
  'returns the report''s id. Its content is kept as it is now.';
revoke execute on function public.report(text, uuid, text, text) from public, anon;
grant execute on function public.report(text, uuid, text, text) to authenticated, service_role;

create function kithdb.require_moderator() returns void
language plpgsql stable
set search_path = ''
as $$
declare
  v_me pg_catalog.uuid;
begin
  if not kithdb.is_api_role() then
    return;
  end if;
  v_me := kithdb.require_uid();
  if not exists (select from public.moderators m where m.user_id = v_me) then
    raise exception 'only a moderator can do this'
      using errcode = '42501', detail = 'not_moderator';
  end if;
end
$$;
comment on function kithdb.require_moderator() is
  'Refuses an API caller who is not a moderator (42501 not_moderator); service_role and DBAs '
  'pass. Reads the caller''s own moderators row, which its policy shows them.';
revoke execute on function kithdb.require_moderator() from public, anon;
grant execute on function kithdb.require_moderator() to authenticated, service_role;

create function public.moderation_queue(
  p_limit integer default 50,
  p_before timestamptz default null
) returns table (
  report_id uuid,
  target_kind public.report_target_kind,
  target_id uuid,
  target_user_id uuid,
  reason public.report_reason,
  note text,
  snapshot jsonb,
  reporter_id uuid,
  created_at timestamptz,
  target_reports bigint
)
language plpgsql stable
set search_path = ''
as $$
begin
  perform kithdb.require_moderator();
  if p_limit is null or p_limit < 1 or p_limit > 100 then
    raise exception 'p_limit must be between 1 and 100'
      using errcode = '22023', detail = 'invalid_limit';
  end if;
  return query
    select r.id, r.target_kind, r.target_id, r.target_user_id, r.reason, r.note, r.snapshot,
           r.reporter_id, r.created_at,
           (select count(*) from public.reports o
            where o.target_kind = r.target_kind and o.target_id = r.target_id and o.status = 'open')
    from public.reports r
    where r.status = 'open' and (p_before is null or r.created_at < p_before)
    order by r.created_at, r.id
    limit p_limit;
end
$$;
comment on function public.moderation_queue(integer, timestamptz) is
  'For moderators: the open reports (made before p_before, if given), oldest first, each with '
  'its snapshot and how many open reports its target has.';
revoke execute on function public.moderation_queue(integer, timestamptz) from public, anon;
grant execute on function public.moderation_queue(integer, timestamptz)
  to authenticated, service_role;

create function kithdb.resolve_report(
  p_moderator uuid,
  p_report_id uuid,
  p_action text,
  p_note text,
  p_until timestamptz
) returns void
language plpgsql security definer
set search_path = ''
as $$
declare
  v_report public.reports;
  v_action public.moderation_action;
begin
  if p_report_id is null then
    raise exception 'p_report_id is required' using errcode = '22023', detail = 'missing_report_id';
  end if;
  if p_action is null
     or p_action <> all (enum_range(null::public.moderation_action)::pg_catalog.text[]) then
    raise exception 'p_action is one of dismiss, remove_content, suspend_user'
      using errcode = '22023', detail = 'invalid_moderation_action';
  end if;
  v_action := p_action::public.moderation_action;
  if char_length(p_note) > 1000 then
    raise exception 'a moderation note has at most 1000 characters'
      using errcode = '22023', detail = 'moderation_note_too_long';
  end if;
  if v_action = 'suspend_user' and p_until <= now() then
    raise exception 'a suspension ends in the future'
      using errcode = '22023', detail = 'suspension_until_past';
  end if;
  select * into v_report from public.reports r where r.id = p_report_id;
  -- MOD-08: a report about the moderator is hidden from them (reports_select).
  if not found or v_report.target_user_id = p_moderator then
    raise exception 'no such report' using errcode = 'PT404', detail = 'report_not_found';
  end if;
  -- Every open report on the target, in id order: two moderators resolving two of them wait
  -- for each other, and the second finds its report resolved. A moderator's are those they read
  -- (MOD-08): a target's reports may name different users (an event passes on), and one about
  -- the moderator stays open for another.
  perform from public.reports r
  where r.target_kind = v_report.target_kind and r.target_id = v_report.target_id
    and r.status = 'open'
    and (p_moderator is null or r.target_user_id is distinct from p_moderator)
  order by r.id
  for update;
  select * into v_report from public.reports r where r.id = p_report_id;
  if v_report.status <> 'open' then
    raise exception 'this report is resolved already'
      using errcode = 'PT409', detail = 'report_not_open';
  end if;
  if v_action = 'remove_content' then
    if v_report.target_kind = 'post' then
      -- MOD-04: removed from the first removal on; a later report on it (one made while that
      -- resolution ran, or written by service_role) changes only its own status. Only the post
      -- reported: one deleted since, and written again under its id by service_role, is another
      -- author's (an author never changes, SEC-12). The first removal takes the post off its
      -- circles (trigger posts_leave_circles).
      update public.posts p set removed_at = coalesce(p.removed_at, now())
      where p.id = v_report.target_id and p.author_id = v_report.target_user_id;
    elsif v_report.target_kind = 'message' then
      -- As for a post; a message stays, sent by nobody, when its sender's account goes.
      update public.chat_messages m set removed_at = coalesce(m.removed_at, now())
      where m.id = v_report.target_id
        and (m.sender_id = v_report.target_user_id or m.sender_id is null);
    else
      raise exception 'only a post or a message can be removed'
        using errcode = '22023', detail = 'moderation_action_not_applicable';
    end if;
  elsif v_action = 'suspend_user' then
    -- A circle's or an event's words may be another admin's or author's: suspend a user from a
    -- report of what they wrote, or of them.
    if v_report.target_kind not in ('post', 'message', 'user') then
      raise exception 'suspend the author of a post or a message, or a reported user'
        using errcode = '22023', detail = 'moderation_action_not_applicable';
    end if;
    -- The account reported, not one signed up after the report under its id (an operator may
    -- choose a new user's id): reports keep the bare id of an account that went. Held, so that
    -- a deletion in flight is waited for and then answers as for no user.
    perform from public.profiles p
    where p.id = v_report.target_user_id and p.created_at <= v_report.created_at
    for key share;
    if not found then
      raise exception 'no such user' using errcode = 'PT404', detail = 'user_not_found';
    end if;
    -- MOD-08: one moderator could otherwise lock every other one out.
    if p_moderator is not null
       and exists (select from public.moderators m where m.user_id = v_report.target_user_id) then
      raise exception 'only service_role suspends a moderator'
        using errcode = '42501', detail = 'target_is_moderator';
    end if;
    insert into public.suspensions as s (user_id, until, report_id)
    values (v_report.target_user_id, p_until, v_report.id)
    on conflict (user_id) do update
      -- The later end wins (null: none): a second, shorter suspension never shortens the first.
      set until = case when s.until is null or excluded.until is null then null
                       else greatest(s.until, excluded.until) end,
          report_id = excluded.report_id, created_at = now();
  end if;
  update public.reports r
  set status = (case when v_action = 'dismiss' then 'dismissed' else 'actioned' end)
                 ::public.report_status,
      resolved_at = now(), resolved_by = p_moderator, resolution = v_action
  where r.target_kind = v_report.target_kind and r.target_id = v_report.target_id
    and r.status = 'open'
    and (p_moderator is null or r.target_user_id is distinct from p_moderator);
  insert into public.moderation_log
    (moderator_id, action, target_kind, target_id, report_id, suspended_user_id, suspended_until,
     note)
  values (p_moderator, v_action, v_report.target_kind, v_report.target_id, v_report.id,
          case when v_action = 'suspend_user' then v_report.target_user_id end,
          case when v_action = 'suspend_user' then p_until end, p_note);
end
$$;
comment on function kithdb.resolve_report(uuid, uuid, text, text, timestamptz) is
  'Resolves a report and every open report on its target, as moderator p_moderator (null: '
  'service_role), and logs it (MOD-03 to MOD-07). Definer because it writes content, '
  'suspensions and the log that no user may write; only service_role and '
  'kithdb.resolve_report_as_moderator call it.';
revoke execute on function kithdb.resolve_report(uuid, uuid, text, text, timestamptz)
  from public, anon, authenticated;
grant execute on function kithdb.resolve_report(uuid, uuid, text, text, timestamptz)
  to service_role;

create function kithdb.resolve_report_as_moderator(
  p_report_id uuid,
  p_action text,
  p_note text,
  p_until timestamptz
) returns void
language plpgsql security definer
set search_path = ''
as $$
declare
  v_me pg_catalog.uuid := kithdb.require_uid();
begin
  if not exists (select from public.moderators m where m.user_id = v_me) then
    raise exception 'only a moderator can do this'
      using errcode = '42501', detail = 'not_moderator';
  end if;
  perform kithdb.resolve_report(v_me, p_report_id, p_action, p_note, p_until);
end
$$;
comment on function kithdb.resolve_report_as_moderator(uuid, text, text, timestamptz) is
  'kithdb.resolve_report for a signed-in moderator, in their own name. Definer because it calls '
  'kithdb.resolve_report, which no user may call; it answers only whether the caller moderates.';
revoke execute on function kithdb.resolve_report_as_moderator(uuid, text, text, timestamptz)
  from public, anon;
grant execute on function kithdb.resolve_report_as_moderator(uuid, text, text, timestamptz)
  to authenticated;

create function public.resolve_report(
  p_report_id uuid,
  p_action text,
  p_note text default null,
  p_until timestamptz default null
) returns void
language plpgsql
set search_path = ''
as $$
begin
  if kithdb.is_api_role() then
    perform kithdb.resolve_report_as_moderator(p_report_id, p_action, p_note, p_until);
  else
    -- service_role (or a DBA) decides as itself, whatever user its token names.
    perform kithdb.resolve_report(null, p_report_id, p_action, p_note, p_until);
  end if;
end
$$;
comment on function public.resolve_report(uuid, text, text, timestamptz) is
  'For moderators: resolve report p_report_id and every open report on its target with p_action: '
  'dismiss, remove_content (a post or message: hidden from all but its author) or suspend_user '
  '(its author: every write refused until p_until; null: until lifted). Logged with p_note.';
revoke execute on function public.resolve_report(uuid, text, text, timestamptz) from public, anon;
grant execute on function public.resolve_report(uuid, text, text, timestamptz)
  to authenticated, service_role;

-- PostgREST: reload the schema cache so the API shows this change at once.
notify pgrst, 'reload schema';
