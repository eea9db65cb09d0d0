// Task send-campaign: sends a running campaign's queued messages for CAMPAIGN_SENDER_JOB_SECONDS. Its
// successor (and the successor's backup) is queued first, due at that deadline, so a worker killed
// mid-job holds the lane up no longer (app/modules/campaigns/sender-jobs.server.ts); a job that
// reaches its deadline calls its successor at once.
import type { Task } from "graphile-worker";
import { setTimeout as sleep } from "node:timers/promises";
import { withWorkspace } from "../db/transactions";
import { sendCampaignRound } from "../app/modules/campaigns/send-campaign.server";
import { SenderJob, queueSuccessor, senderJobMs } from "../app/modules/campaigns/sender-jobs.server";

const idlePauseMs = 500;

export const sendCampaignTask: Task = async (payload) => {
  const job = SenderJob.parse(payload);
  const deadline = Date.now() + senderJobMs;
  const successor = (at: Date) => withWorkspace(job.workspaceId, null, (tx) => queueSuccessor(tx, job, at));
  if (!(await successor(new Date(deadline)))) return;
  while (Date.now() < deadline) {
    const round = await sendCampaignRound(job.workspaceId, job.campaignId);
    if (round === "stopped") return;
    if (round === "idle") await sleep(idlePauseMs);
  }
  await successor(new Date());
};
