// Changing a subscription as `POST /v1/subscriptions/{id}` and the portal do: swapping prices and
// quantities with Stripe's prorations (pending, invoiced now, or none), resetting the cycle on an
// interval change, cancellation at period end, ending a trial, and immediate cancellation.
import type { Core } from "../core/context";
import { invalidRequest, parameterMissing, resourceMissing } from "../core/errors";
import { change } from "../core/events";
import type { Invoice, Price, Subscription, SubscriptionItem } from "../core/types";
import { planFromPrice } from "./catalog";
import { finalizeAndCollect } from "./collection";
import { draftInvoice, type LineSpec } from "./invoices";
import { formatDate } from "./money";
import { addIntervals } from "./periods";
import { runDueWork } from "./renewals";
import {
  applyCancelAtPeriodEnd,
  billingInterval,
  buildItem,
  currentPeriod,
  endSubscription,
  itemLabel,
  periodLines,
  setPeriod,
  type CancellationInput,
  type Period,
} from "./subscriptions";

export type ProrationBehavior = "create_prorations" | "none" | "always_invoice";

export interface ItemChange {
  id?: string;
  price?: Price;
  quantity?: number;
  deleted?: boolean;
}

export interface SubscriptionChanges {
  items?: ItemChange[];
  prorationBehavior?: ProrationBehavior;
  prorationDate?: number;
  cancelAtPeriodEnd?: boolean;
  cancelAt?: number | null;
  metadata?: Record<string, string>;
  defaultPaymentMethod?: string | null;
  description?: string | null;
  trialEnd?: "now" | number;
  billingCycleAnchor?: "now" | "unchanged";
  cancellationDetails?: CancellationInput;
}

interface PlannedItem {
  /** The stored item this becomes (a fresh one for an added price). */
  item: SubscriptionItem;
  isNew: boolean;
  price: Price;
  quantity: number;
}

function checkPrice(price: Price, param: string): void {
  if (!price.active) throw invalidRequest("The price specified is inactive. This field only accepts active prices.", { param });
  if (price.type !== "recurring") {
    throw invalidRequest("The price specified is set to `type=one_time` but this field only accepts prices with `type=recurring`.", { param });
  }
}

/** The items after the requested changes, validated the way Stripe validates them. */
function planItems(core: Core, subscription: Subscription, changes: ItemChange[]): { planned: PlannedItem[]; removed: SubscriptionItem[] } {
  const planned: PlannedItem[] = subscription.items.data.map((item) => ({ item, isNew: false, price: item.price, quantity: item.quantity ?? 1 }));
  const removed: SubscriptionItem[] = [];
  changes.forEach((requested, index) => {
    if (requested.price) checkPrice(requested.price, `items[${index}][price]`);
    if (requested.id) {
      const position = planned.findIndex((candidate) => candidate.item.id === requested.id);
      const current = planned[position];
      if (!current || current.isNew) throw resourceMissing(requested.id, `items[${index}][id]`, "subscription item");
      if (requested.deleted) {
        removed.push(current.item);
        planned.splice(position, 1);
        return;
      }
      if (requested.price) current.price = requested.price;
      if (requested.quantity !== undefined) current.quantity = requested.quantity;
      return;
    }
    if (!requested.price) throw parameterMissing(`items[${index}][price]`);
    if (planned.some((item) => item.price.id === requested.price?.id)) {
      throw invalidRequest(`Cannot add multiple subscription items with the same price: ${requested.price.id}`, { param: `items[${index}][price]` });
    }
    const quantity = requested.quantity ?? 1;
    const item = buildItem(core, subscription.id, { price: requested.price, quantity }, currentPeriod(subscription));
    planned.push({ item, isNew: true, price: requested.price, quantity });
  });
  const first = planned[0];
  if (!first) throw invalidRequest("A subscription must have at least one item. To cancel a subscription, use the cancel endpoint.", { param: "items" });
  const { interval, count } = billingInterval(first.price);
  for (const item of planned) {
    const other = billingInterval(item.price);
    if (other.interval !== interval || other.count !== count || item.price.currency !== first.price.currency) {
      throw invalidRequest("Currency and interval fields must match across all plans on this subscription.", { param: "items" });
    }
  }
  return { planned, removed };
}

function amountOf(price: Price, quantity: number): number {
  return (price.unit_amount ?? 0) * quantity;
}

/** Credit for the unused rest of the period on the old price, and the charge for it on the new one. */
function prorations(core: Core, planned: PlannedItem[], removed: SubscriptionItem[], period: Period, at: number, chargeNew: boolean): LineSpec[] {
  const length = period.end - period.start;
  const fraction = length > 0 ? Math.min(1, Math.max(0, (period.end - at) / length)) : 0;
  const span = { start: at, end: period.end };
  const lines: LineSpec[] = [];
  const credit = (item: SubscriptionItem) => {
    const quantity = item.quantity ?? 1;
    lines.push({
      description: `Unused time on ${itemLabel(core, item.price, quantity)} after ${formatDate(at)}`,
      amount: -Math.round(amountOf(item.price, quantity) * fraction),
      quantity,
      price: item.price,
      subscriptionItem: item.id,
      period: span,
      proration: true,
    });
  };
  for (const item of removed) credit(item);
  for (const plan of planned) {
    const unchanged = !plan.isNew && plan.item.price.id === plan.price.id && (plan.item.quantity ?? 1) === plan.quantity;
    if (unchanged) continue;
    if (!plan.isNew) credit(plan.item);
    if (!chargeNew) continue;
    lines.push({
      description: `Remaining time on ${itemLabel(core, plan.price, plan.quantity)} after ${formatDate(at)}`,
      amount: Math.round(amountOf(plan.price, plan.quantity) * fraction),
      quantity: plan.quantity,
      price: plan.price,
      subscriptionItem: plan.item.id,
      period: span,
      proration: true,
    });
  }
  return lines;
}

function applyItems(target: Subscription, planned: PlannedItem[]): void {
  target.items.data = planned.map((plan) => {
    if (plan.item.price.id !== plan.price.id) {
      plan.item.price = structuredClone(plan.price);
      plan.item.plan = planFromPrice(plan.price);
    }
    plan.item.quantity = plan.quantity;
    return plan.item;
  });
}

/** Applies a subscription update; anything billed now is invoiced and collected before returning. */
export function updateSubscription(core: Core, subscription: Subscription, changes: SubscriptionChanges): void {
  if (subscription.status === "canceled") {
    const allowed = Object.keys(changes).every((key) => key === "metadata" || key === "cancellationDetails" || key === "prorationBehavior");
    if (!allowed) throw invalidRequest("A canceled subscription can only update its cancellation_details and metadata.");
  }
  const now = core.clock.now();
  const at = changes.prorationDate ?? now;
  const period = currentPeriod(subscription);
  const trialing = subscription.status === "trialing";
  const { planned, removed } = changes.items ? planItems(core, subscription, changes.items) : { planned: null, removed: [] };
  if (changes.trialEnd !== undefined && !trialing) {
    throw invalidRequest("The emulator changes `trial_end` only while the subscription is trialing.", { param: "trial_end" });
  }

  const firstPlanned = planned?.[0];
  const oldCycle = billingInterval(subscription.items.data[0]?.price ?? (firstPlanned?.price as Price));
  const newCycle = firstPlanned ? billingInterval(firstPlanned.price) : oldCycle;
  const intervalChanged = newCycle.interval !== oldCycle.interval || newCycle.count !== oldCycle.count;
  const resetCycle = !trialing && (intervalChanged || changes.billingCycleAnchor === "now");
  const behaviour = changes.prorationBehavior ?? "create_prorations";
  const prorate = !trialing && planned !== null && behaviour !== "none";
  const prorationLines = prorate ? prorations(core, planned, removed, period, at, !resetCycle) : [];
  const newPeriod = resetCycle ? { start: now, end: addIntervals(now, newCycle.interval, newCycle.count) } : period;
  const invoiceNow = resetCycle || (behaviour === "always_invoice" && prorationLines.length > 0);
  const bookkeeping = core.store.bookkeeping(subscription.id);

  let invoice: Invoice | undefined;
  change(core, "customer.subscription.updated", subscription, (target) => {
    if (planned) applyItems(target, planned);
    if (resetCycle) {
      target.billing_cycle_anchor = now;
      setPeriod(target, newPeriod);
    }
    if (changes.trialEnd !== undefined) {
      const trialEnd = changes.trialEnd === "now" ? now : Math.max(changes.trialEnd, now);
      target.trial_end = trialEnd;
      target.billing_cycle_anchor = trialEnd;
      setPeriod(target, { start: period.start, end: trialEnd });
    }
    if (changes.cancelAtPeriodEnd !== undefined) applyCancelAtPeriodEnd(core, target, changes.cancelAtPeriodEnd, changes.cancellationDetails);
    if (changes.cancelAt !== undefined) {
      target.cancel_at = changes.cancelAt;
      target.cancel_at_period_end = false;
      target.canceled_at = changes.cancelAt === null ? null : now;
    }
    if (changes.metadata !== undefined) target.metadata = changes.metadata;
    if (changes.defaultPaymentMethod !== undefined) target.default_payment_method = changes.defaultPaymentMethod;
    if (changes.description !== undefined) target.description = changes.description;
    if (invoiceNow) {
      const lines = resetCycle ? [...prorationLines, ...periodLines(core, target, newPeriod, false)] : [...bookkeeping.pendingLines.splice(0), ...prorationLines];
      const customer = core.store.customers.get(String(target.customer));
      if (!customer) return;
      invoice = draftInvoice(core, { customer, subscription: target, billingReason: "subscription_update", lines, period: { start: at, end: at } });
      target.latest_invoice = invoice.id;
    } else {
      bookkeeping.pendingLines.push(...prorationLines);
    }
  });
  if (invoice) finalizeAndCollect(core, invoice);
  runDueWork(core);
}

export interface CancelOptions {
  invoiceNow: boolean;
  prorate: boolean;
  details: CancellationInput;
}

/** `DELETE /v1/subscriptions/{id}`: ends it now, optionally crediting unused time on a final invoice. */
export function cancelSubscriptionNow(core: Core, subscription: Subscription, options: CancelOptions): void {
  if (subscription.status === "canceled") return;
  const now = core.clock.now();
  const bookkeeping = core.store.bookkeeping(subscription.id);
  if (options.prorate && subscription.status !== "trialing") {
    bookkeeping.pendingLines.push(...prorations(core, [], subscription.items.data, currentPeriod(subscription), now, false));
  }
  const customer = core.store.customers.get(String(subscription.customer));
  if (options.invoiceNow && bookkeeping.pendingLines.length > 0 && customer) {
    const invoice = draftInvoice(core, {
      customer,
      subscription,
      billingReason: "subscription_update",
      lines: bookkeeping.pendingLines.splice(0),
      period: { start: now, end: now },
    });
    subscription.latest_invoice = invoice.id;
    finalizeAndCollect(core, invoice);
  }
  endSubscription(core, subscription, "cancellation_requested", options.details);
}
