// Task execute-deletion: carries out an approved deletion request. Safe to run twice and to
// resume after a crash; a request that is not approved is left alone.
import type { Task } from "graphile-worker";
import { z } from "zod";
import { executeDeletion } from "../app/modules/deletion/execute-deletion.server";

const Payload = z.object({ requestId: z.string().uuid() });

export const executeDeletionTask: Task = async (payload, helpers) => {
  const { requestId } = Payload.parse(payload);
  const result = await executeDeletion(requestId);
  helpers.logger.info(`deletion request ${requestId}: ${result}`);
};
