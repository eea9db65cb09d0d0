// Counts what a workspace uses against its plan's limits, inside the caller's transaction: seats
// (members plus open invitations, which hold a seat until they are used or withdrawn) and
// connected WhatsApp numbers.
import type { Tx } from "../../../db/transactions";

export interface Usage {
  members: number;
  openInvitations: number;
  seats: number;
  phoneNumbers: number;
}

export async function countUsage(tx: Tx, workspaceId: string): Promise<Usage> {
  const [counts] = await tx<{ members: number; openInvitations: number; phoneNumbers: number }[]>`
    select (select count(*)::int from memberships where workspace_id = ${workspaceId}) as members,
           (select count(*)::int from invitations where workspace_id = ${workspaceId}
               and accepted_at is null and revoked_at is null and expires_at > now()) as open_invitations,
           (select count(*)::int from whatsapp_phone_numbers where workspace_id = ${workspaceId}) as phone_numbers`;
  const { members, openInvitations, phoneNumbers } = counts!;
  return { members, openInvitations, seats: members + openInvitations, phoneNumbers };
}
