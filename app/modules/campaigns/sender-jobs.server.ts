// The send-campaign jobs: each works a campaign for CAMPAIGN_SENDER_JOB_SECONDS, then hands over to
// its successor. The successor is queued before anything is sent, due when the job means to stop, so
// a worker killed mid-job costs its lane at most the rest of that job; a backup, due one job later and
// pushed out by every job that starts, covers a worker killed before its job queued anything. One job
// key per lane (and one for its backup): whoever queues a lane's next job (the job itself, a resume, a
// retry, the reviver) replaces the one waiting, so a lane never runs on as two chains.
import { z } from "zod";
import { env } from "~/lib/env.server";
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

export const senderJobMs = env.CAMPAIGN_SENDER_JOB_SECONDS * 1000;

/** Queues the lane's next job at `at` (now by default) and its backup one job later. */
export async function queueLane(tx: Tx, job: SenderJob, at = new Date()): Promise<void> {
  const key = `send-campaign:${job.campaignId}:${job.lane}`;
  await enqueueJob(tx, "send-campaign", job, { jobKey: key, runAt: at, maxAttempts: 10 });
  await enqueueJob(tx, "send-campaign", job, { jobKey: `${key}:backup`, runAt: new Date(at.getTime() + senderJobMs), maxAttempts: 10 });
}

/** Queues a campaign's senders (at launch, resume and retry). */
export async function startSenders(tx: Tx, { workspaceId, campaignId }: { workspaceId: string; campaignId: string }): Promise<void> {
  for (let lane = 0; lane < sendersPerCampaign; lane++) await queueLane(tx, { workspaceId, campaignId, lane });
}

/** Queues the lane's next job, due at `at`, while the campaign runs; false once it no longer does. */
export async function queueSuccessor(tx: Tx, job: SenderJob, at: Date): Promise<boolean> {
  const [running] = await tx`select 1 from campaigns where id = ${job.campaignId} and status = 'running'`;
  if (!running) return false;
  await queueLane(tx, job, at);
  return true;
}
