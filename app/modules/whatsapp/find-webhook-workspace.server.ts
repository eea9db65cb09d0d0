// Meta calls a workspace's webhook URL with no session: the key in the URL is all there is, and
// finding which workspace holds it must look across tenants (system role, nothing else returned).
import { withSystem } from "../../../db/transactions";

export async function findWebhookWorkspace(webhookKey: string): Promise<string | null> {
  if (!/^[A-Za-z0-9_-]{20,64}$/.test(webhookKey)) return null;
  const [row] = await withSystem((tx) => tx<{ workspaceId: string }[]>`select workspace_id from whatsapp_accounts where webhook_key = ${webhookKey}`);
  return row?.workspaceId ?? null;
}
