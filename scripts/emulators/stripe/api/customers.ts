// /v1/customers and /v1/payment_methods: create, retrieve, update, delete and list customers, and
// read the cards saved on them.
import { z } from "zod";
import { invalidRequest, resourceMissing } from "../core/errors";
import { paginate, pagination } from "../core/lists";
import { applyMetadata, emptyable, formArray, inRange, metadata, params, parseParams, rangeQuery, text } from "../core/params";
import type { Customer } from "../core/types";
import { createCustomer, deleteCustomer, requireCustomer, updateCustomer } from "../domain/customers";
import { cancelSubscriptionNow } from "../domain/subscription-changes";
import { route, type Route } from "../http/router";

const address = params({
  line1: emptyable(text).optional(),
  line2: emptyable(text).optional(),
  city: emptyable(text).optional(),
  state: emptyable(text).optional(),
  postal_code: emptyable(text).optional(),
  country: emptyable(text).optional(),
});

const customerFields = {
  email: emptyable(text).optional(),
  name: emptyable(text).optional(),
  description: emptyable(text).optional(),
  phone: emptyable(text).optional(),
  metadata: metadata.optional(),
  preferred_locales: formArray(text).optional(),
  address: emptyable(address).optional(),
};

const CustomerCreate = params(customerFields);
const CustomerUpdate = params({
  ...customerFields,
  invoice_settings: params({ default_payment_method: emptyable(text).optional() }).optional(),
});
const CustomerList = params({ ...pagination, email: text.optional(), created: rangeQuery.optional() });
const PaymentMethodList = params({ ...pagination, customer: text.optional(), type: z.literal("card").optional() });

function toAddress(input: z.output<typeof address> | null | undefined): Customer["address"] {
  if (!input) return null;
  return {
    line1: input.line1 ?? null,
    line2: input.line2 ?? null,
    city: input.city ?? null,
    state: input.state ?? null,
    postal_code: input.postal_code ?? null,
    country: input.country ?? null,
  };
}

export const customerRoutes: Route[] = [
  route("POST", "/v1/customers", ({ core, input }) => {
    const body = parseParams(CustomerCreate, input);
    const customer = createCustomer(core, {
      email: body.email ?? null,
      name: body.name ?? null,
      description: body.description ?? null,
      phone: body.phone ?? null,
      metadata: applyMetadata({}, body.metadata),
      preferredLocales: body.preferred_locales,
    });
    if (body.address) customer.address = toAddress(body.address);
    return customer;
  }),
  route("GET", "/v1/customers/:id", ({ core, params: path }) => {
    const id = path.id ?? "";
    return core.store.customers.get(id) ?? core.store.deletedCustomers.get(id) ?? requireCustomer(core, id);
  }),
  route("POST", "/v1/customers/:id", ({ core, params: path, input }) => {
    const customer = requireCustomer(core, path.id ?? "");
    const body = parseParams(CustomerUpdate, input);
    const defaultPaymentMethod = body.invoice_settings?.default_payment_method;
    if (defaultPaymentMethod) {
      const paymentMethod = core.store.paymentMethods.get(defaultPaymentMethod);
      if (!paymentMethod) throw resourceMissing(defaultPaymentMethod, "invoice_settings[default_payment_method]", "PaymentMethod");
      if (paymentMethod.customer !== customer.id) {
        throw invalidRequest(`The customer does not have a payment method with the ID ${defaultPaymentMethod}. The payment method must be attached to the customer.`, {
          param: "invoice_settings[default_payment_method]",
          code: "resource_missing",
        });
      }
    }
    return updateCustomer(core, customer, (target) => {
      if (body.email !== undefined) target.email = body.email;
      if (body.name !== undefined) target.name = body.name;
      if (body.description !== undefined) target.description = body.description;
      if (body.phone !== undefined) target.phone = body.phone;
      if (body.preferred_locales !== undefined) target.preferred_locales = body.preferred_locales;
      if (body.address !== undefined) target.address = toAddress(body.address);
      target.metadata = applyMetadata(target.metadata, body.metadata);
      if (defaultPaymentMethod !== undefined) target.invoice_settings.default_payment_method = defaultPaymentMethod;
    });
  }),
  route("DELETE", "/v1/customers/:id", ({ core, params: path }) => {
    const customer = requireCustomer(core, path.id ?? "");
    for (const subscription of core.store.subscriptions.all()) {
      if (subscription.customer === customer.id) cancelSubscriptionNow(core, subscription, { invoiceNow: false, prorate: false, details: {} });
    }
    return deleteCustomer(core, customer);
  }),
  route("GET", "/v1/customers", ({ core, input }) => {
    const query = parseParams(CustomerList, input);
    const customers = core.store.customers
      .newestFirst()
      .filter((customer) => (query.email === undefined || customer.email === query.email) && inRange(customer.created, query.created));
    return paginate(customers, query, "/v1/customers");
  }),
  route("GET", "/v1/payment_methods/:id", ({ core, params: path }) => {
    const id = path.id ?? "";
    const paymentMethod = core.store.paymentMethods.get(id);
    if (!paymentMethod) throw resourceMissing(id, "id", "PaymentMethod");
    return paymentMethod;
  }),
  route("GET", "/v1/payment_methods", ({ core, input }) => {
    const query = parseParams(PaymentMethodList, input);
    const found = core.store.paymentMethods.newestFirst().filter((paymentMethod) => query.customer === undefined || paymentMethod.customer === query.customer);
    return paginate(found, query, "/v1/payment_methods");
  }),
  route("GET", "/v1/customers/:id/payment_methods", ({ core, params: path, input }) => {
    const customer = requireCustomer(core, path.id ?? "", "customer");
    const query = parseParams(params({ ...pagination, type: z.literal("card").optional() }), input);
    const found = core.store.paymentMethods.newestFirst().filter((paymentMethod) => paymentMethod.customer === customer.id);
    return paginate(found, query, `/v1/customers/${customer.id}/payment_methods`);
  }),
];
