// Task send-campaign: sends a running campaign's queued messages for up to `budgetMs`, then queues
// its own successor (app/modules/campaigns/sender-jobs.server.ts) unless the campaign stopped.
import type { Task } from "graphile-worker";
import { setTimeout as sleep } from "node:timers/promises";
import { withWorkspace } from "../db/transactions";
import { sendCampaignRound } from "../app/modules/campaigns/send-campaign.server";
import { SenderJob, enqueueSender } from "../app/modules/campaigns/sender-jobs.server";

const budgetMs = 15_000;
const idlePauseMs = 500;

export const sendCampaignTask: Task = async (payload) => {
  const job = SenderJob.parse(payload);
  const deadline = Date.now() + budgetMs;
  while (Date.now() < deadline) {
    const round = await sendCampaignRound(job.workspaceId, job.campaignId);
    if (round === "stopped") return;
    if (round === "idle") await sleep(idlePauseMs);
  }
  await withWorkspace(job.workspaceId, null, (tx) => enqueueSender(tx, { ...job, round: job.round + 1 }));
};
