// The REST surface through the real SDK: catalogue lookups with expand, customers, pagination,
// Stripe's error bodies and statuses, Idempotency-Key replay, refunds, and the raw form encoding.
import type Stripe from "stripe";
import { describe, expect, it } from "vitest";
import { plans } from "../../../app/modules/billing/plans";
import { subscribe, harnessForFile } from "./test-helpers";

const harness = harnessForFile();

function raw(path: string, init: RequestInit = {}): Promise<Response> {
  return fetch(`${harness.emulator.url}${path}`, {
    ...init,
    headers: { authorization: "Bearer sk_test_raw", "content-type": "application/x-www-form-urlencoded", ...(init.headers ?? {}) },
  });
}

describe("catalogue", () => {
  it("seeds one price per plan and interval under the app's lookup keys", async () => {
    const lookupKeys = plans.flatMap((plan) => Object.values(plan.prices).map((price) => price.lookupKey));
    const prices = await harness.stripe.prices.list({ lookup_keys: lookupKeys, expand: ["data.product"], limit: 100 });
    expect(prices.data.map((price) => price.lookup_key).sort()).toEqual([...lookupKeys].sort());
    for (const plan of plans) {
      const monthly = prices.data.find((price) => price.lookup_key === plan.prices.month.lookupKey);
      expect(monthly).toMatchObject({ unit_amount: plan.prices.month.amount, currency: "usd", recurring: { interval: "month", interval_count: 1 }, type: "recurring" });
      expect((monthly?.product as Stripe.Product).name).toBe(plan.name);
      expect((monthly?.product as Stripe.Product).metadata.plan).toBe(plan.key);
    }
  });

  it("creates products and prices, and moves a lookup key only when told to", async () => {
    const product = await harness.stripe.products.create({ name: "Extra", metadata: { kind: "addon" } });
    const first = await harness.stripe.prices.create({ product: product.id, currency: "usd", unit_amount: 500, recurring: { interval: "month" }, lookup_key: "extra" });
    await expect(harness.stripe.prices.create({ product: product.id, currency: "usd", unit_amount: 600, lookup_key: "extra" })).rejects.toMatchObject({
      statusCode: 400,
      code: "lookup_key_already_exists",
    });
    const second = await harness.stripe.prices.create({ product: product.id, currency: "usd", unit_amount: 600, lookup_key: "extra", transfer_lookup_key: true });
    expect((await harness.stripe.prices.retrieve(first.id)).lookup_key).toBeNull();
    expect((await harness.stripe.prices.list({ lookup_keys: ["extra"] })).data.map((price) => price.id)).toEqual([second.id]);
    expect((await harness.stripe.products.retrieve(product.id)).default_price).toBe(first.id);
    const updated = await harness.stripe.products.update(product.id, { name: "Extra seats", metadata: { kind: "" } });
    expect(updated).toMatchObject({ name: "Extra seats", metadata: {} });
  });
});

describe("customers and pagination", () => {
  it("creates, updates (metadata merged, a key unset with an empty value) and deletes", async () => {
    const customer = await harness.stripe.customers.create({ email: "a@example.com", name: "A", metadata: { workspace_id: "w1", tier: "x" } });
    expect(customer.id).toMatch(/^cus_/);
    const updated = await harness.stripe.customers.update(customer.id, { name: "B", metadata: { tier: "" } });
    expect(updated).toMatchObject({ email: "a@example.com", name: "B", metadata: { workspace_id: "w1" } });
    const deleted = await harness.stripe.customers.del(customer.id);
    expect(deleted).toEqual({ id: customer.id, object: "customer", deleted: true });
    expect(await harness.stripe.customers.retrieve(customer.id)).toMatchObject({ deleted: true });
  });

  it("pages newest first with starting_after and has_more, and auto-pagination sees everything", async () => {
    const created: string[] = [];
    for (let index = 0; index < 7; index++) created.push((await harness.stripe.customers.create({ email: `c${index}@example.com` })).id);
    const first = await harness.stripe.customers.list({ limit: 3 });
    expect(first).toMatchObject({ object: "list", has_more: true, url: "/v1/customers" });
    expect(first.data.map((customer) => customer.id)).toEqual(created.slice(-3).reverse());
    const second = await harness.stripe.customers.list({ limit: 3, starting_after: first.data.at(-1)?.id });
    expect(second.data.map((customer) => customer.id)).toEqual(created.slice(1, 4).reverse());
    const last = await harness.stripe.customers.list({ limit: 3, starting_after: second.data.at(-1)?.id });
    expect(last).toMatchObject({ has_more: false });
    expect(last.data.map((customer) => customer.id)).toEqual([created[0]]);
    const everything: string[] = [];
    for await (const customer of harness.stripe.customers.list({ limit: 2 })) everything.push(customer.id);
    expect(everything).toEqual([...created].reverse());
    expect((await harness.stripe.customers.list({ email: "c3@example.com" })).data.map((customer) => customer.id)).toEqual([created[3]]);
  });
});

describe("errors", () => {
  it("answers an unknown id with 404 resource_missing", async () => {
    await expect(harness.stripe.subscriptions.retrieve("sub_missing")).rejects.toMatchObject({
      type: "StripeInvalidRequestError",
      statusCode: 404,
      code: "resource_missing",
      param: "id",
      message: "No such subscription: 'sub_missing'",
    });
  });

  it("names a missing or unknown parameter", async () => {
    await expect(harness.stripe.checkout.sessions.create({ mode: "subscription", success_url: "https://x.example" })).rejects.toMatchObject({
      statusCode: 400,
      code: "parameter_missing",
      param: "line_items",
    });
    await expect(harness.stripe.customers.create({ emial: "x" } as Stripe.CustomerCreateParams)).rejects.toMatchObject({
      statusCode: 400,
      code: "parameter_unknown",
      param: "emial",
      message: "Received unknown parameter: emial",
    });
    await expect(harness.stripe.prices.list({ limit: 500 })).rejects.toMatchObject({ statusCode: 400, param: "limit" });
  });

  it("refuses a request without a test key, and an unknown URL", async () => {
    const anonymous = await fetch(`${harness.emulator.url}/v1/customers`);
    expect(anonymous.status).toBe(401);
    expect((await anonymous.json()) as unknown).toMatchObject({ error: { type: "invalid_request_error" } });
    const unknown = await raw("/v1/nothing-here");
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { error: { message: string } }).error.message).toMatch(/^Unrecognized request URL \(GET: \/v1\/nothing-here\)/);
  });
});

describe("idempotency", () => {
  it("replays the first response for the same key and parameters, without doing the work twice", async () => {
    const first = await raw("/v1/customers", { method: "POST", body: "email=once%40example.com", headers: { "idempotency-key": "k1" } });
    const second = await raw("/v1/customers", { method: "POST", body: "email=once%40example.com", headers: { "idempotency-key": "k1" } });
    const [a, b] = [(await first.json()) as Stripe.Customer, (await second.json()) as Stripe.Customer];
    expect(b.id).toBe(a.id);
    expect(second.headers.get("idempotent-replayed")).toBe("true");
    expect(second.headers.get("original-request")).toBe(first.headers.get("request-id"));
    expect((await harness.stripe.customers.list({ email: "once@example.com" })).data).toHaveLength(1);
    expect(harness.emulator.events({ type: "customer.created" })).toHaveLength(1);
  });

  it("refuses the same key with other parameters", async () => {
    await harness.stripe.customers.create({ email: "one@example.com" }, { idempotencyKey: "k2" });
    await expect(harness.stripe.customers.create({ email: "two@example.com" }, { idempotencyKey: "k2" })).rejects.toMatchObject({
      type: "StripeIdempotencyError",
      statusCode: 400,
    });
  });

  it("replays a card error too", async () => {
    const { customer, subscription } = await subscribe(harness);
    harness.emulator.configure({ paymentRetryDays: [], whenRetriesExhausted: "leave_past_due" });
    harness.emulator.failNextPayment(customer.id);
    harness.emulator.advanceClock({ days: 31 });
    const [open] = (await harness.stripe.invoices.list({ subscription: subscription.id, status: "open" })).data;
    harness.emulator.failNextPayment(customer.id);
    await expect(harness.stripe.invoices.pay(open?.id ?? "", {}, { idempotencyKey: "pay-1" })).rejects.toMatchObject({ statusCode: 402 });
    await expect(harness.stripe.invoices.pay(open?.id ?? "", {}, { idempotencyKey: "pay-1" })).rejects.toMatchObject({ statusCode: 402 });
    expect((await harness.stripe.charges.list({ customer: customer.id })).data.filter((charge) => charge.status === "failed")).toHaveLength(2);
  });
});

describe("invoices, payments and refunds", () => {
  it("links an invoice to its payment intent and charge", async () => {
    const { subscription } = await subscribe(harness);
    const invoice = await harness.stripe.invoices.retrieve(String(subscription.latest_invoice), { expand: ["payments"] });
    expect(invoice.lines.data[0]).toMatchObject({ amount: 4900, description: "1 × Growth (at $49.00 / month)" });
    const payment = invoice.payments?.data[0];
    expect(payment).toMatchObject({ status: "paid", amount_paid: 4900, invoice: invoice.id });
    const listed = await harness.stripe.invoicePayments.list({ invoice: invoice.id });
    expect(listed.data.map((entry) => entry.id)).toEqual([payment?.id]);
    const paymentIntent = await harness.stripe.paymentIntents.retrieve(String(payment?.payment.payment_intent));
    expect(paymentIntent).toMatchObject({ status: "succeeded", amount_received: 4900 });
    const [charge] = (await harness.stripe.charges.list({ payment_intent: paymentIntent.id })).data;
    expect(charge).toMatchObject({ status: "succeeded", amount: 4900, paid: true, payment_method_details: { card: { brand: "visa", last4: "4242" } } });
    expect(charge?.receipt_url).toBeTruthy();
    expect((await fetch(charge?.receipt_url ?? "")).status).toBe(200);
    const pdf = await fetch(invoice.invoice_pdf ?? "");
    expect(pdf.headers.get("content-type")).toBe("application/pdf");
    expect(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString()).toBe("%PDF-");
  });

  it("refunds in part through the API and the rest from the admin side, with charge.refunded", async () => {
    const { subscription } = await subscribe(harness);
    const invoice = await harness.stripe.invoices.retrieve(String(subscription.latest_invoice));
    const [charge] = (await harness.stripe.charges.list({ customer: String(invoice.customer) })).data;
    const partial = await harness.stripe.refunds.create({ charge: charge?.id, amount: 900, reason: "requested_by_customer" });
    expect(partial).toMatchObject({ object: "refund", amount: 900, status: "succeeded", charge: charge?.id, payment_intent: charge?.payment_intent });
    await expect(harness.stripe.refunds.create({ charge: charge?.id, amount: 5000 })).rejects.toMatchObject({ statusCode: 400, code: "amount_too_large" });

    const rest = harness.emulator.refund(String(charge?.payment_intent));
    expect(rest.amount).toBe(4000);
    const refunded = await harness.stripe.charges.retrieve(charge?.id ?? "", { expand: ["refunds"] });
    expect(refunded).toMatchObject({ amount_refunded: 4900, refunded: true });
    expect(refunded.refunds?.data.map((refund) => refund.amount)).toEqual([4000, 900]);
    expect((await harness.stripe.refunds.list({ charge: charge?.id })).data).toHaveLength(2);

    await harness.emulator.settle();
    const refundedEvents = harness.receiver.events.filter((event) => event.type === "charge.refunded");
    expect(refundedEvents).toHaveLength(2);
    expect(refundedEvents[0]?.data.previous_attributes).toEqual({ amount_refunded: 0 });
    expect(harness.receiver.types().filter((type) => type === "refund.created")).toHaveLength(2);
  });

  it("reads expand[] and bracketed parameters as curl sends them", async () => {
    const { subscription } = await subscribe(harness);
    const response = await raw(`/v1/subscriptions/${subscription.id}?expand[]=customer&expand[]=latest_invoice.payments`);
    const body = (await response.json()) as { customer: Stripe.Customer; latest_invoice: Stripe.Invoice };
    expect(body.customer.object).toBe("customer");
    expect(body.latest_invoice.payments?.data).toHaveLength(1);
    const updated = await raw(`/v1/subscriptions/${subscription.id}`, { method: "POST", body: "metadata[plan_note]=vip&cancel_at_period_end=true" });
    expect((await updated.json()) as unknown).toMatchObject({ metadata: { plan_note: "vip", workspace_id: "ws_1" }, cancel_at_period_end: true });
  });

  it("lists events with a type filter and retrieves one", async () => {
    await subscribe(harness);
    const events = await harness.stripe.events.list({ type: "invoice.*", limit: 100 });
    expect(events.data.length).toBeGreaterThan(0);
    expect(events.data.every((event) => event.type.startsWith("invoice."))).toBe(true);
    const one = await harness.stripe.events.retrieve(events.data[0]?.id ?? "");
    expect(one.id).toBe(events.data[0]?.id);
  });
});
