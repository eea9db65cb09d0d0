// The send-campaign jobs: each works a campaign for a short while, then queues its successor, so a
// deploy or a crash costs at most one short job. Keys carry the round so a successor never collides
// with the job that queues it; a cron revives senders whose chain broke with a killed worker.
import { z } from "zod";
import { enqueueJob } from "../../../jobs/enqueue";
import type { Tx } from "../../../db/transactions";

export const SenderJob = z.object({
  workspaceId: z.string().uuid(),
  campaignId: z.string().uuid(),
  lane: z.number().int().min(0),
  round: z.number().int().min(0),
});
export type SenderJob = z.infer<typeof SenderJob>;

/** Parallel sender jobs per campaign: each claims its own batches, the number's pacer keeps the rate. */
export const sendersPerCampaign = 2;

export async function enqueueSender(tx: Tx, job: SenderJob): Promise<void> {
  await enqueueJob(tx, "send-campaign", job, { jobKey: `send-campaign:${job.campaignId}:${job.lane}:${job.round}`, maxAttempts: 10 });
}

/** Queues a campaign's senders (at launch, resume and retry); `round` keeps their keys apart from earlier chains. */
export async function startSenders(tx: Tx, { workspaceId, campaignId, round }: { workspaceId: string; campaignId: string; round: number }): Promise<void> {
  for (let lane = 0; lane < sendersPerCampaign; lane++) await enqueueSender(tx, { workspaceId, campaignId, lane, round });
}
