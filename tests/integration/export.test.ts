// The owner's workspace export: a zip streamed from one transaction, a batch of rows at a time,
// holding exactly the workspace's own rows, without secrets, and waiting for a slow reader.
import { setTimeout as sleep } from "node:timers/promises";
import { strFromU8, unzipSync } from "fflate";
import postgres from "postgres";
import { describe, expect, it } from "vitest";
import { adminUrl } from "../../db/config";
import { withWorkspace } from "../../db/transactions";
import { exportWorkspace } from "../../app/modules/deletion/export-workspace.server";
import { inviteMember } from "../../app/modules/workspaces/team.server";
import { addMember, createAccount, meta, uniqueName, type TestAccount } from "../helpers/factories";

async function seedContacts(account: TestAccount, count: number, prefix: string): Promise<void> {
  await withWorkspace(account.access.workspace.id, null, (tx) => tx`
    insert into contacts (workspace_id, phone_e164, name, attributes)
    select ${account.access.workspace.id}, ${prefix} || lpad(n::text, 7, '0'), 'Customer ' || md5(n::text), jsonb_build_object('order', md5(n::text || 'o'))
      from generate_series(1, ${count}::int) n`);
}

async function readAll(stream: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/**
 * Sessions still busy with the export's read of contacts: a cursor waiting between two batches shows
 * as active, and the session is idle once its transaction ended. Other test files run at the same
 * time, but only this one exports. Read as the bootstrap user: other roles do not see the app
 * role's sessions.
 */
async function exportsReading(): Promise<number> {
  const sql = postgres(adminUrl(), { max: 1, onnotice: () => undefined });
  try {
    const [row] = await sql<{ count: number }[]>`
      select count(*)::int as count from pg_stat_activity
       where datname = current_database() and state <> 'idle'
         and query like 'select * from "contacts" where "workspace_id" = $1%'`;
    return row?.count ?? 0;
  } finally {
    await sql.end();
  }
}

describe("workspace export", () => {
  it("holds every row of the workspace's own tables, in batches, and nothing of another workspace or its secrets", async () => {
    const owner = await createAccount();
    const other = await createAccount();
    // More than two batches of contacts, so the file is written in several pieces.
    await seedContacts(owner, 1_234, "+1555");
    await seedContacts(other, 3, "+1666");
    await inviteMember(owner.access, { email: `${uniqueName("invitee")}@example.test`, role: "agent" }, meta);

    const files = unzipSync(await readAll(await exportWorkspace(owner.access)));
    const json = (name: string) => JSON.parse(strFromU8(files[name] ?? new Uint8Array())) as Record<string, unknown>[];

    const contacts = json("contacts.json");
    expect(contacts).toHaveLength(1_234);
    expect(new Set(contacts.map((contact) => contact.id)).size).toBe(1_234);
    expect(contacts.every((contact) => contact.workspaceId === owner.access.workspace.id && String(contact.phoneE164).startsWith("+1555"))).toBe(true);
    expect(json("workspaces.json").map((workspace) => workspace.id)).toEqual([owner.access.workspace.id]);
    expect(json("members.json").map((member) => member.email)).toEqual([owner.email]);
    // The invitation is there, its token digest is not.
    const [invitation] = json("invitations.json");
    expect(invitation).toMatchObject({ role: "agent" });
    expect(invitation).not.toHaveProperty("tokenHash");
    // Tables with no rows are still there, as empty arrays.
    expect(json("campaign_messages.json")).toEqual([]);
    expect(strFromU8(files["README.txt"] ?? new Uint8Array())).toContain(owner.access.workspace.slug);
    const everything = Object.values(files).map((file) => strFromU8(file)).join("\n");
    expect(everything).not.toContain("+1666");
    expect(everything).not.toContain(other.access.workspace.id);
  });

  it("is refused to anyone but an owner", async () => {
    const owner = await createAccount();
    const admin = await addMember(owner, "admin");
    const refusal = await exportWorkspace(admin.access).then(
      () => null,
      (error: unknown) => error,
    );
    expect(refusal).toBeInstanceOf(Response);
    expect((refusal as Response).status).toBe(403);
  });

  it("waits for a reader that falls behind, and lets go of its transaction when the download is cancelled", async () => {
    const owner = await createAccount();
    // Enough rows that their compressed JSON is well past what the export queues ahead of its reader.
    await seedContacts(owner, 60_000, "+1777");
    const reader = (await exportWorkspace(owner.access)).getReader();
    const first = await reader.read();
    expect(first.done).toBe(false);
    // Not read further: the export stops reading rows and keeps its snapshot open meanwhile.
    await sleep(300);
    expect(await exportsReading()).toBe(1);
    await reader.cancel();
    let open = await exportsReading();
    for (let i = 0; i < 50 && open > 0; i++) {
      await sleep(50);
      open = await exportsReading();
    }
    expect(open).toBe(0);
    // The connection went back to the pool in good order.
    const [row] = await withWorkspace(owner.access.workspace.id, null, (tx) => tx<{ count: number }[]>`select count(*)::int as count from contacts`);
    expect(row?.count).toBe(60_000);
  });
});
