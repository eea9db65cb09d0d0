// Task sync-templates: refreshes a workspace's message templates from Meta, queued on connect and
// when a webhook names a template not stored yet. Idempotent; Meta being busy or down retries.
import type { Task } from "graphile-worker";
import { z } from "zod";
import { syncTemplates } from "../app/modules/whatsapp/sync-templates.server";

const Payload = z.object({ workspaceId: z.string().uuid() });

export const syncTemplatesTask: Task = async (payload, helpers) => {
  const { workspaceId } = Payload.parse(payload);
  const result = await syncTemplates(workspaceId);
  if (result.ok) {
    helpers.logger.info(`templates of ${workspaceId}: ${result.total} at Meta, ${result.added} added, ${result.updated} updated, ${result.removed} removed`);
  } else if (result.retryable) {
    throw new Error(`templates of ${workspaceId} not synced: ${result.error}`);
  } else {
    helpers.logger.warn(`templates of ${workspaceId} not synced: ${result.error}`);
  }
};
