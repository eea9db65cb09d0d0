// Applies the message statuses of Meta's webhooks to the ledger. A status finds its message by the id
// we sent as biz_opaque_callback_data (so a message whose sender died before recording the wamid is
// still reconciled) or else by wamid; it moves the message only forward (message-status.ts). A status
// for a message not known yet is kept in a backlog and applied when its wamid is recorded.
import { z } from "zod";
import type { Tx } from "../../../db/transactions";
import { classifySendError } from "./classify-send-error";
import { notifyInboxChange } from "../inbox/inbox-events.server";
import { applyMessageEvent, type MessageState } from "./message-status";

const StatusError = z.object({ code: z.number(), title: z.string().optional(), message: z.string().optional() });

export const MessageStatus = z.object({
  id: z.string().min(1),
  status: z.enum(["sent", "delivered", "read", "failed"]),
  timestamp: z.coerce.number(),
  biz_opaque_callback_data: z.string().optional(),
  errors: z.array(StatusError).optional(),
  pricing: z.record(z.unknown()).optional(),
});
export type MessageStatus = z.infer<typeof MessageStatus>;

/** The `statuses` of a `messages` change; inbound messages in the same change are not this module's. */
export const MessageStatusChange = z.object({ statuses: z.array(z.unknown()).default([]) });

/** Campaign messages and inbox replies follow the same statuses, kept in the same columns. */
type Ledger = "campaign_messages" | "conversation_messages";

interface LedgerRow {
  ledger: Ledger;
  id: string;
  status: MessageState;
  wamid: string | null;
  errorCode: number | null;
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

async function findIn(tx: Tx, ledger: Ledger, by: { id: string } | { wamid: string }): Promise<LedgerRow | null> {
  const outbound = ledger === "conversation_messages" ? tx`and direction = 'outbound'` : tx``;
  const [row] =
    "id" in by
      ? await tx<Omit<LedgerRow, "ledger">[]>`select id, status, wamid, error_code from ${tx(ledger)} where id = ${by.id} ${outbound} for update`
      : await tx<Omit<LedgerRow, "ledger">[]>`select id, status, wamid, error_code from ${tx(ledger)} where wamid = ${by.wamid} ${outbound} for update`;
  return row ? { ledger, ...row } : null;
}

async function findByWamid(tx: Tx, wamid: string): Promise<LedgerRow | null> {
  return (await findIn(tx, "campaign_messages", { wamid })) ?? findIn(tx, "conversation_messages", { wamid });
}

async function findMessage(tx: Tx, status: MessageStatus): Promise<LedgerRow | null> {
  const ours = status.biz_opaque_callback_data;
  if (ours && uuidPattern.test(ours)) {
    const found = (await findIn(tx, "campaign_messages", { id: ours })) ?? (await findIn(tx, "conversation_messages", { id: ours }));
    if (found) return found;
  }
  return findByWamid(tx, status.id);
}

/**
 * A failure we decided ourselves (no Meta error code: a sender that died mid-request, Meta out of
 * reach) gives way to Meta's own word: if Meta reports the message sent, it was, and the failure is
 * withdrawn, so "Retry failed messages" never sends it a second time.
 */
function effectiveState(message: LedgerRow): MessageState {
  return message.status === "failed" && message.errorCode === null ? "sending" : message.status;
}

async function applyToMessage(tx: Tx, message: LedgerRow, status: MessageStatus): Promise<void> {
  const withdrawn = effectiveState(message) !== message.status;
  const transition = applyMessageEvent(effectiveState(message), status.status);
  const at = new Date(status.timestamp * 1000);
  const error = status.errors?.[0];
  if (!transition) {
    if (!message.wamid) await tx`update ${tx(message.ledger)} set wamid = ${status.id}, updated_at = now() where id = ${message.id}`;
    return;
  }
  const stamps = new Set(transition.stamp);
  await tx`
    update ${tx(message.ledger)} set status = ${transition.state}, wamid = coalesce(wamid, ${status.id}), claimed_until = null, updated_at = now(),
           sent_at = case when ${stamps.has("sent")} then coalesce(sent_at, ${at}) else sent_at end,
           delivered_at = case when ${stamps.has("delivered")} then coalesce(delivered_at, ${at}) else delivered_at end,
           read_at = case when ${stamps.has("read")} then coalesce(read_at, ${at}) else read_at end,
           failed_at = case when ${stamps.has("failed")} then ${at} when ${withdrawn} then null else failed_at end,
           error_code = coalesce(${error?.code ?? null}, error_code),
           error_title = case when ${withdrawn} and ${!error} then null else coalesce(${error ? classifySendError(error.code).explanation : null}, error_title) end,
           pricing = coalesce(${status.pricing ? tx.json(status.pricing as never) : null}, pricing)
     where id = ${message.id}`;
  if (message.ledger === "conversation_messages") await notifyInboxChange(tx);
}

/** Applies every status of one `messages` change; malformed entries are skipped, never retried forever. */
export async function recordMessageStatuses(tx: Tx, workspaceId: string, value: unknown): Promise<number> {
  const change = MessageStatusChange.safeParse(value);
  if (!change.success) return 0;
  let applied = 0;
  for (const entry of change.data.statuses) {
    const status = MessageStatus.safeParse(entry);
    if (!status.success) continue;
    const message = await findMessage(tx, status.data);
    if (message) {
      await applyToMessage(tx, message, status.data);
      applied++;
      continue;
    }
    const error = status.data.errors?.[0];
    await tx`
      insert into message_status_backlog (workspace_id, wamid, status, error_code, error_title, pricing, occurred_at)
      values (${workspaceId}, ${status.data.id}, ${status.data.status}, ${error?.code ?? null}, ${error?.title ?? null},
              ${status.data.pricing ? tx.json(status.data.pricing as never) : null}, ${new Date(status.data.timestamp * 1000)})`;
  }
  return applied;
}

/** Applies (and clears) the kept statuses of messages whose wamids were just recorded. */
export async function applyStatusBacklog(tx: Tx, wamids: string[]): Promise<void> {
  const kept = await tx<{ id: string; wamid: string; status: MessageStatus["status"]; errorCode: number | null; errorTitle: string | null; pricing: Record<string, unknown> | null; occurredAt: Date }[]>`
    delete from message_status_backlog where wamid = any(${wamids}) returning id, wamid, status, error_code, error_title, pricing, occurred_at`;
  kept.sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime());
  for (const row of kept) {
    const message = await findByWamid(tx, row.wamid);
    if (!message) continue;
    await applyToMessage(tx, message, {
      id: row.wamid,
      status: row.status,
      timestamp: row.occurredAt.getTime() / 1000,
      errors: row.errorCode === null ? undefined : [{ code: row.errorCode, title: row.errorTitle ?? undefined }],
      pricing: row.pricing ?? undefined,
    });
  }
}
