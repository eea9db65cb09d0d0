-- A contact gets each campaign once: the same rule keyed by contact first, so the inbox's campaign
-- messages of a contact are found through it, and the index kept for that alone (0014) goes. A
-- launch wrote every message into both.
alter table campaign_messages drop constraint campaign_messages_workspace_id_campaign_id_contact_id_key;
alter table campaign_messages add constraint campaign_messages_contact_campaign_key unique (workspace_id, contact_id, campaign_id);
drop index campaign_messages_contact_idx;
