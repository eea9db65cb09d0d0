// Pause, resume and cancel. Senders re-read the campaign's state before each batch (at most about two
// seconds of sending), so a pause or cancel takes effect within that; resume starts fresh senders.
import type { Tx } from "../../../db/transactions";
import { startSenders } from "./sender-jobs.server";

export const campaignActions = ["pause", "resume", "cancel"] as const;
export type CampaignAction = (typeof campaignActions)[number];

const allowedFrom: Record<CampaignAction, string[]> = {
  pause: ["running"],
  resume: ["paused"],
  cancel: ["draft", "scheduled", "running", "paused"],
};

export async function changeCampaignState(tx: Tx, workspaceId: string, campaignId: string, action: CampaignAction): Promise<{ ok: true } | { ok: false; error: string }> {
  const [campaign] = await tx<{ status: string }[]>`select status from campaigns where id = ${campaignId} for update`;
  if (!campaign) return { ok: false, error: "There is no such campaign" };
  if (!allowedFrom[action].includes(campaign.status)) return { ok: false, error: `A ${campaign.status} campaign cannot be ${action === "cancel" ? "cancelled" : `${action}d`}` };
  if (action === "pause") {
    await tx`update campaigns set status = 'paused', status_reason = 'Paused by a team member', updated_at = now() where id = ${campaignId}`;
  } else if (action === "resume") {
    await tx`update campaigns set status = 'running', status_reason = null, updated_at = now() where id = ${campaignId}`;
    await startSenders(tx, { workspaceId, campaignId });
  } else {
    await tx`update campaign_messages set status = 'skipped', error_title = 'Cancelled before sending', updated_at = now()
              where campaign_id = ${campaignId} and status = 'queued'`;
    await tx`update campaigns set status = 'cancelled', status_reason = 'Cancelled by a team member', finished_at = now(), updated_at = now()
              where id = ${campaignId}`;
  }
  return { ok: true };
}
