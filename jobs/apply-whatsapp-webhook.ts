// Task "apply-whatsapp-webhook": applies a workspace's verified Meta webhook deliveries stored by the
// webhook route. One job per workspace at a time (job key), so a burst of deliveries is applied in batches.
import type { Task } from "graphile-worker";
import { ApplyWebhooksPayload, applyPendingWebhooks, lateCommitMs } from "../app/modules/whatsapp/apply-webhook-event.server";

export const applyWhatsAppWebhook: Task = async (payload) => {
  await applyPendingWebhooks(ApplyWebhooksPayload.parse(payload).workspaceId, { lookAgainAfterMs: lateCommitMs });
};
