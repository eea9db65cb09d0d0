// Subscription objects: creation (trial or not) with periods on the items as the pinned API version
// has them, period and price queries, and the status transitions that emit customer.subscription.*.
import type { Core } from "../core/context";
import { resourceMissing } from "../core/errors";
import { change, emit } from "../core/events";
import { newId } from "../core/ids";
import type { Customer, Invoice, Price, Subscription, SubscriptionItem } from "../core/types";
import { planFromPrice, productName } from "./catalog";
import { draftInvoice, type LineSpec } from "./invoices";
import { formatMoney } from "./money";
import { addIntervals, asInterval, type Interval } from "./periods";

export interface ItemInput {
  price: Price;
  quantity: number;
}

export interface Period {
  start: number;
  end: number;
}

export interface CancellationInput {
  comment?: string | null;
  feedback?: string | null;
}

export interface SubscriptionInput {
  customer: Customer;
  items: ItemInput[];
  status: "active" | "trialing";
  trialEnd: number | null;
  metadata: Record<string, string>;
  description: string | null;
  defaultPaymentMethod: string | null;
}

export function billingInterval(price: Price): { interval: Interval; count: number } {
  return { interval: asInterval(price.recurring?.interval), count: price.recurring?.interval_count ?? 1 };
}

export function buildItem(core: Core, subscriptionId: string, input: ItemInput, period: Period): SubscriptionItem {
  return {
    id: newId("si"),
    object: "subscription_item",
    billing_thresholds: null,
    created: core.clock.now(),
    current_period_end: period.end,
    current_period_start: period.start,
    current_trial: null,
    discounts: [],
    metadata: {},
    plan: planFromPrice(input.price),
    price: structuredClone(input.price),
    quantity: input.quantity,
    subscription: subscriptionId,
    tax_rates: [],
  };
}

/**
 * A new subscription whose first period starts now (or runs until the trial ends) and its first,
 * still draft, invoice; `invoice.created` then `customer.subscription.created` with `latest_invoice` set.
 */
export function createSubscription(core: Core, input: SubscriptionInput): { subscription: Subscription; invoice: Invoice } {
  const now = core.clock.now();
  const first = input.items[0];
  if (!first) throw new Error("A subscription needs at least one item");
  const { interval, count } = billingInterval(first.price);
  const periodEnd = input.trialEnd ?? addIntervals(now, interval, count);
  const id = newId("sub");
  const subscription: Subscription = {
    id,
    object: "subscription",
    application: null,
    application_fee_percent: null,
    automatic_tax: { disabled_reason: null, enabled: false, liability: null },
    billing_cycle_anchor: input.trialEnd ?? now,
    billing_cycle_anchor_config: null,
    billing_mode: { flexible: { proration_discounts: "included" }, type: "flexible", updated_at: now },
    billing_schedules: [],
    billing_thresholds: null,
    cancel_at: null,
    cancel_at_period_end: false,
    canceled_at: null,
    cancellation_details: { comment: null, feedback: null, feedback_option: null, reason: null },
    collection_method: "charge_automatically",
    created: now,
    currency: first.price.currency,
    customer: input.customer.id,
    customer_account: null,
    days_until_due: null,
    default_payment_method: input.defaultPaymentMethod,
    default_source: null,
    default_tax_rates: [],
    description: input.description,
    discounts: [],
    ended_at: null,
    invoice_settings: { account_tax_ids: null, custom_fields: null, description: null, footer: null, issuer: { type: "self" } },
    items: { object: "list", data: [], has_more: false, url: `/v1/subscription_items?subscription=${id}` },
    latest_invoice: null,
    livemode: false,
    managed_payments: null,
    metadata: input.metadata,
    next_pending_invoice_item_invoice: null,
    on_behalf_of: null,
    pause_collection: null,
    payment_settings: { payment_method_options: null, payment_method_types: null, save_default_payment_method: "off" },
    pending_invoice_item_interval: null,
    pending_setup_intent: null,
    pending_update: null,
    schedule: null,
    start_date: now,
    status: input.status,
    test_clock: null,
    transfer_data: null,
    trial_end: input.trialEnd,
    trial_settings: { end_behavior: { billing_cycle_anchor: null, missing_payment_method: "create_invoice" } },
    trial_start: input.trialEnd ? now : null,
  };
  subscription.items.data = input.items.map((item) => buildItem(core, id, item, { start: now, end: periodEnd }));
  core.store.subscriptions.add(subscription);
  if (input.customer.currency !== subscription.currency) input.customer.currency = subscription.currency;
  const invoice = draftInvoice(core, {
    customer: input.customer,
    subscription,
    billingReason: "subscription_create",
    lines: periodLines(core, subscription, { start: now, end: periodEnd }, input.status === "trialing"),
    period: { start: now, end: now },
  });
  subscription.latest_invoice = invoice.id;
  emit(core, "customer.subscription.created", subscription);
  return { subscription, invoice };
}

export function requireSubscription(core: Core, id: string, param = "id"): Subscription {
  const subscription = core.store.subscriptions.get(id);
  if (!subscription) throw resourceMissing(id, param, "subscription");
  return subscription;
}

/** The current period, which the pinned API version keeps on each item (all items share it). */
export function currentPeriod(subscription: Subscription): Period {
  const item = subscription.items.data[0];
  return { start: item?.current_period_start ?? subscription.start_date, end: item?.current_period_end ?? subscription.start_date };
}

export function setPeriod(subscription: Subscription, period: Period): void {
  for (const item of subscription.items.data) {
    item.current_period_start = period.start;
    item.current_period_end = period.end;
  }
}

export function primaryPrice(subscription: Subscription): Price {
  const item = subscription.items.data[0];
  if (!item) throw new Error(`Subscription ${subscription.id} has no items`);
  return item.price;
}

export function isLive(subscription: Subscription): boolean {
  return subscription.status !== "canceled" && subscription.status !== "incomplete_expired";
}

/** Stripe's line description for a period of an item: "1 × Growth (at $79.00 / month)". */
export function describeItem(core: Core, item: { price: Price; quantity?: number }): string {
  const amount = item.price.unit_amount ?? 0;
  const interval = item.price.recurring?.interval ?? "month";
  const money = formatMoney(amount, item.price.currency);
  return `${item.quantity ?? 1} × ${productName(core, item.price)} (at ${money} / ${interval})`;
}

/** The product as proration lines name it: "Growth", or "2 × Growth" for several seats. */
export function itemLabel(core: Core, price: Price, quantity: number): string {
  return quantity === 1 ? productName(core, price) : `${quantity} × ${productName(core, price)}`;
}

/** Full-price lines for every item over `period`, plus the proration lines waiting for this invoice. */
export function periodLines(core: Core, subscription: Subscription, period: Period, trial: boolean): LineSpec[] {
  const lines = subscription.items.data.map((item) => ({
    description: trial ? `Trial period for ${productName(core, item.price)}` : describeItem(core, item),
    amount: trial ? 0 : (item.price.unit_amount ?? 0) * (item.quantity ?? 1),
    quantity: item.quantity ?? 1,
    price: item.price,
    subscriptionItem: item.id,
    period,
    proration: false,
  }));
  const bookkeeping = core.store.bookkeeping(subscription.id);
  const pending = bookkeeping.pendingLines;
  bookkeeping.pendingLines = [];
  return [...pending, ...lines];
}

export function setStatus(core: Core, subscription: Subscription, status: Subscription["status"]): void {
  change(core, "customer.subscription.updated", subscription, (target) => {
    target.status = status;
  });
}

/** Ends a subscription now, with `customer.subscription.deleted` (which carries no previous attributes). */
export function endSubscription(core: Core, subscription: Subscription, reason: "cancellation_requested" | "payment_failed", details: CancellationInput = {}): void {
  const now = core.clock.now();
  subscription.status = "canceled";
  subscription.ended_at = now;
  subscription.canceled_at = subscription.canceled_at ?? now;
  subscription.cancel_at_period_end = false;
  subscription.cancellation_details = {
    comment: details.comment ?? subscription.cancellation_details?.comment ?? null,
    feedback: details.feedback ?? subscription.cancellation_details?.feedback ?? null,
    feedback_option: null,
    reason,
  };
  core.store.bookkeeping(subscription.id).pendingLines = [];
  emit(core, "customer.subscription.deleted", subscription);
}

/**
 * Sets the fields Stripe changes when cancellation at period end is requested (`cancel_at` and
 * `canceled_at` are set at once) or withdrawn.
 */
export function applyCancelAtPeriodEnd(core: Core, target: Subscription, cancel: boolean, details: CancellationInput = {}): void {
  target.cancel_at_period_end = cancel;
  target.cancel_at = cancel ? currentPeriod(target).end : null;
  target.canceled_at = cancel ? core.clock.now() : null;
  target.cancellation_details = {
    comment: cancel ? (details.comment ?? null) : null,
    feedback: cancel ? (details.feedback ?? null) : null,
    feedback_option: null,
    reason: cancel ? "cancellation_requested" : null,
  };
}

export function setCancelAtPeriodEnd(core: Core, subscription: Subscription, cancel: boolean, details: CancellationInput = {}): void {
  change(core, "customer.subscription.updated", subscription, (target) => applyCancelAtPeriodEnd(core, target, cancel, details));
}
