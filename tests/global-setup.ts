// Runs once before the vitest workers fork: brings DATABASE_URL's database up to date (creating the
// roles when allowed; unit tests alone may run without a database), and starts one Meta emulator on a free port that every test process reaches
// through META_GRAPH_URL (forked workers inherit this environment). Tests provision their own accounts.
import { migrate } from "../db/migrate";
import { startMetaEmulator } from "../scripts/emulators/meta/server";

export default async function setup(): Promise<() => Promise<void>> {
  if (process.env.DATABASE_URL) await migrate({ log: () => undefined });
  const meta = await startMetaEmulator({ port: 0 });
  process.env.META_GRAPH_URL = meta.url;
  return () => meta.close();
}
