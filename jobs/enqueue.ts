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

/**
 * Asks for a job that many changes share (its key names what it serves): writes nothing when one is
 * already waiting, so concurrent requests do not queue on its row; otherwise adds it, due now. The
 * job must look again shortly after it runs, since a request that found it waiting may commit just
 * after it started.
 */
export async function requestJob(tx: Tx, task: string, payload: unknown, jobKey: string): Promise<void> {
  await tx`select app_private.request_job(${task}::text, ${tx.json(payload as postgres.JSONValue)}::json, ${jobKey}::text)`;
}
