// Cron fan-out across workspaces: a running campaign whose senders have been silent for two minutes
// lost its job chains (each sender queues its successor and a backup before sending, so this takes
// workers killed again and again before their jobs queued anything, or jobs out of attempts;
// graphile-worker frees a dead worker's jobs only after hours), so its first lane is queued again.
// Idempotent: the lane's job keys replace any job still waiting.
import { withSystem } from "../../../db/transactions";
import { queueLane } from "./sender-jobs.server";

export async function reviveCampaignSenders(): Promise<number> {
  return withSystem(async (tx) => {
    const stalled = await tx<{ workspaceId: string; id: string }[]>`
      select c.workspace_id, c.id from campaigns c
       where c.status = 'running' and c.updated_at < now() - interval '2 minutes'
         and exists (select 1 from campaign_messages m where m.workspace_id = c.workspace_id and m.campaign_id = c.id and m.status in ('queued', 'sending'))`;
    for (const campaign of stalled) {
      await queueLane(tx, { workspaceId: campaign.workspaceId, campaignId: campaign.id, lane: 0 });
    }
    return stalled.length;
  });
}
