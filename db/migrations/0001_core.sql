-- Core of the workspace SaaS: identity helpers for row-level security, accounts, workspaces,
-- memberships, invitations, sessions, email tokens, login throttling, the security log, the dev
-- mailbox, and the function through which the app role enqueues background jobs.

create schema app_private;
grant usage on schema app_private to kiana_app, kiana_system;

-- The identity of the current transaction, set with set_config(..., true) by db/transactions.ts.
create function app_private.current_workspace_id() returns uuid
  language sql stable parallel safe
  as $$ select nullif(current_setting('app.workspace_id', true), '')::uuid $$;

create function app_private.current_user_id() returns uuid
  language sql stable parallel safe
  as $$ select nullif(current_setting('app.user_id', true), '')::uuid $$;

-- Global tables: keyed by user, reached only through the signed-in user's own id or a token digest.
create table users (
  id uuid primary key default gen_random_uuid(),
  email citext not null unique check (length(email) <= 254 and email ~ '^[^@\s]+@[^@\s]+$'),
  username citext not null unique check (username ~ '^[a-z0-9][a-z0-9._-]{2,31}$'),
  name text not null check (length(name) between 1 and 120),
  password_hash text not null,
  email_verified_at timestamptz,
  is_staff boolean not null default false,
  password_changed_at timestamptz not null default now(),
  created_at timestamptz not null default now()
);

create table sessions (
  id uuid primary key default gen_random_uuid(),
  token_hash bytea not null unique,
  user_id uuid not null references users (id) on delete cascade,
  ip inet,
  user_agent text,
  created_at timestamptz not null default now(),
  last_seen_at timestamptz not null default now(),
  expires_at timestamptz not null,
  revoked_at timestamptz
);
create index sessions_user_idx on sessions (user_id, created_at desc);

create table email_tokens (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references users (id) on delete cascade,
  purpose text not null check (purpose in ('verify_email', 'reset_password')),
  token_hash bytea not null unique,
  email citext not null,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  used_at timestamptz
);
create index email_tokens_user_idx on email_tokens (user_id, purpose);

create table login_attempts (
  id uuid primary key default gen_random_uuid(),
  account_key text not null,
  ip inet,
  succeeded boolean not null,
  created_at timestamptz not null default now()
);
create index login_attempts_account_idx on login_attempts (account_key, created_at);
create index login_attempts_ip_idx on login_attempts (ip, created_at);

create table dev_mails (
  id uuid primary key default gen_random_uuid(),
  to_address text not null,
  subject text not null,
  text_body text not null,
  html_body text not null,
  created_at timestamptz not null default now()
);
create index dev_mails_to_idx on dev_mails (to_address, created_at desc);

-- Tenant tables: every row carries workspace_id, RLS is enabled and forced, keys lead with the tenant.
create table workspaces (
  id uuid primary key default gen_random_uuid(),
  slug citext not null unique check (slug ~ '^[a-z0-9](?:[a-z0-9-]{1,38}[a-z0-9])$'),
  name text not null check (length(name) between 1 and 120),
  timezone text not null default 'UTC',
  trial_ends_at timestamptz not null,
  created_at timestamptz not null default now()
);

create table memberships (
  workspace_id uuid not null references workspaces (id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  user_id uuid not null references users (id) on delete cascade,
  role text not null check (role in ('owner', 'admin', 'agent')),
  created_at timestamptz not null default now(),
  primary key (workspace_id, id),
  unique (workspace_id, user_id)
);
create index memberships_user_idx on memberships (user_id);

create table invitations (
  workspace_id uuid not null references workspaces (id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  email citext not null check (length(email) <= 254),
  role text not null check (role in ('admin', 'agent', 'owner')),
  token_hash bytea not null,
  invited_by uuid references users (id) on delete set null,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  accepted_at timestamptz,
  revoked_at timestamptz,
  primary key (workspace_id, id),
  unique (workspace_id, token_hash)
);
create index invitations_token_idx on invitations (token_hash);
create unique index invitations_open_email_idx on invitations (workspace_id, email)
  where accepted_at is null and revoked_at is null;

create table security_events (
  workspace_id uuid not null references workspaces (id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  actor_id uuid references users (id) on delete set null,
  subject_id uuid references users (id) on delete set null,
  kind text not null,
  ip inet,
  user_agent text,
  details jsonb not null default '{}',
  created_at timestamptz not null default now(),
  primary key (workspace_id, id)
);
create index security_events_recent_idx on security_events (workspace_id, created_at desc);

-- Policies before grants.
alter table workspaces enable row level security;
alter table workspaces force row level security;
create policy workspaces_member_select on workspaces for select using (
  id = (select app_private.current_workspace_id())
  or id in (select m.workspace_id from memberships m where m.user_id = (select app_private.current_user_id()))
);
create policy workspaces_current_write on workspaces for all
  using (id = (select app_private.current_workspace_id()))
  with check (id = (select app_private.current_workspace_id()));

alter table memberships enable row level security;
alter table memberships force row level security;
create policy memberships_tenant on memberships for all
  using (workspace_id = (select app_private.current_workspace_id()))
  with check (workspace_id = (select app_private.current_workspace_id()));
create policy memberships_own_select on memberships for select
  using (user_id = (select app_private.current_user_id()));

alter table invitations enable row level security;
alter table invitations force row level security;
create policy invitations_tenant on invitations for all
  using (workspace_id = (select app_private.current_workspace_id()))
  with check (workspace_id = (select app_private.current_workspace_id()));

alter table security_events enable row level security;
alter table security_events force row level security;
create policy security_events_tenant on security_events for all
  using (workspace_id = (select app_private.current_workspace_id()))
  with check (workspace_id = (select app_private.current_workspace_id()));

grant select, insert, update on users to kiana_app;
grant select, insert, update, delete on sessions, email_tokens, login_attempts to kiana_app;
grant select, insert, delete on dev_mails to kiana_app;
grant select, insert, update, delete on workspaces, memberships, invitations to kiana_app;
grant select, insert on security_events to kiana_app;

grant select, insert, update, delete on all tables in schema public to kiana_system;
revoke all on schema_migrations from kiana_app, kiana_system;

-- The app role cannot touch graphile_worker's tables; it enqueues through this definer function,
-- so a job is committed (or rolled back) with the change that caused it.
create function app_private.enqueue_job(
  task text,
  payload json,
  queue_name text default null,
  run_at timestamptz default null,
  job_key text default null,
  max_attempts integer default null
) returns void
  language plpgsql volatile security definer
  set search_path = pg_catalog, pg_temp
  as $$
begin
  perform graphile_worker.add_job(
    identifier => task,
    payload => payload,
    queue_name => queue_name,
    run_at => run_at,
    job_key => job_key,
    max_attempts => coalesce(max_attempts, 25)
  );
end
$$;
revoke all on function app_private.enqueue_job(text, json, text, timestamptz, text, integer) from public;
grant execute on function app_private.enqueue_job(text, json, text, timestamptz, text, integer) to kiana_app, kiana_system;

-- Tables added by later migrations are reachable by the system role without repeating the grant.
alter default privileges for role kiana_owner in schema public
  grant select, insert, update, delete on tables to kiana_system;
