// Checkout Sessions in subscription mode: creation with line items and totals, and completion as
// the hosted page's Subscribe button performs it (card check first, then customer, card, subscription,
// first invoice and payment, and `checkout.session.completed` last); expiry too.
import type { Core } from "../core/context";
import { invalidRequest } from "../core/errors";
import { change, emit } from "../core/events";
import { newId } from "../core/ids";
import type { CheckoutLineItem, CheckoutSession, Customer, Price } from "../core/types";
import { productName } from "./catalog";
import { describeDecline, lookupCard, type CardBehaviour, type Decline } from "./cards";
import { finalizeAndCollect } from "./collection";
import { createCustomer } from "./customers";
import { attachPaymentMethod, defaultExpiry, savePaymentMethod, takeArmedDecline, type CardExpiry } from "./payments";
import { createSubscription } from "./subscriptions";
import { currentTaxRate, taxOn } from "./taxes";

const daySeconds = 86_400;

export interface CheckoutInput {
  customer: Customer | null;
  customerEmail: string | null;
  lineItems: { price: Price; quantity: number }[];
  successUrl: string;
  cancelUrl: string | null;
  clientReferenceId: string | null;
  metadata: Record<string, string>;
  subscriptionMetadata: Record<string, string>;
  subscriptionDescription: string | null;
  trialPeriodDays: number | null;
  expiresAt: number | null;
  locale: string | null;
  allowPromotionCodes: boolean | null;
  billingAddressCollection: "auto" | "required" | null;
  paymentMethodCollection: "always" | "if_required";
}

function buildLineItem(core: Core, price: Price, quantity: number): CheckoutLineItem {
  const subtotal = (price.unit_amount ?? 0) * quantity;
  const rate = currentTaxRate(core);
  const tax = rate ? taxOn(subtotal, rate) : 0;
  return {
    id: newId("li"),
    object: "item",
    adjustable_quantity: null,
    amount_discount: 0,
    amount_subtotal: subtotal,
    amount_tax: tax,
    amount_total: subtotal + tax,
    currency: price.currency,
    description: productName(core, price),
    metadata: {},
    price: structuredClone(price),
    quantity,
    taxes: rate ? [{ amount: tax, rate: structuredClone(rate), taxability_reason: "standard_rated", taxable_amount: subtotal }] : [],
  };
}

export function createCheckoutSession(core: Core, input: CheckoutInput): CheckoutSession {
  const now = core.clock.now();
  const expiresAt = input.expiresAt ?? now + daySeconds;
  if (expiresAt < now + 30 * 60 || expiresAt > now + daySeconds) {
    throw invalidRequest("The `expires_at` timestamp must be between 30 minutes and 24 hours from Checkout Session creation.", { param: "expires_at" });
  }
  const lineItems = input.lineItems.map((item) => buildLineItem(core, item.price, item.quantity));
  const trialing = input.trialPeriodDays !== null && input.trialPeriodDays > 0;
  const subtotal = trialing ? 0 : lineItems.reduce((sum, item) => sum + item.amount_subtotal, 0);
  const tax = trialing ? 0 : lineItems.reduce((sum, item) => sum + item.amount_tax, 0);
  const id = newId("cs_test");
  const session: CheckoutSession = {
    id,
    object: "checkout.session",
    adaptive_pricing: null,
    after_expiration: null,
    allow_promotion_codes: input.allowPromotionCodes,
    allowed_payment_method_types: null,
    amount_subtotal: subtotal,
    amount_total: subtotal + tax,
    automatic_tax: { enabled: false, liability: null, provider: null, status: null },
    billing_address_collection: input.billingAddressCollection,
    cancel_url: input.cancelUrl,
    client_reference_id: input.clientReferenceId,
    client_secret: null,
    collected_information: null,
    consent: null,
    consent_collection: null,
    created: now,
    currency: input.lineItems[0]?.price.currency ?? "usd",
    currency_conversion: null,
    custom_fields: [],
    custom_text: { after_submit: null, shipping_address: null, submit: null, terms_of_service_acceptance: null },
    customer: input.customer?.id ?? null,
    customer_account: null,
    customer_creation: input.customer ? null : "always",
    customer_details: input.customer ? { address: null, business_name: null, email: input.customer.email, individual_name: null, name: input.customer.name ?? null, phone: null, tax_exempt: "none", tax_ids: [] } : null,
    customer_email: input.customerEmail,
    discounts: [],
    expires_at: expiresAt,
    integration_identifier: null,
    invoice: null,
    invoice_creation: null,
    livemode: false,
    locale: input.locale,
    managed_payments: null,
    metadata: input.metadata,
    mode: "subscription",
    origin_context: null,
    payment_intent: null,
    payment_link: null,
    payment_method_collection: input.paymentMethodCollection,
    payment_method_configuration_details: null,
    payment_method_options: { card: { request_three_d_secure: "automatic" } },
    payment_method_types: ["card"],
    payment_status: "unpaid",
    permissions: null,
    phone_number_collection: { enabled: false },
    recovered_from: null,
    saved_payment_method_options: { allow_redisplay_filters: ["always"], payment_method_remove: "disabled", payment_method_save: null },
    setup_intent: null,
    shipping_address_collection: null,
    shipping_cost: null,
    shipping_options: [],
    status: "open",
    submit_type: null,
    subscription: null,
    success_url: input.successUrl,
    total_details: { amount_discount: 0, amount_shipping: 0, amount_tax: tax },
    ui_mode: "hosted_page",
    url: `${core.publicUrl()}/c/pay/${id}`,
    wallet_options: null,
  };
  core.store.checkoutSessions.add(session);
  core.store.checkoutDetails.set(id, {
    lineItems,
    trialPeriodDays: trialing ? input.trialPeriodDays : null,
    subscriptionMetadata: input.subscriptionMetadata,
    subscriptionDescription: input.subscriptionDescription,
  });
  return session;
}

export function expireCheckoutSession(core: Core, session: CheckoutSession): void {
  change(core, "checkout.session.expired", session, (target) => {
    target.status = "expired";
    target.url = null;
  });
}

/** Where the browser goes after paying: `success_url` with `{CHECKOUT_SESSION_ID}` filled in. */
export function successRedirect(session: CheckoutSession): string {
  return (session.success_url ?? "").split("{CHECKOUT_SESSION_ID}").join(session.id);
}

export interface CardEntry {
  email: string;
  name: string | null;
  cardNumber: string;
  expiry: CardExpiry | null;
}

/** Checkout charges what is due today at once, so a card that would decline then declines here. */
function declineAtCheckout(core: Core, session: CheckoutSession, card: CardBehaviour): Decline | null {
  if (card.declineOnEntry) return describeDecline(card.declineOnEntry);
  if ((session.amount_total ?? 0) === 0) return null;
  if (card.declineOnCharge) return describeDecline(card.declineOnCharge);
  return takeArmedDecline(core, typeof session.customer === "string" ? session.customer : null);
}

export type CheckoutCompletion = { ok: true; session: CheckoutSession; redirectUrl: string } | { ok: false; session: CheckoutSession; decline: Decline };

/**
 * Pays an open session as the hosted page does. A card that declines (on entry, or when charged for
 * what is due today) leaves no trace but the decline; otherwise everything is created and paid.
 */
export function completeCheckout(core: Core, session: CheckoutSession, entry: CardEntry): CheckoutCompletion {
  if (session.status !== "open") {
    throw invalidRequest(`This Checkout Session is no longer active (status: ${String(session.status)}).`, { code: "checkout_session_not_active" });
  }
  const details = core.store.checkoutDetails.get(session.id);
  if (!details) throw new Error(`Checkout Session ${session.id} has no line items`);
  const lookup = lookupCard(entry.cardNumber);
  if (!lookup.ok) return { ok: false, session, decline: lookup.decline };
  const decline = declineAtCheckout(core, session, lookup.card);
  if (decline) return { ok: false, session, decline };

  const customer = (typeof session.customer === "string" ? core.store.customers.get(session.customer) : undefined) ?? createCustomer(core, { email: entry.email, name: entry.name });
  const paymentMethod = savePaymentMethod(core, lookup.card, { email: entry.email, name: entry.name }, entry.expiry ?? defaultExpiry(core));
  attachPaymentMethod(core, paymentMethod, customer);
  const now = core.clock.now();
  const { subscription, invoice } = createSubscription(core, {
    customer,
    items: details.lineItems.map((item) => ({ price: item.price as Price, quantity: item.quantity ?? 1 })),
    status: details.trialPeriodDays ? "trialing" : "active",
    trialEnd: details.trialPeriodDays ? now + details.trialPeriodDays * daySeconds : null,
    metadata: details.subscriptionMetadata,
    description: details.subscriptionDescription,
    defaultPaymentMethod: paymentMethod.id,
  });
  finalizeAndCollect(core, invoice);
  session.status = "complete";
  session.payment_status = details.trialPeriodDays ? "no_payment_required" : "paid";
  session.customer = customer.id;
  session.subscription = subscription.id;
  session.invoice = invoice.id;
  session.url = null;
  session.customer_details = { address: null, business_name: null, email: entry.email, individual_name: null, name: entry.name, phone: null, tax_exempt: "none", tax_ids: [] };
  emit(core, "checkout.session.completed", session);
  return { ok: true, session, redirectUrl: successRedirect(session) };
}
