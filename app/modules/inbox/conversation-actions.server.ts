// What a member does in a thread: reply (text or an attachment inside the customer-service window, an
// approved template at any time), assign, resolve or reopen, write an internal note, label, and mark
// read. Each runs in one transaction through `findVisibleConversation`, so an agent can act only on
// what they may see; a reply is stored as queued and its send-reply job is queued in the same
// transaction, and the thread shows it at once.
import { z } from "zod";
import { enqueueJob } from "../../../jobs/enqueue";
import { buildSendComponents, fillTemplate, parseComponents } from "../whatsapp/template-variables";
import { inWorkspace, roleRank, type WorkspaceAccess } from "../workspaces/memberships.server";
import { attachmentKind, checkAttachment } from "./attachment-rules";
import { advanceConversation } from "./conversation-activity.server";
import { notifyInboxChange } from "./inbox-events.server";
import { previewOf } from "./message-kinds";
import { findVisibleConversation } from "./read-inbox.server";
import { serviceWindow } from "./service-window";

export type ReplyInput =
  | { kind: "text"; text: string }
  | { kind: "attachment"; caption: string; file: { data: Buffer; size: number; mimeType: string; filename: string } }
  | { kind: "template"; templateId: string; values: Record<string, string> };

export type ActionResult = { ok: true } | { ok: false; error: string; field?: string; windowClosed?: boolean };

const notFound: ActionResult = { ok: false, error: "This conversation does not exist or is not yours to open." };
const windowClosed: ActionResult = {
  ok: false,
  field: "text",
  windowClosed: true,
  error: "The 24-hour window closed: more than a day has passed since the customer last wrote, so only an approved template can be sent. Nothing was sent.",
};
export const maxReplyLength = 4096;

interface Outbound {
  type: string;
  body: string | null;
  payload: Record<string, unknown>;
  templateName: string | null;
  file: { data: Buffer; mimeType: string; filename: string } | null;
}

function templateReply(templates: { name: string; language: string; components: unknown }[], values: Record<string, string>): Outbound | ActionResult {
  const template = templates[0];
  if (!template) return { ok: false, field: "templateId", error: "Choose an approved template." };
  const components = parseComponents(template.components);
  const built = buildSendComponents(components, values);
  if (!built.ok) return { ok: false, field: `value:${built.missing[0]?.key ?? ""}`, error: `Fill in ${built.missing.map((variable) => variable.label).join(", ")}.` };
  return {
    type: "template",
    body: fillTemplate(components, values).body,
    payload: { name: template.name, language: { code: template.language }, components: built.components },
    templateName: template.name,
    file: null,
  };
}

export async function queueReply(access: WorkspaceAccess, conversationId: string, input: ReplyInput, now = new Date()): Promise<ActionResult> {
  if (input.kind === "text" && !input.text.trim()) return { ok: false, field: "text", error: "Write a message first." };
  if (input.kind === "text" && input.text.length > maxReplyLength) return { ok: false, field: "text", error: `A message can be at most ${maxReplyLength} characters.` };
  if (input.kind === "attachment") {
    const problem = checkAttachment({ type: input.file.mimeType, size: input.file.size });
    if (problem) return { ok: false, field: "file", error: problem };
  }
  return inWorkspace(access, async (tx) => {
    const conversation = await findVisibleConversation(tx, access, conversationId, true);
    if (!conversation) return notFound;
    let outbound: Outbound;
    if (input.kind === "template") {
      const templates = z.string().uuid().safeParse(input.templateId).success
        ? await tx<{ name: string; language: string; components: unknown }[]>`
            select name, language, components from message_templates where id = ${input.templateId} and status = 'APPROVED'`
        : [];
      const reply = templateReply(templates, input.values);
      if ("ok" in reply) return reply;
      outbound = reply;
    } else {
      if (serviceWindow(conversation.lastInboundAt, now).state === "closed") return windowClosed;
      outbound =
        input.kind === "text"
          ? { type: "text", body: input.text, payload: {}, templateName: null, file: null }
          : { type: attachmentKind(input.file.mimeType)?.kind ?? "document", body: input.caption.trim() || null, payload: {}, templateName: null, file: input.file };
    }
    const [message] = await tx<{ id: string }[]>`
      insert into conversation_messages (workspace_id, conversation_id, direction, type, body, payload, status, sent_by, template_name, occurred_at)
      values (${access.workspace.id}, ${conversation.id}, 'outbound', ${outbound.type}, ${outbound.body}, ${tx.json(outbound.payload as never)},
              'queued', ${access.user.id}, ${outbound.templateName}, ${now})
      returning id`;
    if (!message) throw new Error("the reply was not stored");
    if (outbound.file) {
      await tx`insert into conversation_media (workspace_id, message_id, mime_type, filename, byte_size, data)
               values (${access.workspace.id}, ${message.id}, ${outbound.file.mimeType}, ${outbound.file.filename.slice(0, 200)}, ${outbound.file.data.length}, ${outbound.file.data})`;
    }
    await advanceConversation(tx, conversation.id, { at: now, direction: "outbound", preview: previewOf(outbound.type, outbound.body ?? outbound.file?.filename ?? null) });
    await enqueueJob(tx, "send-reply", { workspaceId: access.workspace.id, messageId: message.id });
    await notifyInboxChange(tx);
    return { ok: true };
  });
}

/** Owners and admins assign to any member; an agent takes an unassigned conversation or hands theirs back. */
export async function assignConversation(access: WorkspaceAccess, conversationId: string, assigneeId: string | null): Promise<ActionResult> {
  return inWorkspace(access, async (tx) => {
    const conversation = await findVisibleConversation(tx, access, conversationId, true);
    if (!conversation) return notFound;
    const isAdmin = roleRank[access.role] >= roleRank.admin;
    if (!isAdmin && assigneeId !== null && assigneeId !== access.user.id) return { ok: false, field: "assignee", error: "Agents can only take a conversation themselves." };
    if (assigneeId !== null) {
      const [member] = z.string().uuid().safeParse(assigneeId).success ? await tx`select 1 from memberships where user_id = ${assigneeId}` : [];
      if (!member) return { ok: false, field: "assignee", error: "Choose a member of this workspace." };
    }
    await tx`update conversations set assigned_to = ${assigneeId}, updated_at = now() where id = ${conversation.id}`;
    await notifyInboxChange(tx);
    return { ok: true };
  });
}

export async function setConversationStatus(access: WorkspaceAccess, conversationId: string, status: "open" | "resolved"): Promise<ActionResult> {
  return inWorkspace(access, async (tx) => {
    const conversation = await findVisibleConversation(tx, access, conversationId, true);
    if (!conversation) return notFound;
    await tx`update conversations set status = ${status}, unread_count = case when ${status} = 'resolved' then 0 else unread_count end, updated_at = now()
              where id = ${conversation.id}`;
    await notifyInboxChange(tx);
    return { ok: true };
  });
}

export async function addNote(access: WorkspaceAccess, conversationId: string, body: string): Promise<ActionResult> {
  const text = body.trim();
  if (!text) return { ok: false, field: "note", error: "Write the note first." };
  if (text.length > 4000) return { ok: false, field: "note", error: "A note can be at most 4,000 characters." };
  return inWorkspace(access, async (tx) => {
    const conversation = await findVisibleConversation(tx, access, conversationId);
    if (!conversation) return notFound;
    await tx`insert into conversation_notes (workspace_id, conversation_id, author_id, body) values (${access.workspace.id}, ${conversation.id}, ${access.user.id}, ${text})`;
    await notifyInboxChange(tx);
    return { ok: true };
  });
}

const Label = z.string().trim().min(1, "Write a label.").max(30, "A label can be at most 30 characters.").transform((value) => value.replace(/\s+/g, " ").toLowerCase());

export async function changeLabel(access: WorkspaceAccess, conversationId: string, change: "add" | "remove", value: string): Promise<ActionResult> {
  const label = Label.safeParse(value);
  if (!label.success) return { ok: false, field: "label", error: label.error.issues[0]?.message ?? "Write a label." };
  return inWorkspace(access, async (tx) => {
    const conversation = await findVisibleConversation(tx, access, conversationId, true);
    if (!conversation) return notFound;
    const labels = new Set(conversation.labels);
    if (change === "add") labels.add(label.data);
    else labels.delete(label.data);
    if (labels.size > 20) return { ok: false, field: "label", error: "A conversation can have at most 20 labels." };
    await tx`update conversations set labels = ${[...labels].sort()}, updated_at = now() where id = ${conversation.id}`;
    await notifyInboxChange(tx);
    return { ok: true };
  });
}

/** Opening a thread reads it: the unread count goes back to zero. */
export async function markConversationRead(access: WorkspaceAccess, conversationId: string): Promise<void> {
  await inWorkspace(access, async (tx) => {
    const conversation = await findVisibleConversation(tx, access, conversationId);
    if (!conversation || conversation.unreadCount === 0) return;
    await tx`update conversations set unread_count = 0 where id = ${conversation.id}`;
    await notifyInboxChange(tx);
  });
}

/**
 * Opens (or finds) the conversation with a contact on one of the workspace's numbers, so the business
 * can write first: outside a window that only an approved template may start.
 */
export async function startConversation(access: WorkspaceAccess, contactId: string, phoneNumberId: string): Promise<{ ok: true; conversationId: string } | { ok: false; error: string }> {
  if (!z.string().uuid().safeParse(contactId).success) return { ok: false, error: "This contact does not exist." };
  return inWorkspace(access, async (tx) => {
    const [number] = await tx`select 1 from whatsapp_phone_numbers where phone_number_id = ${phoneNumberId}`;
    if (!number) return { ok: false, error: "Choose one of the workspace's WhatsApp numbers." };
    const [contact] = await tx`select 1 from contacts where id = ${contactId}`;
    if (!contact) return { ok: false, error: "This contact does not exist." };
    const [conversation] = await tx<{ id: string }[]>`
      insert into conversations (workspace_id, contact_id, phone_number_id, last_message_at)
      values (${access.workspace.id}, ${contactId}, ${phoneNumberId}, now())
      on conflict (workspace_id, contact_id, phone_number_id) do update set updated_at = now()
      returning id`;
    if (!conversation) throw new Error("the conversation was not stored");
    await notifyInboxChange(tx);
    return { ok: true, conversationId: conversation.id };
  });
}
