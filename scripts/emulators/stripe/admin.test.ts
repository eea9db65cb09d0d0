// The JSON control surface under /__admin/, as a test in another process (Playwright, the dev
// script) drives the emulator: clock, armed failures, refunds, config, logs, reset, paying Checkout.
import type Stripe from "stripe";
import { describe, expect, it } from "vitest";
import { openCheckout, harnessForFile } from "./test-helpers";

const harness = harnessForFile();

async function admin<T = Record<string, unknown>>(method: "GET" | "POST", path: string, body?: unknown): Promise<{ status: number; body: T }> {
  const response = await fetch(`${harness.emulator.url}/__admin/${path}`, {
    method,
    headers: { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as T };
}

async function paidCheckout(): Promise<{ customer: Stripe.Customer; subscriptionId: string }> {
  const { customer, session } = await openCheckout(harness.stripe);
  const paid = await admin<{ ok: boolean; subscription: string; redirect_url: string }>("POST", `checkout/${session.id}/pay`, { card: "4242 4242 4242 4242" });
  expect(paid.body).toMatchObject({ ok: true, redirect_url: `https://app.example/billing/done?session=${session.id}` });
  return { customer, subscriptionId: paid.body.subscription };
}

describe("admin API", () => {
  it("answers health", async () => {
    const health = await admin("GET", "health");
    expect(health).toMatchObject({ status: 200, body: { ok: true, api_version: harness.emulator.apiVersion } });
  });

  it("pays Checkout with a declining card and reports the decline", async () => {
    const { session } = await openCheckout(harness.stripe);
    const declined = await admin("POST", `checkout/${session.id}/pay`, { card: "4000000000000002" });
    expect(declined.body).toEqual({ ok: false, error: { code: "card_declined", decline_code: "generic_decline", message: "Your card was declined." } });
    const missing = await admin("POST", "checkout/cs_test_missing/pay", {});
    expect(missing.status).toBe(404);
  });

  it("advances the clock, arms a failed payment, and the renewal fails", async () => {
    const { customer, subscriptionId } = await paidCheckout();
    const before = harness.emulator.now();
    expect((await admin("POST", "fail-next-payment", { customer: customer.id })).status).toBe(200);
    const advanced = await admin<{ now: number }>("POST", "clock/advance", { days: 31 });
    expect(advanced.body.now).toBeGreaterThanOrEqual(before + 31 * 86_400);
    expect((await harness.stripe.subscriptions.retrieve(subscriptionId)).status).toBe("past_due");
    const seconds = await admin<{ now: number }>("POST", "clock/advance", { seconds: 60 });
    expect(seconds.body.now).toBeGreaterThanOrEqual(advanced.body.now + 60);
  });

  it("retries a failed invoice now, counting toward the schedule, until it pays", async () => {
    const { customer, subscriptionId } = await paidCheckout();
    await admin("POST", "fail-next-payment", { customer: customer.id });
    await admin("POST", "fail-next-payment", { customer: customer.id });
    await admin("POST", "clock/advance", { days: 31 });
    const [open] = (await harness.stripe.invoices.list({ subscription: subscriptionId, status: "open" })).data;
    expect(open?.attempt_count).toBe(1);

    const before = harness.emulator.now();
    const failedAgain = await admin<Stripe.Invoice>("POST", `invoices/${open?.id ?? ""}/retry`);
    expect(failedAgain.body).toMatchObject({ status: "open", attempt_count: 2 });
    expect(failedAgain.body.next_payment_attempt).toBeGreaterThanOrEqual(before + 5 * 86_400);
    expect(failedAgain.body.next_payment_attempt).toBeLessThanOrEqual(harness.emulator.now() + 5 * 86_400);
    const paid = await admin<Stripe.Invoice>("POST", `invoices/${open?.id ?? ""}/retry`);
    expect(paid.body).toMatchObject({ status: "paid", attempt_count: 3 });
    expect((await harness.stripe.subscriptions.retrieve(subscriptionId)).status).toBe("active");
    expect((await admin("POST", `invoices/${open?.id ?? ""}/retry`)).status).toBe(400);
  });

  it("refunds a charge and rejects a bad request", async () => {
    const { customer } = await paidCheckout();
    const [charge] = (await harness.stripe.charges.list({ customer: customer.id })).data;
    const refund = await admin<Stripe.Refund>("POST", "refunds", { charge: charge?.id, amount: 1000 });
    expect(refund.body).toMatchObject({ object: "refund", amount: 1000, charge: charge?.id });
    expect((await admin("POST", "refunds", { amount: 5 })).status).toBe(400);
    const missing = await admin<{ error: { code: string } }>("POST", "refunds", { charge: "ch_missing" });
    expect(missing).toMatchObject({ status: 404, body: { error: { code: "resource_missing" } } });
  });

  it("changes the config and refuses unknown settings", async () => {
    const changed = await admin("POST", "config", { duplicateEvents: 0.5, reorderEvents: true, webhookSecret: "whsec_other" });
    expect(changed.body).toMatchObject({ duplicateEvents: 0.5, reorderEvents: true, webhookSecret: "whsec_other" });
    expect((await admin("POST", "config", { duplicate: true })).status).toBe(400);
    expect((await admin("POST", "config", { webhookUrl: "not a url" })).status).toBe(400);
  });

  it("lists events and requests, and reset forgets them", async () => {
    await harness.stripe.customers.create({ email: "logged@example.com" }, { idempotencyKey: "logged" });
    const events = await admin<{ data: Stripe.Event[] }>("GET", "events?type=customer.created");
    expect(events.body.data.map((event) => (event.data.object as Stripe.Customer).email)).toEqual(["logged@example.com"]);
    const requests = await admin<{ data: { method: string; path: string; status: number; idempotencyKey: string }[] }>("GET", "requests?method=POST&path=/v1/customers");
    expect(requests.body.data).toEqual([expect.objectContaining({ method: "POST", path: "/v1/customers", status: 200, idempotencyKey: "logged" })]);

    expect((await admin("POST", "reset")).status).toBe(200);
    expect((await admin<{ data: unknown[] }>("GET", "events?type=customer.created")).body.data).toEqual([]);
    expect((await harness.stripe.customers.list()).data).toEqual([]);
    expect((await harness.stripe.prices.list({ lookup_keys: ["kiana_starter_monthly"] })).data).toHaveLength(1);
  });

  it("answers an unknown admin route with 404", async () => {
    expect((await admin("GET", "nothing")).status).toBe(404);
  });
});
