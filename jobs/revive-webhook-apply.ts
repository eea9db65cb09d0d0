// Task revive-webhook-apply (cron, every minute): requests the apply job of workspaces with stranded deliveries.
import type { Task } from "graphile-worker";
import { reviveWebhookApply } from "../app/modules/whatsapp/revive-webhook-apply.server";

export const reviveWebhookApplyTask: Task = async (_payload, helpers) => {
  const revived = await reviveWebhookApply();
  if (revived > 0) helpers.logger.warn(`requested the webhook apply job again for ${revived} workspace(s)`);
};
