// Applies the message statuses of Meta's webhooks to the ledger, a batch at a time. A status finds its
// message by the id we sent as biz_opaque_callback_data (so a message whose sender died before
// recording the wamid is still reconciled) or else by wamid; it moves the message only forward
// (message-status.ts). A batch locks its messages in one statement, in id order (so two appliers
// never deadlock), folds every status of a message in arrival order, and writes each message once.
// A status for a message not known yet is kept in a backlog and applied when its wamid is recorded.
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
const MessageStatusChange = z.object({ statuses: z.array(z.unknown()).default([]) });

/** The well-formed statuses of one `messages` change; malformed entries are skipped, never retried forever. */
export function readMessageStatuses(value: unknown): MessageStatus[] {
  const change = MessageStatusChange.safeParse(value);
  if (!change.success) return [];
  return change.data.statuses.flatMap((entry) => {
    const status = MessageStatus.safeParse(entry);
    return status.success ? [status.data] : [];
  });
}

/** Campaign messages and inbox replies follow the same statuses, kept in the same columns. */
const ledgers = ["campaign_messages", "conversation_messages"] as const;
type Ledger = (typeof ledgers)[number];

interface LedgerRow {
  id: string;
  status: MessageState;
  wamid: string | null;
  errorCode: number | null;
  errorTitle: string | null;
  sentAt: Date | null;
  deliveredAt: Date | null;
  readAt: Date | null;
  failedAt: Date | null;
}

/** A message as the batch leaves it: what to write back, and whether anything changed. */
interface Folded extends LedgerRow {
  ledger: Ledger;
  changed: boolean;
  /** A status moved it on, so its sender's claim is over. */
  settled: boolean;
  pricing: Record<string, unknown> | null;
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const ourId = (status: MessageStatus) => {
  const id = status.biz_opaque_callback_data;
  return id && uuidPattern.test(id) ? id : null;
};

async function lockMessages(tx: Tx, ledger: Ledger, ids: string[], wamids: string[]): Promise<Folded[]> {
  const outbound = ledger === "conversation_messages" ? tx`and direction = 'outbound'` : tx``;
  const rows = await tx<LedgerRow[]>`
    select id, status, wamid, error_code, error_title, sent_at, delivered_at, read_at, failed_at from ${tx(ledger)}
     where (id = any(${ids}::uuid[]) or wamid = any(${wamids}::text[])) ${outbound}
     order by id for update`;
  return rows.map((row) => ({ ...row, ledger, changed: false, settled: false, pricing: null }));
}

/**
 * A failure we decided ourselves (no Meta error code: a sender that died mid-request, Meta out of
 * reach) gives way to Meta's own word: if Meta reports the message sent, it was, and the failure is
 * withdrawn, so "Retry failed messages" never sends it a second time.
 */
function effectiveState(message: LedgerRow): MessageState {
  return message.status === "failed" && message.errorCode === null ? "sending" : message.status;
}

function fold(message: Folded, status: MessageStatus): void {
  const withdrawn = effectiveState(message) !== message.status;
  const transition = applyMessageEvent(effectiveState(message), status.status);
  if (!transition) {
    if (!message.wamid) Object.assign(message, { wamid: status.id, changed: true });
    return;
  }
  const at = new Date(status.timestamp * 1000);
  const error = status.errors?.[0];
  const stamps = new Set(transition.stamp);
  Object.assign(message, {
    changed: true,
    settled: true,
    status: transition.state,
    wamid: message.wamid ?? status.id,
    sentAt: stamps.has("sent") ? (message.sentAt ?? at) : message.sentAt,
    deliveredAt: stamps.has("delivered") ? (message.deliveredAt ?? at) : message.deliveredAt,
    readAt: stamps.has("read") ? (message.readAt ?? at) : message.readAt,
    failedAt: stamps.has("failed") ? at : withdrawn ? null : message.failedAt,
    errorCode: error?.code ?? message.errorCode,
    errorTitle: withdrawn && !error ? null : error ? classifySendError(error.code).explanation : message.errorTitle,
    pricing: status.pricing ?? message.pricing,
  });
}

async function writeMessages(tx: Tx, ledger: Ledger, messages: Folded[]): Promise<void> {
  const rows = messages
    .filter((message) => message.ledger === ledger && message.changed)
    .map(({ id, status, wamid, settled, sentAt, deliveredAt, readAt, failedAt, errorCode, errorTitle, pricing }) => ({
      id, status, wamid, settled, sent_at: sentAt, delivered_at: deliveredAt, read_at: readAt, failed_at: failedAt, error_code: errorCode, error_title: errorTitle, pricing,
    }));
  if (rows.length === 0) return;
  await tx`
    update ${tx(ledger)} m set status = p.status, wamid = p.wamid, updated_at = now(),
           claimed_until = case when p.settled then null else m.claimed_until end,
           sent_at = p.sent_at, delivered_at = p.delivered_at, read_at = p.read_at, failed_at = p.failed_at,
           error_code = p.error_code, error_title = p.error_title, pricing = coalesce(p.pricing, m.pricing)
      from jsonb_to_recordset(${tx.json(rows as never)}) as p(id uuid, status text, wamid text, settled boolean, sent_at timestamptz,
             delivered_at timestamptz, read_at timestamptz, failed_at timestamptz, error_code int, error_title text, pricing jsonb)
     where m.id = p.id`;
  if (ledger === "conversation_messages") await notifyInboxChange(tx);
}

/** Applies statuses in arrival order; returns those whose message is not known (yet). */
async function applyStatuses(tx: Tx, statuses: MessageStatus[]): Promise<MessageStatus[]> {
  if (statuses.length === 0) return [];
  const ids = [...new Set(statuses.flatMap((status) => ourId(status) ?? []))];
  const wamids = [...new Set(statuses.map((status) => status.id))];
  const locked: Folded[] = [];
  for (const ledger of ledgers) locked.push(...(await lockMessages(tx, ledger, ids, wamids)));
  // By our id first (campaign messages before replies), else by wamid, as the ledgers are searched.
  const byId = new Map<string, Folded>();
  const byWamid = new Map<string, Folded>();
  for (const message of locked) {
    if (!byId.has(message.id)) byId.set(message.id, message);
    if (message.wamid && !byWamid.has(message.wamid)) byWamid.set(message.wamid, message);
  }
  const unknown: MessageStatus[] = [];
  for (const status of statuses) {
    const id = ourId(status);
    const message = (id ? byId.get(id) : undefined) ?? byWamid.get(status.id);
    if (!message) {
      unknown.push(status);
      continue;
    }
    fold(message, status);
    if (message.wamid && !byWamid.has(message.wamid)) byWamid.set(message.wamid, message);
  }
  for (const ledger of ledgers) await writeMessages(tx, ledger, locked);
  return unknown;
}

/** Applies a batch of statuses, keeping those for messages not known yet; returns how many applied. */
export async function recordMessageStatuses(tx: Tx, workspaceId: string, statuses: MessageStatus[]): Promise<number> {
  const unknown = await applyStatuses(tx, statuses);
  if (unknown.length > 0) {
    const kept = unknown.map((status) => ({
      wamid: status.id,
      status: status.status,
      error_code: status.errors?.[0]?.code ?? null,
      error_title: status.errors?.[0]?.title ?? null,
      pricing: status.pricing ?? null,
      occurred_at: new Date(status.timestamp * 1000),
    }));
    await tx`
      insert into message_status_backlog (workspace_id, wamid, status, error_code, error_title, pricing, occurred_at)
      select ${workspaceId}, k.wamid, k.status, k.error_code, k.error_title, k.pricing, k.occurred_at
        from jsonb_to_recordset(${tx.json(kept as never)}) as k(wamid text, status text, error_code int, error_title text, pricing jsonb, occurred_at timestamptz)`;
  }
  return statuses.length - unknown.length;
}

/** Applies (and clears) the kept statuses of messages whose wamids were just recorded. */
export async function applyStatusBacklog(tx: Tx, wamids: string[]): Promise<void> {
  const kept = await tx<{ wamid: string; status: MessageStatus["status"]; errorCode: number | null; errorTitle: string | null; pricing: Record<string, unknown> | null; occurredAt: Date }[]>`
    delete from message_status_backlog where wamid = any(${wamids}) returning wamid, status, error_code, error_title, pricing, occurred_at`;
  kept.sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime());
  await applyStatuses(
    tx,
    kept.map((row) => ({
      id: row.wamid,
      status: row.status,
      timestamp: row.occurredAt.getTime() / 1000,
      errors: row.errorCode === null ? undefined : [{ code: row.errorCode, title: row.errorTitle ?? undefined }],
      pricing: row.pricing ?? undefined,
    })),
  );
}
