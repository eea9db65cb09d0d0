// The transaction helpers. withWorkspace writes its identity with the first statement: it must still
// behave as a transaction (all or nothing, a failed statement fails it even when caught, savepoints)
// and leave nothing behind on the pooled connection. readTogether: a page's reads in one
// transaction and one round trip; the statements run in the order written, see the identity an earlier
// statement set, cannot write, and a statement started after an await is refused.
import { describe, expect, it } from "vitest";
import { appSql } from "../../db/pools";
import { readTogether, withUser, withWorkspace } from "../../db/transactions";
import { requireWorkspace } from "../../app/modules/workspaces/memberships.server";
import { revokeSession } from "../../app/modules/auth/sessions.server";
import { createAccount, requestAs } from "../helpers/factories";

describe("withWorkspace", () => {
  it("scopes to the workspace from the first statement, commits all or nothing, and leaves no identity behind", async () => {
    const account = await createAccount({ workspaceName: "Pipelined" });
    const [scoped] = await withWorkspace(account.access.workspace.id, account.userId, (tx) => tx<{ workspace: string }[]>`select app_private.current_workspace_id()::text as workspace`);
    expect(scoped?.workspace).toBe(account.access.workspace.id);
    const failed = withWorkspace(account.access.workspace.id, account.userId, async (tx) => {
      await tx`update workspaces set name = 'Renamed' where id = ${account.access.workspace.id}`;
      throw new Error("changed my mind");
    });
    await expect(failed).rejects.toThrow("changed my mind");
    const after = await appSql()<{ workspace: string | null }[]>`select app_private.current_workspace_id()::text as workspace`;
    expect(after[0]?.workspace ?? null).toBeNull();
    const [kept] = await withWorkspace(account.access.workspace.id, null, (tx) => tx<{ name: string }[]>`select name from workspaces where id = ${account.access.workspace.id}`);
    expect(kept?.name).toBe("Pipelined");
  });

  it("fails when a statement failed even if the caller caught its error, and a savepoint contains a failure", async () => {
    const account = await createAccount({ workspaceName: "Caught Error" });
    const swallowed = withWorkspace(account.access.workspace.id, null, async (tx) => {
      await tx`update workspaces set name = 'Half done' where id = ${account.access.workspace.id}`;
      await tx`select 1/0`.catch(() => undefined);
      return "looks fine";
    });
    await expect(swallowed).rejects.toMatchObject({ code: "22012" });
    const [unchanged] = await withWorkspace(account.access.workspace.id, null, (tx) => tx<{ name: string }[]>`select name from workspaces`);
    expect(unchanged?.name).toBe("Caught Error");
    const renamed = await withWorkspace(account.access.workspace.id, null, async (tx) => {
      await tx.savepoint((sp) => sp`select 1/0`).catch(() => undefined);
      await tx`update workspaces set name = 'After savepoint' where id = ${account.access.workspace.id}`;
      const [row] = await tx<{ name: string }[]>`select name from workspaces where id = ${account.access.workspace.id}`;
      return row?.name;
    });
    expect(renamed).toBe("After savepoint");
  });

  it("rejects a statement that cannot be built (an undefined value) behind others in flight, and the connection carries on", async () => {
    const account = await createAccount({ workspaceName: "Undefined Value" });
    const workspaceId = account.access.workspace.id;
    const broken = withWorkspace(workspaceId, null, (tx) => tx`update workspaces set name = 'x' where id = ${undefined as unknown as string}`);
    await expect(broken).rejects.toMatchObject({ code: "UNDEFINED_VALUE" });
    const names = await Promise.all(Array.from({ length: 20 }, () => withWorkspace(workspaceId, null, (tx) => tx<{ name: string }[]>`select name from workspaces`)));
    expect(names.every(([row]) => row?.name === "Undefined Value")).toBe(true);
  });
});

describe("readTogether", () => {
  it("runs the statements in the order written, inside one transaction that sees an earlier statement's setting", async () => {
    const account = await createAccount({ workspaceName: "Order Test" });
    const [first, mine, last] = await readTogether(async (tx) =>
      Promise.all([
        tx<{ at: Date }[]>`select now() as at`,
        tx`select set_config('app.user_id', ${account.userId}, true)`,
        tx<{ count: string }[]>`select count(*)::text as count from memberships where user_id = app_private.current_user_id()`,
        tx<{ at: Date }[]>`select now() as at`,
      ]).then(([[a], , [b], [c]]) => [a, b, c] as const),
    );
    // now() is the transaction's start: equal in both statements only when they share one transaction.
    expect(first?.at.getTime()).toBe(last?.at.getTime());
    expect(mine?.count).toBe("1");
  });

  it("leaves no identity behind on the pooled connection", async () => {
    const account = await createAccount({ workspaceName: "No Leak" });
    await readTogether(async (tx) => tx`select set_config('app.user_id', ${account.userId}, true)`);
    const after = await appSql()<{ user: string | null }[]>`select app_private.current_user_id()::text as user`;
    expect(after[0]?.user ?? null).toBeNull();
  });

  it("refuses writes: the transaction is read only", async () => {
    await expect(readTogether(async (tx) => tx`update users set name = name where id = gen_random_uuid()`)).rejects.toMatchObject({
      code: "25006",
    });
  });

  it("refuses a statement started after the first await instead of running it outside the transaction", async () => {
    await expect(
      readTogether(async (tx) => {
        await tx`select 1`;
        return tx`select 2`;
      }),
    ).rejects.toThrow("every statement must start before the first await");
  });

  it("gives the connection back usable after a statement fails", async () => {
    await expect(readTogether(async (tx) => Promise.all([tx`select 1/0`, tx`select 1`]))).rejects.toMatchObject({ code: "22012" });
    const rows = await Promise.all(Array.from({ length: 20 }, () => readTogether(async (tx) => tx<{ one: number }[]>`select 1 as one`)));
    expect(rows.every(([row]) => row?.one === 1)).toBe(true);
  });
});

describe("a workspace page's access read", () => {
  it("is signed out once the session is revoked, and a stranger's cookie reads no workspace", async () => {
    const owner = await createAccount({ workspaceName: "Revoked Page" });
    const other = await createAccount({ workspaceName: "Other Page" });
    const access = await requireWorkspace(requestAs(owner.cookie), { workspace: owner.slug });
    expect(access.workspace.slug).toBe(owner.slug);
    expect(access.workspaces.map((workspace) => workspace.slug)).toEqual([owner.slug]);
    expect(access.billing.allowed).toBe(true);
    await expect(requireWorkspace(requestAs(other.cookie), { workspace: owner.slug })).rejects.toMatchObject({ status: 404 });
    await withUser(owner.userId, (tx) => revokeSession(tx, owner.userId, access.user.sessionId));
    const page = `/w/${owner.slug}`;
    const signedOut = await requireWorkspace(requestAs(owner.cookie, page), { workspace: owner.slug }).catch((thrown: unknown) => thrown);
    expect(signedOut).toBeInstanceOf(Response);
    expect((signedOut as Response).status).toBe(302);
    expect((signedOut as Response).headers.get("Location")).toBe(`/login?${new URLSearchParams({ redirectTo: page })}`);
  });
});
