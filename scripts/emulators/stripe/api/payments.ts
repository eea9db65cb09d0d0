// /v1/payment_intents, /v1/charges and /v1/refunds: the money behind invoices, and refunds of it.
import { resourceMissing } from "../core/errors";
import { change } from "../core/events";
import { paginate, pagination } from "../core/lists";
import { applyMetadata, inRange, metadata, oneOf, params, parseParams, positiveInteger, rangeQuery, text } from "../core/params";
import { createRefund, refundableCharge } from "../domain/refunds";
import { route, type Route } from "../http/router";

const PaymentIntentList = params({ ...pagination, customer: text.optional(), created: rangeQuery.optional() });
const ChargeList = params({ ...pagination, customer: text.optional(), payment_intent: text.optional(), created: rangeQuery.optional() });
const RefundCreate = params({
  charge: text.optional(),
  payment_intent: text.optional(),
  amount: positiveInteger.optional(),
  reason: oneOf(["duplicate", "fraudulent", "requested_by_customer"]).optional(),
  metadata: metadata.optional(),
});
const RefundUpdate = params({ metadata: metadata.optional() });
const RefundList = params({ ...pagination, charge: text.optional(), payment_intent: text.optional(), created: rangeQuery.optional() });

function lookup<T>(found: T | undefined, id: string, kind: string): T {
  if (!found) throw resourceMissing(id, "id", kind);
  return found;
}

export const paymentRoutes: Route[] = [
  route("GET", "/v1/payment_intents/:id", ({ core, params: path }) => lookup(core.store.paymentIntents.get(path.id ?? ""), path.id ?? "", "payment_intent")),
  route("GET", "/v1/payment_intents", ({ core, input }) => {
    const query = parseParams(PaymentIntentList, input);
    const found = core.store.paymentIntents
      .newestFirst()
      .filter((paymentIntent) => (query.customer === undefined || paymentIntent.customer === query.customer) && inRange(paymentIntent.created, query.created));
    return paginate(found, query, "/v1/payment_intents");
  }),
  route("GET", "/v1/charges/:id", ({ core, params: path }) => lookup(core.store.charges.get(path.id ?? ""), path.id ?? "", "charge")),
  route("GET", "/v1/charges", ({ core, input }) => {
    const query = parseParams(ChargeList, input);
    const found = core.store.charges
      .newestFirst()
      .filter(
        (charge) =>
          (query.customer === undefined || charge.customer === query.customer) &&
          (query.payment_intent === undefined || charge.payment_intent === query.payment_intent) &&
          inRange(charge.created, query.created),
      );
    return paginate(found, query, "/v1/charges");
  }),
  route("POST", "/v1/refunds", ({ core, input }) => {
    const body = parseParams(RefundCreate, input);
    const charge = refundableCharge(core, { charge: body.charge, paymentIntent: body.payment_intent });
    return createRefund(core, charge, { amount: body.amount, reason: body.reason ?? null, metadata: applyMetadata({}, body.metadata) });
  }),
  route("GET", "/v1/refunds/:id", ({ core, params: path }) => lookup(core.store.refunds.get(path.id ?? ""), path.id ?? "", "refund")),
  route("POST", "/v1/refunds/:id", ({ core, params: path, input }) => {
    const refund = lookup(core.store.refunds.get(path.id ?? ""), path.id ?? "", "refund");
    const body = parseParams(RefundUpdate, input);
    change(core, "refund.updated", refund, (target) => {
      target.metadata = applyMetadata(target.metadata ?? {}, body.metadata);
    });
    return refund;
  }),
  route("GET", "/v1/refunds", ({ core, input }) => {
    const query = parseParams(RefundList, input);
    const found = core.store.refunds
      .newestFirst()
      .filter(
        (refund) =>
          (query.charge === undefined || refund.charge === query.charge) &&
          (query.payment_intent === undefined || refund.payment_intent === query.payment_intent) &&
          inRange(refund.created, query.created),
      );
    return paginate(found, query, "/v1/refunds");
  }),
];
