// Resolves an invitation link to its workspace. The link carries only a token, so finding the
// workspace crosses tenants: this is one of the system-role modules (db/system-modules.ts).
import { withSystem } from "../../../db/transactions";
import { digestToken } from "~/lib/crypto.server";

export interface InvitationLookup {
  id: string;
  workspaceId: string;
  workspaceName: string;
  email: string;
  role: "owner" | "admin" | "agent";
  inviterName: string | null;
  status: "open" | "expired" | "used";
}

export async function findInvitation(token: string): Promise<InvitationLookup | null> {
  const [row] = await withSystem((tx) => tx<InvitationLookup[]>`
    select i.id, i.workspace_id, w.name as workspace_name, i.email, i.role, u.name as inviter_name,
           case when i.accepted_at is not null or i.revoked_at is not null then 'used'
                when i.expires_at <= now() then 'expired' else 'open' end as status
      from invitations i join workspaces w on w.id = i.workspace_id left join users u on u.id = i.invited_by
     where i.token_hash = ${digestToken(token)}`);
  return row ?? null;
}
