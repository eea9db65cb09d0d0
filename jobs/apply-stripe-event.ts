// Task "apply-stripe-event": applies one verified Stripe event stored by the webhook route.
import type { Task } from "graphile-worker";
import { ApplyStripeEventPayload, applyStripeEvent } from "../app/modules/billing/apply-stripe-event.server";

export const applyStripeEventTask: Task = async (payload) => {
  await applyStripeEvent(ApplyStripeEventPayload.parse(payload));
};
