// Cron fan-out across workspaces: a running campaign whose senders have been silent for two minutes
// lost its job chain (a worker was killed mid-job; graphile-worker frees a dead worker's jobs only
// after hours), so it gets a new sender. Idempotent: the job key is per campaign and minute.
import { withSystem } from "../../../db/transactions";
import { enqueueSender } from "./sender-jobs.server";

export async function reviveCampaignSenders(now = new Date()): Promise<number> {
  return withSystem(async (tx) => {
    const stalled = await tx<{ workspaceId: string; id: string }[]>`
      select c.workspace_id, c.id from campaigns c
       where c.status = 'running' and c.updated_at < now() - interval '2 minutes'
         and exists (select 1 from campaign_messages m where m.workspace_id = c.workspace_id and m.campaign_id = c.id and m.status in ('queued', 'sending'))`;
    const minute = Math.floor(now.getTime() / 60_000);
    for (const campaign of stalled) {
      await enqueueSender(tx, { workspaceId: campaign.workspaceId, campaignId: campaign.id, lane: 0, round: minute });
    }
    return stalled.length;
  });
}
