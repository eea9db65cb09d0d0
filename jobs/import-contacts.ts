// Task import-contacts: imports an uploaded CSV whose mapping the user confirmed. Safe to run twice
// and to resume: progress is saved with each batch, and a worker shutting down stops between batches.
import type { Task } from "graphile-worker";
import { z } from "zod";
import { finishContactImport, runContactImport } from "../app/modules/contacts/run-contact-import.server";

const Payload = z.object({ workspaceId: z.string().uuid(), importId: z.string().uuid() });

export const importContactsTask: Task = async (payload, helpers) => {
  const { workspaceId, importId } = Payload.parse(payload);
  let result: Awaited<ReturnType<typeof runContactImport>>;
  try {
    result = await runContactImport({ workspaceId, importId, signal: helpers.abortSignal });
  } catch (error) {
    // On the last attempt the import is ended, so its page stops waiting and says what happened.
    if (helpers.job.attempts >= helpers.job.max_attempts) {
      await finishContactImport(workspaceId, importId, "The import stopped after repeated errors on our side. The rows before that were imported; upload the file again to import the rest.");
    }
    throw error;
  }
  // An interrupted import is thrown back to the queue, so another worker picks it up where it stopped.
  if (result === "interrupted") throw new Error(`contact import ${importId} interrupted by shutdown; it resumes on retry`);
  helpers.logger.info(`contact import ${importId}: ${result}`);
};
