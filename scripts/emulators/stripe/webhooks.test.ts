// Webhook delivery as Stripe does it and as a robust receiver must survive it: signatures the SDK
// verifies, redelivery after a non-2xx answer, events sent twice, and events out of order.
import Stripe from "stripe";
import { describe, expect, it } from "vitest";
import { signatureHeader } from "./webhooks/signature";
import { openCheckout, webhookSecret, harnessForFile } from "./test-helpers";

const harness = harnessForFile((harness) => {
  harness.emulator.configure({ webhookUrl: harness.receiver.url, webhookRetryDelaysMs: [20, 40] });
  harness.receiver.rejected.length = 0;
  harness.receiver.respondWith = 200;
});

async function checkoutEvents(): Promise<void> {
  const { session } = await openCheckout(harness.stripe);
  harness.emulator.payCheckout(session.id);
  await harness.emulator.settle();
}

describe("signature", () => {
  it("matches what the SDK's own test header generator makes", () => {
    const payload = JSON.stringify({ id: "evt_1", object: "event" });
    const expected = new Stripe("sk_test_x").webhooks.generateTestHeaderString({ payload, secret: webhookSecret, timestamp: 1_700_000_000 });
    expect(signatureHeader(payload, webhookSecret, 1_700_000_000)).toBe(expected);
  });

  it("signs with wall-clock time, so events verify even after the clock was moved a year ahead", async () => {
    const yearAhead = harness.emulator.advanceClock({ days: 365 });
    await harness.stripe.customers.create({ email: "late@example.com" });
    await harness.emulator.settle();
    expect(harness.receiver.rejected).toEqual([]);
    const event = harness.receiver.events.find((candidate) => candidate.type === "customer.created");
    expect(event?.created).toBeGreaterThanOrEqual(yearAhead);
    expect(event?.created).toBeLessThanOrEqual(harness.emulator.now());
  });

  it("fails verification with another secret", async () => {
    harness.emulator.configure({ webhookSecret: "whsec_someone_else" });
    await harness.stripe.customers.create({ email: "x@example.com" });
    await harness.emulator.settle();
    expect(harness.receiver.events).toHaveLength(0);
    expect(harness.receiver.rejected[0]).toMatch(/No signatures found matching the expected signature/);
  });
});

describe("redelivery", () => {
  it("retries an event the endpoint refused, with backoff, until it is acknowledged", async () => {
    let refusals = 2;
    harness.receiver.respondWith = (event) => (event.type === "customer.created" && refusals-- > 0 ? 500 : 200);
    await harness.stripe.customers.create({ email: "retry@example.com" });
    await harness.emulator.settle();
    const [delivery] = harness.emulator.deliveries({ type: "customer.created" });
    expect(delivery?.state).toBe("delivered");
    expect(delivery?.attempts.map((attempt) => attempt.status)).toEqual([500, 500, 200]);
    expect((delivery?.attempts[2]?.at ?? 0) - (delivery?.attempts[1]?.at ?? 0)).toBeGreaterThanOrEqual(35);
    expect(harness.receiver.types()).toEqual(["customer.created"]);
  });

  it("gives up after the last retry and leaves pending_webhooks at 1", async () => {
    harness.receiver.respondWith = 503;
    const customer = await harness.stripe.customers.create({ email: "down@example.com" });
    await harness.emulator.settle();
    const [delivery] = harness.emulator.deliveries({ type: "customer.created" });
    expect(delivery).toMatchObject({ state: "failed" });
    expect(delivery?.attempts).toHaveLength(3);
    const [event] = harness.emulator.events({ type: "customer.created", object: customer.id });
    expect(event?.pending_webhooks).toBe(1);
  });

  it("records an unreachable endpoint as a failed attempt", async () => {
    harness.emulator.configure({ webhookUrl: "http://127.0.0.1:1/unreachable", webhookRetryDelaysMs: [] });
    await harness.stripe.customers.create({ email: "nowhere@example.com" });
    await harness.emulator.settle();
    const [delivery] = harness.emulator.deliveries();
    expect(delivery).toMatchObject({ state: "failed", url: "http://127.0.0.1:1/unreachable" });
    expect(delivery?.attempts[0]?.status).toBeNull();
    expect(delivery?.attempts[0]?.error).toBeTruthy();
  });
});

describe("disorder", () => {
  it("delivers every event twice when told to", async () => {
    harness.emulator.configure({ duplicateEvents: true });
    await checkoutEvents();
    const ids = harness.receiver.events.map((event) => event.id);
    expect(ids.length).toBe(2 * new Set(ids).size);
    expect(harness.emulator.deliveries().filter((delivery) => delivery.duplicate)).toHaveLength(new Set(ids).size);
  });

  it("shuffles the events of one operation when told to", async () => {
    harness.emulator.configure({ reorderEvents: true });
    const orders = new Set<string>();
    for (let round = 0; round < 5; round++) {
      harness.receiver.events.length = 0;
      await checkoutEvents();
      orders.add(harness.receiver.types().join(","));
    }
    expect(orders.size).toBeGreaterThan(1);
    const created = harness.emulator.events().map((event) => event.created);
    expect(created).toEqual([...created].sort((a, b) => a - b));
  });

  it("keeps creation order by default", async () => {
    await checkoutEvents();
    const logged = harness.emulator.events().map((event) => event.id);
    const delivered = harness.receiver.events.map((event) => event.id);
    expect(delivered).toEqual(logged.filter((id) => delivered.includes(id)));
  });
});
