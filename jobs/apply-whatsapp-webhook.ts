// Task "apply-whatsapp-webhook": applies one verified Meta webhook delivery stored by the webhook route.
import type { Task } from "graphile-worker";
import { ApplyWebhookPayload, applyWebhookEvent } from "../app/modules/whatsapp/apply-webhook-event.server";

export const applyWhatsAppWebhook: Task = async (payload) => {
  await applyWebhookEvent(ApplyWebhookPayload.parse(payload));
};
