// Task launch-campaign: launches a scheduled campaign at its time (queued by scheduleCampaign).
import type { Task } from "graphile-worker";
import { z } from "zod";
import { launchScheduledCampaign } from "../app/modules/campaigns/schedule-campaign.server";

const Payload = z.object({ workspaceId: z.string().uuid(), campaignId: z.string().uuid() });

export const launchCampaignTask: Task = async (payload, helpers) => {
  const { workspaceId, campaignId } = Payload.parse(payload);
  helpers.logger.info(`scheduled campaign ${campaignId}: ${await launchScheduledCampaign(workspaceId, campaignId)}`);
};
