// Scheduling a draft: the time is read in the workspace's time zone, and a launch-campaign job is
// queued to run then (rescheduling replaces it through the job key). The job launches exactly as the
// button does; a launch it cannot do fails the campaign with the reason.
import { wallClockToInstant } from "~/lib/dates";
import { enqueueJob } from "../../../jobs/enqueue";
import { withWorkspace, type Tx } from "../../../db/transactions";
import { launchCampaign } from "./launch-campaign.server";

const maxAheadMs = 366 * 86_400_000;

export async function scheduleCampaign(tx: Tx, workspaceId: string, campaignId: string, local: string, timeZone: string, now = new Date()): Promise<{ ok: true; at: Date } | { ok: false; error: string }> {
  const at = wallClockToInstant(local, timeZone);
  if (!at) return { ok: false, error: "Pick a date and a time" };
  if (at.getTime() < now.getTime() + 60_000) return { ok: false, error: "Pick a time at least a minute from now, or launch now" };
  if (at.getTime() > now.getTime() + maxAheadMs) return { ok: false, error: "Pick a time within the next year" };
  const [campaign] = await tx<{ status: string }[]>`select status from campaigns where id = ${campaignId} for update`;
  if (!campaign) return { ok: false, error: "There is no such campaign" };
  if (campaign.status !== "draft" && campaign.status !== "scheduled") return { ok: false, error: `A ${campaign.status} campaign cannot be scheduled` };
  await tx`update campaigns set status = 'scheduled', scheduled_at = ${at}, status_reason = null, updated_at = now() where id = ${campaignId}`;
  await enqueueJob(tx, "launch-campaign", { workspaceId, campaignId }, { runAt: at, jobKey: `launch-campaign:${campaignId}`, maxAttempts: 3 });
  return { ok: true, at };
}

/** Run by the launch-campaign job at the scheduled time. */
export async function launchScheduledCampaign(workspaceId: string, campaignId: string): Promise<string> {
  const [campaign] = await withWorkspace(workspaceId, null, (tx) => tx<{ status: string; due: boolean }[]>`
    select status, scheduled_at <= now() + interval '5 seconds' as due from campaigns where id = ${campaignId}`);
  if (!campaign || campaign.status !== "scheduled" || !campaign.due) return "not due";
  const result = await launchCampaign(workspaceId, campaignId);
  if (result.ok) return `launched: ${result.queued} queued, ${result.skipped} skipped`;
  await withWorkspace(workspaceId, null, (tx) => tx`
    update campaigns set status = 'failed', status_reason = ${`The scheduled launch could not start: ${result.error}`}, finished_at = now(), updated_at = now()
     where id = ${campaignId} and status = 'scheduled'`);
  return `not launched: ${result.error}`;
}
