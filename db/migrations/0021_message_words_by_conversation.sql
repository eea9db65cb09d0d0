-- Searching the inbox for a frequent word (in one message of forty, say) read every message holding
-- it to build the set of conversations before the list could start: 25,000 index entries at a
-- million messages. With the words indexed by conversation, the list instead walks conversations
-- newest first and asks the index, for each, whether it holds the word, stopping once the page is
-- full (about 150 questions for that word); a rare word still builds its small set first. The key
-- stays unique, as a message belongs to one conversation.
alter table conversation_message_words drop constraint conversation_message_words_pkey;
alter table conversation_message_words add primary key (workspace_id, word, conversation_id, message_id);
