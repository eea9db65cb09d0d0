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

export async function enqueueSender(tx: Tx, job: SenderJob, runAt?: Date): Promise<void> {
  await enqueueJob(tx, "send-campaign", job, { jobKey: `send-campaign:${job.campaignId}:${job.lane}:${job.round}`, runAt, maxAttempts: 10 });
}
