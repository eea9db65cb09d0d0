// Applies a workspace's stored Meta webhook deliveries, oldest first, a batch per transaction (rows
// locked with skip locked, so two workers never apply the same delivery; the batch's message statuses
// are applied together, in arrival order). Each handler is idempotent,
// so a job that runs twice (or a delivery Meta repeats with a different body) converges on the same state.
import { setTimeout as sleep } from "node:timers/promises";
import { z } from "zod";
import { withWorkspace, type Tx } from "../../../db/transactions";
import { applyTemplateCategoryUpdate, applyTemplateQualityUpdate, applyTemplateStatusUpdate } from "./apply-template-update.server";
import { readMessageStatuses, recordMessageStatuses, type MessageStatus } from "../campaigns/record-message-status.server";
import { recordInboundMessages } from "../inbox/record-inbound-messages.server";
import { MetaWebhook } from "./receive-webhook.server";
import { refreshNumbers } from "./refresh-numbers.server";

export const ApplyWebhooksPayload = z.object({ workspaceId: z.string().uuid() });

const batchSize = 200;

/** Applies one delivery's changes, except message statuses, which it adds to `statuses` for the batch. */
async function applyChanges(tx: Tx, workspaceId: string, payload: unknown, statuses: MessageStatus[]): Promise<{ qualityChanged: boolean }> {
  const webhook = MetaWebhook.safeParse(payload);
  if (!webhook.success) return { qualityChanged: false };
  let qualityChanged = false;
  for (const change of webhook.data.entry.flatMap((entry) => entry.changes)) {
    if (change.field === "message_template_status_update") await applyTemplateStatusUpdate(tx, change.value);
    else if (change.field === "template_category_update") await applyTemplateCategoryUpdate(tx, change.value);
    else if (change.field === "message_template_quality_update") await applyTemplateQualityUpdate(tx, change.value);
    else if (change.field === "phone_number_quality_update") qualityChanged = true;
    else if (change.field === "messages") {
      statuses.push(...readMessageStatuses(change.value));
      await recordInboundMessages(tx, workspaceId, change.value);
    }
  }
  return { qualityChanged };
}

/**
 * A delivery whose request found the apply job waiting may commit just after the job started: the
 * job looks once more this long after its last batch (see requestJob).
 */
export const lateCommitMs = 250;

/** Applies every delivery not applied yet (looking once more after `lookAgainAfterMs`); returns how many it applied. */
export async function applyPendingWebhooks(workspaceId: string, { lookAgainAfterMs = 0 } = {}): Promise<number> {
  let applied = 0;
  let qualityChanged = false;
  let lookedAgain = false;
  for (;;) {
    const batch = await withWorkspace(workspaceId, null, async (tx) => {
      const events = await tx<{ id: string; payload: unknown }[]>`
        select id, payload from whatsapp_webhook_events where applied_at is null
         order by received_at, id limit ${batchSize} for update skip locked`;
      const statuses: MessageStatus[] = [];
      for (const event of events) qualityChanged = (await applyChanges(tx, workspaceId, event.payload, statuses)).qualityChanged || qualityChanged;
      await recordMessageStatuses(tx, workspaceId, statuses);
      if (events.length > 0) await tx`update whatsapp_webhook_events set applied_at = now() where id = any(${events.map((event) => event.id)}::uuid[])`;
      return events.length;
    });
    applied += batch;
    if (batch === batchSize) continue;
    if (lookedAgain || lookAgainAfterMs <= 0) break;
    lookedAgain = true;
    await sleep(lookAgainAfterMs);
  }
  // Quality and limit changes are re-read from the Graph API (outside any transaction) rather than taken from the event.
  if (qualityChanged) await refreshNumbers(workspaceId);
  return applied;
}
