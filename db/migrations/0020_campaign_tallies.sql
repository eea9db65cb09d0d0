-- Running counts of the message ledger, so the campaign pages and the activity chart read a few
-- dozen rows instead of counting a campaign's every message on each view.
--
-- Every insert, update or delete of campaign_messages appends, per statement, one row per changed
-- (campaign, status, 15-minute bucket of the send or failure time, error) with the net change in
-- messages. Appending never waits on another writer (no shared counter row to lock); the
-- fold-campaign-tallies cron merges the appended rows into one folded row per key. A count is the
-- sum of a key's rows, folded or not, so it equals the ledger at every moment.
--
-- Buckets are 15 minutes because every time zone's offset is a whole number of quarter hours, so a
-- bucket lies within one local day wherever the workspace is.
create table campaign_message_tallies (
  workspace_id uuid not null,
  campaign_id uuid not null,
  status text not null,
  bucket timestamptz,
  error_code integer,
  error_title text,
  delta bigint not null,
  folded boolean not null default false,
  foreign key (workspace_id, campaign_id) references campaigns (workspace_id, id) on delete cascade
);
create unique index campaign_message_tallies_folded_key on campaign_message_tallies
  (workspace_id, campaign_id, status, bucket, error_code, error_title) nulls not distinct where folded;
create index campaign_message_tallies_campaign_idx on campaign_message_tallies (workspace_id, campaign_id);
create index campaign_message_tallies_bucket_idx on campaign_message_tallies (workspace_id, bucket) where bucket is not null;
create index campaign_message_tallies_unfolded_idx on campaign_message_tallies (workspace_id) where not folded;

alter table campaign_message_tallies enable row level security;
alter table campaign_message_tallies force row level security;
create policy campaign_message_tallies_tenant on campaign_message_tallies for all
  using (workspace_id = (select app_private.current_workspace_id()))
  with check (workspace_id = (select app_private.current_workspace_id()));
grant select, insert on campaign_message_tallies to kiana_app;

-- The statement that adds the changes listed by the query `changes` (the ledger's columns and a
-- delta per row) to the tallies: the one place that says which key a ledger row is counted under, the
-- time bucket only for messages the chart shows, the error only for messages that did not go out.
create function app_private.campaign_tallies_insert(changes text) returns text language sql immutable as $fn$
  select format($sql$
    insert into campaign_message_tallies (workspace_id, campaign_id, status, bucket, error_code, error_title, delta)
    select workspace_id, campaign_id, status,
           case when status in ('sent', 'delivered', 'read', 'failed')
                then date_bin('15 minutes', coalesce(sent_at, failed_at), timestamptz '2000-01-01 00:00:00+00') end,
           case when status in ('failed', 'skipped') then error_code end,
           case when status in ('failed', 'skipped') then error_title end,
           sum(delta)
      from (%s) as changed
     group by 1, 2, 3, 4, 5, 6
    having sum(delta) <> 0$sql$, changes)
$fn$;

create function app_private.tally_campaign_messages() returns trigger language plpgsql as $$
declare
  columns constant text := 'workspace_id, campaign_id, status, sent_at, failed_at, error_code, error_title';
begin
  execute app_private.campaign_tallies_insert(case tg_op
    when 'INSERT' then format('select %s, 1 as delta from new_rows', columns)
    when 'DELETE' then format('select %s, -1 as delta from old_rows', columns)
    else format('select %1$s, 1 as delta from new_rows union all select %1$s, -1 from old_rows', columns) end);
  return null;
end $$;
grant execute on function app_private.campaign_tallies_insert(text) to kiana_app, kiana_system;

create trigger campaign_messages_tally_insert after insert on campaign_messages
  referencing new table as new_rows for each statement execute function app_private.tally_campaign_messages();
create trigger campaign_messages_tally_update after update on campaign_messages
  referencing old table as old_rows new table as new_rows for each statement execute function app_private.tally_campaign_messages();
create trigger campaign_messages_tally_delete after delete on campaign_messages
  referencing old table as old_rows for each statement execute function app_private.tally_campaign_messages();

-- The ledger as it stands, counted once (the triggers above already hold writers off until commit).
-- The owner is subject to its tables' forced row-level security, so it steps out of it for the copy.
alter table campaign_messages no force row level security;
alter table campaign_message_tallies no force row level security;
do $$ begin
  execute app_private.campaign_tallies_insert(
    'select workspace_id, campaign_id, status, sent_at, failed_at, error_code, error_title, 1 as delta from campaign_messages');
end $$;
alter table campaign_messages force row level security;
alter table campaign_message_tallies force row level security;

-- The activity chart and the monthly allowance now read the tallies; a status page filtered by status
-- pages in id order.
drop index campaign_messages_activity_idx;
create index campaign_messages_status_page_idx on campaign_messages (workspace_id, campaign_id, status, id);
drop index campaign_messages_status_idx;
