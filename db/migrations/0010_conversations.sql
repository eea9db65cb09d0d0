-- Conversations: one per contact and sending number, created or advanced by the messages a contact
-- sends (and, later, by replies). Inbound messages are stored once per wamid whatever Meta repeats.
create table conversations (
  workspace_id uuid not null references workspaces (id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  contact_id uuid not null,
  phone_number_id text not null check (phone_number_id ~ '^[0-9]{1,30}$'),
  status text not null default 'open' check (status in ('open', 'resolved')),
  assigned_to uuid references users (id) on delete set null,
  -- The customer-service window opens with each inbound message (24 hours from this).
  last_inbound_at timestamptz,
  last_message_at timestamptz not null default now(),
  unread_count integer not null default 0 check (unread_count >= 0),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (workspace_id, id),
  unique (workspace_id, contact_id, phone_number_id),
  foreign key (workspace_id, contact_id) references contacts (workspace_id, id) on delete cascade
);
create index conversations_recent_idx on conversations (workspace_id, last_message_at desc, id desc);

create table conversation_messages (
  workspace_id uuid not null,
  id uuid not null default gen_random_uuid(),
  conversation_id uuid not null,
  direction text not null check (direction in ('inbound', 'outbound')),
  wamid text not null,
  -- Meta's message type (text, button, interactive, image, document, location, reaction…).
  type text not null,
  -- What a person reads: the text, a caption, a button's title; null for media without a caption.
  body text,
  -- The message object as Meta sent it (media ids, locations, the message replied to).
  payload jsonb not null default '{}',
  occurred_at timestamptz not null,
  created_at timestamptz not null default now(),
  primary key (workspace_id, id),
  unique (workspace_id, wamid),
  foreign key (workspace_id, conversation_id) references conversations (workspace_id, id) on delete cascade
);
create index conversation_messages_thread_idx on conversation_messages (workspace_id, conversation_id, occurred_at desc, id desc);
create index conversation_messages_created_idx on conversation_messages (created_at);

alter table conversations enable row level security;
alter table conversations force row level security;
create policy conversations_tenant on conversations for all
  using (workspace_id = (select app_private.current_workspace_id()))
  with check (workspace_id = (select app_private.current_workspace_id()));

alter table conversation_messages enable row level security;
alter table conversation_messages force row level security;
create policy conversation_messages_tenant on conversation_messages for all
  using (workspace_id = (select app_private.current_workspace_id()))
  with check (workspace_id = (select app_private.current_workspace_id()));

grant select, insert, update, delete on conversations, conversation_messages to kiana_app;
