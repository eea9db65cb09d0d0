// The customer portal: sessions created by the API, and what a customer can do on the portal page
// (switch plan with prorations, cancel at period end or take that back, replace the card), each
// through the same subscription and payment rules the API uses.
import type { Core } from "../core/context";
import { newId } from "../core/ids";
import type { Customer, PortalSession, Price, Subscription } from "../core/types";
import { describeDecline, lookupCard, type Decline } from "./cards";
import { collectInvoice } from "./collection";
import { updateCustomer } from "./customers";
import { openInvoicesOf } from "./invoices";
import { attachPaymentMethod, defaultExpiry, savePaymentMethod } from "./payments";
import { updateSubscription } from "./subscription-changes";
import { isLive } from "./subscriptions";

// One configuration, as an account that never customised its portal has.
const configurationId = newId("bpc");

export interface PortalSessionInput {
  customer: Customer;
  returnUrl: string | null;
  locale: string | null;
}

export function createPortalSession(core: Core, input: PortalSessionInput): PortalSession {
  const id = newId("bps");
  const session: PortalSession = {
    id,
    object: "billing_portal.session",
    configuration: configurationId,
    created: core.clock.now(),
    customer: input.customer.id,
    customer_account: null,
    flow: null,
    livemode: false,
    locale: (input.locale ?? null) as PortalSession["locale"],
    on_behalf_of: null,
    return_url: input.returnUrl,
    url: `${core.publicUrl()}/p/session/${id}`,
  };
  core.store.portalSessions.add(session);
  return session;
}

/** The customer's subscriptions the portal shows: every one not yet ended, newest first. */
export function portalSubscriptions(core: Core, customerId: string): Subscription[] {
  return core.store.subscriptions.newestFirst().filter((subscription) => subscription.customer === customerId && isLive(subscription));
}

/** Prices the portal offers to switch to: active recurring prices in the subscription's currency. */
export function switchablePrices(core: Core, subscription: Subscription): Price[] {
  return core.store.prices
    .all()
    .filter((price) => price.active && price.type === "recurring" && price.currency === subscription.currency);
}

export function switchPlan(core: Core, subscription: Subscription, price: Price): void {
  const item = subscription.items.data[0];
  if (!item || item.price.id === price.id) return;
  updateSubscription(core, subscription, { items: [{ id: item.id, price }], prorationBehavior: "create_prorations" });
}

/**
 * Saves a new card as the customer's default (and every live subscription's), then retries the
 * open invoices of those subscriptions with it, as the portal does for a customer who was past due.
 */
export function replaceCard(core: Core, customer: Customer, cardNumber: string): { ok: true } | { ok: false; decline: Decline } {
  const lookup = lookupCard(cardNumber);
  if (!lookup.ok) return { ok: false, decline: lookup.decline };
  if (lookup.card.declineOnEntry) return { ok: false, decline: describeDecline(lookup.card.declineOnEntry) };
  const paymentMethod = savePaymentMethod(core, lookup.card, { email: customer.email, name: customer.name ?? null }, defaultExpiry(core));
  attachPaymentMethod(core, paymentMethod, customer);
  updateCustomer(core, customer, (target) => {
    target.invoice_settings.default_payment_method = paymentMethod.id;
  });
  for (const subscription of portalSubscriptions(core, customer.id)) {
    updateSubscription(core, subscription, { defaultPaymentMethod: paymentMethod.id });
    for (const invoice of openInvoicesOf(core, subscription.id)) collectInvoice(core, invoice, "manual", paymentMethod);
  }
  return { ok: true };
}
