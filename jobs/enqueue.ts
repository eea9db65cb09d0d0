// Enqueues a background job inside the caller's transaction, so the job exists exactly when the
// change that caused it commits.
import type postgres from "postgres";
import type { Tx } from "../db/transactions";

export interface EnqueueOptions {
  queueName?: string;
  runAt?: Date;
  jobKey?: string;
  maxAttempts?: number;
}

export async function enqueueJob(tx: Tx, task: string, payload: unknown, options: EnqueueOptions = {}): Promise<void> {
  await tx`select app_private.enqueue_job(
    ${task}, ${tx.json(payload as postgres.JSONValue)}, ${options.queueName ?? null},
    ${options.runAt ?? null}, ${options.jobKey ?? null}, ${options.maxAttempts ?? null}
  )`;
}
