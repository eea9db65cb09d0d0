-- Contacts: the people a workspace messages, identified by an E.164 phone number and/or WhatsApp's
-- business-scoped user id (BSUID), with tags, attributes and opt-out; CSV imports of contacts, the
-- uploaded file kept in chunks (any worker can read it) and the rows that failed, with the reason.
--
-- Search and tag filters use plain btree indexes on purpose. Under row-level security Postgres only
-- uses an index for a condition whose operator is leakproof; LIKE, array containment and every GIN
-- operator are not, so a trigram or array GIN index would never be used by the app role. Text
-- comparison and equality are leakproof: search is a prefix match on normalised keys (collation "C",
-- so a prefix is an index range on any server) and tags live in their own table.

-- Numbers typed without a country code are read as this country's (ISO 3166 alpha-2); null means
-- every number must carry its +country code.
alter table workspaces add column default_country text check (default_country ~ '^[A-Z]{2}$');

create table contacts (
  workspace_id uuid not null references workspaces (id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  phone_e164 text collate "C" check (phone_e164 ~ '^\+[1-9][0-9]{6,14}$'),
  -- A two-letter country code, a period and up to 128 letters or digits ("ENT." for a parent BSUID).
  bsuid text collate "C" check (bsuid ~ '^[A-Z]{2}\.(ENT\.)?[A-Za-z0-9]{1,128}$'),
  username text check (length(username) between 1 and 100),
  name text check (length(name) between 1 and 200),
  attributes jsonb not null default '{}' check (jsonb_typeof(attributes) = 'object'),
  opted_out_at timestamptz,
  opt_out_source text check (opt_out_source in ('manual', 'import', 'keyword', 'whatsapp')),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  -- Search keys: the whole name, its last word (a family name) and the username, lower-cased.
  name_key text collate "C" generated always as (lower(name)) stored,
  surname_key text collate "C" generated always as (lower(substring(name from '\s(\S+)\s*$'))) stored,
  username_key text collate "C" generated always as (lower(username)) stored,
  primary key (workspace_id, id),
  -- Nulls are distinct, so contacts without a phone (or without a BSUID) never clash.
  constraint contacts_phone_key unique (workspace_id, phone_e164),
  constraint contacts_bsuid_key unique (workspace_id, bsuid),
  constraint contacts_identified check (phone_e164 is not null or bsuid is not null),
  constraint contacts_opt_out_complete check ((opted_out_at is null) = (opt_out_source is null))
);
-- The list's keyset order (newest first), its opted-out filter and the search keys.
create index contacts_recent_idx on contacts (workspace_id, created_at desc, id desc);
create index contacts_opted_out_idx on contacts (workspace_id, created_at desc, id desc) where opted_out_at is not null;
create index contacts_name_key_idx on contacts (workspace_id, name_key);
create index contacts_surname_key_idx on contacts (workspace_id, surname_key);
create index contacts_username_key_idx on contacts (workspace_id, username_key);

create table contact_tags (
  workspace_id uuid not null,
  contact_id uuid not null,
  tag text collate "C" not null check (length(tag) between 1 and 50 and tag !~ '[,;|]' and tag = btrim(tag)),
  primary key (workspace_id, contact_id, tag),
  foreign key (workspace_id, contact_id) references contacts (workspace_id, id) on delete cascade
);
create index contact_tags_tag_idx on contact_tags (workspace_id, tag, contact_id);

create table contact_imports (
  workspace_id uuid not null references workspaces (id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  created_by uuid references users (id) on delete set null,
  filename text not null check (length(filename) between 1 and 255),
  byte_size bigint not null default 0 check (byte_size >= 0),
  status text not null default 'uploading'
    check (status in ('uploading', 'uploaded', 'queued', 'running', 'completed', 'failed')),
  delimiter text check (delimiter in (',', ';', E'\t')),
  columns text[],
  -- Which column feeds which field, and the tag given to every row; set when the import starts.
  mapping jsonb,
  mode text check (mode in ('update', 'skip')),
  -- Rows handled so far (and the bytes they took): a rerun of the job continues after them.
  processed_rows integer not null default 0 check (processed_rows >= 0),
  processed_bytes bigint not null default 0 check (processed_bytes >= 0),
  created_count integer not null default 0,
  updated_count integer not null default 0,
  skipped_count integer not null default 0,
  failed_count integer not null default 0,
  empty_count integer not null default 0,
  error text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  started_at timestamptz,
  finished_at timestamptz,
  primary key (workspace_id, id)
);
create index contact_imports_recent_idx on contact_imports (workspace_id, created_at desc);

-- The uploaded file, in order; deleted once the import has finished.
create table contact_import_chunks (
  workspace_id uuid not null,
  import_id uuid not null,
  seq integer not null check (seq >= 0),
  data bytea not null,
  primary key (workspace_id, import_id, seq),
  foreign key (workspace_id, import_id) references contact_imports (workspace_id, id) on delete cascade
);

create table contact_import_failures (
  workspace_id uuid not null,
  import_id uuid not null,
  row_number integer not null check (row_number > 1),
  "values" text[] not null,
  reason text not null,
  primary key (workspace_id, import_id, row_number),
  foreign key (workspace_id, import_id) references contact_imports (workspace_id, id) on delete cascade
);

-- Policies before grants.
alter table contacts enable row level security;
alter table contacts force row level security;
create policy contacts_tenant on contacts for all
  using (workspace_id = (select app_private.current_workspace_id()))
  with check (workspace_id = (select app_private.current_workspace_id()));

alter table contact_tags enable row level security;
alter table contact_tags force row level security;
create policy contact_tags_tenant on contact_tags for all
  using (workspace_id = (select app_private.current_workspace_id()))
  with check (workspace_id = (select app_private.current_workspace_id()));

alter table contact_imports enable row level security;
alter table contact_imports force row level security;
create policy contact_imports_tenant on contact_imports for all
  using (workspace_id = (select app_private.current_workspace_id()))
  with check (workspace_id = (select app_private.current_workspace_id()));

alter table contact_import_chunks enable row level security;
alter table contact_import_chunks force row level security;
create policy contact_import_chunks_tenant on contact_import_chunks for all
  using (workspace_id = (select app_private.current_workspace_id()))
  with check (workspace_id = (select app_private.current_workspace_id()));

alter table contact_import_failures enable row level security;
alter table contact_import_failures force row level security;
create policy contact_import_failures_tenant on contact_import_failures for all
  using (workspace_id = (select app_private.current_workspace_id()))
  with check (workspace_id = (select app_private.current_workspace_id()));

grant select, insert, update, delete on contacts, contact_tags, contact_imports, contact_import_chunks, contact_import_failures to kiana_app;
