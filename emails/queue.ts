// Queues an email in the caller's transaction; the send-email job renders and delivers it.
import type { Tx } from "../db/transactions";
import { enqueueJob } from "../jobs/enqueue";
import type { EmailMessage } from "./messages";

export function queueEmail(tx: Tx, message: EmailMessage): Promise<void> {
  return enqueueJob(tx, "send-email", message, { maxAttempts: 10 });
}
