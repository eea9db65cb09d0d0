// npm test: unit, integration and end-to-end suites against a real Postgres. Uses DATABASE_URL's
// server (or the embedded cluster), with two fresh databases of its own: kiana_test for vitest
// and kiana_e2e for the browser suite. The caller's own database is never touched.
import { spawn } from "node:child_process";
import postgres from "postgres";
import { ensurePostgres } from "./db/postgres";

function databaseUrl(base: string, name: string): string {
  const url = new URL(base);
  url.pathname = `/${name}`;
  return url.toString();
}

async function recreate(base: string, name: string) {
  const sql = postgres(databaseUrl(base, "postgres"), { max: 1, onnotice: () => undefined });
  try {
    await sql.unsafe(`drop database if exists "${name}" with (force)`);
    await sql.unsafe(`create database "${name}"`);
  } finally {
    await sql.end();
  }
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve) => {
    spawn(command, args, { env, stdio: "inherit" }).on("exit", (code) => resolve(code ?? 1));
  });
}

const handle = await ensurePostgres("postgres");
const testUrl = databaseUrl(handle.url, "kiana_test");
const e2eUrl = databaseUrl(handle.url, "kiana_e2e");
await recreate(handle.url, "kiana_test");
await recreate(handle.url, "kiana_e2e");
const migrateEnv = (url: string): NodeJS.ProcessEnv => ({ ...process.env, DATABASE_URL: url, NODE_ENV: "test" });
// vitest migrates its own database in its global setup.
let failed = (await run("npx", ["tsx", "scripts/db/migrate.ts"], migrateEnv(e2eUrl))) !== 0;
failed ||= (await run("npx", ["remix", "build"], { ...process.env, NODE_ENV: "production" })) !== 0;

const suites: [string, string[], NodeJS.ProcessEnv][] = [
  ["unit and integration", ["vitest", "run"], migrateEnv(testUrl)],
  ["end-to-end", ["playwright", "test"], migrateEnv(e2eUrl)],
];
const results: string[] = [];
for (const [name, args, env] of suites) {
  if (failed) break;
  const code = await run("npx", args, env);
  results.push(`${name}: ${code === 0 ? "passed" : "FAILED"}`);
  failed ||= code !== 0;
}
console.log(`\n${results.join("\n")}`);
await handle.stop();
process.exit(failed ? 1 : 0);
