// Task fold-campaign-tallies (cron, every minute): merges the ledger's appended counts per key.
import type { Task } from "graphile-worker";
import { foldCampaignTallies } from "../app/modules/campaigns/fold-campaign-tallies.server";

export const foldCampaignTalliesTask: Task = async () => {
  await foldCampaignTallies();
};
