-- The data-deletion-request workflow. Requests are platform records, not tenant rows: they must
-- outlive the workspace they delete, so they name it in target_workspace_id (no foreign key) and
-- are read by staff through the system role.

create table deletion_requests (
  id uuid primary key default gen_random_uuid(),
  code text not null unique check (code ~ '^[A-Z2-7]{20}$'),
  source text not null check (source in ('web_form', 'email', 'owner', 'meta_callback')),
  status text not null default 'unverified'
    check (status in ('unverified', 'pending_review', 'approved', 'denied', 'in_progress', 'completed')),
  requester_email citext check (length(requester_email) <= 254),
  admin_username citext,
  panel_url text check (length(panel_url) <= 500),
  business_name text check (length(business_name) <= 200),
  details text check (length(details) <= 5000),
  meta_user_id text,
  requester_ip inet,
  verification_token_hash bytea unique,
  verification_expires_at timestamptz,
  verified_at timestamptz,
  due_at timestamptz,
  target_workspace_id uuid,
  decided_by uuid references users (id) on delete set null,
  decision_reason text check (length(decision_reason) <= 2000),
  progress jsonb not null default '{}',
  completed_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (requester_email is not null or meta_user_id is not null)
);
create unique index deletion_requests_one_open_per_email on deletion_requests (requester_email)
  where status in ('unverified', 'pending_review', 'approved', 'in_progress');
create index deletion_requests_due_idx on deletion_requests (status, due_at);

create table deletion_request_events (
  id uuid primary key default gen_random_uuid(),
  request_id uuid not null references deletion_requests (id) on delete cascade,
  from_status text,
  to_status text not null,
  actor text not null,
  actor_user_id uuid references users (id) on delete set null,
  note text,
  created_at timestamptz not null default now()
);
create index deletion_request_events_request_idx on deletion_request_events (request_id, created_at);

create table deletion_tombstones (
  request_id uuid primary key references deletion_requests (id) on delete restrict,
  deleted_workspace_id uuid not null,
  workspace_name_hash text not null,
  counts jsonb not null,
  deleted_users integer not null,
  created_at timestamptz not null default now()
);

-- Generic request counting for public forms (per IP, per email), shared by every web server.
create table rate_limit_hits (
  id uuid primary key default gen_random_uuid(),
  bucket text not null,
  key text not null,
  created_at timestamptz not null default now()
);
create index rate_limit_hits_idx on rate_limit_hits (bucket, key, created_at);

grant select, insert, update on deletion_requests, deletion_request_events to kiana_app;
grant select on deletion_tombstones to kiana_app;
grant select, insert, delete on rate_limit_hits to kiana_app;
