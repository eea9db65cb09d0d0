// The workspace's webhook endpoint for Meta: answers the subscription handshake, and stores each
// delivery whose X-Hub-Signature-256 matches the workspace's app secret, then lets a job apply it.
import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import { withWorkspace, type Tx } from "../../../db/transactions";
import { requestJob } from "../../../jobs/enqueue";
import { safeEqual } from "~/lib/crypto.server";
import { findWebhookWorkspace } from "./find-webhook-workspace.server";
import { readCredentials } from "./read-connection.server";

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

/** POST: verifies, stores once (an identical body delivered again is ignored) and enqueues the apply job. */
export async function receiveWebhook(webhookKey: string, rawBody: Buffer, signature: string | null): Promise<WebhookReply> {
  const workspaceId = await findWebhookWorkspace(webhookKey);
  if (!workspaceId) return { status: 404, body: "Unknown webhook" };
  if (rawBody.length > maxWebhookBytes) return { status: 413, body: "Webhook body too large" };
  return withWorkspace(workspaceId, null, async (tx) => {
    const credentials = await readCredentials(tx);
    if (!credentials || !signatureMatches(rawBody, signature, credentials.appSecret)) return { status: 401, body: "Signature does not match" };
    let payload: unknown;
    try {
      payload = JSON.parse(rawBody.toString("utf8"));
    } catch {
      return { status: 400, body: "Body is not JSON" };
    }
    const parsed = MetaWebhook.safeParse(payload);
    if (!parsed.success) return { status: 400, body: "Not a WhatsApp Business Account webhook" };
    const digest = createHash("sha256").update(rawBody).digest();
    const [stored] = await tx<{ id: string }[]>`
      insert into whatsapp_webhook_events (workspace_id, body_sha256, payload)
      values (${workspaceId}, ${digest}, ${tx.json(parsed.data as never)})
      on conflict (workspace_id, body_sha256) do nothing returning id`;
    // One pending job per workspace: deliveries that arrive while it waits are applied by the same run.
    if (stored) await requestApply(tx, workspaceId);
    return { status: 200, body: "ok" };
  });
}
