// Task purge-stripe-events (daily cron): removes Stripe events applied more than 90 days ago.
import type { Task } from "graphile-worker";
import { purgeStripeEvents } from "../app/modules/billing/purge-stripe-events.server";

export const purgeStripeEventsTask: Task = async (_payload, helpers) => {
  helpers.logger.info(`purged ${await purgeStripeEvents()} applied Stripe events`);
};
