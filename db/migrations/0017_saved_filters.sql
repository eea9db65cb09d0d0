-- Named contact filters (a search, a tag, a status), saved from the contact list and used as a
-- campaign's audience.
create table saved_contact_filters (
  workspace_id uuid not null references workspaces (id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  name text not null check (length(name) between 1 and 60),
  q text not null default '',
  tag text not null default '',
  status text not null default 'all' check (status in ('all', 'subscribed', 'opted_out')),
  created_by uuid references users (id) on delete set null,
  created_at timestamptz not null default now(),
  primary key (workspace_id, id)
);
create unique index saved_contact_filters_name_idx on saved_contact_filters (workspace_id, lower(name));

alter table saved_contact_filters enable row level security;
alter table saved_contact_filters force row level security;
create policy saved_contact_filters_tenant on saved_contact_filters for all
  using (workspace_id = (select app_private.current_workspace_id()))
  with check (workspace_id = (select app_private.current_workspace_id()));

grant select, insert, update, delete on saved_contact_filters to kiana_app;
