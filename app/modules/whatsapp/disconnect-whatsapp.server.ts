// Disconnects WhatsApp: the stored token, app secret, numbers and templates go; the webhook URL
// stops answering for this workspace. Meta keeps the account and its templates.
import { recordSecurityEvent, type RequestMeta } from "../audit/security-events.server";
import { inWorkspace, type WorkspaceAccess } from "../workspaces/memberships.server";

export async function disconnectWhatsApp(access: WorkspaceAccess, meta: RequestMeta): Promise<boolean> {
  return inWorkspace(access, async (tx) => {
    const removed = await tx`delete from whatsapp_accounts returning waba_id`;
    if (removed.length === 0) return false;
    await recordSecurityEvent(tx, access.workspace.id, { kind: "whatsapp_disconnected", actorId: access.user.id, meta, details: { wabaId: String(removed[0]?.wabaId) } });
    return true;
  });
}
