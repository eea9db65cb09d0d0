-- The inbox at scale (100,000 conversations, 1,000,000 messages in a workspace): searching messages
-- by their words, and the unread badge.
--
-- Under row-level security Postgres uses an index only for a leakproof condition (see 0005_contacts.sql),
-- and text search's @@ is not leakproof, so the app role never used 0014's GIN index: every search read
-- each message of the workspace (6 to 14 s at a million). Each message's words live in their own table
-- instead, found by equality on a btree, which is leakproof. A trigger keeps them from the same
-- to_tsvector('simple', body) the search used, so a message matches exactly when it did before; words go
-- with their message, and are replaced when its text changes (the retention purge blanks it).

-- The distinct words of a text, as the 'simple' text-search configuration reads them (lower-cased, unstemmed).
create function app_private.message_words(body text) returns text[]
  language sql immutable parallel safe
  as $$ select pg_catalog.tsvector_to_array(pg_catalog.to_tsvector('simple'::regconfig, coalesce(body, ''))) $$;
grant execute on function app_private.message_words(text) to kiana_app, kiana_system;

create table conversation_message_words (
  workspace_id uuid not null,
  word text collate "C" not null,
  message_id uuid not null,
  conversation_id uuid not null,
  -- The search reads the conversation from the index alone.
  primary key (workspace_id, word, message_id) include (conversation_id),
  foreign key (workspace_id, message_id) references conversation_messages (workspace_id, id) on delete cascade
);
-- A message's words, for the delete cascade and when its text changes.
create index conversation_message_words_message_idx on conversation_message_words (workspace_id, message_id);

-- Statement-level, so a batch of messages is indexed in one insert.
create function app_private.add_message_words() returns trigger
  language plpgsql
  as $$
begin
  insert into public.conversation_message_words (workspace_id, word, message_id, conversation_id)
  select added.workspace_id, word, added.id, added.conversation_id
    from added cross join lateral unnest(app_private.message_words(added.body)) as word;
  return null;
end
$$;
create trigger conversation_messages_add_words after insert on conversation_messages
  referencing new table as added for each statement execute function app_private.add_message_words();

create function app_private.replace_message_words() returns trigger
  language plpgsql
  as $$
begin
  delete from public.conversation_message_words where workspace_id = old.workspace_id and message_id = old.id;
  insert into public.conversation_message_words (workspace_id, word, message_id, conversation_id)
  select new.workspace_id, word, new.id, new.conversation_id from unnest(app_private.message_words(new.body)) as word;
  return null;
end
$$;
create trigger conversation_messages_replace_words after update of body on conversation_messages
  for each row when (old.body is distinct from new.body) execute function app_private.replace_message_words();

-- The messages stored so far: the owner reads them past row-level security within this transaction only.
alter table conversation_messages no force row level security;
insert into conversation_message_words (workspace_id, word, message_id, conversation_id)
select m.workspace_id, word, m.id, m.conversation_id
  from conversation_messages m cross join lateral unnest(app_private.message_words(m.body)) as word;
alter table conversation_messages force row level security;

alter table conversation_message_words enable row level security;
alter table conversation_message_words force row level security;
create policy conversation_message_words_tenant on conversation_message_words for all
  using (workspace_id = (select app_private.current_workspace_id()))
  with check (workspace_id = (select app_private.current_workspace_id()));
grant select, insert, delete on conversation_message_words to kiana_app;

-- Never used by the app role (above), and paid for on every insert.
drop index conversation_messages_text_idx;

-- The unread badge counts open conversations with unread messages (an agent's: theirs or nobody's);
-- only those are in this index, so the count reads them alone instead of every conversation.
create index conversations_unread_idx on conversations (workspace_id, assigned_to) where status = 'open' and unread_count > 0;
