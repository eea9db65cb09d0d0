// Stores the messages contacts send (from a webhook's `messages` change): finds the sender by phone
// number or WhatsApp user id (a user with a username may withhold the number), creating or linking the
// contact; opens or advances the conversation; and honours an opt-out request. Each wamid is stored
// once, so Meta's repeats change nothing. Malformed entries are skipped, never retried forever.
import { z } from "zod";
import type { Tx } from "../../../db/transactions";
import { upsertContacts } from "../contacts/upsert-contacts.server";
import { enqueueJob } from "../../../jobs/enqueue";
import { advanceConversation } from "./conversation-activity.server";
import { previewOf } from "./message-kinds";
import { notifyInboxChange } from "./inbox-events.server";
import { isOptOutRequest, type InboundIntent } from "./opt-out-request";

const Profile = z.object({ name: z.string().optional(), username: z.string().optional() }).partial();

const InboundChange = z.object({
  metadata: z.object({ phone_number_id: z.string() }),
  contacts: z.array(z.object({ wa_id: z.string().optional(), user_id: z.string().optional(), profile: Profile.optional() })).default([]),
  messages: z.array(z.unknown()).default([]),
});

const InboundMedia = z.object({ id: z.string().optional(), mime_type: z.string().optional(), caption: z.string().optional(), filename: z.string().optional() }).passthrough();

const InboundMessage = z.object({
  id: z.string().min(1),
  from: z.string().optional(),
  from_user_id: z.string().optional(),
  timestamp: z.coerce.number(),
  type: z.string(),
  text: z.object({ body: z.string() }).optional(),
  button: z.object({ text: z.string(), payload: z.string().optional() }).optional(),
  interactive: z
    .object({ button_reply: z.object({ id: z.string(), title: z.string() }).optional(), list_reply: z.object({ id: z.string(), title: z.string() }).optional() })
    .optional(),
  image: InboundMedia.optional(),
  video: InboundMedia.optional(),
  audio: InboundMedia.optional(),
  sticker: InboundMedia.optional(),
  document: InboundMedia.optional(),
  location: z.object({ name: z.string().optional(), address: z.string().optional(), latitude: z.number(), longitude: z.number() }).optional(),
  reaction: z.object({ emoji: z.string().optional() }).optional(),
  contacts: z.array(z.object({ name: z.object({ formatted_name: z.string().optional() }).partial().optional() }).passthrough()).optional(),
});
type InboundMessage = z.infer<typeof InboundMessage>;

const e164 = /^\+[1-9][0-9]{6,14}$/;
const bsuidPattern = /^[A-Z]{2}\.(ENT\.)?[A-Za-z0-9]{1,128}$/;

function intentOf(message: InboundMessage): InboundIntent {
  if (message.text) return { kind: "text", text: message.text.body };
  if (message.button) return { kind: "button", text: message.button.text, payload: message.button.payload ?? "" };
  const reply = message.interactive?.button_reply ?? message.interactive?.list_reply;
  if (reply) return { kind: "button", text: reply.title, payload: reply.id };
  return { kind: "other" };
}

function mediaOf(message: InboundMessage) {
  return message.image ?? message.video ?? message.audio ?? message.sticker ?? message.document;
}

/** What a person reads of the message in a list or thread (and what the inbox search finds). */
function bodyOf(message: InboundMessage): string | null {
  const intent = intentOf(message);
  if (intent.kind !== "other") return intent.text;
  const media = mediaOf(message);
  if (media) return media.caption ?? media.filename ?? null;
  if (message.location) return message.location.name ?? message.location.address ?? `${message.location.latitude}, ${message.location.longitude}`;
  if (message.contacts) return message.contacts.map((card) => card.name?.formatted_name ?? "A contact card").join(", ");
  return message.reaction?.emoji ?? null;
}

/** Media bytes are fetched from Meta by a job (an HTTP call has no place inside this transaction). */
async function keepMedia(tx: Tx, workspaceId: string, messageId: string, message: InboundMessage): Promise<void> {
  const media = mediaOf(message);
  if (!media?.id) return;
  const [row] = await tx<{ id: string }[]>`
    insert into conversation_media (workspace_id, message_id, meta_media_id, mime_type, filename)
    values (${workspaceId}, ${messageId}, ${media.id}, ${media.mime_type ?? "application/octet-stream"}, ${media.filename ?? null})
    returning id`;
  if (row) await enqueueJob(tx, "fetch-inbound-media", { workspaceId, mediaId: row.id }, { maxAttempts: 5 });
}

async function findOrCreateContact(tx: Tx, workspaceId: string, message: InboundMessage, profile: z.infer<typeof Profile> | undefined, optOut: InboundIntent | null): Promise<string | null> {
  const phone = message.from && e164.test(`+${message.from}`) ? `+${message.from}` : null;
  const bsuid = message.from_user_id && bsuidPattern.test(message.from_user_id) ? message.from_user_id : null;
  if (!phone && !bsuid) return null;
  const optedOut = optOut !== null;
  const [outcome] = await upsertContacts(
    tx,
    workspaceId,
    [{ phone, bsuid, username: profile?.username ?? null, name: null, tags: [], attributes: {}, optedOut }],
    "update",
    optOut?.kind === "button" ? "whatsapp" : "keyword",
  );
  if (outcome && outcome.kind !== "failed") {
    // A new contact takes the WhatsApp profile name; an existing one keeps the name the business gave it.
    if (outcome.kind === "created" && profile?.name) await tx`update contacts set name = ${profile.name.slice(0, 200)} where id = ${outcome.id}`;
    return outcome.id;
  }
  // The number and the user id belong to two different contacts: the user id is the stronger identity.
  const [existing] = await tx<{ id: string }[]>`
    select id from contacts where bsuid = ${bsuid} or phone_e164 = ${phone} order by (bsuid = ${bsuid}) desc nulls last limit 1`;
  return existing?.id ?? null;
}

export async function recordInboundMessages(tx: Tx, workspaceId: string, value: unknown): Promise<number> {
  const change = InboundChange.safeParse(value);
  if (!change.success) return 0;
  const phoneNumberId = change.data.metadata.phone_number_id;
  let stored = 0;
  for (const entry of change.data.messages) {
    const parsed = InboundMessage.safeParse(entry);
    if (!parsed.success) continue;
    const message = parsed.data;
    const profile = change.data.contacts.find((contact) => (message.from_user_id && contact.user_id === message.from_user_id) || (message.from && contact.wa_id === message.from))?.profile;
    const intent = intentOf(message);
    const contactId = await findOrCreateContact(tx, workspaceId, message, profile, isOptOutRequest(intent) ? intent : null);
    if (!contactId) continue;
    const at = new Date(message.timestamp * 1000);
    const [conversation] = await tx<{ id: string }[]>`
      insert into conversations (workspace_id, contact_id, phone_number_id, last_inbound_at, last_message_at)
      values (${workspaceId}, ${contactId}, ${phoneNumberId}, ${at}, ${at})
      on conflict (workspace_id, contact_id, phone_number_id) do update set updated_at = now()
      returning id`;
    if (!conversation) continue;
    const [inserted] = await tx<{ id: string }[]>`
      insert into conversation_messages (workspace_id, conversation_id, direction, wamid, type, body, payload, occurred_at)
      values (${workspaceId}, ${conversation.id}, 'inbound', ${message.id}, ${message.type}, ${bodyOf(message)}, ${tx.json(entry as never)}, ${at})
      on conflict (workspace_id, wamid) do nothing
      returning id`;
    if (!inserted) continue;
    await keepMedia(tx, workspaceId, inserted.id, message);
    await advanceConversation(tx, conversation.id, { at, direction: "inbound", preview: previewOf(message.type, bodyOf(message)) });
    stored++;
  }
  if (stored > 0) await notifyInboxChange(tx);
  return stored;
}
