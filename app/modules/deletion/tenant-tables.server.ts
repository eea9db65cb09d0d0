// The tenant tables as the catalog knows them, children before parents, so code that must visit
// every table of a workspace (deletion, export) covers tables added by later migrations too.
import type { Tx } from "../../../db/transactions";

export interface TenantTable {
  name: string;
  /** The column holding the workspace id: workspace_id, or id for the workspaces table itself. */
  key: "workspace_id" | "id";
}

export async function tenantTables(tx: Tx): Promise<TenantTable[]> {
  const tables = await tx<{ name: string }[]>`
    select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where n.nspname = 'public' and c.relkind = 'r'
       and exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'workspace_id' and not a.attisdropped)
     order by c.relname`;
  const edges = await tx<{ child: string; parent: string }[]>`
    select child.relname as child, parent.relname as parent from pg_constraint con
      join pg_class child on child.oid = con.conrelid join pg_class parent on parent.oid = con.confrelid
      join pg_namespace n on n.oid = child.relnamespace
     where con.contype = 'f' and n.nspname = 'public' and child.oid <> parent.oid`;
  const names = tables.map((table) => table.name);
  return [...orderChildrenFirst(names, edges).map((name) => ({ name, key: "workspace_id" as const })), { name: "workspaces", key: "id" as const }];
}

/** Topological order in which every table comes before the tables it references. */
export function orderChildrenFirst(names: string[], edges: { child: string; parent: string }[]): string[] {
  const pending = new Set(names);
  const ordered: string[] = [];
  while (pending.size > 0) {
    const ready = [...pending].filter((name) => !edges.some((edge) => edge.parent === name && edge.child !== name && pending.has(edge.child)));
    if (ready.length === 0) throw new Error(`foreign keys form a cycle among ${[...pending].join(", ")}`);
    for (const name of ready.sort()) {
      ordered.push(name);
      pending.delete(name);
    }
  }
  return ordered;
}

export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
