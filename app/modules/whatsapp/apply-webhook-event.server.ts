// Applies one stored Meta webhook delivery, change by change. Each handler is idempotent, so a job
// that runs twice (or a delivery Meta repeats with a different body) converges on the same state.
import { z } from "zod";
import { withWorkspace } from "../../../db/transactions";
import { MetaWebhook } from "./receive-webhook.server";
import { refreshNumbers } from "./refresh-numbers.server";

export const ApplyWebhookPayload = z.object({ workspaceId: z.string().uuid(), eventId: z.string().uuid() });

export async function applyWebhookEvent({ workspaceId, eventId }: z.infer<typeof ApplyWebhookPayload>): Promise<void> {
  const [event] = await withWorkspace(workspaceId, null, (tx) => tx<{ payload: unknown; appliedAt: Date | null }[]>`
    select payload, applied_at from whatsapp_webhook_events where id = ${eventId}`);
  if (!event || event.appliedAt) return;
  const webhook = MetaWebhook.parse(event.payload);
  const fields = new Set(webhook.entry.flatMap((entry) => entry.changes.map((change) => change.field)));
  // Quality and limit changes are re-read from the Graph API rather than taken from the event.
  if (fields.has("phone_number_quality_update")) await refreshNumbers(workspaceId);
  await withWorkspace(workspaceId, null, (tx) => tx`update whatsapp_webhook_events set applied_at = now() where id = ${eventId}`);
}
