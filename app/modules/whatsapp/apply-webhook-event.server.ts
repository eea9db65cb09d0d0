// Applies one stored Meta webhook delivery, change by change. Each handler is idempotent, so a job
// that runs twice (or a delivery Meta repeats with a different body) converges on the same state.
import { z } from "zod";
import { withWorkspace } from "../../../db/transactions";
import { applyTemplateCategoryUpdate, applyTemplateQualityUpdate, applyTemplateStatusUpdate } from "./apply-template-update.server";
import { recordMessageStatuses } from "../campaigns/record-message-status.server";
import { recordInboundMessages } from "../inbox/record-inbound-messages.server";
import { MetaWebhook } from "./receive-webhook.server";
import { refreshNumbers } from "./refresh-numbers.server";

export const ApplyWebhookPayload = z.object({ workspaceId: z.string().uuid(), eventId: z.string().uuid() });

export async function applyWebhookEvent({ workspaceId, eventId }: z.infer<typeof ApplyWebhookPayload>): Promise<void> {
  const [event] = await withWorkspace(workspaceId, null, (tx) => tx<{ payload: unknown; appliedAt: Date | null }[]>`
    select payload, applied_at from whatsapp_webhook_events where id = ${eventId}`);
  if (!event || event.appliedAt) return;
  const webhook = MetaWebhook.parse(event.payload);
  const changes = webhook.entry.flatMap((entry) => entry.changes);
  // Quality and limit changes are re-read from the Graph API rather than taken from the event.
  if (changes.some((change) => change.field === "phone_number_quality_update")) await refreshNumbers(workspaceId);
  await withWorkspace(workspaceId, null, async (tx) => {
    for (const change of changes) {
      if (change.field === "message_template_status_update") await applyTemplateStatusUpdate(tx, change.value);
      else if (change.field === "template_category_update") await applyTemplateCategoryUpdate(tx, change.value);
      else if (change.field === "message_template_quality_update") await applyTemplateQualityUpdate(tx, change.value);
      else if (change.field === "messages") {
        await recordMessageStatuses(tx, workspaceId, change.value);
        await recordInboundMessages(tx, workspaceId, change.value);
      }
    }
    await tx`update whatsapp_webhook_events set applied_at = now() where id = ${eventId}`;
  });
}
