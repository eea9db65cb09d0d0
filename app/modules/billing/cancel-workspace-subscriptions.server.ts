// Cancels, at Stripe and at once, every subscription of a workspace that still bills: the deletion
// executor's step before a workspace's records go. Safe to repeat: a subscription Stripe already
// ended is left alone, and the mirror follows from Stripe's webhooks (or from this call's answers).
import { withWorkspace } from "../../../db/transactions";
import { recordStripeState } from "./apply-stripe-event.server";
import { fetchStripeState } from "./fetch-stripe-state.server";
import { stripe } from "./stripe.server";

const billingStatuses = ["trialing", "active", "past_due", "unpaid", "paused", "incomplete"];

export async function cancelWorkspaceSubscriptions(workspaceId: string): Promise<number> {
  const live = await withWorkspace(workspaceId, null, (tx) => tx<{ stripeSubscriptionId: string }[]>`
    select stripe_subscription_id from billing_subscriptions where workspace_id = ${workspaceId} and status = any(${billingStatuses})`);
  for (const { stripeSubscriptionId } of live) {
    const current = await stripe().subscriptions.retrieve(stripeSubscriptionId);
    if (current.status !== "canceled" && current.status !== "incomplete_expired") {
      await stripe().subscriptions.cancel(stripeSubscriptionId, undefined, { idempotencyKey: `kiana-cancel-${stripeSubscriptionId}` });
    }
    await recordStripeState(workspaceId, await fetchStripeState("subscription", stripeSubscriptionId));
  }
  return live.length;
}
