-- Senders claim a campaign's queued messages in the order of their ids (time-ordered, so the order
-- the ledger was written in) through the index the recipient table's status filter already reads
-- (0020). The partial index on the pending messages repeated it: every claim and every launch wrote
-- each message into both.
drop index campaign_messages_pending_idx;
