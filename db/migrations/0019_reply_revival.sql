-- Replies left waiting by a dead worker (graphile-worker frees a dead worker's jobs only after hours):
-- the cron safety net finds the few outbound messages still queued or sending without reading the
-- whole message history.
create index conversation_messages_unsent_idx on conversation_messages (updated_at)
  where direction = 'outbound' and status in ('queued', 'sending');
