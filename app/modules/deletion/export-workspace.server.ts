// An owner's export of everything their workspace holds, before they ask for its deletion: one
// JSON file per tenant table (from the catalog, so new tables are included) in a zip. Secrets and
// token digests (binary columns) are left out.
import { strToU8, zipSync } from "fflate";
import { withWorkspace } from "../../../db/transactions";
import type { WorkspaceAccess } from "../workspaces/memberships.server";
import { quoteIdent, tenantTables } from "./tenant-tables.server";

function withoutBinary(row: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(row).filter(([, value]) => !(value instanceof Uint8Array)));
}

export async function exportWorkspace(access: WorkspaceAccess): Promise<Uint8Array> {
  if (access.role !== "owner") throw new Response("Only owners can export the workspace", { status: 403 });
  const files = await withWorkspace(access.workspace.id, access.user.id, async (tx) => {
    const entries: Record<string, Uint8Array> = {};
    for (const table of await tenantTables(tx)) {
      const rows = await tx.unsafe(`select * from ${quoteIdent(table.name)} where ${quoteIdent(table.key)} = $1`, [access.workspace.id]);
      entries[`${table.name}.json`] = strToU8(JSON.stringify(rows.map((row) => withoutBinary(row as Record<string, unknown>)), null, 2));
    }
    const members = await tx`select u.name, u.email, u.username, m.role, m.created_at as joined_at
      from memberships m join users u on u.id = m.user_id order by m.created_at`;
    entries["members.json"] = strToU8(JSON.stringify(members, null, 2));
    return entries;
  });
  files["README.txt"] = strToU8(
    `Export of the workspace "${access.workspace.name}" (${access.workspace.slug}) from Kiana WhatsApp Panel, made ${new Date().toISOString()}.\nOne JSON file per table.\n`,
  );
  return zipSync(files, { level: 6 });
}
