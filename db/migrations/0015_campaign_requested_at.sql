-- When a claimed campaign message's request was about to leave for Meta: a sender stamps it just
-- before the call. A dead sender's claimed message without it never left and goes back to the queue;
-- one with it may have reached Meta, so it waits for Meta's status and is otherwise failed as interrupted.
alter table campaign_messages add column requested_at timestamptz;
