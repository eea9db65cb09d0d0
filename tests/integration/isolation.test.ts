// Tenant isolation through the module functions: a user of workspace A can neither read nor
// change workspace B's rows, whatever ids they pass.
import { describe, expect, it } from "vitest";
import { withWorkspace } from "../../db/transactions";
import { securityLog } from "../../app/modules/audit/security-log.server";
import { requireWorkspace } from "../../app/modules/workspaces/memberships.server";
import { changeRole, inviteMember, listTeam, removeMember, revokeInvitation } from "../../app/modules/workspaces/team.server";
import { createAccount, meta, requestAs } from "../helpers/factories";

async function twoWorkspaces() {
  const a = await createAccount({ workspaceName: "Alpha Traders" });
  const b = await createAccount({ workspaceName: "Beta Bakery" });
  const invited = await inviteMember(b.access, { email: `agent-${b.username}@example.test`, role: "agent" }, meta);
  expect(invited.ok).toBe(true);
  return { a, b };
}

describe("workspace isolation", () => {
  it("a member of A gets a 404 for B's workspace URL", async () => {
    const { a, b } = await twoWorkspaces();
    const attempt = requireWorkspace(requestAs(a.cookie), { workspace: b.slug });
    await expect(attempt).rejects.toMatchObject({ status: 404 });
  });

  it("team and security log functions return only the caller's workspace rows", async () => {
    const { a, b } = await twoWorkspaces();
    const team = await listTeam(a.access);
    expect(team.members.map((member) => member.userId)).toEqual([a.userId]);
    expect(team.invitations).toEqual([]);
    const log = await securityLog(a.access, null);
    expect(log.events.length).toBeGreaterThan(0);
    expect(log.events.every((event) => event.actorName !== `User ${b.username}`)).toBe(true);
  });

  it("ids of B's members and invitations passed into A's workspace change nothing", async () => {
    const { a, b } = await twoWorkspaces();
    const bTeam = await listTeam(b.access);
    const bMember = bTeam.members[0]!;
    const bInvitation = bTeam.invitations[0]!;
    expect(await changeRole(a.access, bMember.membershipId, "agent", meta)).toEqual({ ok: false, error: "That member is no longer in the workspace" });
    expect(await removeMember(a.access, bMember.membershipId, meta)).toEqual({ ok: false, error: "That member is no longer in the workspace" });
    expect(await revokeInvitation(a.access, bInvitation.id, meta)).toBe(false);
    const after = await listTeam(b.access);
    expect(after.members).toEqual(bTeam.members);
    expect(after.invitations.map((invitation) => invitation.id)).toEqual([bInvitation.id]);
  });

  it("row-level security refuses writes into another workspace even with raw SQL as the app role", async () => {
    const { a, b } = await twoWorkspaces();
    const rows = await withWorkspace(a.access.workspace.id, a.userId, async (tx) => ({
      workspaces: await tx`select id from workspaces where id = ${b.access.workspace.id}`,
      memberships: await tx`select id from memberships where workspace_id = ${b.access.workspace.id}`,
      events: await tx`select id from security_events where workspace_id = ${b.access.workspace.id}`,
      updated: await tx`update workspaces set name = 'pwned' where id = ${b.access.workspace.id} returning id`,
    }));
    expect(rows.workspaces).toHaveLength(0);
    expect(rows.memberships).toHaveLength(0);
    expect(rows.events).toHaveLength(0);
    expect(rows.updated).toHaveLength(0);
    const insert = withWorkspace(a.access.workspace.id, a.userId, (tx) =>
      tx`insert into memberships (workspace_id, user_id, role) values (${b.access.workspace.id}, ${a.userId}, 'owner')`);
    await expect(insert).rejects.toMatchObject({ code: "42501" });
  });

  it("without a workspace setting, tenant tables are empty to the app role", async () => {
    const { a } = await twoWorkspaces();
    const { appSql } = await import("../../db/pools");
    const rows = await appSql()`select count(*)::int as n from security_events where workspace_id = ${a.access.workspace.id}`;
    expect(rows[0]?.n).toBe(0);
  });
});
