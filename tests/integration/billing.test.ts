// Billing against Postgres and the Stripe emulator, through the app's own webhook route: subscribe
// through Checkout, renew, a declined renewal (past_due, banner, grace, then locked and sending
// refused), recovery, cancellation, refunds, and events delivered twice and out of order that end
// in the same state. Forged, replayed and unsigned deliveries change nothing.
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withWorkspace } from "../../db/transactions";
import { applyStripeEvent } from "../../app/modules/billing/apply-stripe-event.server";
import { cancelWorkspaceSubscriptions } from "../../app/modules/billing/cancel-workspace-subscriptions.server";
import { checkAccess } from "../../app/modules/billing/check-access.server";
import { readBillingOverview } from "../../app/modules/billing/read-billing-overview.server";
import { purgeStripeEvents } from "../../app/modules/billing/purge-stripe-events.server";
import { readReceipt } from "../../app/modules/billing/read-receipt.server";
import { requireSendingAllowed, SendingRefused } from "../../app/modules/billing/require-sending-allowed.server";
import { startCheckout } from "../../app/modules/billing/start-checkout.server";
import { configureStripe, stripe } from "../../app/modules/billing/stripe.server";
import { syncStripePlans } from "../../app/modules/billing/sync-stripe-plans.server";
import { requireWorkspace } from "../../app/modules/workspaces/memberships.server";
import { inviteMember } from "../../app/modules/workspaces/team.server";
import { action as stripeWebhookRoute } from "../../app/routes/webhooks.stripe";
import { startStripeEmulator, type StripeEmulator } from "../../scripts/emulators/stripe/server";
import { connectWhatsApp } from "../../app/modules/whatsapp/connect-whatsapp.server";
import { createAccount, meta, ownerSql, requestAs, type TestAccount } from "../helpers/factories";
import { connectionForm, metaAdmin } from "../helpers/meta-emulator";

const webhookSecret = "whsec_billing_integration";
const owner = ownerSql();
let emulator: StripeEmulator;
let receiver: http.Server;

/** Posts a body to the app's webhook route exactly as the HTTP server would hand it over. */
async function postToRoute(body: string, signature: string | null): Promise<Response> {
  const request = new Request("http://localhost/webhooks/stripe", {
    method: "POST",
    body,
    headers: { "Content-Type": "application/json", ...(signature ? { "Stripe-Signature": signature } : {}) },
  });
  return stripeWebhookRoute({ request, params: {}, context: {} as never });
}

beforeAll(async () => {
  // A tiny HTTP server hands each delivery to the route's action, so the emulator's real signatures are checked.
  receiver = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      void postToRoute(Buffer.concat(chunks).toString("utf8"), String(req.headers["stripe-signature"] ?? "")).then(async (response) => {
        res.writeHead(response.status).end(await response.text());
      });
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  const webhookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/webhooks/stripe`;
  emulator = await startStripeEmulator({ port: 0, webhookUrl, webhookSecret });
  configureStripe({ apiBase: emulator.url, secretKey: "sk_test_billing_integration", webhookSecret });
});

afterAll(async () => {
  await emulator.close();
  await new Promise<void>((resolve) => receiver.close(() => resolve()));
  await owner.end();
});

/** Waits for every webhook, then runs the apply jobs they queued, oldest first, as the worker would. */
async function deliverAndApply(order: "received" | "reversed" = "received"): Promise<void> {
  await emulator.settle();
  const sent = emulator.events().map((event) => event.id);
  const pending = await owner<{ id: string }[]>`select id from stripe_events where id = any(${sent}) and processed_at is null order by received_at, id`;
  const queued = new Set(
    (await owner<{ eventId: string }[]>`
      select j.payload->>'eventId' as event_id from graphile_worker._private_jobs j join graphile_worker._private_tasks t on t.id = j.task_id
       where t.identifier = 'apply-stripe-event'`).map((job) => job.eventId),
  );
  for (const event of pending) expect(queued.has(event.id)).toBe(true);
  for (const event of order === "reversed" ? [...pending].reverse() : pending) await applyStripeEvent({ eventId: event.id });
}

function stripeNow(): Date {
  return new Date(emulator.now() * 1000);
}

async function billingAccount(account: TestAccount) {
  const [billing] = await withWorkspace(account.access.workspace.id, null, (tx) => tx<{ sessionId: string; customerId: string }[]>`
    select checkout_session_id as session_id, stripe_customer_id as customer_id from billing_accounts`);
  return billing;
}

async function subscribe(account: TestAccount, plan = "growth", card?: string) {
  const checkout = await startCheckout(account.access, { plan, interval: "month" });
  if (!checkout.ok) throw new Error(JSON.stringify(checkout.errors));
  const billing = await billingAccount(account);
  const paid = emulator.payCheckout(billing!.sessionId, card);
  await deliverAndApply();
  return { url: checkout.url, sessionId: billing!.sessionId, customerId: billing!.customerId, paid };
}

async function mirror(account: TestAccount) {
  return withWorkspace(account.access.workspace.id, null, async (tx) => {
    const [subscription] = await tx<{ stripeSubscriptionId: string; status: string; planKey: string; currentPeriodEnd: Date; cancelAtPeriodEnd: boolean }[]>`
      select stripe_subscription_id, status, plan_key, current_period_end, cancel_at_period_end from billing_subscriptions order by stripe_created_at desc limit 1`;
    const invoices = await tx<{ stripeInvoiceId: string; status: string; total: number; amountPaid: number }[]>`
      select stripe_invoice_id, status, total, amount_paid from billing_invoices order by stripe_created_at, stripe_invoice_id`;
    const payments = await tx<{ stripeId: string; kind: string; status: string; amount: number; failureMessage: string | null }[]>`
      select stripe_id, kind, status, amount, failure_message from billing_payments order by stripe_created_at, stripe_id`;
    return { subscription, invoices, payments };
  });
}

function sendingRefusal(workspaceId: string, now: Date): Promise<string | null> {
  return requireSendingAllowed(workspaceId, { sentThisMonth: 0, toSend: 1, now }).then(
    () => null,
    (error: unknown) => {
      if (error instanceof SendingRefused) return error.message;
      throw error;
    },
  );
}

describe("the Stripe webhook route", () => {
  it("rejects forged, replayed and unsigned deliveries and stores nothing", async () => {
    const payload = JSON.stringify({ id: `evt_forged_${Date.now()}`, object: "event", type: "invoice.paid", created: Math.floor(Date.now() / 1000), data: { object: { id: "in_x", object: "invoice", customer: "cus_x" } } });
    const forged = Stripe.webhooks.generateTestHeaderString({ payload, secret: "whsec_someone_else" });
    const replayed = Stripe.webhooks.generateTestHeaderString({ payload, secret: webhookSecret, timestamp: Math.floor(Date.now() / 1000) - 3600 });
    for (const signature of [forged, replayed, null]) expect((await postToRoute(payload, signature)).status).toBe(400);
    const stored = await owner`select 1 from stripe_events where id = ${JSON.parse(payload).id}`;
    expect(stored).toHaveLength(0);
  });

  it("stores an event for an unknown customer once, and applying it ignores it without an error", async () => {
    const id = `evt_unknown_${Date.now()}`;
    const payload = JSON.stringify({ id, object: "event", type: "customer.subscription.updated", created: Math.floor(Date.now() / 1000), data: { object: { id: "sub_elsewhere", object: "subscription", customer: "cus_not_ours" } } });
    const signature = Stripe.webhooks.generateTestHeaderString({ payload, secret: webhookSecret });
    expect((await postToRoute(payload, signature)).status).toBe(200);
    expect((await postToRoute(payload, signature)).status).toBe(200);
    expect(await owner`select 1 from stripe_events where id = ${id}`).toHaveLength(1);
    expect(await applyStripeEvent({ eventId: id })).toBe("unknown_customer");
    expect(await applyStripeEvent({ eventId: id })).toBe("already_processed");
    const [event] = await owner<{ outcome: string }[]>`select outcome from stripe_events where id = ${id}`;
    expect(event?.outcome).toBe("unknown_customer");
  });

  it("keeps applied events 90 days, and unapplied ones until they are applied", async () => {
    const stamp = Date.now();
    await owner`insert into stripe_events (id, type, payload, stripe_created_at, processed_at, outcome) values
      (${`evt_old_applied_${stamp}`}, 'invoice.paid', '{}', now() - interval '100 days', now() - interval '91 days', 'applied'),
      (${`evt_recent_${stamp}`}, 'invoice.paid', '{}', now() - interval '10 days', now() - interval '10 days', 'applied'),
      (${`evt_old_pending_${stamp}`}, 'invoice.paid', '{}', now() - interval '100 days', null, null)`;
    expect(await purgeStripeEvents()).toBeGreaterThanOrEqual(1);
    const left = await owner<{ id: string }[]>`select id from stripe_events where id like ${`%_${stamp}`} order by id`;
    expect(left.map((row) => row.id)).toEqual([`evt_old_pending_${stamp}`, `evt_recent_${stamp}`]);
  });

  it("answers 2xx for event types the app does not use", async () => {
    const id = `evt_other_${Date.now()}`;
    const payload = JSON.stringify({ id, object: "event", type: "product.updated", created: Math.floor(Date.now() / 1000), data: { object: { id: "prod_1", object: "product" } } });
    expect((await postToRoute(payload, Stripe.webhooks.generateTestHeaderString({ payload, secret: webhookSecret }))).status).toBe(200);
    expect(await applyStripeEvent({ eventId: id })).toBe("ignored_type");
  });
});

describe("a subscription's life", () => {
  it("subscribes once under concurrent clicks, renews, fails, recovers and is canceled", async () => {
    const account = await createAccount();
    const workspaceId = account.access.workspace.id;

    // Three concurrent clicks: one customer, one Checkout Session.
    const clicks = await Promise.all([0, 1, 2].map(() => startCheckout(account.access, { plan: "growth", interval: "month" })));
    expect(new Set(clicks.map((click) => (click.ok ? click.url : "refused"))).size).toBe(1);
    const customers = await stripe().customers.list({ email: account.email, limit: 10 });
    expect(customers.data).toHaveLength(1);

    const { customerId, paid } = await subscribe(account);
    expect(paid.ok).toBe(true);
    let state = await mirror(account);
    expect(state.subscription).toMatchObject({ status: "active", planKey: "growth", cancelAtPeriodEnd: false });
    expect(state.invoices).toEqual([expect.objectContaining({ status: "paid", total: 4_900, amountPaid: 4_900 })]);
    expect(state.payments).toEqual([expect.objectContaining({ kind: "payment", status: "succeeded", amount: 4_900 })]);
    const receipts = await owner<{ to: string; amount: string; planName: string }[]>`
      select j.payload->>'to' as to, j.payload->'data'->>'amount' as amount, j.payload->'data'->>'planName' as plan_name
        from graphile_worker._private_jobs j join graphile_worker._private_tasks t on t.id = j.task_id
       where t.identifier = 'send-email' and j.payload->>'template' = 'receipt' and j.payload->>'to' = ${account.email}`;
    expect(receipts).toEqual([{ to: account.email, amount: "USD 49.00", planName: "Growth plan" }]);
    expect((await checkAccess(workspaceId, { need: "use", now: stripeNow() })).decision.state).toBe("active");
    const firstPeriodEnd = state.subscription!.currentPeriodEnd;

    // Renewal a month later.
    emulator.advanceClock({ days: 31 });
    await deliverAndApply();
    state = await mirror(account);
    expect(state.invoices.filter((invoice) => invoice.status === "paid")).toHaveLength(2);
    expect(state.subscription!.currentPeriodEnd.getTime()).toBeGreaterThan(firstPeriodEnd.getTime());
    expect(receipts.length + 1).toBe((await owner`select 1 from graphile_worker._private_jobs j join graphile_worker._private_tasks t on t.id = j.task_id
       where t.identifier = 'send-email' and j.payload->>'template' = 'receipt' and j.payload->>'to' = ${account.email}`).length);

    // The next renewal is declined: past_due with a banner and full use during the grace period.
    emulator.failNextPayment(customerId);
    emulator.advanceClock({ days: 31 });
    await deliverAndApply();
    state = await mirror(account);
    expect(state.subscription!.status).toBe("past_due");
    expect(state.payments.at(-1)).toMatchObject({ kind: "payment", status: "failed", failureMessage: expect.stringMatching(/declined/i) });
    const inGrace = await checkAccess(workspaceId, { need: "use", now: stripeNow() });
    expect(inGrace.decision.state).toBe("grace");
    expect(inGrace.decision.banner).toMatch(/^Your last payment for the Growth plan failed\. Update your payment method before/);
    expect(await sendingRefusal(workspaceId, stripeNow())).toBeNull();
    const overview = await readBillingOverview(account.access, stripeNow());
    expect(overview.payments[0]).toMatchObject({ status: "failed" });

    // Past the grace period: locked, sends refused at send time, only settings and billing reachable.
    const afterGrace = new Date(inGrace.decision.graceEndsAt!.getTime() + 1);
    const locked = await checkAccess(workspaceId, { need: "use", now: afterGrace });
    expect(locked).toMatchObject({ allowed: false, upgradeUrl: `/w/${account.slug}/settings/billing` });
    expect(await sendingRefusal(workspaceId, afterGrace)).toMatch(/Payment for the Growth plan is overdue since/);

    // Stripe's retry succeeds: active again.
    emulator.advanceClock({ days: 3 });
    await deliverAndApply();
    state = await mirror(account);
    expect(state.subscription!.status).toBe("active");
    expect((await checkAccess(workspaceId, { need: "use", now: stripeNow() })).allowed).toBe(true);

    // Canceled (as the portal does): locked out of everything but settings and billing.
    await stripe().subscriptions.cancel(state.subscription!.stripeSubscriptionId);
    await deliverAndApply();
    state = await mirror(account);
    expect(state.subscription!.status).toBe("canceled");
    expect(await sendingRefusal(workspaceId, stripeNow())).toBe("The Growth plan was canceled. Choose a plan to keep using the workspace.");
    const page = requestAs(account.cookie, `/w/${account.slug}/campaigns`);
    const redirect = await requireWorkspace(page, { workspace: account.slug }).then(() => null, (response: unknown) => response);
    expect(redirect).toBeInstanceOf(Response);
    expect((redirect as Response).headers.get("Location")).toBe(`/w/${account.slug}/settings/billing`);
    await expect(requireWorkspace(requestAs(account.cookie, `/w/${account.slug}/settings/billing`), { workspace: account.slug })).resolves.toMatchObject({
      billing: { allowed: false },
    });
  });

  it("refuses checkout while a subscription is live, and shows a declined card's reason while keeping the trial", async () => {
    const declined = await createAccount();
    const checkout = await startCheckout(declined.access, { plan: "starter", interval: "year" });
    expect(checkout.ok).toBe(true);
    const billing = await billingAccount(declined);
    const attempt = emulator.payCheckout(billing!.sessionId, "4000000000000002");
    expect(attempt).toMatchObject({ ok: false, error: { message: expect.stringMatching(/declined/i) } });
    await deliverAndApply();
    expect((await checkAccess(declined.access.workspace.id, { need: "use" })).decision.state).toBe("trial");

    const subscribed = await createAccount();
    await subscribe(subscribed, "starter");
    const again = await startCheckout(subscribed.access, { plan: "scale", interval: "month" });
    expect(again).toEqual({ ok: false, errors: { form: expect.stringMatching(/already has a subscription/) } });
  });

  it("records a refund made in Stripe against the invoice's payment", async () => {
    const account = await createAccount();
    await subscribe(account);
    const [payment] = (await mirror(account)).payments;
    emulator.refund(payment!.stripeId, 1_000);
    await deliverAndApply();
    const overview = await readBillingOverview(account.access, stripeNow());
    expect(overview.payments.find((row) => row.kind === "refund")).toMatchObject({ amount: 1_000, status: "succeeded", invoiceNumber: expect.any(String) });
    expect(overview.invoices[0]).toMatchObject({ refunded: 1_000 });

    const receipt = await readReceipt(account.access, overview.invoices[0]!.stripeInvoiceId);
    const text = execFileSync("pdftotext", ["-layout", "-", "-"], { input: receipt!.pdf }).toString("utf8");
    expect(text).toMatch(/Amount paid\s+USD 49\.00/);
    expect(text).toMatch(/Refunded\s+-USD 10\.00/);
    expect(text).toMatch(/Paid after refunds\s+USD 39\.00/);
    expect(text).toContain("Kiana & Business Partner LLC");
    expect(await readReceipt(account.access, "in_not_this_workspace")).toBeNull();
  });
});

describe("workspace deletion", () => {
  it("cancels the workspace's subscription at Stripe at once, and a second run changes nothing", async () => {
    const account = await createAccount();
    await subscribe(account);
    expect(await cancelWorkspaceSubscriptions(account.access.workspace.id)).toBe(1);
    expect((await mirror(account)).subscription?.status).toBe("canceled");
    expect(await cancelWorkspaceSubscriptions(account.access.workspace.id)).toBe(0);
    await deliverAndApply();
    expect((await mirror(account)).subscription?.status).toBe("canceled");
  });
});

describe("convergence", () => {
  it("ends in the same state when every event is delivered twice and out of order, and applied in reverse", async () => {
    const straight = await createAccount();
    await subscribe(straight);
    emulator.configure({ duplicateEvents: true, reorderEvents: true });
    try {
      const shuffled = await createAccount();
      const checkout = await startCheckout(shuffled.access, { plan: "growth", interval: "month" });
      expect(checkout.ok).toBe(true);
      const billing = await billingAccount(shuffled);
      emulator.payCheckout(billing!.sessionId);
      await deliverAndApply("reversed");
      const delivered = emulator.deliveries().filter((delivery) => delivery.attempts.length > 0).length;
      const stored = await owner<{ count: number }[]>`select count(*)::int as count from stripe_events where customer_id = ${billing!.customerId}`;
      expect(delivered).toBeGreaterThan(stored[0]!.count);

      const expected = await mirror(straight);
      const actual = await mirror(shuffled);
      const shape = (state: typeof expected) => ({
        subscription: { status: state.subscription?.status, planKey: state.subscription?.planKey },
        invoices: state.invoices.map((invoice) => [invoice.status, invoice.total, invoice.amountPaid]),
        payments: state.payments.map((payment) => [payment.kind, payment.status, payment.amount]),
      });
      expect(shape(actual)).toEqual(shape(expected));
    } finally {
      emulator.configure({ duplicateEvents: false, reorderEvents: false });
    }
  });
});

describe("plan limits and the plan sync", () => {
  it("refuses the invitation past the trial's seats with the reason and the upgrade link", async () => {
    const account = await createAccount();
    for (let index = 0; index < 4; index++) {
      expect(await inviteMember(account.access, { email: `seat${index}-${account.username}@example.test`, role: "agent" }, meta)).toMatchObject({ ok: true });
    }
    const refused = await inviteMember(account.access, { email: `seat-extra-${account.username}@example.test`, role: "agent" }, meta);
    expect(refused).toEqual({
      ok: false,
      errors: {},
      limit: { message: "Your free trial includes 5 seats (5 in use). Upgrade your plan to add more.", upgradeUrl: `/w/${account.slug}/settings/billing` },
    });
    // Inviting the same person again replaces their invitation and needs no new seat.
    expect(await inviteMember(account.access, { email: `seat0-${account.username}@example.test`, role: "admin" }, meta)).toMatchObject({ ok: true });
  });

  it("refuses connecting more WhatsApp numbers than the trial includes, and connects those it does", async () => {
    const account = await createAccount();
    const digits = () => `1${Array.from(randomBytes(14), (byte) => String(byte % 10)).join("")}`;
    const waba = {
      wabaId: digits(),
      accessToken: `EAAT${randomBytes(16).toString("hex")}`,
      appSecret: randomBytes(16).toString("hex"),
      phoneNumbers: [1, 2, 3].map((n) => ({ id: digits(), displayPhoneNumber: `+1 555-010-000${n}`, verifiedName: `Shop ${n}` })),
    };
    await metaAdmin("POST", "accounts", { ...waba, templates: [] });
    const refused = await connectWhatsApp(account.access, connectionForm(waba), meta);
    expect(refused).toEqual({
      ok: false,
      errors: {},
      limit: { message: "Your free trial includes 2 WhatsApp numbers (0 in use). You asked for 3 more; 2 remain. Upgrade your plan to add more.", upgradeUrl: `/w/${account.slug}/settings/billing` },
    });
    const two = waba.phoneNumbers.slice(0, 2).map((number) => number.id).join(", ");
    expect(await connectWhatsApp(account.access, connectionForm(waba, { phoneNumberIds: two }), meta)).toMatchObject({ ok: true });
  });

  it("finds the emulator's catalogue already matching plans.ts", async () => {
    const result = await syncStripePlans();
    expect(result).toMatchObject({ pricesCreated: 0, unchanged: 6 });
  });

  it("creates the plans in an empty Stripe account once", async () => {
    const empty = await startStripeEmulator({ port: 0, plans: [] });
    configureStripe({ apiBase: empty.url });
    try {
      expect(await syncStripePlans()).toEqual({ productsCreated: 3, pricesCreated: 6, unchanged: 0 });
      expect(await syncStripePlans()).toEqual({ productsCreated: 0, pricesCreated: 0, unchanged: 6 });
      const [growth] = (await stripe().prices.list({ lookup_keys: ["kiana_growth_yearly"], limit: 1 })).data;
      expect(growth).toMatchObject({ unit_amount: 49_000, currency: "usd", recurring: expect.objectContaining({ interval: "year" }) });
    } finally {
      configureStripe({ apiBase: emulator.url });
      await empty.close();
    }
  });
});
