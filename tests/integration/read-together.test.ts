// readTogether: a page's reads in one transaction and one round trip. The statements run in the
// order written, see the identity an earlier statement set, cannot write, and a statement started
// after an await is refused rather than run outside the transaction.
import { describe, expect, it } from "vitest";
import { appSql } from "../../db/pools";
import { readTogether, withUser } from "../../db/transactions";
import { requireWorkspace } from "../../app/modules/workspaces/memberships.server";
import { revokeSession } from "../../app/modules/auth/sessions.server";
import { createAccount, requestAs } from "../helpers/factories";

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
