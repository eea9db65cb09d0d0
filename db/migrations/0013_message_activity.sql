-- The dashboard counts a workspace's messages per day by the moment each was sent (or failed).
create index campaign_messages_activity_idx on campaign_messages (workspace_id, (coalesce(sent_at, failed_at))) where status in ('sent', 'delivered', 'read', 'failed');
