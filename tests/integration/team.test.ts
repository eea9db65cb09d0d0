// The team: invitations by email with a role, acceptance by existing and new users, role changes
// and removals under the owner/admin rules, and the last owner who cannot leave.
import { describe, expect, it } from "vitest";
import { withWorkspace } from "../../db/transactions";
import { findInvitation } from "../../app/modules/workspaces/find-invitation.server";
import { listMyWorkspaces, requireWorkspace } from "../../app/modules/workspaces/memberships.server";
import { acceptInvitation, acceptInvitationAsNewUser, changeRole, inviteMember, listTeam, removeMember } from "../../app/modules/workspaces/team.server";
import { getSessionUser } from "../../app/modules/auth/sessions.server";
import { createAccount, goodPassword, invitationToken, meta, ownerSql, requestAs, uniqueName } from "../helpers/factories";

describe("invitations", () => {
  it("a new person accepts by creating an account and joins with the invited role", async () => {
    const owner = await createAccount();
    const email = `${uniqueName("new")}@example.test`;
    const token = await invitationToken(owner, email, "admin");
    const accepted = await acceptInvitationAsNewUser(token, { name: "New Admin", username: uniqueName("n"), password: goodPassword, acceptTerms: "on" }, meta);
    expect(accepted).toMatchObject({ ok: true, workspaceId: owner.access.workspace.id });
    const team = await listTeam(owner.access);
    expect(team.members.find((member) => member.email === email)?.role).toBe("admin");
    expect(team.invitations).toEqual([]);
    expect((await findInvitation(token))?.status).toBe("used");
  });

  it("an existing user accepts only with the invited address, and joins a second workspace", async () => {
    const owner = await createAccount();
    const invitee = await createAccount();
    const stranger = await createAccount();
    const token = await invitationToken(owner, invitee.email, "agent");
    const strangerUser = (await getSessionUser(requestAs(stranger.cookie)))!;
    expect(await acceptInvitation(token, strangerUser, meta)).toMatchObject({ ok: false, errors: { form: expect.stringContaining(invitee.email) } });
    const inviteeUser = (await getSessionUser(requestAs(invitee.cookie)))!;
    expect(await acceptInvitation(token, inviteeUser, meta)).toMatchObject({ ok: true });
    expect(await acceptInvitation(token, inviteeUser, meta)).toMatchObject({ ok: false, errors: { form: "This invitation is no longer valid" } });
    const workspaces = await listMyWorkspaces(invitee.userId);
    expect(workspaces.map((workspace) => workspace.slug).sort()).toEqual([invitee.slug, owner.slug].sort());
    const access = await requireWorkspace(requestAs(invitee.cookie), { workspace: owner.slug });
    expect(access.role).toBe("agent");
  });

  it("an expired invitation cannot be accepted", async () => {
    const owner = await createAccount();
    const email = `${uniqueName("late")}@example.test`;
    const token = await invitationToken(owner, email, "agent");
    await withWorkspace(owner.access.workspace.id, owner.userId, (tx) => tx`update invitations set expires_at = now() - interval '1 minute' where email = ${email}`);
    expect((await findInvitation(token))?.status).toBe("expired");
    expect(await acceptInvitationAsNewUser(token, { name: "Late", username: uniqueName("l"), password: goodPassword, acceptTerms: "on" }, meta)).toMatchObject({
      ok: false,
      errors: { form: "This invitation is no longer valid" },
    });
  });

  it("inviting needs a confirmed email, admin rights, and an owner to invite an owner", async () => {
    const unverified = await createAccount({ verified: false });
    expect(await inviteMember(unverified.access, { email: "x@example.test", role: "agent" }, meta)).toMatchObject({ ok: false, errors: { form: expect.stringContaining("Confirm") } });
    const owner = await createAccount();
    const adminEmail = `${uniqueName("adm")}@example.test`;
    const token = await invitationToken(owner, adminEmail, "admin");
    const joined = await acceptInvitationAsNewUser(token, { name: "Admin", username: uniqueName("a"), password: goodPassword, acceptTerms: "on" }, meta);
    if (!joined.ok || !joined.cookie) throw new Error("join failed");
    const adminAccess = await requireWorkspace(requestAs(joined.cookie), { workspace: owner.slug }, "admin");
    expect(await inviteMember(adminAccess, { email: "boss@example.test", role: "owner" }, meta)).toEqual({ ok: false, errors: { role: "Only an owner can invite another owner" } });
    expect(await inviteMember(owner.access, { email: owner.email, role: "agent" }, meta)).toEqual({ ok: false, errors: { email: "This person is already a member of the workspace" } });
  });
});

describe("roles and removal", () => {
  it("the last owner can neither be demoted nor leave; with a second owner they can", async () => {
    const owner = await createAccount();
    const [mine] = (await listTeam(owner.access)).members;
    expect(await changeRole(owner.access, mine!.membershipId, "admin", meta)).toEqual({ ok: false, error: expect.stringContaining("at least one owner") });
    expect(await removeMember(owner.access, mine!.membershipId, meta)).toEqual({ ok: false, error: expect.stringContaining("last owner") });

    const token = await invitationToken(owner, `${uniqueName("co")}@example.test`, "owner");
    expect((await acceptInvitationAsNewUser(token, { name: "Co Owner", username: uniqueName("c"), password: goodPassword, acceptTerms: "on" }, meta)).ok).toBe(true);
    expect(await removeMember(owner.access, mine!.membershipId, meta)).toEqual({ ok: true });
    await expect(requireWorkspace(requestAs(owner.cookie), { workspace: owner.slug })).rejects.toMatchObject({ status: 404 });
  });

  it("an agent cannot manage the team and role changes are logged", async () => {
    const owner = await createAccount();
    const token = await invitationToken(owner, `${uniqueName("ag")}@example.test`, "agent");
    const joined = await acceptInvitationAsNewUser(token, { name: "Agent", username: uniqueName("g"), password: goodPassword, acceptTerms: "on" }, meta);
    if (!joined.ok || !joined.cookie) throw new Error("join failed");
    await expect(requireWorkspace(requestAs(joined.cookie), { workspace: owner.slug }, "admin")).rejects.toMatchObject({ status: 403 });
    const agentAccess = await requireWorkspace(requestAs(joined.cookie), { workspace: owner.slug });
    const team = await listTeam(owner.access);
    const ownerMembership = team.members.find((member) => member.userId === owner.userId)!;
    expect(await removeMember(agentAccess, ownerMembership.membershipId, meta)).toEqual({ ok: false, error: "You cannot remove this member" });
    const agentMembership = team.members.find((member) => member.role === "agent")!;
    expect(await changeRole(owner.access, agentMembership.membershipId, "admin", meta)).toEqual({ ok: true });
    const events = await withWorkspace(owner.access.workspace.id, owner.userId, (tx) => tx<{ kind: string }[]>`select kind from security_events order by created_at`);
    expect(events.map((event) => event.kind)).toEqual(expect.arrayContaining(["signup", "invitation_sent", "invitation_accepted", "role_changed"]));
  });
});

describe("terms acceptance", () => {
  it("an invitee must accept the terms, and the accepted versions are recorded", async () => {
    const owner = await createAccount();
    const email = `${uniqueName("terms")}@example.test`;
    const token = await invitationToken(owner, email, "agent");
    const refused = await acceptInvitationAsNewUser(token, { name: "No Terms", username: uniqueName("n"), password: goodPassword }, meta);
    expect(refused).toMatchObject({ ok: false, errors: { acceptTerms: "Accept the terms and the privacy policy to continue" } });
    expect((await acceptInvitationAsNewUser(token, { name: "Terms", username: uniqueName("n"), password: goodPassword, acceptTerms: "on" }, meta)).ok).toBe(true);
    const sql = ownerSql();
    const [row] = await sql<{ termsVersion: number; privacyVersion: number }[]>`select terms_version, privacy_version from users where email = ${email}`;
    await sql.end();
    expect(row).toEqual({ termsVersion: 1, privacyVersion: 1 });
  });
});
