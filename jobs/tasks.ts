// The task list: every background job the worker runs, by name, and the recurring schedule.
import type { TaskList } from "graphile-worker";
import { applyWhatsAppWebhook } from "./apply-whatsapp-webhook";
import { executeDeletionTask } from "./execute-deletion";
import { purgeExpired } from "./purge-expired";
import { sendEmail } from "./send-email";

export const taskList: TaskList = {
  "send-email": sendEmail,
  "purge-expired": purgeExpired,
  "execute-deletion": executeDeletionTask,
  "apply-whatsapp-webhook": applyWhatsAppWebhook,
};

export const crontab = ["0 * * * * purge-expired ?max=1"].join("\n");
