// The benchmark's own database, recreated empty on whichever server ensurePostgres found, so a run
// never reads or writes the developer's or the test suites' data.
import postgres from "postgres";

/** BENCH_DATABASE runs the benchmark in another database (say, to run one scenario beside another run). */
export const benchDatabase = process.env.BENCH_DATABASE || "kiana_bench";

export function databaseUrl(base: string, name: string): string {
  const url = new URL(base);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Drops (forcing out leftover connections of an interrupted run) and creates `name`. */
export async function recreateDatabase(base: string, name: string): Promise<string> {
  const quoted = `"${name.replaceAll('"', '""')}"`;
  const sql = postgres(databaseUrl(base, "postgres"), { max: 1, onnotice: () => undefined });
  try {
    await sql.unsafe(`drop database if exists ${quoted} with (force)`);
    await sql.unsafe(`create database ${quoted}`);
  } finally {
    await sql.end();
  }
  return databaseUrl(base, name);
}

/** Where the figures came from, without the password. */
export function describeServer(url: string, embedded: boolean): string {
  const parsed = new URL(url);
  return `${parsed.hostname}:${parsed.port || "5432"}${embedded ? " (embedded cluster)" : " (DATABASE_URL)"}`;
}
