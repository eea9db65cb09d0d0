// The workspace's webhook endpoint for Meta: answers the subscription handshake, and stores each
// delivery whose X-Hub-Signature-256 matches the workspace's app secret, then lets a job apply it.
import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import { withWorkspace, type Tx } from "../../../db/transactions";
import { requestJob } from "../../../jobs/enqueue";
import { safeEqual } from "~/lib/crypto.server";
import { findWebhookWorkspace } from "./find-webhook-workspace.server";
import { readAppSecret } from "./read-connection.server";

export const maxWebhookBytes = 3_000_000;

/** The envelope of every WhatsApp webhook; what each change carries is parsed where it is applied. */
export const MetaWebhook = z.object({
  object: z.literal("whatsapp_business_account"),
  entry: z.array(z.object({ id: z.string(), changes: z.array(z.object({ field: z.string(), value: z.unknown() })) })).min(1),
});
export type MetaWebhook = z.infer<typeof MetaWebhook>;

export type WebhookReply = { status: number; body: string };

/** GET: Meta checks hub.verify_token against the token shown in settings and expects hub.challenge back. */
export async function answerWebhookHandshake(webhookKey: string, query: URLSearchParams): Promise<WebhookReply> {
  const workspaceId = await findWebhookWorkspace(webhookKey);
  if (!workspaceId) return { status: 404, body: "Unknown webhook" };
  const [account] = await withWorkspace(workspaceId, null, (tx) => tx<{ verifyToken: string }[]>`select verify_token from whatsapp_accounts`);
  const challenge = query.get("hub.challenge") ?? "";
  const matches = query.get("hub.mode") === "subscribe" && account && safeEqual(query.get("hub.verify_token") ?? "", account.verifyToken);
  return matches && challenge ? { status: 200, body: challenge } : { status: 403, body: "Verify token does not match" };
}

export function signatureMatches(rawBody: Buffer, header: string | null, appSecret: string): boolean {
  const given = /^sha256=([0-9a-f]{64})$/i.exec(header ?? "")?.[1];
  if (!given) return false;
  const expected = createHmac("sha256", appSecret).update(rawBody).digest();
  return timingSafeEqual(expected, Buffer.from(given, "hex"));
}

/** Asks for the workspace's apply job (shared by every delivery until it runs). */
export function requestApply(tx: Tx, workspaceId: string): Promise<void> {
  return requestJob(tx, "apply-whatsapp-webhook", { workspaceId }, `apply-whatsapp-webhook:${workspaceId}`);
}

interface Delivery {
  rawBody: Buffer;
  signature: string | null;
  answer: (reply: WebhookReply) => void;
  fail: (error: unknown) => void;
}

/** The most deliveries, and bytes, one transaction stores. */
const maxBatchDeliveries = 200;
const maxBatchBytes = 8_000_000;
/**
 * Transactions a workspace's deliveries may have in flight at once in this process: each waits
 * mostly for its commit to reach the disk, so a few overlap well.
 */
const maxTransactionsInFlight = 4;

/** A workspace's deliveries waiting for a transaction, and its transactions in flight. */
interface Intake {
  waiting: Delivery[];
  inFlight: number;
}

const intakes = new Map<string, Intake>();

/** Checks a delivery against the app secret; what to store, or the answer that refuses it. */
function checkDelivery(delivery: Delivery, appSecret: string | null): { payload: MetaWebhook; digest: Buffer } | WebhookReply {
  if (!appSecret || !signatureMatches(delivery.rawBody, delivery.signature, appSecret)) return { status: 401, body: "Signature does not match" };
  let payload: unknown;
  try {
    payload = JSON.parse(delivery.rawBody.toString("utf8"));
  } catch {
    return { status: 400, body: "Body is not JSON" };
  }
  const parsed = MetaWebhook.safeParse(payload);
  if (!parsed.success) return { status: 400, body: "Not a WhatsApp Business Account webhook" };
  return { payload: parsed.data, digest: createHash("sha256").update(delivery.rawBody).digest() };
}

/**
 * Stores a batch in one transaction, stamped a microsecond apart in the order the deliveries came
 * (the apply job's order); an identical body delivered again is ignored. Each delivery is answered
 * only once the transaction has committed.
 */
async function storeBatch(workspaceId: string, batch: Delivery[]): Promise<WebhookReply[]> {
  return withWorkspace(workspaceId, null, async (tx) => {
    const appSecret = await readAppSecret(tx);
    const checked = batch.map((delivery) => checkDelivery(delivery, appSecret));
    const accepted = checked.flatMap((check) => ("payload" in check ? [{ digest: check.digest.toString("hex"), payload: check.payload }] : [])).map((row, n) => ({ ...row, n }));
    if (accepted.length > 0) {
      // Sent together: one pending job per workspace, so asking for it when every delivery turns out
      // to be a repeat costs only a job run that finds nothing new.
      await Promise.all([
        tx`
          insert into whatsapp_webhook_events (workspace_id, body_sha256, payload, received_at)
          select ${workspaceId}, decode(d.digest, 'hex'), d.payload, statement_timestamp() + d.n * interval '1 microsecond'
            from jsonb_to_recordset(${tx.json(accepted as never)}) as d(digest text, payload jsonb, n int)
          on conflict (workspace_id, body_sha256) do nothing`.execute(),
        requestApply(tx, workspaceId),
      ]);
    }
    return checked.map((check) => ("payload" in check ? { status: 200, body: "ok" } : check));
  });
}

/** Takes the next batch off the front of the waiting deliveries. */
function takeBatch(waiting: Delivery[]): Delivery[] {
  let bytes = 0;
  let count = 0;
  while (count < waiting.length && count < maxBatchDeliveries && (count === 0 || bytes + (waiting[count]?.rawBody.length ?? 0) <= maxBatchBytes)) {
    bytes += waiting[count]?.rawBody.length ?? 0;
    count++;
  }
  return waiting.splice(0, count);
}

/** Starts transactions for the waiting deliveries while fewer than the most are in flight. */
function pump(workspaceId: string, intake: Intake): void {
  while (intake.inFlight < maxTransactionsInFlight && intake.waiting.length > 0) {
    const batch = takeBatch(intake.waiting);
    intake.inFlight++;
    void storeBatch(workspaceId, batch)
      .then(
        (replies) => batch.forEach((delivery, index) => delivery.answer(replies[index] as WebhookReply)),
        (error: unknown) => batch.forEach((delivery) => delivery.fail(error)),
      )
      .finally(() => {
        intake.inFlight--;
        if (intake.inFlight === 0 && intake.waiting.length === 0) intakes.delete(workspaceId);
        else pump(workspaceId, intake);
      });
  }
}

/**
 * POST: verifies and stores the delivery, then lets a job apply it. Deliveries to one workspace that
 * arrive while its transactions are in flight are stored together by the next one (a group commit),
 * so a burst costs a transaction per batch rather than per delivery, and a lone delivery waits for
 * nothing.
 */
export async function receiveWebhook(webhookKey: string, rawBody: Buffer, signature: string | null): Promise<WebhookReply> {
  const workspaceId = await findWebhookWorkspace(webhookKey);
  if (!workspaceId) return { status: 404, body: "Unknown webhook" };
  if (rawBody.length > maxWebhookBytes) return { status: 413, body: "Webhook body too large" };
  return new Promise((answer, fail) => {
    let intake = intakes.get(workspaceId);
    if (!intake) {
      intake = { waiting: [], inFlight: 0 };
      intakes.set(workspaceId, intake);
    }
    intake.waiting.push({ rawBody, signature, answer, fail });
    pump(workspaceId, intake);
  });
}
