// "Retry failed messages" on a finished campaign: only messages whose error may pass (a transient
// fault, an interrupted send, Meta holding a message back) go back to the queue; permanent failures
// and skipped contacts stay as they are. A campaign older than the workspace's retention period has
// had its values removed, so its messages are not sent again.
import type { Tx } from "../../../db/transactions";
import { olderThanRetention } from "../workspaces/message-retention.server";
import { classifySendError } from "./classify-send-error";
import { startSenders } from "./sender-jobs.server";

export async function retryFailedMessages(tx: Tx, workspaceId: string, campaignId: string): Promise<{ ok: true; requeued: number } | { ok: false; error: string }> {
  const [campaign] = await tx<{ status: string; contentsKept: boolean | null }[]>`
    select c.status, not (${olderThanRetention(tx, "c.launched_at")}) as contents_kept
      from campaigns c join workspaces w on w.id = c.workspace_id where c.id = ${campaignId} for update of c`;
  if (!campaign) return { ok: false, error: "There is no such campaign" };
  if (!["completed", "failed", "paused"].includes(campaign.status)) return { ok: false, error: "Failed messages can be retried once the campaign has finished or is paused" };
  // The retention purge blanks the values of messages older than the period; sent again, they would arrive empty.
  if (!campaign.contentsKept) {
    return { ok: false, error: "This campaign is older than the workspace keeps message contents, so its failed messages cannot be sent again: duplicate it instead" };
  }
  const codes = await tx<{ code: number }[]>`
    select distinct error_code as code from campaign_messages where campaign_id = ${campaignId} and status = 'failed' and error_code is not null`;
  const retryable = codes.map((row) => row.code).filter((code) => classifySendError(code).retryable);
  // Messages failed without a code (interrupted, or Meta unreachable) are retryable too.
  const requeued = await tx`
    update campaign_messages set status = 'queued', error_code = null, error_title = null, failed_at = null, not_before = null, attempts = 0, updated_at = now()
     where campaign_id = ${campaignId} and status = 'failed' and (error_code is null or error_code = any(${retryable}::int[]))`;
  if (requeued.count === 0) return { ok: false, error: "No failed message can be retried: the remaining failures are permanent" };
  await tx`update campaigns set status = 'running', status_reason = null, finished_at = null, updated_at = now() where id = ${campaignId}`;
  await startSenders(tx, { workspaceId, campaignId });
  return { ok: true, requeued: requeued.count };
}
