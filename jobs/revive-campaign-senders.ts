// Task revive-campaign-senders (cron, every minute): restarts the senders of stalled running campaigns.
import type { Task } from "graphile-worker";
import { reviveCampaignSenders } from "../app/modules/campaigns/revive-senders.server";

export const reviveCampaignSendersTask: Task = async (_payload, helpers) => {
  const revived = await reviveCampaignSenders();
  if (revived > 0) helpers.logger.warn(`revived the senders of ${revived} stalled campaign(s)`);
};
