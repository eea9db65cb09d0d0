// Forward-only SQL migrations: files in db/migrations are applied in name order, each in its own
// transaction, and recorded with a checksum. An applied file that was edited or removed stops the
// run, because the database would no longer match the code that describes it.
import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import postgres from "postgres";
import { runMigrations as runWorkerMigrations } from "graphile-worker";
import { adminUrl, rolePassword, roles, roleUrl } from "./config";

const migrationsDir = path.join(path.dirname(fileURLToPath(import.meta.url)), "migrations");

export interface Migration {
  name: string;
  checksum: string;
  sql: string;
}

export function checksumOf(sql: string): string {
  return createHash("sha256").update(sql, "utf8").digest("hex");
}

export async function loadMigrations(dir = migrationsDir): Promise<Migration[]> {
  const names = (await readdir(dir)).filter((name) => name.endsWith(".sql")).sort();
  return Promise.all(
    names.map(async (name) => {
      const sql = await readFile(path.join(dir, name), "utf8");
      return { name, sql, checksum: checksumOf(sql) };
    }),
  );
}

/** Compares what the database recorded with the files; returns the migrations still to apply. */
export function pendingMigrations(files: Migration[], applied: { name: string; checksum: string }[]): Migration[] {
  const byName = new Map(files.map((file) => [file.name, file]));
  for (const record of applied) {
    const file = byName.get(record.name);
    if (!file) throw new Error(`Migration ${record.name} was applied but its file is missing`);
    if (file.checksum !== record.checksum) {
      throw new Error(`Migration ${record.name} was edited after it was applied (checksum mismatch); add a new migration instead`);
    }
  }
  const appliedNames = new Set(applied.map((record) => record.name));
  return files.filter((file) => !appliedNames.has(file.name));
}

/**
 * Creates the three roles and the grants they need on the database, when the bootstrap user may
 * create roles. Where it may not (a managed production server), the roles must already exist.
 */
async function bootstrapRoles(log: (line: string) => void) {
  const sql = postgres(adminUrl(), { max: 1, onnotice: () => undefined });
  try {
    const [me] = await sql<{ rolsuper: boolean; rolcreaterole: boolean; db: string }[]>`
      select rolsuper, rolcreaterole, current_database() as db from pg_roles where rolname = current_user`;
    if (!me || !(me.rolsuper || me.rolcreaterole)) {
      log("bootstrap user cannot create roles; assuming the owner, app and system roles exist");
      return;
    }
    const password = rolePassword();
    const flags = {
      [roles.owner]: "login nosuperuser nobypassrls nocreaterole nocreatedb",
      [roles.app]: "login nosuperuser nobypassrls nocreaterole nocreatedb noinherit",
      [roles.system]: "login nosuperuser bypassrls nocreaterole nocreatedb noinherit",
    };
    for (const [role, roleFlags] of Object.entries(flags)) {
      const [exists] = await sql`select 1 from pg_roles where rolname = ${role}`;
      const verb = exists ? "alter" : "create";
      await sql.unsafe(`${verb} role ${role} with ${roleFlags} password ${quoteLiteral(password)}`);
    }
    const db = quoteIdent(me.db);
    await sql.unsafe(`create extension if not exists citext`);
    await sql.unsafe(`grant connect, create, temporary on database ${db} to ${roles.owner}`);
    await sql.unsafe(`grant connect on database ${db} to ${roles.app}, ${roles.system}`);
    await sql.unsafe(`grant usage, create on schema public to ${roles.owner}`);
    await sql.unsafe(`grant usage on schema public to ${roles.app}, ${roles.system}`);
  } finally {
    await sql.end();
  }
}

function quoteLiteral(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

function quoteIdent(value: string): string {
  return `"${value.replaceAll('"', '""')}"`;
}

export async function migrate({ log = console.log }: { log?: (line: string) => void } = {}): Promise<string[]> {
  await bootstrapRoles(log);
  const ownerUrl = roleUrl("owner");
  await runWorkerMigrations({ connectionString: ownerUrl });
  const sql = postgres(ownerUrl, { max: 1, onnotice: () => undefined });
  try {
    await sql`create table if not exists schema_migrations (
      name text primary key,
      checksum text not null,
      applied_at timestamptz not null default now()
    )`;
    const applied = await sql<{ name: string; checksum: string }[]>`select name, checksum from schema_migrations order by name`;
    const pending = pendingMigrations(await loadMigrations(), applied);
    for (const migration of pending) {
      await sql.begin(async (tx) => {
        await tx.unsafe(migration.sql);
        await tx`insert into schema_migrations (name, checksum) values (${migration.name}, ${migration.checksum})`;
      });
      log(`applied ${migration.name}`);
    }
    return pending.map((migration) => migration.name);
  } finally {
    await sql.end();
  }
}
