// The reply sender, run by the send-reply job: claims a queued reply (marking it `sending` before any
// call to Meta), takes a slot from the number's pacer (the same limiter campaigns use), uploads an
// attachment if there is one, sends, and records the wamid or Meta's refusal in plain words. Free-form
// replies are checked against the customer-service window again right before sending, so a window
// that closed while the reply waited sends nothing. Like campaign messages, a reply whose sender died
// during the request is never resent blindly: Meta's status webhook (which echoes our id) reconciles
// it, and one still unaccounted for after the grace period is marked failed as interrupted.
import { setTimeout as sleep } from "node:timers/promises";
import { withWorkspace, type Tx } from "../../../db/transactions";
import { enqueueJob } from "../../../jobs/enqueue";
import { checkAccess } from "../billing/check-access.server";
import { classifySendError } from "../campaigns/classify-send-error";
import { applyStatusBacklog } from "../campaigns/record-message-status.server";
import { backOffSending, reserveSendSlots } from "../campaigns/reserve-send-slots.server";
import { describeGraphFailure } from "../whatsapp/graph.server";
import { uploadMedia } from "../whatsapp/media.server";
import { readCredentials, type WhatsAppCredentials } from "../whatsapp/read-connection.server";
import { messagesPath, postMessage, recipientFields, type SendResult } from "../whatsapp/send-message.server";
import { notifyInboxChange } from "./inbox-events.server";
import { serviceWindow } from "./service-window";

const claimSeconds = 60;
/** How long past its claim a reply that was in flight waits for Meta's word before it counts as interrupted. */
export const replyInterruptedGraceSeconds = 120;
const maxAttempts = 5;

interface ClaimedReply {
  id: string;
  type: string;
  body: string | null;
  payload: Record<string, unknown>;
  attempts: number;
  phoneNumberId: string;
  phoneE164: string | null;
  bsuid: string | null;
  templateCategory: string | null;
  marketingMessagesEnabled: boolean;
  media: { id: string; data: Buffer; mimeType: string; filename: string | null } | null;
}

async function fail(tx: Tx, messageId: string, code: number | null, title: string): Promise<void> {
  await tx`update conversation_messages set status = 'failed', failed_at = now(), claimed_until = null, error_code = ${code}, error_title = ${title}, updated_at = now()
            where id = ${messageId} and status in ('queued', 'sending')`;
  await notifyInboxChange(tx);
}

async function claim(tx: Tx, messageId: string): Promise<{ reply: ClaimedReply; credentials: WhatsAppCredentials } | null> {
  const [row] = await tx<(Omit<ClaimedReply, "media" | "marketingMessagesEnabled"> & { status: string; lastInboundAt: Date | null; interrupted: boolean })[]>`
    select m.id, m.type, m.body, m.payload, m.attempts, m.status,
           m.claimed_until < now() - make_interval(secs => ${replyInterruptedGraceSeconds}) as interrupted,
           c.phone_number_id, c.last_inbound_at, k.phone_e164, k.bsuid, t.category as template_category
      from conversation_messages m
      join conversations c on c.id = m.conversation_id
      join contacts k on k.id = c.contact_id
      left join message_templates t on m.type = 'template' and t.name = m.template_name and t.language = m.payload->'language'->>'code'
     where m.id = ${messageId} and m.direction = 'outbound'
       for update of m`;
  if (!row) return null;
  if (row.status === "sending" && row.interrupted) {
    await fail(tx, row.id, null, "Interrupted: the sender stopped during the request and Meta reported no status, so it was not sent again");
    return null;
  }
  if (row.status !== "queued") return null;
  const credentials = await readCredentials(tx);
  if (!credentials) {
    await fail(tx, row.id, null, "WhatsApp is not connected. Connect it in WhatsApp settings, then send again.");
    return null;
  }
  if (row.type !== "template" && serviceWindow(row.lastInboundAt, new Date()).state === "closed") {
    await fail(tx, row.id, 131047, classifySendError(131047).explanation);
    return null;
  }
  const [media] = await tx<{ id: string; data: Buffer; mimeType: string; filename: string | null }[]>`
    select id, data, mime_type, filename from conversation_media where message_id = ${row.id} and data is not null`;
  const [account] = await tx<{ marketingMessagesEnabled: boolean }[]>`select marketing_messages_enabled from whatsapp_accounts`;
  await tx`update conversation_messages set status = 'sending', attempts = attempts + 1, updated_at = now(),
             claimed_until = now() + make_interval(secs => ${claimSeconds}) where id = ${row.id}`;
  return {
    reply: { ...row, attempts: row.attempts + 1, media: media ?? null, marketingMessagesEnabled: account?.marketingMessagesEnabled ?? false },
    credentials,
  };
}

function messageBody(reply: ClaimedReply, mediaId: string | null): Record<string, unknown> {
  const base = { ...recipientFields(reply.phoneE164, reply.bsuid), biz_opaque_callback_data: reply.id };
  if (reply.type === "template") return { ...base, type: "template", template: reply.payload };
  if (reply.type === "image") return { ...base, type: "image", image: { id: mediaId, ...(reply.body ? { caption: reply.body } : {}) } };
  if (reply.type === "document") {
    return { ...base, type: "document", document: { id: mediaId, filename: reply.media?.filename ?? "document", ...(reply.body ? { caption: reply.body } : {}) } };
  }
  return { ...base, type: "text", text: { body: reply.body ?? "", preview_url: false } };
}

async function requeue(tx: Tx, workspaceId: string, messageId: string, seconds: number): Promise<void> {
  await tx`update conversation_messages set status = 'queued', claimed_until = null, updated_at = now() where id = ${messageId} and status = 'sending'`;
  await enqueueJob(tx, "send-reply", { workspaceId, messageId }, { runAt: new Date(Date.now() + seconds * 1000) });
}

async function recordResult(tx: Tx, workspaceId: string, reply: ClaimedReply, result: SendResult): Promise<void> {
  if ("wamid" in result) {
    await tx`update conversation_messages set wamid = coalesce(wamid, ${result.wamid}), claimed_until = null, updated_at = now(),
               status = case when status = 'sending' then 'sent' else status end, sent_at = coalesce(sent_at, now())
             where id = ${reply.id}`;
    await applyStatusBacklog(tx, [result.wamid]);
    await notifyInboxChange(tx);
    return;
  }
  const outOfAttempts = reply.attempts >= maxAttempts;
  if ("unreachable" in result) {
    if (outOfAttempts) await fail(tx, reply.id, null, `Meta could not be reached: ${result.unreachable}`);
    else await requeue(tx, workspaceId, reply.id, 30);
    return;
  }
  const meaning = classifySendError(result.error.code);
  if (meaning.action === "throttle") {
    if (result.error.code === 130429) await backOffSending(tx, { workspaceId, phoneNumberId: reply.phoneNumberId, ms: 2_000 });
    await requeue(tx, workspaceId, reply.id, result.error.code === 131056 ? 60 : 2);
  } else if (meaning.action === "retry" && !outOfAttempts) {
    await requeue(tx, workspaceId, reply.id, 30);
  } else {
    await fail(tx, reply.id, result.error.code, meaning.action === "fail-message" ? meaning.explanation : `${meaning.explanation} ${meaning.advice}`);
  }
}

/** Sends one queued reply; a reply that is no longer queued (sent, failed, or another worker's) is left alone. */
export async function sendReply(workspaceId: string, messageId: string): Promise<void> {
  const claimed = await withWorkspace(workspaceId, null, async (tx) => {
    const found = await claim(tx, messageId);
    if (!found) return null;
    const slots = await reserveSendSlots(tx, { workspaceId, phoneNumberId: found.reply.phoneNumberId, wanted: 1 });
    return { ...found, at: slots.startsAt.getTime() };
  });
  if (!claimed) return;
  const { reply, credentials, at } = claimed;
  const gate = await checkAccess(workspaceId, { need: "use" });
  if (!gate.allowed) {
    await withWorkspace(workspaceId, null, (tx) => fail(tx, reply.id, null, gate.message ?? "Sending is not allowed on this plan"));
    return;
  }
  let mediaId: string | null = null;
  if (reply.media) {
    try {
      mediaId = await uploadMedia(credentials, reply.phoneNumberId, reply.media);
    } catch (error) {
      const reason = `The attachment could not be uploaded to WhatsApp: ${describeGraphFailure(error)}`;
      await withWorkspace(workspaceId, null, (tx) => fail(tx, reply.id, null, reason));
      return;
    }
  }
  const wait = at - Date.now();
  if (wait > 0) await sleep(wait);
  const path = messagesPath(reply.phoneNumberId, reply.type === "template" ? reply.templateCategory : null, reply.marketingMessagesEnabled);
  const result = await postMessage(credentials, path, messageBody(reply, mediaId));
  await withWorkspace(workspaceId, null, (tx) => recordResult(tx, workspaceId, reply, result));
}
