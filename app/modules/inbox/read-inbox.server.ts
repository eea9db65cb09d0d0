// What the inbox shows: the conversation list (a tab, a search, newest first with keyset pages) and
// one thread (its messages, the campaign messages the contact got from that number, and the team's
// notes, newest page first). Agents see only conversations assigned to them or to nobody; every read
// and every action goes through `findVisibleConversation`, so that rule lives in one place.
import type postgres from "postgres";
import type { Tx } from "../../../db/transactions";
import { decodeCursor, encodeCursor } from "~/lib/keyset-cursor";
import { contactFilterSql } from "../contacts/contact-filter.server";
import { defaultCountryOf } from "../contacts/default-country.server";
import type { WorkspaceAccess } from "../workspaces/memberships.server";
import type { InboxTab } from "./inbox-views";

type Fragment = postgres.PendingQuery<postgres.Row[]>;
const timeText = (column: string) => `to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/** Agents work on what is theirs or nobody's; owners and admins see every conversation. */
function visibleTo(tx: Tx, access: WorkspaceAccess): Fragment {
  return access.role === "agent" ? tx`and (c.assigned_to is null or c.assigned_to = ${access.user.id})` : tx``;
}

export interface VisibleConversation {
  id: string;
  contactId: string;
  phoneNumberId: string;
  status: "open" | "resolved";
  assignedTo: string | null;
  lastInboundAt: Date | null;
  unreadCount: number;
  labels: string[];
}

/** The conversation if this member may see it (locked for update when `forUpdate`), else null. */
export async function findVisibleConversation(tx: Tx, access: WorkspaceAccess, conversationId: string, forUpdate = false): Promise<VisibleConversation | null> {
  if (!/^[0-9a-f-]{36}$/i.test(conversationId)) return null;
  const [row] = await tx<VisibleConversation[]>`
    select c.id, c.contact_id, c.phone_number_id, c.status, c.assigned_to, c.last_inbound_at, c.unread_count, c.labels
      from conversations c where c.id = ${conversationId} ${visibleTo(tx, access)} ${forUpdate ? tx`for update` : tx``}`;
  return row ?? null;
}

export interface ConversationSummary {
  id: string;
  contactName: string | null;
  contactPhone: string | null;
  contactUsername: string | null;
  optedOut: boolean;
  preview: string | null;
  lastDirection: "inbound" | "outbound" | null;
  unreadCount: number;
  lastMessageAt: Date;
  status: "open" | "resolved";
  assigneeName: string | null;
  labels: string[];
}

export interface ConversationPage {
  conversations: ConversationSummary[];
  next: string | null;
  /** Conversations with unread messages this member can see (the badge). */
  unread: number;
}

function tabCondition(tx: Tx, access: WorkspaceAccess, tab: InboxTab): Fragment {
  if (tab === "resolved") return tx`c.status = 'resolved'`;
  if (tab === "mine") return tx`c.assigned_to = ${access.user.id} and c.status = 'open'`;
  if (tab === "unassigned") return tx`c.assigned_to is null and c.status = 'open'`;
  return tx`c.status = 'open'`;
}

/**
 * Messages holding a single word at which the list stops building the set of their conversations
 * and instead asks, conversation by conversation (newest first), whether one holds the word: with
 * this many, a page fills after a few hundred questions, while the set would cost every entry.
 */
export const frequentWordMessages = 10_000;

const isOneWord = (q: string) => /^[\p{L}\p{N}]+$/u.test(q);

/** Whether a one-word search names a word in at least `frequentWordMessages` messages (counting no further). */
async function isFrequentWord(tx: Tx, workspaceId: string, q: string): Promise<boolean> {
  const [row] = await tx<{ count: number }[]>`
    select count(*)::int as count from (
      select 1 from conversation_message_words w
       where w.workspace_id = ${workspaceId} and w.word = any(app_private.message_words(${q})) limit ${frequentWordMessages}) found`;
  return (row?.count ?? 0) >= frequentWordMessages;
}

/**
 * Conversations whose contact matches the search (name, number, username) or with a message holding
 * every word of it; words are looked up in their own table, as row-level security leaves a text-search
 * index unused (db/migrations/0016_inbox_indexes.sql).
 */
function searchCondition(tx: Tx, workspaceId: string, q: string, search: { defaultCountry: string | null; frequentWord: boolean }): Fragment {
  const contacts = contactFilterSql(tx, workspaceId, { q, tag: "", status: "all" }, search.defaultCountry);
  const byContact = tx`c.contact_id in (select c.id from contacts c where ${contacts})`;
  if (!isOneWord(q)) {
    const mentions = tx`select w.conversation_id from conversation_message_words w
          where w.workspace_id = ${workspaceId} and w.word = any(app_private.message_words(${q}))
          group by w.message_id, w.conversation_id
         having count(*) = cardinality(app_private.message_words(${q}))`;
    return tx`and (${byContact} or c.id in (${mentions}))`;
  }
  // A scalar subquery, so Postgres asks per conversation rather than hashing every match first.
  if (search.frequentWord) {
    return tx`and (${byContact} or coalesce((select true from conversation_message_words w
          where w.workspace_id = ${workspaceId} and w.word = any(app_private.message_words(${q})) and w.conversation_id = c.id limit 1), false))`;
  }
  return tx`and (${byContact} or c.id in (select w.conversation_id from conversation_message_words w
          where w.workspace_id = ${workspaceId} and w.word = any(app_private.message_words(${q}))))`;
}

export async function listConversations(tx: Tx, access: WorkspaceAccess, options: { tab: InboxTab; q: string; after: string | null; limit?: number }): Promise<ConversationPage> {
  const limit = options.limit ?? 30;
  const after = decodeCursor(options.after);
  const keyset = after ? tx`and (c.last_message_at, c.id) < (${after.at}::text::timestamptz, ${after.id}::uuid)` : tx``;
  const { q } = options;
  // Both questions a search needs go out together: one round trip instead of two.
  const [defaultCountry, frequentWord] = q
    ? await Promise.all([defaultCountryOf(tx, access.workspace.id), isOneWord(q) && isFrequentWord(tx, access.workspace.id, q)])
    : [null, false];
  const search = q ? searchCondition(tx, access.workspace.id, q, { defaultCountry, frequentWord }) : tx``;
  const rows = await tx<(ConversationSummary & { cursorTime: string })[]>`
    select c.id, k.name as contact_name, k.phone_e164 as contact_phone, k.username as contact_username,
           k.opted_out_at is not null as opted_out, c.last_message_preview as preview, c.last_message_direction as last_direction,
           c.unread_count, c.last_message_at, c.status, c.labels, u.name as assignee_name,
           ${tx.unsafe(timeText("c.last_message_at"))} as cursor_time
      from conversations c
      join contacts k on k.id = c.contact_id
      left join users u on u.id = c.assigned_to
     where c.workspace_id = ${access.workspace.id} and ${tabCondition(tx, access, options.tab)} ${visibleTo(tx, access)} ${search} ${keyset}
     order by c.last_message_at desc, c.id desc
     limit ${limit + 1}`;
  const [badge] = await tx<{ unread: number }[]>`
    select count(*)::int as unread from conversations c
     where c.workspace_id = ${access.workspace.id} and c.status = 'open' and c.unread_count > 0 ${visibleTo(tx, access)}`;
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    conversations: page.map(({ cursorTime: _cursorTime, ...row }) => row),
    next: rows.length > limit && last ? encodeCursor({ at: last.cursorTime, id: last.id }) : null,
    unread: badge?.unread ?? 0,
  };
}

export interface ThreadItem {
  id: string;
  kind: "message" | "campaign" | "note";
  direction: "inbound" | "outbound" | null;
  type: string;
  body: string | null;
  payload: Record<string, unknown>;
  status: string | null;
  errorCode: number | null;
  errorTitle: string | null;
  at: Date;
  deliveredAt: Date | null;
  readAt: Date | null;
  author: string | null;
  campaignName: string | null;
  media: { id: string; mimeType: string; filename: string | null; byteSize: number | null; ready: boolean; unavailableReason: string | null } | null;
}

export interface ThreadPage {
  /** Oldest first, as a thread reads. */
  items: ThreadItem[];
  /** Cursor of the page of older items, when there is one. */
  older: string | null;
}

/** One page of a thread, newest items first in the query and oldest first in the answer. */
export async function readThread(tx: Tx, conversation: VisibleConversation, before: string | null, limit = 50): Promise<ThreadPage> {
  const cursor = decodeCursor(before);
  const older = (column: string, id: string) =>
    cursor ? tx`and (${tx.unsafe(column)}, ${tx.unsafe(id)}) < (${cursor.at}::text::timestamptz, ${cursor.id}::uuid)` : tx``;
  const rows = await tx<(Omit<ThreadItem, "media"> & { cursorTime: string; media: ThreadItem["media"] })[]>`
    select * from (
      (select m.id, 'message' as kind, m.direction, m.type, m.body, m.payload, m.status, m.error_code, m.error_title,
              m.occurred_at as at, m.delivered_at, m.read_at, u.name as author, null as campaign_name,
              case when md.id is null then null else json_build_object('id', md.id, 'mimeType', md.mime_type, 'filename', md.filename,
                'byteSize', md.byte_size, 'ready', md.data is not null, 'unavailableReason', md.unavailable_reason) end as media,
              ${tx.unsafe(timeText("m.occurred_at"))} as cursor_time
         from conversation_messages m
         left join users u on u.id = m.sent_by
         left join conversation_media md on md.message_id = m.id
        where m.conversation_id = ${conversation.id} ${older("m.occurred_at", "m.id")}
        order by m.occurred_at desc, m.id desc limit ${limit + 1})
      union all
      (select cm.id, 'campaign', 'outbound', 'template', cp.template_name, '{}'::jsonb, cm.status, cm.error_code, cm.error_title,
              coalesce(cm.sent_at, cm.failed_at, cm.created_at), cm.delivered_at, cm.read_at, null, cp.name, null,
              ${tx.unsafe(timeText("coalesce(cm.sent_at, cm.failed_at, cm.created_at)"))}
         from campaign_messages cm
         join campaigns cp on cp.id = cm.campaign_id
        where cm.contact_id = ${conversation.contactId} and cp.phone_number_id = ${conversation.phoneNumberId}
          and cm.status not in ('queued', 'skipped') ${older("coalesce(cm.sent_at, cm.failed_at, cm.created_at)", "cm.id")}
        order by cm.created_at desc limit ${limit + 1})
      union all
      (select n.id, 'note', null, 'note', n.body, '{}'::jsonb, null, null, null, n.created_at, null, null, u.name, null, null,
              ${tx.unsafe(timeText("n.created_at"))}
         from conversation_notes n left join users u on u.id = n.author_id
        where n.conversation_id = ${conversation.id} ${older("n.created_at", "n.id")}
        order by n.created_at desc limit ${limit + 1})
    ) thread
    order by at desc, id desc
    limit ${limit + 1}`;
  const page = rows.slice(0, limit);
  const oldest = page[page.length - 1];
  return {
    items: page.reverse().map(({ cursorTime: _cursorTime, ...item }) => item),
    older: rows.length > limit && oldest ? encodeCursor({ at: oldest.cursorTime, id: oldest.id }) : null,
  };
}

export interface ThreadContext {
  contact: { id: string; name: string | null; phone: string | null; username: string | null; optedOutAt: Date | null; optOutSource: string | null };
  numberLabel: string;
  assignees: { id: string; name: string; role: string }[];
  templates: { id: string; name: string; language: string; category: string; components: unknown }[];
}

/** Who the thread is with, who it can be assigned to, and the approved templates for replies outside the window. */
export async function readThreadContext(tx: Tx, conversation: VisibleConversation): Promise<ThreadContext> {
  const [contact] = await tx<ThreadContext["contact"][]>`
    select id, name, phone_e164 as phone, username, opted_out_at, opt_out_source from contacts where id = ${conversation.contactId}`;
  const [number] = await tx<{ displayPhoneNumber: string; verifiedName: string }[]>`
    select display_phone_number, verified_name from whatsapp_phone_numbers where phone_number_id = ${conversation.phoneNumberId}`;
  const assignees = await tx<ThreadContext["assignees"]>`
    select u.id, u.name, m.role from memberships m join users u on u.id = m.user_id order by u.name`;
  const templates = await tx<ThreadContext["templates"]>`
    select id, name, language, category, components from message_templates where status = 'APPROVED' order by name, language`;
  if (!contact) throw new Error(`conversation ${conversation.id} has no contact`);
  const numberLabel = number ? [number.verifiedName, number.displayPhoneNumber].filter(Boolean).join(" · ") : conversation.phoneNumberId;
  return { contact, numberLabel, assignees, templates };
}

/** A stored media file, if the conversation it belongs to is visible to this member. */
export async function readConversationMedia(tx: Tx, access: WorkspaceAccess, mediaId: string): Promise<{ data: Buffer; mimeType: string; filename: string | null } | null> {
  if (!/^[0-9a-f-]{36}$/i.test(mediaId)) return null;
  const [media] = await tx<{ conversationId: string; data: Buffer; mimeType: string; filename: string | null }[]>`
    select m.conversation_id, md.data, md.mime_type, md.filename
      from conversation_media md join conversation_messages m on m.id = md.message_id
     where md.id = ${mediaId} and md.data is not null`;
  if (!media || !(await findVisibleConversation(tx, access, media.conversationId))) return null;
  return { data: media.data, mimeType: media.mimeType, filename: media.filename };
}
