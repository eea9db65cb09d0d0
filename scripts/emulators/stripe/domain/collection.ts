// Collecting subscription invoices and what follows from each attempt: the retry schedule
// (Smart-Retries-like, days after the previous attempt), past_due on failure, active again on payment,
// and cancel / unpaid / nothing once the retries are exhausted.
import type { Core } from "../core/context";
import type { Invoice, PaymentMethod, Subscription } from "../core/types";
import { attemptInvoicePayment, finalizeInvoice, invoiceSubscriptionId } from "./invoices";
import { paymentMethodFor, type PaymentOutcome } from "./payments";
import { endSubscription, isLive, setStatus } from "./subscriptions";

const daySeconds = 86_400;

/** When the automatic attempt after attempt number `attempt` happens, or null if none is left. */
function retryAfterAttempt(core: Core, attempt: number): number | null {
  const days = core.config.paymentRetryDays[attempt - 1];
  return days === undefined ? null : core.clock.now() + Math.round(days * daySeconds);
}

function applyExhaustion(core: Core, subscription: Subscription): void {
  switch (core.config.whenRetriesExhausted) {
    case "cancel":
      endSubscription(core, subscription, "payment_failed");
      return;
    case "mark_unpaid":
      setStatus(core, subscription, "unpaid");
      return;
    case "leave_past_due":
      return;
  }
}

export type CollectionTrigger = "automatic" | "manual";

/**
 * One attempt at an open subscription invoice. Automatic attempts follow the retry schedule and move
 * the subscription to past_due and eventually to the exhausted-retries outcome; manual ones (the pay
 * endpoint, the hosted invoice page) leave the schedule alone. Any successful payment reactivates.
 */
export function collectInvoice(core: Core, invoice: Invoice, trigger: CollectionTrigger, paymentMethod?: PaymentMethod): PaymentOutcome {
  const subscriptionId = invoiceSubscriptionId(invoice);
  const subscription = subscriptionId ? core.store.subscriptions.get(subscriptionId) : undefined;
  const customer = core.store.customers.get(String(invoice.customer));
  const card = paymentMethod ?? (customer ? paymentMethodFor(core, customer, (subscription?.default_payment_method as string | null) ?? null) : null);
  const retryAt = trigger === "automatic" ? retryAfterAttempt(core, invoice.attempt_count + 1) : invoice.next_payment_attempt;
  const outcome = attemptInvoicePayment(core, invoice, card, retryAt);
  if (customer) customer.delinquent = outcome.decline !== null;
  if (!subscription || !isLive(subscription)) return outcome;
  if (!outcome.decline) {
    if (subscription.status === "past_due" || subscription.status === "unpaid" || subscription.status === "incomplete") {
      setStatus(core, subscription, "active");
    }
    return outcome;
  }
  if (trigger === "manual") return outcome;
  if (subscription.status === "active" || subscription.status === "trialing") setStatus(core, subscription, "past_due");
  if (retryAt === null) applyExhaustion(core, subscription);
  return outcome;
}

/** Finalizes a draft subscription invoice and, when something is due, makes the first attempt. */
export function finalizeAndCollect(core: Core, invoice: Invoice): PaymentOutcome | null {
  finalizeInvoice(core, invoice);
  if (invoice.status !== "open") return null;
  return collectInvoice(core, invoice, "automatic");
}
