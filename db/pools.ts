// The connection pools, one per database role, opened lazily so a process only connects as the
// roles it uses. The app pool serves web requests and tenant jobs; the system pool is reserved for
// the modules listed in db/system-modules.ts.
import postgres from "postgres";
import { env } from "../app/lib/env.server";
import { roleUrl, type RoleName } from "./config";

export type Sql = postgres.Sql<Record<string, never>>;
export type Tx = postgres.TransactionSql<Record<string, never>>;

const pools = new Map<RoleName, Sql>();

function open(role: RoleName): Sql {
  const existing = pools.get(role);
  if (existing) return existing;
  const sql = postgres(roleUrl(role), {
    max: env.DATABASE_POOL_SIZE,
    // Column names only: JSON values (event details, progress counts) keep their own keys.
    transform: { column: { from: postgres.toCamel, to: postgres.fromCamel } },
    onnotice: () => undefined,
    connection: { application_name: `kiana-${role}` },
  }) as unknown as Sql;
  pools.set(role, sql);
  return sql;
}

/** The app role's pool, for queries on global (non-tenant) tables and for the transaction helpers. */
export function appSql(): Sql {
  return open("app");
}

export function systemSql(): Sql {
  return open("system");
}

export async function closePools(): Promise<void> {
  const all = [...pools.values()];
  pools.clear();
  await Promise.all(all.map((sql) => sql.end({ timeout: 5 })));
}
