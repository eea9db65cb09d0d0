// Starts graphile-worker against the owner role (which owns the queue schema). Any number of
// runners may work side by side; each job is taken by exactly one.
import { run } from "graphile-worker";
import { roleUrl } from "../db/config";
import { env } from "../app/lib/env.server";
import { log } from "../app/lib/log.server";
import { crontab, taskList } from "./tasks";

export async function startWorker() {
  const runner = await run({
    connectionString: roleUrl("owner"),
    concurrency: env.WORKER_CONCURRENCY,
    pollInterval: env.WORKER_POLL_INTERVAL_MS,
    taskList,
    crontab,
  });
  log.info("worker started", { concurrency: env.WORKER_CONCURRENCY });
  return runner;
}
