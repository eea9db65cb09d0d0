// Helpers for the emulator's own tests: an emulator with a webhook receiver that verifies every
// delivery with the SDK's `constructEvent` (as the app must), an SDK client pointed at it, and a
// subscribed customer made through Checkout.
import http from "node:http";
import type { AddressInfo } from "node:net";
import Stripe from "stripe";
import { afterAll, beforeAll, beforeEach } from "vitest";
import { startStripeEmulator, type StripeEmulator, type StripeEmulatorOptions } from "./server";

export const webhookSecret = "whsec_emulator_tests";

export interface Receiver {
  url: string;
  /** Verified events in arrival order. */
  events: Stripe.Event[];
  /** Deliveries whose signature did not verify. */
  rejected: string[];
  /** Status to answer with; a function can vary it per delivery. */
  respondWith: number | ((event: Stripe.Event) => number);
  types(): string[];
  close(): Promise<void>;
}

const verifier = new Stripe("sk_test_verifier");

export async function startReceiver(secret = webhookSecret): Promise<Receiver> {
  const receiver: Receiver = {
    url: "",
    events: [],
    rejected: [],
    respondWith: 200,
    types: () => receiver.events.map((event) => event.type),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const raw = Buffer.concat(chunks).toString("utf8");
      let event: Stripe.Event;
      try {
        event = verifier.webhooks.constructEvent(raw, String(req.headers["stripe-signature"]), secret);
      } catch (error) {
        receiver.rejected.push(error instanceof Error ? error.message : String(error));
        res.writeHead(400).end();
        return;
      }
      const status = typeof receiver.respondWith === "function" ? receiver.respondWith(event) : receiver.respondWith;
      if (status < 300) receiver.events.push(event);
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/stripe`;
  return receiver;
}

export function clientFor(emulator: StripeEmulator): Stripe {
  const url = new URL(emulator.url);
  return new Stripe("sk_test_emulator", {
    apiVersion: emulator.apiVersion as Stripe.LatestApiVersion,
    host: url.hostname,
    port: url.port,
    protocol: "http",
    maxNetworkRetries: 0,
    telemetry: false,
  });
}

export interface Harness {
  emulator: StripeEmulator;
  stripe: Stripe;
  receiver: Receiver;
  close(): Promise<void>;
}

export async function startHarness(options: StripeEmulatorOptions = {}): Promise<Harness> {
  const receiver = await startReceiver();
  const emulator = await startStripeEmulator({ port: 0, webhookUrl: receiver.url, webhookSecret, ...options });
  return {
    emulator,
    stripe: clientFor(emulator),
    receiver,
    async close() {
      await emulator.close();
      await receiver.close();
    },
  };
}

/**
 * A test file's harness: started before its first test, reset before each (the emulator, the events
 * the receiver saw, then `reset` for the file's own settings) and closed after the last. The returned
 * object reads through to the started harness, so tests use it as a Harness.
 */
export function harnessForFile(reset: (harness: Harness) => void = () => undefined): Harness {
  let started: Harness | undefined;
  const current = (): Harness => {
    if (!started) throw new Error("the harness starts before the first test");
    return started;
  };
  beforeAll(async () => {
    started = await startHarness();
  });
  beforeEach(() => {
    current().emulator.reset();
    current().receiver.events.length = 0;
    reset(current());
  });
  afterAll(async () => {
    await started?.close();
  });
  return new Proxy({} as Harness, { get: (_target, key) => Reflect.get(current(), key) });
}

export async function priceId(stripe: Stripe, lookupKey: string): Promise<string> {
  const prices = await stripe.prices.list({ lookup_keys: [lookupKey] });
  const price = prices.data[0];
  if (!price) throw new Error(`No price with lookup key ${lookupKey}`);
  return price.id;
}

export interface CheckoutOptions {
  lookupKey?: string;
  trialDays?: number;
  email?: string;
}

/** A customer and an open subscription-mode Checkout Session for them, as the app creates it. */
export async function openCheckout(stripe: Stripe, options: CheckoutOptions = {}): Promise<{ customer: Stripe.Customer; session: Stripe.Checkout.Session }> {
  const customer = await stripe.customers.create({ email: options.email ?? "owner@example.com", name: "Owner", metadata: { workspace_id: "ws_1" } });
  const session = await stripe.checkout.sessions.create({
    mode: "subscription",
    customer: customer.id,
    line_items: [{ price: await priceId(stripe, options.lookupKey ?? "kiana_growth_monthly"), quantity: 1 }],
    success_url: "https://app.example/billing/done?session={CHECKOUT_SESSION_ID}",
    cancel_url: "https://app.example/billing",
    client_reference_id: "ws_1",
    metadata: { workspace_id: "ws_1" },
    subscription_data: { metadata: { workspace_id: "ws_1" }, ...(options.trialDays ? { trial_period_days: options.trialDays } : {}) },
  });
  return { customer, session };
}

/** Subscribes through Checkout paid with 4242 4242 4242 4242; returns the subscription. */
export async function subscribe(harness: Harness, options: CheckoutOptions = {}): Promise<{ customer: Stripe.Customer; subscription: Stripe.Subscription }> {
  const { customer, session } = await openCheckout(harness.stripe, options);
  const paid = harness.emulator.payCheckout(session.id);
  if (!paid.ok || !paid.subscription) throw new Error(`Checkout did not complete: ${JSON.stringify(paid)}`);
  return { customer, subscription: await harness.stripe.subscriptions.retrieve(paid.subscription) };
}

/** Submits the hosted page's form the way a browser does. */
export function postForm(url: string, fields: Record<string, string>): Promise<Response> {
  return fetch(url, { method: "POST", body: new URLSearchParams(fields), redirect: "manual" });
}
