// /v1/checkout/sessions (subscription mode) and /v1/billing_portal/sessions: sessions whose `url`
// is a page served by this emulator, where the customer pays or manages the subscription.
import { z } from "zod";
import { invalidRequest, parameterMissing, resourceMissing } from "../core/errors";
import { paginate, pagination } from "../core/lists";
import { applyMetadata, boolean, formArray, integer, metadata, oneOf, params, parseParams, positiveInteger, text } from "../core/params";
import type { CheckoutSession } from "../core/types";
import { requirePrice } from "../domain/catalog";
import { createCheckoutSession, expireCheckoutSession } from "../domain/checkout";
import { requireCustomer } from "../domain/customers";
import { createPortalSession } from "../domain/portal";
import { route, type Route, type RouteContext } from "../http/router";

const SessionCreate = params({
  mode: oneOf(["payment", "setup", "subscription"]),
  line_items: formArray(params({ price: text, quantity: positiveInteger.optional() })).optional(),
  customer: text.optional(),
  customer_email: text.optional(),
  success_url: text,
  cancel_url: text.optional(),
  client_reference_id: text.optional(),
  metadata: metadata.optional(),
  subscription_data: params({
    metadata: metadata.optional(),
    trial_period_days: positiveInteger.optional(),
    description: text.optional(),
  }).optional(),
  expires_at: integer.optional(),
  locale: text.optional(),
  allow_promotion_codes: boolean.optional(),
  billing_address_collection: oneOf(["auto", "required"]).optional(),
  payment_method_collection: oneOf(["always", "if_required"]).optional(),
  payment_method_types: formArray(z.literal("card")).optional(),
  customer_update: params({ address: oneOf(["auto", "never"]).optional(), name: oneOf(["auto", "never"]).optional() }).optional(),
  automatic_tax: params({ enabled: boolean }).optional(),
  tax_id_collection: params({ enabled: boolean }).optional(),
  ui_mode: z.literal("hosted").optional(),
});
const SessionList = params({
  ...pagination,
  customer: text.optional(),
  subscription: text.optional(),
  payment_intent: text.optional(),
  status: oneOf(["open", "complete", "expired"]).optional(),
});
const PortalCreate = params({
  customer: text,
  return_url: text.optional(),
  configuration: text.optional(),
  locale: text.optional(),
});

function requireSession({ core, params: path }: RouteContext): CheckoutSession {
  const id = path.id ?? "";
  const session = core.store.checkoutSessions.get(id);
  if (!session) throw resourceMissing(id, "session", "checkout.session");
  return session;
}

export const checkoutRoutes: Route[] = [
  route("POST", "/v1/checkout/sessions", ({ core, input }) => {
    const body = parseParams(SessionCreate, input);
    if (body.mode !== "subscription") {
      throw invalidRequest(`The emulator serves Checkout in \`subscription\` mode only, not \`${body.mode}\`.`, { param: "mode" });
    }
    if (body.customer && body.customer_email) {
      throw invalidRequest("You may only specify one of these parameters: customer, customer_email.", { param: "customer_email" });
    }
    if (!body.line_items || body.line_items.length === 0) throw parameterMissing("line_items");
    const lineItems = body.line_items.map((item, index) => {
      const price = requirePrice(core, item.price, `line_items[${index}][price]`);
      if (!price.active) throw invalidRequest(`The price \`${price.id}\` is not active.`, { param: `line_items[${index}][price]` });
      return { price, quantity: item.quantity ?? 1 };
    });
    if (!lineItems.some((item) => item.price.type === "recurring")) {
      throw invalidRequest("You must provide at least one recurring price in `subscription` mode when using prices.", { param: "line_items" });
    }
    return createCheckoutSession(core, {
      customer: body.customer ? requireCustomer(core, body.customer, "customer") : null,
      customerEmail: body.customer_email ?? null,
      lineItems,
      successUrl: body.success_url,
      cancelUrl: body.cancel_url ?? null,
      clientReferenceId: body.client_reference_id ?? null,
      metadata: applyMetadata({}, body.metadata),
      subscriptionMetadata: applyMetadata({}, body.subscription_data?.metadata),
      subscriptionDescription: body.subscription_data?.description ?? null,
      trialPeriodDays: body.subscription_data?.trial_period_days ?? null,
      expiresAt: body.expires_at ?? null,
      locale: body.locale ?? null,
      allowPromotionCodes: body.allow_promotion_codes ?? null,
      billingAddressCollection: body.billing_address_collection ?? null,
      paymentMethodCollection: body.payment_method_collection ?? "always",
    });
  }),
  route("GET", "/v1/checkout/sessions/:id", requireSession),
  route("GET", "/v1/checkout/sessions", ({ core, input }) => {
    const query = parseParams(SessionList, input);
    const found = core.store.checkoutSessions
      .newestFirst()
      .filter(
        (session) =>
          (query.customer === undefined || session.customer === query.customer) &&
          (query.subscription === undefined || session.subscription === query.subscription) &&
          (query.payment_intent === undefined || session.payment_intent === query.payment_intent) &&
          (query.status === undefined || session.status === query.status),
      );
    return paginate(found, query, "/v1/checkout/sessions");
  }),
  route("POST", "/v1/checkout/sessions/:id/expire", (context) => {
    const session = requireSession(context);
    if (session.status !== "open") {
      throw invalidRequest(`Only Checkout Sessions with a status in ["open"] can be expired. This Checkout Session has a status of "${String(session.status)}".`);
    }
    expireCheckoutSession(context.core, session);
    return session;
  }),
  route("GET", "/v1/checkout/sessions/:id/line_items", (context) => {
    const session = requireSession(context);
    const query = parseParams(params(pagination), context.input);
    const items = context.core.store.checkoutDetails.get(session.id)?.lineItems ?? [];
    return paginate(items, query, `/v1/checkout/sessions/${session.id}/line_items`);
  }),
  route("POST", "/v1/billing_portal/sessions", ({ core, input }) => {
    const body = parseParams(PortalCreate, input);
    const customer = requireCustomer(core, body.customer, "customer");
    return createPortalSession(core, { customer, returnUrl: body.return_url ?? null, locale: body.locale ?? null });
  }),
];
