-- How long a workspace keeps raw webhook events and the contents of messages (what was said, the
-- values filled into templates); counts, statuses and times stay for the reports.
alter table workspaces add column message_retention_days integer not null default 180
  check (message_retention_days between 7 and 3650);
-- The purge finds old rows by time; these keep each batch an index range.
create index campaign_messages_created_idx on campaign_messages (created_at) where components <> '[]'::jsonb;
