-- WhatsApp connection: a workspace's WhatsApp Business Account, its phone numbers, its message
-- templates, and the webhook deliveries Meta sends to the workspace's own callback URL.

create table whatsapp_accounts (
  workspace_id uuid not null references workspaces (id) on delete cascade,
  waba_id text not null check (waba_id ~ '^[0-9]{1,30}$'),
  -- Secrets are AES-256-GCM ciphertexts (iv, tag and data packed together) with the id of the key
  -- that sealed them, so keys rotate without losing what older keys sealed.
  access_token_ciphertext bytea not null,
  access_token_key_id text not null,
  app_secret_ciphertext bytea not null,
  app_secret_key_id text not null,
  -- Shown back on purpose: the owner pastes it into Meta's dashboard.
  verify_token text not null check (length(verify_token) between 16 and 100),
  -- The unguessable path segment of the workspace's webhook URL; Meta calls it without a session.
  webhook_key text not null check (webhook_key ~ '^[A-Za-z0-9_-]{20,64}$'),
  graph_api_version text not null check (graph_api_version ~ '^v[0-9]+\.[0-9]+$'),
  marketing_messages_enabled boolean not null default false,
  connected_by uuid references users (id) on delete set null,
  connected_at timestamptz not null default now(),
  last_checked_at timestamptz,
  templates_synced_at timestamptz,
  updated_at timestamptz not null default now(),
  primary key (workspace_id)
);

-- Webhook keys are unique across workspaces: the key alone routes Meta's call to its workspace.
create unique index whatsapp_accounts_webhook_key_idx on whatsapp_accounts (webhook_key);

create table whatsapp_phone_numbers (
  workspace_id uuid not null references whatsapp_accounts (workspace_id) on delete cascade,
  phone_number_id text not null check (phone_number_id ~ '^[0-9]{1,30}$'),
  display_phone_number text not null default '',
  verified_name text not null default '',
  quality_rating text not null default 'UNKNOWN',
  messaging_limit_tier text,
  -- Messages per second the sending limiter allows this number (Meta's default is 80, up to 1,000).
  throughput_per_second integer not null default 80 check (throughput_per_second between 1 and 1000),
  synced_at timestamptz not null default now(),
  primary key (workspace_id, phone_number_id)
);
-- A number belongs to one workspace: Meta delivers its webhooks to one callback.
create unique index whatsapp_phone_numbers_number_idx on whatsapp_phone_numbers (phone_number_id);

create table message_templates (
  workspace_id uuid not null references whatsapp_accounts (workspace_id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  meta_template_id text,
  name text not null check (name ~ '^[a-z0-9_]{1,512}$'),
  language text not null check (language ~ '^[a-z]{2,3}(_[A-Za-z]{2,4})?$'),
  category text not null check (category in ('MARKETING', 'UTILITY', 'AUTHENTICATION')),
  -- The category before Meta's latest recategorisation, kept so the change can be shown.
  previous_category text check (previous_category in ('MARKETING', 'UTILITY', 'AUTHENTICATION')),
  status text not null,
  quality_score text,
  rejected_reason text,
  components jsonb not null default '[]',
  created_by uuid references users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (workspace_id, id),
  unique (workspace_id, name, language)
);
create unique index message_templates_meta_id_idx on message_templates (workspace_id, meta_template_id);
create index message_templates_name_idx on message_templates (workspace_id, name);

-- Verified webhook deliveries, stored before they are applied so a crash loses none; an identical
-- body delivered twice is stored once.
create table whatsapp_webhook_events (
  workspace_id uuid not null references workspaces (id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  body_sha256 bytea not null,
  payload jsonb not null,
  received_at timestamptz not null default now(),
  applied_at timestamptz,
  primary key (workspace_id, id),
  unique (workspace_id, body_sha256)
);
create index whatsapp_webhook_events_received_idx on whatsapp_webhook_events (received_at);

alter table whatsapp_accounts enable row level security;
alter table whatsapp_accounts force row level security;
create policy whatsapp_accounts_tenant on whatsapp_accounts for all
  using (workspace_id = (select app_private.current_workspace_id()))
  with check (workspace_id = (select app_private.current_workspace_id()));

alter table whatsapp_phone_numbers enable row level security;
alter table whatsapp_phone_numbers force row level security;
create policy whatsapp_phone_numbers_tenant on whatsapp_phone_numbers for all
  using (workspace_id = (select app_private.current_workspace_id()))
  with check (workspace_id = (select app_private.current_workspace_id()));

alter table message_templates enable row level security;
alter table message_templates force row level security;
create policy message_templates_tenant on message_templates for all
  using (workspace_id = (select app_private.current_workspace_id()))
  with check (workspace_id = (select app_private.current_workspace_id()));

alter table whatsapp_webhook_events enable row level security;
alter table whatsapp_webhook_events force row level security;
create policy whatsapp_webhook_events_tenant on whatsapp_webhook_events for all
  using (workspace_id = (select app_private.current_workspace_id()))
  with check (workspace_id = (select app_private.current_workspace_id()));

grant select, insert, update, delete on whatsapp_accounts, whatsapp_phone_numbers, message_templates to kiana_app;
grant select, insert, update on whatsapp_webhook_events to kiana_app;
