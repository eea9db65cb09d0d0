// The team of a workspace: invitations by email with a role, accepting them, changing roles and
// removing members. Owners manage everyone; admins manage admins and agents; the last owner stays.
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { scopeTo, withoutTenant, withWorkspace, type Tx } from "../../../db/transactions";
import { queueEmail } from "../../../emails/queue";
import { appUrl } from "~/lib/env.server";
import { digestToken, randomToken } from "~/lib/crypto.server";
import { fieldErrors, type FieldErrors } from "~/lib/forms";
import { recordSecurityEvent, type RequestMeta } from "../audit/security-events.server";
import { hashPassword, NewPassword } from "../auth/password.server";
import { AcceptTerms, Email, PersonName, Username } from "../auth/schemas";
import { checkPlanLimit } from "../billing/check-plan-limit.server";
import { currentVersions } from "../legal/legal.server";
import { createSession, type SessionUser } from "../auth/sessions.server";
import { isUniqueViolation } from "./create-workspace.server";
import { findInvitation } from "./find-invitation.server";
import { roleRank, type Role, type WorkspaceAccess } from "./memberships.server";

export const invitationLifetimeDays = 7;
const RoleField = z.enum(["owner", "admin", "agent"], { errorMap: () => ({ message: "Choose a role" }) });

export const InviteForm = z.object({ email: Email, role: RoleField });

export interface TeamMember {
  membershipId: string;
  userId: string;
  name: string;
  email: string;
  username: string;
  role: Role;
  joinedAt: Date;
}

export interface OpenInvitation {
  id: string;
  email: string;
  role: Role;
  createdAt: Date;
  expiresAt: Date;
  inviterName: string | null;
}

export async function listTeam(access: WorkspaceAccess) {
  return withWorkspace(access.workspace.id, access.user.id, async (tx) => {
    const members = await tx<TeamMember[]>`
      select m.id as membership_id, u.id as user_id, u.name, u.email, u.username, m.role, m.created_at as joined_at
        from memberships m join users u on u.id = m.user_id order by m.created_at`;
    const invitations = await tx<OpenInvitation[]>`
      select i.id, i.email, i.role, i.created_at, i.expires_at, u.name as inviter_name
        from invitations i left join users u on u.id = i.invited_by
       where i.accepted_at is null and i.revoked_at is null and i.expires_at > now() order by i.created_at desc`;
    return { members, invitations };
  });
}

/** Whether `actor` may grant or take away `role` (owners only by owners). */
function canManageRole(actor: Role, role: Role): boolean {
  return actor === "owner" || (actor === "admin" && role !== "owner");
}

export type InviteResult = { ok: true; email: string } | { ok: false; errors: FieldErrors; limit?: { message: string; upgradeUrl: string } };

export async function inviteMember(access: WorkspaceAccess, input: Record<string, unknown>, meta: RequestMeta): Promise<InviteResult> {
  const parsed = InviteForm.safeParse(input);
  if (!parsed.success) return { ok: false, errors: fieldErrors(parsed.error) };
  const { email, role } = parsed.data;
  if (roleRank[access.role] < roleRank.admin) return { ok: false, errors: { form: "Only owners and admins can invite teammates" } };
  if (!canManageRole(access.role, role)) return { ok: false, errors: { role: "Only an owner can invite another owner" } };
  if (!access.user.emailVerifiedAt) return { ok: false, errors: { form: "Confirm your own email address before inviting teammates" } };
  const token = randomToken();
  const result = await withWorkspace(access.workspace.id, access.user.id, async (tx) => {
    const [member] = await tx`select 1 from memberships m join users u on u.id = m.user_id where u.email = ${email}`;
    if (member) return { ok: false as const, errors: { email: "This person is already a member of the workspace" } };
    // An open invitation to the same address already holds its seat; the new one replaces it.
    const [pending] = await tx`select 1 from invitations where email = ${email} and accepted_at is null and revoked_at is null and expires_at > now()`;
    const seats = await checkPlanLimit(tx, { workspaceId: access.workspace.id, limit: "seats", adding: pending ? 0 : 1 });
    if (!seats.ok) return { ok: false as const, errors: {}, limit: { message: seats.message, upgradeUrl: seats.upgradeUrl } };
    await tx`update invitations set revoked_at = now() where email = ${email} and accepted_at is null and revoked_at is null`;
    await tx`insert into invitations (workspace_id, email, role, token_hash, invited_by, expires_at)
      values (${access.workspace.id}, ${email}, ${role}, ${digestToken(token)}, ${access.user.id},
              now() + make_interval(days => ${invitationLifetimeDays}))`;
    await recordSecurityEvent(tx, access.workspace.id, { kind: "invitation_sent", actorId: access.user.id, subjectId: null, meta, details: { email, role } });
    await queueEmail(tx, {
      template: "invitation",
      to: email,
      data: { inviterName: access.user.name, workspaceName: access.workspace.name, role, url: appUrl(`/invitations/${token}`) },
    });
    return { ok: true as const, email };
  });
  return result;
}

export async function revokeInvitation(access: WorkspaceAccess, invitationId: string, meta: RequestMeta): Promise<boolean> {
  if (roleRank[access.role] < roleRank.admin) return false;
  return withWorkspace(access.workspace.id, access.user.id, async (tx) => {
    const [row] = await tx<{ email: string }[]>`update invitations set revoked_at = now()
      where id = ${invitationId} and accepted_at is null and revoked_at is null returning email`;
    if (!row) return false;
    await recordSecurityEvent(tx, access.workspace.id, { kind: "invitation_revoked", actorId: access.user.id, subjectId: null, meta, details: { email: row.email } });
    return true;
  });
}

async function lockMembers(tx: Tx) {
  return tx<{ id: string; userId: string; role: Role }[]>`select id, user_id, role from memberships order by id for update`;
}

export type TeamChange = { ok: true } | { ok: false; error: string };

export async function changeRole(access: WorkspaceAccess, membershipId: string, newRole: unknown, meta: RequestMeta): Promise<TeamChange> {
  const role = RoleField.safeParse(newRole);
  if (!role.success) return { ok: false, error: "Choose a role" };
  return withWorkspace(access.workspace.id, access.user.id, async (tx) => {
    const members = await lockMembers(tx);
    const target = members.find((member) => member.id === membershipId);
    if (!target) return { ok: false, error: "That member is no longer in the workspace" };
    if (!canManageRole(access.role, target.role) || !canManageRole(access.role, role.data)) {
      return { ok: false, error: "Only an owner can change an owner's role or make someone an owner" };
    }
    const owners = members.filter((member) => member.role === "owner");
    if (target.role === "owner" && role.data !== "owner" && owners.length === 1) {
      return { ok: false, error: "The workspace needs at least one owner: make someone else owner first" };
    }
    await tx`update memberships set role = ${role.data} where id = ${membershipId}`;
    await recordSecurityEvent(tx, access.workspace.id, {
      kind: "role_changed", actorId: access.user.id, subjectId: target.userId, meta, details: { from: target.role, to: role.data },
    });
    return { ok: true };
  });
}

/** Removes a member, or lets a member leave when `membershipId` is their own. */
export async function removeMember(access: WorkspaceAccess, membershipId: string, meta: RequestMeta): Promise<TeamChange> {
  return withWorkspace(access.workspace.id, access.user.id, async (tx) => {
    const members = await lockMembers(tx);
    const target = members.find((member) => member.id === membershipId);
    if (!target) return { ok: false, error: "That member is no longer in the workspace" };
    const leaving = target.userId === access.user.id;
    if (!leaving && (roleRank[access.role] < roleRank.admin || !canManageRole(access.role, target.role))) {
      return { ok: false, error: "You cannot remove this member" };
    }
    if (target.role === "owner" && members.filter((member) => member.role === "owner").length === 1) {
      return { ok: false, error: "The last owner cannot leave: make someone else owner first" };
    }
    await tx`delete from memberships where id = ${membershipId}`;
    await recordSecurityEvent(tx, access.workspace.id, {
      kind: leaving ? "member_left" : "member_removed", actorId: access.user.id, subjectId: target.userId, meta,
    });
    return { ok: true };
  });
}

export type AcceptResult = { ok: true; workspaceId: string; cookie?: string } | { ok: false; errors: FieldErrors };

async function joinWorkspace(tx: Tx, token: string, userId: string, meta: RequestMeta): Promise<{ workspaceId: string } | { error: string }> {
  const invitation = await findInvitation(token);
  if (!invitation || invitation.status !== "open") return { error: "This invitation is no longer valid" };
  await scopeTo(tx, invitation.workspaceId, userId);
  const [claimed] = await tx`update invitations set accepted_at = now()
    where id = ${invitation.id} and accepted_at is null and revoked_at is null and expires_at > now() returning id`;
  if (!claimed) return { error: "This invitation is no longer valid" };
  await tx`insert into memberships (workspace_id, user_id, role) values (${invitation.workspaceId}, ${userId}, ${invitation.role})
    on conflict (workspace_id, user_id) do nothing`;
  await recordSecurityEvent(tx, invitation.workspaceId, { kind: "invitation_accepted", actorId: userId, meta, details: { role: invitation.role } });
  return { workspaceId: invitation.workspaceId };
}

/** A signed-in user accepts: the invitation must have been sent to their email address. */
export async function acceptInvitation(token: string, user: SessionUser, meta: RequestMeta): Promise<AcceptResult> {
  const invitation = await findInvitation(token);
  if (!invitation || invitation.status !== "open") return { ok: false, errors: { form: "This invitation is no longer valid" } };
  if (invitation.email.toLowerCase() !== user.email.toLowerCase()) {
    return { ok: false, errors: { form: `This invitation was sent to ${invitation.email}. Log out and accept it with that account.` } };
  }
  const joined = await withoutTenant((tx) => joinWorkspace(tx, token, user.id, meta));
  return "error" in joined ? { ok: false, errors: { form: joined.error } } : { ok: true, workspaceId: joined.workspaceId };
}

export const InviteeSignupForm = z.object({ name: PersonName, username: Username, password: NewPassword, acceptTerms: AcceptTerms });

/** A new person accepts: creates their account (email proven by the link) and joins, in one transaction. */
export async function acceptInvitationAsNewUser(token: string, input: Record<string, unknown>, meta: RequestMeta): Promise<AcceptResult> {
  const parsed = InviteeSignupForm.safeParse(input);
  if (!parsed.success) return { ok: false, errors: fieldErrors(parsed.error) };
  const invitation = await findInvitation(token);
  if (!invitation || invitation.status !== "open") return { ok: false, errors: { form: "This invitation is no longer valid" } };
  const email = Email.parse(invitation.email);
  const passwordHash = await hashPassword(parsed.data.password);
  const userId = randomUUID();
  const accepted = currentVersions();
  try {
    return await withoutTenant(async (tx) => {
      await tx`insert into users (id, email, username, name, password_hash, email_verified_at, terms_version, privacy_version, terms_accepted_at)
        values (${userId}, ${email}, ${parsed.data.username}, ${parsed.data.name}, ${passwordHash}, now(), ${accepted.terms}, ${accepted.privacy}, now())`;
      const joined = await joinWorkspace(tx, token, userId, meta);
      if ("error" in joined) throw new InvitationGone(joined.error);
      const cookie = await createSession(tx, userId, meta);
      return { ok: true as const, workspaceId: joined.workspaceId, cookie };
    });
  } catch (error) {
    if (error instanceof InvitationGone) return { ok: false, errors: { form: error.message } };
    if (isUniqueViolation(error, "users_email_key")) return { ok: false, errors: { form: `An account for ${email} exists already. Log in to accept.` } };
    if (isUniqueViolation(error, "users_username_key")) return { ok: false, errors: { username: "This admin username is taken; choose another" } };
    throw error;
  }
}

class InvitationGone extends Error {}
