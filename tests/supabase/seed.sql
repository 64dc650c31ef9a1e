-- A Supabase project's supabase/seed.sql, as projects write them: users made by inserting into
-- auth.users and auth.identities directly. tests/test_supabase_auth.py runs it unchanged with psql
-- on a database kithdb migrated, as `supabase db reset` runs it on Supabase.

-- Ada signs in with email and password, by hand the way Supabase's seeding guides write it:
-- pgcrypto's crypt() and gen_salt() and uuid-ossp's uuid_generate_v4(), unqualified.
insert into auth.users (
  instance_id, id, aud, role, email, encrypted_password, email_confirmed_at, recovery_sent_at,
  last_sign_in_at, raw_app_meta_data, raw_user_meta_data, created_at, updated_at,
  confirmation_token, email_change, email_change_token_new, recovery_token
) values (
  '00000000-0000-0000-0000-000000000000', 'a0000000-0000-4000-8000-00000000000a', 'authenticated',
  'authenticated', 'ada@example.com', crypt('password123', gen_salt('bf')), current_timestamp,
  current_timestamp, current_timestamp, '{"provider":"email","providers":["email"]}',
  '{"display_name":"Ada Lovelace"}', current_timestamp, current_timestamp, '', '', '', ''
);

insert into auth.identities (
  id, user_id, provider_id, identity_data, provider, last_sign_in_at, created_at, updated_at
) values (
  uuid_generate_v4(), 'a0000000-0000-4000-8000-00000000000a', 'a0000000-0000-4000-8000-00000000000a',
  '{"sub":"a0000000-0000-4000-8000-00000000000a","email":"Ada@Example.com"}', 'email',
  current_timestamp, current_timestamp, current_timestamp
);

-- Bob (GitHub) and an anonymous visitor, as `supabase db dump --data-only` prints auth.users:
-- every column but the generated confirmed_at.
INSERT INTO "auth"."users" ("instance_id", "id", "aud", "role", "email", "encrypted_password", "email_confirmed_at", "invited_at", "confirmation_token", "confirmation_sent_at", "recovery_token", "recovery_sent_at", "email_change_token_new", "email_change", "email_change_sent_at", "last_sign_in_at", "raw_app_meta_data", "raw_user_meta_data", "is_super_admin", "created_at", "updated_at", "phone", "phone_confirmed_at", "phone_change", "phone_change_token", "phone_change_sent_at", "email_change_token_current", "email_change_confirm_status", "banned_until", "reauthentication_token", "reauthentication_sent_at", "is_sso_user", "deleted_at", "is_anonymous") VALUES
	('00000000-0000-0000-0000-000000000000', 'b0000000-0000-4000-8000-00000000000b', 'authenticated', 'authenticated', 'bob@example.com', '$2a$10$W9ZdOk8k7L4huL89nbjkoe1a5ZOvJQSmS2oH/T6PItmEZpcrmnieK', '2026-11-02 09:14:07.120935+00', NULL, '', NULL, '', NULL, '', '', NULL, '2026-11-30 18:02:41.5531+00', '{"provider": "github", "providers": ["github"]}', '{"iss": "https://api.github.com", "sub": "583231", "name": "bob@example.com", "email": "bob@example.com", "user_name": "bobthebuilder", "avatar_url": "https://avatars.githubusercontent.com/u/583231?v=4", "provider_id": "583231", "email_verified": true, "phone_verified": false, "preferred_username": "bobthebuilder"}', NULL, '2026-11-02 09:14:07.098213+00', '2026-11-30 18:02:41.560114+00', NULL, NULL, '', '', NULL, '', 0, NULL, '', NULL, false, NULL, false),
	('00000000-0000-0000-0000-000000000000', 'd0000000-0000-4000-8000-00000000000d', 'authenticated', 'authenticated', NULL, NULL, NULL, NULL, '', NULL, '', NULL, '', '', NULL, '2026-12-01 07:45:12.004417+00', '{}', '{}', NULL, '2026-12-01 07:45:11.998871+00', '2026-12-01 07:45:12.009353+00', NULL, NULL, '', '', NULL, '', 0, NULL, '', NULL, false, NULL, true);

INSERT INTO "auth"."identities" ("provider_id", "user_id", "identity_data", "provider", "last_sign_in_at", "created_at", "updated_at", "id") VALUES
	('583231', 'b0000000-0000-4000-8000-00000000000b', '{"iss": "https://api.github.com", "sub": "583231", "name": "bob@example.com", "email": "bob@example.com", "user_name": "bobthebuilder", "email_verified": true, "phone_verified": false}', 'github', '2026-11-02 09:14:07.110722+00', '2026-11-02 09:14:07.110775+00', '2026-11-30 18:02:41.54473+00', 'e0000000-0000-4000-8000-0000000000b1');
