-- The team inbox: replies sent from a conversation (queued, then sent by a job through the same
-- pacer as campaigns, with their delivery statuses), assignment filters, labels, internal notes, and
-- the media customers send or agents attach, stored size-limited in the database.

-- An outbound reply has no wamid until Meta accepts it; inbound rows keep status null.
alter table conversation_messages
  alter column wamid drop not null,
  add column status text check (status in ('queued', 'sending', 'sent', 'delivered', 'read', 'failed')),
  add column sent_by uuid references users (id) on delete set null,
  add column template_name text,
  add column attempts integer not null default 0,
  add column claimed_until timestamptz,
  add column error_code integer,
  add column error_title text,
  add column sent_at timestamptz,
  add column delivered_at timestamptz,
  add column read_at timestamptz,
  add column failed_at timestamptz,
  add column pricing jsonb,
  add column updated_at timestamptz not null default now(),
  add constraint conversation_messages_status_direction check ((direction = 'outbound') = (status is not null));
-- Searching the inbox by what was said.
create index conversation_messages_text_idx on conversation_messages using gin (to_tsvector('simple', coalesce(body, '')));

alter table conversations
  add column labels text[] not null default '{}' check (cardinality(labels) <= 20),
  -- What the list shows under the name: the newest message's text (or its kind), and who sent it.
  add column last_message_preview text,
  add column last_message_direction text check (last_message_direction in ('inbound', 'outbound'));
-- The list's tabs (open, resolved, assigned to someone, unassigned), newest first.
create index conversations_status_recent_idx on conversations (workspace_id, status, last_message_at desc, id desc);
create index conversations_assignee_recent_idx on conversations (workspace_id, assigned_to, status, last_message_at desc, id desc);

-- A contact's campaign messages appear in the thread of the number that sent them.
create index campaign_messages_contact_idx on campaign_messages (workspace_id, contact_id, created_at desc) where contact_id is not null;

create table conversation_notes (
  workspace_id uuid not null,
  id uuid not null default gen_random_uuid(),
  conversation_id uuid not null,
  author_id uuid references users (id) on delete set null,
  body text not null check (length(body) between 1 and 4000),
  created_at timestamptz not null default now(),
  primary key (workspace_id, id),
  foreign key (workspace_id, conversation_id) references conversations (workspace_id, id) on delete cascade
);
create index conversation_notes_thread_idx on conversation_notes (workspace_id, conversation_id, created_at desc);

-- Bytes of a message's image, document, audio or video: fetched from Meta for inbound messages,
-- uploaded by an agent for replies. `data` is null until fetched, and again once retention purges it.
create table conversation_media (
  workspace_id uuid not null,
  id uuid not null default gen_random_uuid(),
  message_id uuid not null,
  meta_media_id text,
  mime_type text not null,
  filename text,
  byte_size integer check (byte_size >= 0),
  data bytea,
  -- Why the bytes are not here (too large, Meta refused, unsupported), in plain words.
  unavailable_reason text,
  created_at timestamptz not null default now(),
  primary key (workspace_id, id),
  unique (workspace_id, message_id),
  foreign key (workspace_id, message_id) references conversation_messages (workspace_id, id) on delete cascade
);
create index conversation_media_created_idx on conversation_media (created_at) where data is not null;

alter table conversation_notes enable row level security;
alter table conversation_notes force row level security;
create policy conversation_notes_tenant on conversation_notes for all
  using (workspace_id = (select app_private.current_workspace_id()))
  with check (workspace_id = (select app_private.current_workspace_id()));

alter table conversation_media enable row level security;
alter table conversation_media force row level security;
create policy conversation_media_tenant on conversation_media for all
  using (workspace_id = (select app_private.current_workspace_id()))
  with check (workspace_id = (select app_private.current_workspace_id()));

grant select, insert, update, delete on conversation_notes, conversation_media to kiana_app;
