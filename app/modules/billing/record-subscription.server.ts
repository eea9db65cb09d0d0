// Writes a subscription as just read from Stripe into the workspace's mirror, unless a newer read
// is already there: the plan comes from the price's lookup key, the period from its item.
import type { Tx } from "../../../db/transactions";
import { findPriceByLookupKey } from "./plans";
import type { StripeSubscription } from "./stripe-objects";

export async function recordSubscription(tx: Tx, workspaceId: string, subscription: StripeSubscription, observedAt: Date): Promise<void> {
  const item = subscription.items.data[0]!;
  const known = item.price.lookup_key ? findPriceByLookupKey(item.price.lookup_key) : undefined;
  const interval = item.price.recurring?.interval;
  await tx`
    insert into billing_subscriptions (
      workspace_id, stripe_subscription_id, stripe_customer_id, status, price_id, price_lookup_key, plan_key, billing_interval,
      current_period_start, current_period_end, cancel_at_period_end, cancel_at, trial_end, canceled_at, ended_at,
      stripe_created_at, observed_at)
    values (
      ${workspaceId}, ${subscription.id}, ${subscription.customer}, ${subscription.status}, ${item.price.id}, ${item.price.lookup_key},
      ${known?.plan.key ?? null}, ${interval === "month" || interval === "year" ? interval : null},
      ${item.current_period_start}, ${item.current_period_end}, ${subscription.cancel_at_period_end}, ${subscription.cancel_at},
      ${subscription.trial_end}, ${subscription.canceled_at}, ${subscription.ended_at}, ${subscription.created}, ${observedAt})
    on conflict (workspace_id, stripe_subscription_id) do update set
      status = excluded.status, price_id = excluded.price_id, price_lookup_key = excluded.price_lookup_key, plan_key = excluded.plan_key,
      billing_interval = excluded.billing_interval, current_period_start = excluded.current_period_start,
      current_period_end = excluded.current_period_end, cancel_at_period_end = excluded.cancel_at_period_end,
      cancel_at = excluded.cancel_at, trial_end = excluded.trial_end, canceled_at = excluded.canceled_at,
      ended_at = excluded.ended_at, observed_at = excluded.observed_at
    where billing_subscriptions.observed_at <= excluded.observed_at`;
}
