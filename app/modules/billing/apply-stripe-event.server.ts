// Applies one stored Stripe event: finds the workspace of its customer, re-reads the objects behind
// it from Stripe and writes them into the workspace's mirror. The event's payload only says what to
// re-read, so applying events twice or in any order converges on Stripe's current truth. An event
// for a customer no workspace has (another app on the same account) is recorded as such and dropped.
import { z } from "zod";
import { withSystem, withWorkspace } from "../../../db/transactions";
import { fetchStripeState, type MirroredObjectType, type StripeState } from "./fetch-stripe-state.server";
import { queueReceiptEmail } from "./queue-receipt-email.server";
import { recordCharge } from "./record-charge.server";
import { recordInvoice } from "./record-invoice.server";
import { recordRefund } from "./record-refund.server";
import { recordSubscription } from "./record-subscription.server";

export const ApplyStripeEventPayload = z.object({ eventId: z.string().startsWith("evt_") });

export type ApplyOutcome = "applied" | "ignored_type" | "unknown_customer" | "already_processed" | "missing";

/** The object an event type is about, by the prefix Stripe gives its event types. */
export function mirroredObjectOf(eventType: string): MirroredObjectType | null {
  if (eventType.startsWith("customer.subscription.")) return "subscription";
  if (eventType.startsWith("invoice.")) return "invoice";
  if (eventType.startsWith("checkout.session.")) return "checkout.session";
  if (eventType.startsWith("charge.refund.") || eventType.startsWith("refund.")) return "refund";
  if (eventType.startsWith("charge.")) return "charge";
  return null;
}

async function finish(eventId: string, outcome: "applied" | "ignored_type" | "unknown_customer"): Promise<void> {
  await withSystem((tx) => tx`update stripe_events set processed_at = now(), outcome = ${outcome} where id = ${eventId}`);
}

async function workspaceOfCustomer(customerId: string): Promise<string | null> {
  const [account] = await withSystem((tx) => tx<{ workspaceId: string }[]>`
    select workspace_id from billing_accounts where stripe_customer_id = ${customerId} order by created_at limit 1`);
  return account?.workspaceId ?? null;
}

/** Writes everything just read into one workspace's mirror, in one transaction, and queues receipts of newly paid invoices. */
export async function recordStripeState(workspaceId: string, state: StripeState): Promise<void> {
  await withWorkspace(workspaceId, null, async (tx) => {
    for (const subscription of state.subscriptions) await recordSubscription(tx, workspaceId, subscription, state.observedAt);
    for (const invoice of state.invoices) await recordInvoice(tx, workspaceId, invoice, state.observedAt);
    for (const { charge, invoiceId } of state.charges) await recordCharge(tx, workspaceId, charge, invoiceId, state.observedAt);
    for (const { refund, chargeId } of state.refunds) await recordRefund(tx, workspaceId, refund, chargeId, state.observedAt);
    if (state.checkoutSession) {
      await tx`update billing_accounts set checkout_session_id = null, checkout_url = null, checkout_lookup_key = null, checkout_expires_at = null
        where workspace_id = ${workspaceId} and checkout_session_id = ${state.checkoutSession.id} and ${state.checkoutSession.status} <> 'open'`;
    }
    for (const invoice of state.invoices) {
      if (invoice.status === "paid") await queueReceiptEmail(tx, workspaceId, invoice.id);
    }
  });
}

export async function applyStripeEvent({ eventId }: z.infer<typeof ApplyStripeEventPayload>): Promise<ApplyOutcome> {
  const [event] = await withSystem((tx) => tx<{ type: string; objectId: string | null; customerId: string | null; processedAt: Date | null }[]>`
    select type, object_id, customer_id, processed_at from stripe_events where id = ${eventId}`);
  if (!event) return "missing";
  if (event.processedAt) return "already_processed";
  const objectType = mirroredObjectOf(event.type);
  if (!objectType || !event.objectId) {
    await finish(eventId, "ignored_type");
    return "ignored_type";
  }
  // Refund events carry no customer; the refund's charge names it once it is read.
  let workspaceId = event.customerId ? await workspaceOfCustomer(event.customerId) : null;
  if (event.customerId && !workspaceId) {
    await finish(eventId, "unknown_customer");
    return "unknown_customer";
  }
  const state = await fetchStripeState(objectType, event.objectId);
  workspaceId ??= state.customerId ? await workspaceOfCustomer(state.customerId) : null;
  if (!workspaceId) {
    await finish(eventId, "unknown_customer");
    return "unknown_customer";
  }
  await recordStripeState(workspaceId, state);
  await finish(eventId, "applied");
  return "applied";
}
