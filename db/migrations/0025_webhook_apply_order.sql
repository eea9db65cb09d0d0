-- The apply job takes a workspace's oldest unapplied deliveries, 200 at a time, in arrival order. The
-- index of unapplied deliveries by arrival alone (0018) did not say whose they were: the planner
-- combined it with the primary key's entries for every delivery of the workspace, applied or not, then
-- sorted what was left, 35 to 150 ms a batch once a workspace had 200,000 deliveries. Keyed by
-- workspace first and in the job's order, a batch is the first entries of its workspace's range. The
-- safety net that looks for old unapplied deliveries of any workspace reads the same small index.
create index whatsapp_webhook_events_pending_idx on whatsapp_webhook_events (workspace_id, received_at, id) where applied_at is null;
drop index whatsapp_webhook_events_unapplied_idx;
