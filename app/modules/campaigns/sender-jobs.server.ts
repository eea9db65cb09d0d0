// The send-campaign jobs: each works a campaign for a short while, then hands over to its successor.
// The successor is queued before anything is sent, due when the job means to stop, so a worker killed
// mid-job costs its lane at most the rest of that job. One job key per lane: whoever queues a lane's
// next job (the job itself, a resume, a retry, the reviver) replaces the one waiting, so a lane never
// runs on as two chains.
import { z } from "zod";
import { enqueueJob } from "../../../jobs/enqueue";
import type { Tx } from "../../../db/transactions";

export const SenderJob = z.object({
  workspaceId: z.string().uuid(),
  campaignId: z.string().uuid(),
  lane: z.number().int().min(0),
});
export type SenderJob = z.infer<typeof SenderJob>;

/** Parallel sender jobs per campaign: each claims its own batches, the number's pacer keeps the rate. */
export const sendersPerCampaign = 2;

export async function enqueueSender(tx: Tx, job: SenderJob, runAt?: Date): Promise<void> {
  await enqueueJob(tx, "send-campaign", job, { jobKey: `send-campaign:${job.campaignId}:${job.lane}`, runAt, maxAttempts: 10 });
}

/** Queues a campaign's senders (at launch, resume and retry). */
export async function startSenders(tx: Tx, { workspaceId, campaignId }: { workspaceId: string; campaignId: string }): Promise<void> {
  for (let lane = 0; lane < sendersPerCampaign; lane++) await enqueueSender(tx, { workspaceId, campaignId, lane });
}

/** Queues the lane's next job, due at `at`, while the campaign runs; false once it no longer does. */
export async function queueSuccessor(tx: Tx, job: SenderJob, at: Date): Promise<boolean> {
  const [running] = await tx`select 1 from campaigns where id = ${job.campaignId} and status = 'running'`;
  if (!running) return false;
  await enqueueSender(tx, job, at);
  return true;
}
