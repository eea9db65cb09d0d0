// Cron fan-out across workspaces: a reply whose send-reply job died with its worker stays queued, or
// sending with its claim run out, until graphile-worker frees that job hours later. Such replies get
// their job again; the job's own claim then sends a queued one, or fails one that was in flight past
// the grace as interrupted (never resending what Meta may have accepted). Idempotent: the job key
// replaces a job still waiting, and the claim ignores a reply that is no longer queued.
import { withSystem } from "../../../db/transactions";
import { enqueueJob } from "../../../jobs/enqueue";
import { replyInterruptedGraceSeconds } from "./send-reply.server";

/** A queued reply's job runs within seconds, or within a minute after a throttle; past this it was lost. */
const queuedStaleSeconds = 120;

export async function reviveReplies(): Promise<number> {
  return withSystem(async (tx) => {
    const stalled = await tx<{ workspaceId: string; id: string }[]>`
      select workspace_id, id from conversation_messages
       where direction = 'outbound' and status in ('queued', 'sending')
         and ((status = 'queued' and updated_at < now() - make_interval(secs => ${queuedStaleSeconds}))
           or (status = 'sending' and claimed_until < now() - make_interval(secs => ${replyInterruptedGraceSeconds})))
       limit 1000`;
    for (const reply of stalled) {
      await enqueueJob(tx, "send-reply", { workspaceId: reply.workspaceId, messageId: reply.id }, { jobKey: `send-reply:revive:${reply.id}` });
    }
    return stalled.length;
  });
}
