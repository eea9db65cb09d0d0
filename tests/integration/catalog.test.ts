// Walks the database catalog: every tenant table has forced row-level security with a policy and
// keys that lead with the tenant; the app role owns nothing and bypasses nothing; only the listed
// modules use the system role.
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { systemRoleModules } from "../../db/system-modules";
import { ownerSql } from "../helpers/factories";

const sql = ownerSql();
afterAll(() => sql.end());

describe("tenant tables", () => {
  it("all have row-level security enabled and forced, with at least one policy", async () => {
    const tables = await sql<{ table: string; enabled: boolean; forced: boolean; policies: number }[]>`
      select c.relname as table, c.relrowsecurity as enabled, c.relforcerowsecurity as forced,
             (select count(*)::int from pg_policy p where p.polrelid = c.oid) as policies
        from pg_class c join pg_namespace n on n.oid = c.relnamespace
       where n.nspname = 'public' and c.relkind in ('r', 'p')
         and exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'workspace_id' and not a.attisdropped)`;
    expect(tables.length).toBeGreaterThanOrEqual(3);
    const offenders = tables.filter((table) => !table.enabled || !table.forced || table.policies === 0).map((table) => table.table);
    expect(offenders).toEqual([]);
  });

  it("lead their primary key, unique constraints and tenant foreign keys with workspace_id", async () => {
    const constraints = await sql<{ table: string; name: string; type: string; columns: string[]; target: string | null; targetIsTenant: boolean }[]>`
      select c.relname as table, con.conname as name, con.contype as type,
             array(select a.attname::text from unnest(con.conkey) with ordinality k(num, ord)
                     join pg_attribute a on a.attrelid = con.conrelid and a.attnum = k.num order by k.ord) as columns,
             target.relname as target,
             coalesce(exists (select 1 from pg_attribute ta where ta.attrelid = target.oid and ta.attname = 'workspace_id'), false) as target_is_tenant
        from pg_constraint con
        join pg_class c on c.oid = con.conrelid
        join pg_namespace n on n.oid = c.relnamespace
        left join pg_class target on target.oid = con.confrelid
       where n.nspname = 'public' and con.contype in ('p', 'u', 'f')
         and exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'workspace_id')`;
    const offenders = constraints.filter((constraint) => {
      if (constraint.type === "f") return constraint.targetIsTenant && !constraint.columns.includes("workspace_id");
      return constraint.columns[0] !== "workspace_id";
    });
    expect(offenders.map((constraint) => `${constraint.table}.${constraint.name}`)).toEqual([]);
  });
});

describe("database roles", () => {
  it("the app role is neither superuser nor RLS-exempt and owns nothing", async () => {
    const [role] = await sql<{ rolsuper: boolean; rolbypassrls: boolean; owned: number }[]>`
      select rolsuper, rolbypassrls,
             (select count(*)::int from pg_class c where c.relowner = r.oid) + (select count(*)::int from pg_proc p where p.proowner = r.oid) as owned
        from pg_roles r where rolname = 'kiana_app'`;
    expect(role).toEqual({ rolsuper: false, rolbypassrls: false, owned: 0 });
  });

  it("the app role cannot read the job queue directly", async () => {
    const [grant] = await sql<{ allowed: boolean }[]>`select has_table_privilege('kiana_app', 'graphile_worker._private_jobs', 'select') as allowed`;
    expect(grant?.allowed).toBe(false);
  });
});

async function sourceFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((entry) => {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) return ["node_modules", "build", ".data", ".cache", "public", "tests"].includes(entry.name) ? [] : sourceFiles(full);
      return /\.(ts|tsx)$/.test(entry.name) ? [full] : [];
    }),
  );
  return nested.flat();
}

describe("the system role", () => {
  it("is used only by the modules written down in db/system-modules.ts", async () => {
    const root = path.resolve(".");
    const definitions = new Set(["db/pools.ts", "db/transactions.ts", "db/system-modules.ts"]);
    const users: string[] = [];
    for (const file of await sourceFiles(root)) {
      const relative = path.relative(root, file);
      if (definitions.has(relative) || relative.endsWith(".test.ts")) continue;
      if (/\b(withSystem|systemSql)\b/.test(await readFile(file, "utf8"))) users.push(relative);
    }
    expect(users.sort()).toEqual(Object.keys(systemRoleModules).sort());
  });
});
