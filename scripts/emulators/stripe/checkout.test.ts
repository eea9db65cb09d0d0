// Checkout as the app drives it: a session created with the SDK, paid or declined on the hosted
// page, the customer sent back to success_url, and the webhooks the app subscribes to, verified.
import type Stripe from "stripe";
import { describe, expect, it } from "vitest";
import { openCheckout, postForm, harnessForFile } from "./test-helpers";

const harness = harnessForFile();

describe("hosted Checkout page", () => {
  it("shows what is bought and a labelled card field, with a cancel link to cancel_url", async () => {
    const { session } = await openCheckout(harness.stripe);
    expect(session.url).toMatch(new RegExp(`^${harness.emulator.url}/c/pay/cs_test_`));
    expect(session.amount_total).toBe(4900);

    const response = await fetch(session.url ?? "");
    const html = await response.text();
    expect(response.status).toBe(200);
    expect(html).toContain('<meta name="viewport"');
    expect(html).toMatch(/<label for="field-cardNumber">Card number<\/label>/);
    expect(html).toContain("Subscribe to Growth");
    expect(html).toContain("$49.00");
    expect(html).toContain('href="https://app.example/billing"');
    expect(html).toMatch(/<button type="submit">Subscribe<\/button>/);
  });

  it("declines 4000 0000 0000 0002 with the error beside the card field and keeps what was typed", async () => {
    const { session } = await openCheckout(harness.stripe);
    const response = await postForm(session.url ?? "", { cardNumber: "4000 0000 0000 0002", expiry: "12 / 34", cvc: "123", name: "Ada" });
    const html = await response.text();
    expect(response.status).toBe(402);
    expect(html).toMatch(/aria-describedby="field-cardNumber-error"/);
    expect(html).toMatch(/<p class="error" id="field-cardNumber-error" role="alert">Your card was declined.<\/p>/);
    expect(html).toContain('value="4000 0000 0000 0002"');
    expect(html).toContain('value="Ada"');

    const after = await harness.stripe.checkout.sessions.retrieve(session.id);
    expect(after.status).toBe("open");
    expect(after.subscription).toBeNull();
    expect(harness.emulator.events({ type: "customer.subscription.created" })).toHaveLength(0);
  });

  it("rejects an empty card number without charging", async () => {
    const { session } = await openCheckout(harness.stripe);
    const html = await (await postForm(session.url ?? "", { cardNumber: "" })).text();
    expect(html).toContain("Your card number is incomplete.");
  });

  it("pays with 4242 4242 4242 4242 and redirects to success_url with the session id", async () => {
    const { customer, session } = await openCheckout(harness.stripe);
    const response = await postForm(session.url ?? "", { cardNumber: "4242 4242 4242 4242", expiry: "12 / 34", cvc: "123" });
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe(`https://app.example/billing/done?session=${session.id}`);

    const done = await harness.stripe.checkout.sessions.retrieve(session.id, { expand: ["subscription", "line_items"] });
    expect(done).toMatchObject({ status: "complete", payment_status: "paid", customer: customer.id, client_reference_id: "ws_1", metadata: { workspace_id: "ws_1" } });
    expect(done.line_items?.data[0]?.price?.lookup_key).toBe("kiana_growth_monthly");
    const subscription = done.subscription as Stripe.Subscription;
    expect(subscription).toMatchObject({ status: "active", customer: customer.id, metadata: { workspace_id: "ws_1" } });
    expect(subscription.items.data[0]?.current_period_end).toBeGreaterThan(subscription.items.data[0]?.current_period_start ?? 0);

    const invoice = await harness.stripe.invoices.retrieve(String(subscription.latest_invoice));
    expect(invoice).toMatchObject({ status: "paid", total: 4900, amount_paid: 4900, billing_reason: "subscription_create" });
    expect(invoice.hosted_invoice_url).toMatch(new RegExp(`^${harness.emulator.url}/i/in_`));
    const invoicePage = await (await fetch(invoice.hosted_invoice_url ?? "")).text();
    expect(invoicePage).toContain("paid");

    const customerAfter = (await harness.stripe.customers.retrieve(customer.id)) as Stripe.Customer;
    expect(customerAfter.invoice_settings.default_payment_method).toBeNull();
    const [card] = (await harness.stripe.paymentMethods.list({ customer: customer.id })).data;
    expect(card?.card?.last4).toBe("4242");
    expect(subscription.default_payment_method).toBe(card?.id);

    const again = await fetch(session.url ?? "");
    expect(await again.text()).toContain("This Checkout Session is complete.");
  });

  it("starts a trial without charging, and says so in the summary", async () => {
    const { session } = await openCheckout(harness.stripe, { trialDays: 14 });
    expect(session.amount_total).toBe(0);
    expect(await (await fetch(session.url ?? "")).text()).toContain("14 days free");
    const paid = harness.emulator.payCheckout(session.id);
    expect(paid.ok).toBe(true);
    const done = await harness.stripe.checkout.sessions.retrieve(session.id, { expand: ["subscription"] });
    expect(done.payment_status).toBe("no_payment_required");
    const subscription = done.subscription as Stripe.Subscription;
    expect(subscription.status).toBe("trialing");
    expect((subscription.trial_end ?? 0) - (subscription.trial_start ?? 0)).toBe(14 * 86_400);
    expect(harness.emulator.events({ type: "charge.succeeded" })).toHaveLength(0);
  });
});

describe("Checkout webhooks", () => {
  it("delivers the events the app handles, signed so that constructEvent verifies them", async () => {
    const { session } = await openCheckout(harness.stripe);
    await postForm(session.url ?? "", { cardNumber: "4242424242424242" });
    await harness.emulator.settle();

    expect(harness.receiver.rejected).toEqual([]);
    const types = harness.receiver.types();
    for (const type of ["customer.subscription.created", "invoice.finalized", "invoice.paid", "checkout.session.completed"]) expect(types).toContain(type);
    expect(types.indexOf("customer.subscription.created")).toBeLessThan(types.indexOf("invoice.paid"));
    expect(types.at(-1)).toBe("checkout.session.completed");

    const completed = harness.receiver.events.find((event) => event.type === "checkout.session.completed");
    expect(completed).toMatchObject({ api_version: harness.emulator.apiVersion, livemode: false, object: "event", request: { id: null } });
    const object = completed?.data.object as Stripe.Checkout.Session;
    expect(object).toMatchObject({ id: session.id, status: "complete", client_reference_id: "ws_1" });
    expect(typeof object.subscription).toBe("string");
    expect(completed?.pending_webhooks).toBe(1);
    expect((await harness.stripe.events.retrieve(completed?.id ?? "")).pending_webhooks).toBe(0);
  });

  it("stamps the API request that caused an event", async () => {
    const customer = await harness.stripe.customers.create({ email: "a@example.com" }, { idempotencyKey: "create-a" });
    await harness.emulator.settle();
    const created = harness.receiver.events.find((event) => event.type === "customer.created");
    expect((created?.data.object as Stripe.Customer).id).toBe(customer.id);
    expect(created?.request?.id).toMatch(/^req_/);
    expect(created?.request?.idempotency_key).toBe("create-a");
  });

  it("expires an open session through the API", async () => {
    const { session } = await openCheckout(harness.stripe);
    const expired = await harness.stripe.checkout.sessions.expire(session.id);
    expect(expired).toMatchObject({ status: "expired", url: null });
    expect((await fetch(session.url ?? "")).status).toBe(410);
  });
});
