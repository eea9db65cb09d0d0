-- The per-recipient report pages through a campaign's messages in a stable order, whatever their status.
create index campaign_messages_report_idx on campaign_messages (workspace_id, campaign_id, id);
