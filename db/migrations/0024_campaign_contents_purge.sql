-- The retention purge reaches old campaign messages through their campaign (its messages are written
-- when it launches) and pages through them by id, instead of through an index on every message's
-- creation time that every launch and every status change wrote to. A campaign whose contents are
-- all blanked is marked, so later runs pass it by.
alter table campaigns add column contents_purged_at timestamptz;
create index campaigns_contents_due_idx on campaigns (launched_at) where contents_purged_at is null and launched_at is not null;
drop index campaign_messages_created_idx;
