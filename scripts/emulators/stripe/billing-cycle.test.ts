// Time passing for a subscription: renewal invoices paid with the saved card, a failed payment
// leading to past_due and retries on the configured schedule, the end of retries, trial conversion,
// and what a customer does in the portal (change plan, cancel at period end, replace the card).
import type Stripe from "stripe";
import { describe, expect, it } from "vitest";
import { postForm, priceId, subscribe, harnessForFile } from "./test-helpers";

const day = 86_400;
const harness = harnessForFile();

async function invoicesOf(subscription: Stripe.Subscription): Promise<Stripe.Invoice[]> {
  return (await harness.stripe.invoices.list({ subscription: subscription.id, limit: 100 })).data;
}

describe("renewal", () => {
  it("bills the next period when the clock passes the period end, paid with the saved card", async () => {
    const { subscription } = await subscribe(harness);
    const periodEnd = subscription.items.data[0]?.current_period_end ?? 0;
    const now = harness.emulator.advanceClock({ days: 31 });
    expect(now).toBeGreaterThanOrEqual(periodEnd);

    const renewed = await harness.stripe.subscriptions.retrieve(subscription.id);
    expect(renewed.status).toBe("active");
    expect(renewed.items.data[0]?.current_period_start).toBe(periodEnd);
    const [latest, first] = await invoicesOf(subscription);
    expect(first?.billing_reason).toBe("subscription_create");
    expect(latest).toMatchObject({ billing_reason: "subscription_cycle", status: "paid", amount_paid: 4900, id: renewed.latest_invoice });
    expect(latest?.lines.data[0]?.period.start).toBe(periodEnd);

    await harness.emulator.settle();
    const types = harness.receiver.types();
    expect(types.filter((type) => type === "invoice.paid")).toHaveLength(2);
    const update = harness.receiver.events.find((event) => event.type === "customer.subscription.updated");
    expect(update?.data.previous_attributes).toHaveProperty("latest_invoice", subscription.latest_invoice);
  });

  it("replays every period of a long jump in order", async () => {
    const { subscription } = await subscribe(harness);
    harness.emulator.advanceClock({ days: 365 });
    const invoices = await invoicesOf(subscription);
    expect(invoices).toHaveLength(13);
    expect(invoices.every((invoice) => invoice.status === "paid")).toBe(true);
  });

  it("adds tax to invoices when a tax rate is configured", async () => {
    harness.emulator.configure({ taxRatePercent: 20 });
    const { subscription } = await subscribe(harness);
    const [invoice] = await invoicesOf(subscription);
    expect(invoice).toMatchObject({ subtotal: 4900, total: 5880, amount_paid: 5880 });
    expect(invoice?.total_taxes?.[0]).toMatchObject({ amount: 980, taxable_amount: 4900 });
    expect(invoice?.lines.data[0]?.taxes?.[0]?.amount).toBe(980);
  });
});

describe("failed payments", () => {
  it("moves to past_due, retries on schedule, and recovers when a retry pays", async () => {
    const { customer, subscription } = await subscribe(harness);
    harness.emulator.failNextPayment(customer.id);
    harness.emulator.advanceClock({ days: 31 });

    const pastDue = await harness.stripe.subscriptions.retrieve(subscription.id);
    expect(pastDue.status).toBe("past_due");
    const [failed] = await invoicesOf(subscription);
    expect(failed).toMatchObject({ status: "open", attempt_count: 1 });
    expect(failed?.next_payment_attempt).toBe((failed?.created ?? 0) + 3 * day);
    const declined = (await harness.stripe.charges.list({ customer: customer.id })).data[0];
    expect(declined).toMatchObject({ status: "failed", failure_code: "card_declined" });

    harness.emulator.advanceClock({ days: 3 });
    expect((await harness.stripe.subscriptions.retrieve(subscription.id)).status).toBe("active");
    expect((await harness.stripe.invoices.retrieve(failed?.id ?? "")).status).toBe("paid");

    await harness.emulator.settle();
    const types = harness.receiver.types();
    expect(types).toContain("invoice.payment_failed");
    expect(types.indexOf("invoice.payment_failed")).toBeLessThan(types.lastIndexOf("invoice.paid"));
  });

  it("cancels the subscription when every retry fails (the default)", async () => {
    const { subscription } = await subscribe(harness);
    harness.emulator.configure({ paymentRetryDays: [1, 2] });
    for (let attempt = 0; attempt < 3; attempt++) harness.emulator.failNextPayment();
    harness.emulator.advanceClock({ days: 31 });
    expect((await harness.stripe.subscriptions.retrieve(subscription.id)).status).toBe("past_due");
    harness.emulator.advanceClock({ days: 3 });
    const canceled = await harness.stripe.subscriptions.retrieve(subscription.id);
    expect(canceled.status).toBe("canceled");
    expect(canceled.cancellation_details?.reason).toBe("payment_failed");
    await harness.emulator.settle();
    expect(harness.receiver.types()).toContain("customer.subscription.deleted");
  });

  it("marks it unpaid instead when configured so, and a manual pay brings it back", async () => {
    const { subscription } = await subscribe(harness);
    harness.emulator.configure({ paymentRetryDays: [1], whenRetriesExhausted: "mark_unpaid" });
    harness.emulator.failNextPayment();
    harness.emulator.failNextPayment();
    harness.emulator.advanceClock({ days: 33 });
    expect((await harness.stripe.subscriptions.retrieve(subscription.id)).status).toBe("unpaid");

    const [open] = await invoicesOf(subscription);
    const paid = await harness.stripe.invoices.pay(open?.id ?? "");
    expect(paid.status).toBe("paid");
    expect((await harness.stripe.subscriptions.retrieve(subscription.id)).status).toBe("active");
  });

  it("answers a declined manual payment with a card error", async () => {
    const { customer, subscription } = await subscribe(harness);
    harness.emulator.configure({ paymentRetryDays: [], whenRetriesExhausted: "leave_past_due" });
    harness.emulator.failNextPayment(customer.id);
    harness.emulator.advanceClock({ days: 31 });
    harness.emulator.failNextPayment(customer.id, "insufficient_funds");
    const [open] = await invoicesOf(subscription);
    await expect(harness.stripe.invoices.pay(open?.id ?? "")).rejects.toMatchObject({
      type: "StripeCardError",
      statusCode: 402,
      code: "card_declined",
      decline_code: "insufficient_funds",
      message: "Your card has insufficient funds.",
    });
  });
});

describe("trials", () => {
  it("converts to active at trial end with the first paid invoice", async () => {
    const { subscription } = await subscribe(harness, { trialDays: 7 });
    expect(subscription.status).toBe("trialing");
    harness.emulator.advanceClock({ days: 7 });
    const converted = await harness.stripe.subscriptions.retrieve(subscription.id);
    expect(converted.status).toBe("active");
    const [invoice] = await invoicesOf(subscription);
    expect(invoice).toMatchObject({ billing_reason: "subscription_cycle", status: "paid", amount_paid: 4900 });
    await harness.emulator.settle();
    expect(harness.receiver.types()).toContain("customer.subscription.trial_will_end");
  });

  it("ends a trial now through the API", async () => {
    const { subscription } = await subscribe(harness, { trialDays: 30 });
    const updated = await harness.stripe.subscriptions.update(subscription.id, { trial_end: "now" });
    expect(updated.status).toBe("active");
  });
});

describe("subscription changes through the API", () => {
  it("cancels at period end, then ends with customer.subscription.deleted when the period is over", async () => {
    const { subscription } = await subscribe(harness);
    const updated = await harness.stripe.subscriptions.update(subscription.id, { cancel_at_period_end: true });
    expect(updated).toMatchObject({ cancel_at_period_end: true, status: "active", cancel_at: subscription.items.data[0]?.current_period_end });
    harness.emulator.advanceClock({ days: 32 });
    expect((await harness.stripe.subscriptions.retrieve(subscription.id)).status).toBe("canceled");
    expect(await invoicesOf(subscription)).toHaveLength(1);
  });

  it("switches price with prorations invoiced now when asked", async () => {
    const { subscription } = await subscribe(harness);
    harness.emulator.advanceClock({ days: 10 });
    const scale = await priceId(harness.stripe, "kiana_scale_monthly");
    const updated = await harness.stripe.subscriptions.update(subscription.id, {
      items: [{ id: subscription.items.data[0]?.id ?? "", price: scale }],
      proration_behavior: "always_invoice",
    });
    expect(updated.items.data[0]?.price.lookup_key).toBe("kiana_scale_monthly");
    const proration = await harness.stripe.invoices.retrieve(String(updated.latest_invoice));
    expect(proration.billing_reason).toBe("subscription_update");
    expect(proration.lines.data).toHaveLength(2);
    expect(proration.total).toBeGreaterThan(0);
    expect(proration.total).toBeLessThan(14_900 - 4_900);
    expect(proration.status).toBe("paid");
  });

  it("restarts the cycle when switching from monthly to yearly, crediting the unused month", async () => {
    const { subscription } = await subscribe(harness);
    harness.emulator.advanceClock({ days: 15 });
    const yearly = await priceId(harness.stripe, "kiana_growth_yearly");
    const updated = await harness.stripe.subscriptions.update(subscription.id, { items: [{ id: subscription.items.data[0]?.id ?? "", price: yearly }] });
    const item = updated.items.data[0];
    expect(item?.current_period_start).toBe(updated.billing_cycle_anchor);
    expect((item?.current_period_end ?? 0) - (item?.current_period_start ?? 0)).toBeGreaterThanOrEqual(365 * day);
    const invoice = await harness.stripe.invoices.retrieve(String(updated.latest_invoice));
    const credit = invoice.lines.data.find((line) => line.amount < 0);
    expect(credit?.description).toMatch(/^Unused time on Growth after /);
    expect(invoice.total).toBe(49_000 + (credit?.amount ?? 0));
    expect(invoice.status).toBe("paid");
  });

  it("cancels now through DELETE", async () => {
    const { subscription } = await subscribe(harness);
    const before = harness.emulator.now();
    const canceled = await harness.stripe.subscriptions.cancel(subscription.id);
    expect(canceled.status).toBe("canceled");
    expect(canceled.ended_at).toBeGreaterThanOrEqual(before);
    expect(canceled.ended_at).toBeLessThanOrEqual(harness.emulator.now());
    const listed = await harness.stripe.subscriptions.list({ customer: String(subscription.customer) });
    expect(listed.data).toHaveLength(0);
    const all = await harness.stripe.subscriptions.list({ customer: String(subscription.customer), status: "all" });
    expect(all.data).toHaveLength(1);
  });
});

describe("customer portal", () => {
  async function portalUrl(customer: Stripe.Customer): Promise<string> {
    const session = await harness.stripe.billingPortal.sessions.create({ customer: customer.id, return_url: "https://app.example/billing" });
    expect(session.url).toMatch(new RegExp(`^${harness.emulator.url}/p/session/bps_`));
    return session.url;
  }

  it("shows the plan, a return link, the card and the invoices", async () => {
    const { customer } = await subscribe(harness);
    const html = await (await fetch(await portalUrl(customer))).text();
    expect(html).toContain('href="https://app.example/billing"');
    expect(html).toContain("Growth – $49.00 / month");
    expect(html).toContain("Visa •••• 4242");
    expect(html).toContain("Cancel plan");
    expect(html).toMatch(/<label for="plan-sub_\w+">New plan<\/label>/);
  });

  it("cancels at period end and takes it back", async () => {
    const { customer, subscription } = await subscribe(harness);
    const url = await portalUrl(customer);
    const canceled = await postForm(url, { action: "cancel", subscription: subscription.id });
    expect(canceled.status).toBe(303);
    expect((await harness.stripe.subscriptions.retrieve(subscription.id)).cancel_at_period_end).toBe(true);
    const page = await (await fetch(new URL(canceled.headers.get("location") ?? "", url))).text();
    expect(page).toContain("Your plan will be canceled at the end of the billing period.");
    expect(page).toContain("Don't cancel plan");

    await postForm(url, { action: "renew", subscription: subscription.id });
    expect((await harness.stripe.subscriptions.retrieve(subscription.id)).cancel_at_period_end).toBe(false);
  });

  it("changes plan", async () => {
    const { customer, subscription } = await subscribe(harness);
    const scale = await priceId(harness.stripe, "kiana_scale_monthly");
    await postForm(await portalUrl(customer), { action: "change-plan", subscription: subscription.id, price: scale });
    const changed = await harness.stripe.subscriptions.retrieve(subscription.id);
    expect(changed.items.data[0]?.price.id).toBe(scale);
    const refused = await postForm(await portalUrl(customer), { action: "change-plan", subscription: subscription.id, price: "price_unknown" });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toMatch(/role="alert">Choose one of the plans in the list.<\/p>/);
    await harness.emulator.settle();
    const update = harness.receiver.events.filter((event) => event.type === "customer.subscription.updated").at(-1);
    expect(update?.data.previous_attributes).toHaveProperty("items");
  });

  it("replaces the card, shows a decline beside the field, and settles a past-due invoice", async () => {
    const { customer, subscription } = await subscribe(harness);
    harness.emulator.failNextPayment(customer.id);
    harness.emulator.advanceClock({ days: 31 });
    expect((await harness.stripe.subscriptions.retrieve(subscription.id)).status).toBe("past_due");
    const url = await portalUrl(customer);

    const declined = await postForm(url, { action: "update-card", cardNumber: "4000 0000 0000 0002" });
    expect(await declined.text()).toMatch(/id="field-cardNumber-error" role="alert">Your card was declined./);

    const updated = await postForm(url, { action: "update-card", cardNumber: "5555 5555 5555 4444" });
    expect(updated.status).toBe(303);
    const after = (await harness.stripe.customers.retrieve(customer.id)) as Stripe.Customer;
    const card = await harness.stripe.paymentMethods.retrieve(String(after.invoice_settings.default_payment_method));
    expect(card.card?.last4).toBe("4444");
    const recovered = await harness.stripe.subscriptions.retrieve(subscription.id);
    expect(recovered).toMatchObject({ status: "active", default_payment_method: card.id });
  });
});
