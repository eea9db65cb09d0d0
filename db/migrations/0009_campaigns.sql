-- Campaigns and their ledger: one campaign_messages row per recipient, written in bulk at launch, is
-- the single record of what was (and will be) sent. Senders claim rows before calling Meta and record
-- the wamid after; statuses from webhooks move a row forward only (app/modules/campaigns/message-status.ts).
create table campaigns (
  workspace_id uuid not null references workspaces (id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  name text not null check (length(name) between 1 and 200),
  -- The sending number is checked at launch and at every batch, not tied by a key: a campaign and
  -- its report outlive a disconnected number.
  phone_number_id text not null check (phone_number_id ~ '^[0-9]{1,30}$'),
  template_id uuid,
  -- What is sent, copied from the template at launch so a later edit or sync changes no message in flight.
  template_name text not null,
  template_language text not null,
  template_category text not null check (template_category in ('MARKETING', 'UTILITY', 'AUTHENTICATION')),
  template_components jsonb not null default '[]',
  -- Which contacts (the contact list's filter: tag, search) and where each variable's value comes from.
  audience jsonb not null default '{}' check (jsonb_typeof(audience) = 'object'),
  variables jsonb not null default '{}' check (jsonb_typeof(variables) = 'object'),
  status text not null default 'draft' check (status in ('draft', 'scheduled', 'running', 'paused', 'completed', 'cancelled', 'failed')),
  -- Why the campaign paused or failed, in words for the user.
  status_reason text,
  scheduled_at timestamptz,
  -- Share of failed sends (after at least 50 attempts) that pauses the campaign.
  max_error_rate numeric(4, 3) not null default 0.25 check (max_error_rate > 0 and max_error_rate <= 1),
  created_by uuid references users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  launched_at timestamptz,
  finished_at timestamptz,
  primary key (workspace_id, id),
  foreign key (workspace_id, template_id) references message_templates (workspace_id, id) on delete set null (template_id)
);
create index campaigns_recent_idx on campaigns (workspace_id, created_at desc);
create index campaigns_due_idx on campaigns (scheduled_at) where status = 'scheduled';

create table campaign_messages (
  workspace_id uuid not null,
  id uuid not null default gen_random_uuid(),
  campaign_id uuid not null,
  -- Kept when the contact is deleted later: the report still says who was messaged.
  contact_id uuid,
  recipient_phone text,
  recipient_bsuid text,
  -- The template's send components with this recipient's values, resolved at launch.
  components jsonb not null default '[]',
  status text not null default 'queued' check (status in ('queued', 'sending', 'sent', 'delivered', 'read', 'failed', 'skipped')),
  attempts integer not null default 0,
  -- A throttled message waits until then; a claimed one belongs to its sender until claimed_until.
  not_before timestamptz,
  claimed_until timestamptz,
  wamid text,
  error_code integer,
  error_title text,
  pricing jsonb,
  sent_at timestamptz,
  delivered_at timestamptz,
  read_at timestamptz,
  failed_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (workspace_id, id),
  unique (workspace_id, campaign_id, contact_id),
  check (recipient_phone is not null or recipient_bsuid is not null),
  foreign key (workspace_id, campaign_id) references campaigns (workspace_id, id) on delete cascade,
  foreign key (workspace_id, contact_id) references contacts (workspace_id, id) on delete set null (contact_id)
);
-- Senders' claim order; webhooks find a message by its wamid; reports read a campaign's rows.
create index campaign_messages_pending_idx on campaign_messages (workspace_id, campaign_id, created_at, id) where status in ('queued', 'sending');
create unique index campaign_messages_wamid_idx on campaign_messages (workspace_id, wamid) where wamid is not null;
create index campaign_messages_status_idx on campaign_messages (workspace_id, campaign_id, status);

-- Statuses for a wamid no message has (yet): a status can arrive before the sender records the
-- wamid. Kept, and applied when the message appears; never an error.
create table message_status_backlog (
  workspace_id uuid not null references workspaces (id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  wamid text not null,
  status text not null check (status in ('sent', 'delivered', 'read', 'failed')),
  error_code integer,
  error_title text,
  pricing jsonb,
  occurred_at timestamptz not null,
  received_at timestamptz not null default now(),
  primary key (workspace_id, id)
);
create index message_status_backlog_wamid_idx on message_status_backlog (workspace_id, wamid);

alter table campaigns enable row level security;
alter table campaigns force row level security;
create policy campaigns_tenant on campaigns for all
  using (workspace_id = (select app_private.current_workspace_id()))
  with check (workspace_id = (select app_private.current_workspace_id()));

alter table campaign_messages enable row level security;
alter table campaign_messages force row level security;
create policy campaign_messages_tenant on campaign_messages for all
  using (workspace_id = (select app_private.current_workspace_id()))
  with check (workspace_id = (select app_private.current_workspace_id()));

alter table message_status_backlog enable row level security;
alter table message_status_backlog force row level security;
create policy message_status_backlog_tenant on message_status_backlog for all
  using (workspace_id = (select app_private.current_workspace_id()))
  with check (workspace_id = (select app_private.current_workspace_id()));

grant select, insert, update, delete on campaigns, campaign_messages, message_status_backlog to kiana_app;
