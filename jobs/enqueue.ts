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
    ${task}::text, ${tx.json(payload as postgres.JSONValue)}::json, ${options.queueName ?? null}::text,
    ${options.runAt ?? null}::timestamptz, ${options.jobKey ?? null}::text, ${options.maxAttempts ?? null}::integer
  )`;
}
