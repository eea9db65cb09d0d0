// /v1/subscriptions and /v1/subscription_items: read, list, change (plan, quantity, cancellation at
// period end, trial end, card) and cancel subscriptions created through Checkout.
import { z } from "zod";
import { invalidRequest, resourceMissing } from "../core/errors";
import { paginate, pagination } from "../core/lists";
import { applyMetadata, boolean, emptyable, formArray, inRange, integer, metadata, oneOf, params, parseParams, positiveInteger, rangeQuery, text } from "../core/params";
import type { Subscription } from "../core/types";
import { requirePrice } from "../domain/catalog";
import { cancelSubscriptionNow, updateSubscription, type SubscriptionChanges } from "../domain/subscription-changes";
import { requireSubscription } from "../domain/subscriptions";
import { route, type Route } from "../http/router";

const statusFilter = oneOf(["active", "all", "canceled", "ended", "incomplete", "incomplete_expired", "past_due", "paused", "trialing", "unpaid"]);
const cancellationDetails = params({
  comment: emptyable(text).optional(),
  feedback: emptyable(oneOf(["customer_service", "low_quality", "missing_features", "other", "switched_service", "too_complex", "too_expensive", "unused"])).optional(),
});

const SubscriptionList = params({
  ...pagination,
  customer: text.optional(),
  price: text.optional(),
  status: statusFilter.optional(),
  created: rangeQuery.optional(),
});
const SubscriptionUpdate = params({
  items: formArray(
    params({ id: text.optional(), price: text.optional(), quantity: positiveInteger.optional(), deleted: boolean.optional() }),
  ).optional(),
  proration_behavior: oneOf(["always_invoice", "create_prorations", "none"]).optional(),
  proration_date: integer.optional(),
  cancel_at_period_end: boolean.optional(),
  cancel_at: emptyable(integer).optional(),
  cancellation_details: cancellationDetails.optional(),
  metadata: metadata.optional(),
  default_payment_method: emptyable(text).optional(),
  description: emptyable(text).optional(),
  trial_end: z.union([z.literal("now"), integer]).optional(),
  billing_cycle_anchor: oneOf(["now", "unchanged"]).optional(),
});
const SubscriptionCancel = params({
  invoice_now: boolean.optional(),
  prorate: boolean.optional(),
  cancellation_details: cancellationDetails.optional(),
});
const ItemList = params({ ...pagination, subscription: text });

function matchesStatus(subscription: Subscription, status: z.output<typeof statusFilter> | undefined): boolean {
  if (status === "all") return true;
  if (status === "ended") return subscription.status === "canceled" || subscription.status === "incomplete_expired";
  if (status === undefined) return subscription.status !== "canceled";
  return subscription.status === status;
}

export const subscriptionRoutes: Route[] = [
  route("GET", "/v1/subscriptions/:id", ({ core, params: path }) => requireSubscription(core, path.id ?? "")),
  route("GET", "/v1/subscriptions", ({ core, input }) => {
    const query = parseParams(SubscriptionList, input);
    const found = core.store.subscriptions
      .newestFirst()
      .filter(
        (subscription) =>
          (query.customer === undefined || subscription.customer === query.customer) &&
          (query.price === undefined || subscription.items.data.some((item) => item.price.id === query.price)) &&
          matchesStatus(subscription, query.status) &&
          inRange(subscription.created, query.created),
      );
    return paginate(found, query, "/v1/subscriptions");
  }),
  route("POST", "/v1/subscriptions/:id", ({ core, params: path, input }) => {
    const subscription = requireSubscription(core, path.id ?? "");
    const body = parseParams(SubscriptionUpdate, input);
    const paymentMethod = body.default_payment_method;
    if (paymentMethod) {
      const found = core.store.paymentMethods.get(paymentMethod);
      if (!found) throw resourceMissing(paymentMethod, "default_payment_method", "PaymentMethod");
      if (found.customer !== subscription.customer) {
        throw invalidRequest("The payment method must be attached to the subscription's customer.", { param: "default_payment_method" });
      }
    }
    const changes: SubscriptionChanges = {};
    if (body.items) {
      changes.items = body.items.map((item, index) => ({
        id: item.id,
        price: item.price ? requirePrice(core, item.price, `items[${index}][price]`) : undefined,
        quantity: item.quantity,
        deleted: item.deleted,
      }));
    }
    if (body.proration_behavior) changes.prorationBehavior = body.proration_behavior;
    if (body.proration_date !== undefined) changes.prorationDate = body.proration_date;
    if (body.cancel_at_period_end !== undefined) changes.cancelAtPeriodEnd = body.cancel_at_period_end;
    if (body.cancel_at !== undefined) changes.cancelAt = body.cancel_at;
    if (body.cancellation_details) changes.cancellationDetails = body.cancellation_details;
    if (body.metadata !== undefined) changes.metadata = applyMetadata(subscription.metadata, body.metadata);
    if (paymentMethod !== undefined) changes.defaultPaymentMethod = paymentMethod;
    if (body.description !== undefined) changes.description = body.description;
    if (body.trial_end !== undefined) changes.trialEnd = body.trial_end;
    if (body.billing_cycle_anchor) changes.billingCycleAnchor = body.billing_cycle_anchor;
    updateSubscription(core, subscription, changes);
    return subscription;
  }),
  route("DELETE", "/v1/subscriptions/:id", ({ core, params: path, input }) => {
    const subscription = requireSubscription(core, path.id ?? "");
    const body = parseParams(SubscriptionCancel, input);
    if (subscription.status === "canceled") {
      throw invalidRequest(`A canceled subscription can only update its cancellation_details and metadata.`, { code: "resource_missing", status: 404 });
    }
    cancelSubscriptionNow(core, subscription, {
      invoiceNow: body.invoice_now ?? false,
      prorate: body.prorate ?? false,
      details: body.cancellation_details ?? {},
    });
    return subscription;
  }),
  route("GET", "/v1/subscription_items", ({ core, input }) => {
    const query = parseParams(ItemList, input);
    const subscription = requireSubscription(core, query.subscription, "subscription");
    return paginate(subscription.items.data, query, `/v1/subscription_items?subscription=${subscription.id}`);
  }),
  route("GET", "/v1/subscription_items/:id", ({ core, params: path }) => {
    const id = path.id ?? "";
    const item = core.store.findSubscriptionItem(id);
    if (!item) throw resourceMissing(id, "id", "subscription item");
    return item;
  }),
];
