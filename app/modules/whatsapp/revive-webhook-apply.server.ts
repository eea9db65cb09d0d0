// Cron safety net across workspaces: a stored Meta delivery still not applied a minute later (its
// request found the apply job waiting, then committed only after the job had finished looking)
// gets its workspace's apply job requested again. Idempotent.
import { withSystem } from "../../../db/transactions";
import { requestApply } from "./receive-webhook.server";

export async function reviveWebhookApply(): Promise<number> {
  return withSystem(async (tx) => {
    const stranded = await tx<{ workspaceId: string }[]>`
      select distinct workspace_id from whatsapp_webhook_events where applied_at is null and received_at < now() - interval '1 minute'`;
    for (const { workspaceId } of stranded) await requestApply(tx, workspaceId);
    return stranded.length;
  });
}
