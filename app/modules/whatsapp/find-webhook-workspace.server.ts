// Meta calls a workspace's webhook URL with no session: the key in the URL is all there is, and
// finding which workspace holds it must look across tenants (system role, nothing else returned).
// A key never moves to another workspace, so a found one is remembered: a key whose connection was
// removed since still names its workspace here, and the workspace's own check (its stored app secret,
// read under row-level security) then refuses the delivery.
import { withSystem } from "../../../db/transactions";

const rememberedKeys = 10_000;
const workspaceOfKey = new Map<string, string>();

export async function findWebhookWorkspace(webhookKey: string): Promise<string | null> {
  if (!/^[A-Za-z0-9_-]{20,64}$/.test(webhookKey)) return null;
  const known = workspaceOfKey.get(webhookKey);
  if (known) return known;
  const [row] = await withSystem((tx) => tx<{ workspaceId: string }[]>`select workspace_id from whatsapp_accounts where webhook_key = ${webhookKey}`);
  if (!row) return null;
  if (workspaceOfKey.size >= rememberedKeys) workspaceOfKey.delete(workspaceOfKey.keys().next().value as string);
  workspaceOfKey.set(webhookKey, row.workspaceId);
  return row.workspaceId;
}
