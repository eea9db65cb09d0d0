// Billing scenarios (BENCH_ONLY=billing): a month's statement with 1,000 invoices and 1,000
// payments (read, drawn and stored), and the Stripe webhook endpoint's work per event (signature
// check, stored once, apply job queued) under concurrent deliveries. Imports the app, so
// DATABASE_URL must be settled first.
import { randomUUID } from "node:crypto";
import { performance } from "node:perf_hooks";
import Stripe from "stripe";
import { withUser, withWorkspace } from "../../db/transactions";
import { signUp } from "../../app/modules/auth/sign-up.server";
import { issueStatement } from "../../app/modules/billing/issue-statement.server";
import { readStatementData } from "../../app/modules/billing/read-statement-data.server";
import { receiveStripeWebhook } from "../../app/modules/billing/receive-stripe-webhook.server";
import { renderStatementPdf } from "../../app/modules/billing/render-statement-pdf.server";
import { statementPeriod } from "../../app/modules/billing/statement-month";
import { stripeApiVersion, stripeSettings } from "../../app/modules/billing/stripe.server";
import { ms, summarize, type Summary } from "./stats";

export interface BillingRun {
  statement: { invoices: number; payments: number; pages: number; render: Summary; renderCpu: Summary; issue: number };
  webhooks: { events: number; concurrency: number; seconds: number; perSecond: number; duplicatesStored: number };
}

export const billingTargets = { statementMs: 1_000, webhookEventsPerSecond: 500 };

async function workspaceWithBusyMonth(month: string, count: number): Promise<string> {
  const name = `bench${randomUUID().slice(0, 8)}`;
  const result = await signUp(
    { name: "Bench Billing", email: `${name}@bench.test`, username: name, workspaceName: "Bench Billing Workspace", password: "Bench-Password-2026-long", acceptTerms: "on" },
    { ip: "127.0.0.1", userAgent: "bench" },
  );
  if (!result.ok) throw new Error(`bench signup failed: ${JSON.stringify(result.errors)}`);
  const [membership] = await withUser(result.userId, (tx) => tx<{ workspaceId: string }[]>`select workspace_id from memberships where user_id = ${result.userId}`);
  const workspaceId = membership!.workspaceId;
  const { start } = statementPeriod(month);
  await withWorkspace(workspaceId, null, async (tx) => {
    await tx`insert into billing_accounts (workspace_id, business_name, city, country) values (${workspaceId}, 'مؤسسة الاختبار Bench LLC', 'Muscat', 'Oman')`;
    await tx`
      insert into billing_invoices (workspace_id, stripe_invoice_id, number, status, currency, subtotal, tax, total, amount_paid, amount_remaining,
                                    description, plan_key, stripe_created_at, finalized_at, paid_at, observed_at)
      select ${workspaceId}, 'in_bench' || i, 'BENCH-' || lpad(i::text, 5, '0'), 'paid', 'usd', 4900, 0, 4900, 4900, 0,
             '1 × Growth (at $49.00 / month)', 'growth', t, t, t, now()
        from generate_series(1, ${count}) i, lateral (select ${start}::timestamptz + (i * interval '40 minutes') as t) x`;
    await tx`
      insert into billing_payments (workspace_id, stripe_id, kind, stripe_charge_id, stripe_invoice_id, status, amount, currency, card_brand, card_last4, stripe_created_at, observed_at)
      select ${workspaceId}, 'ch_bench' || i, 'payment', 'ch_bench' || i, 'in_bench' || i, 'succeeded', 4900, 'usd', 'visa', '4242',
             ${start}::timestamptz + (i * interval '40 minutes') + interval '1 minute', now()
        from generate_series(1, ${count}) i`;
  });
  return workspaceId;
}

async function measureStatement(count: number): Promise<BillingRun["statement"]> {
  const month = "2026-10";
  const workspaceId = await workspaceWithBusyMonth(month, count);
  const issuedAt = new Date("2026-11-01T03:00:00Z");
  const samples: number[] = [];
  const cpuSamples: number[] = [];
  let pages = 0;
  // The first round warms the JIT and is not counted.
  for (let round = 0; round < 6; round++) {
    const began = performance.now();
    const cpu = process.cpuUsage();
    const data = await withWorkspace(workspaceId, null, (tx) => readStatementData(tx, workspaceId, statementPeriod(month), issuedAt));
    const pdf = await renderStatementPdf(data);
    const used = process.cpuUsage(cpu);
    if (round > 0) {
      samples.push(performance.now() - began);
      cpuSamples.push((used.user + used.system) / 1000);
    }
    pages = Number(/\/Type \/Pages\s*\/Count (\d+)/.exec(pdf.toString("latin1"))?.[1] ?? 0);
  }
  const began = performance.now();
  await issueStatement(workspaceId, month, issuedAt);
  return { invoices: count, payments: count, pages, render: summarize(samples), renderCpu: summarize(cpuSamples), issue: performance.now() - began };
}

async function measureWebhooks(events: number, concurrency: number): Promise<BillingRun["webhooks"]> {
  const secret = stripeSettings().webhookSecret;
  const runId = randomUUID().replaceAll("-", "");
  const bodies = Array.from({ length: events }, (_, index) =>
    JSON.stringify({
      id: `evt_bench_${runId}_${index}`,
      object: "event",
      type: "invoice.paid",
      created: Math.floor(Date.now() / 1000),
      api_version: stripeApiVersion,
      data: { object: { id: `in_bench_${index}`, object: "invoice", customer: `cus_bench_${index % 200}` } },
    }),
  );
  const signed = bodies.map((payload) => ({ payload: Buffer.from(payload), header: Stripe.webhooks.generateTestHeaderString({ payload, secret }) }));
  let next = 0;
  let duplicatesStored = 0;
  const began = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < signed.length) {
        const event = signed[next++]!;
        const reply = await receiveStripeWebhook(event.payload, event.header);
        if (reply.status !== 200) throw new Error(`webhook answered ${reply.status}: ${reply.body}`);
      }
    }),
  );
  const seconds = (performance.now() - began) / 1000;
  // Stripe delivers again when unsure: a second delivery of every 10th event must store nothing new.
  for (let index = 0; index < signed.length; index += 10) {
    const reply = await receiveStripeWebhook(signed[index]!.payload, signed[index]!.header);
    if (reply.status !== 200) duplicatesStored++;
  }
  return { events, concurrency, seconds, perSecond: events / seconds, duplicatesStored };
}

export async function measureBilling(): Promise<BillingRun> {
  return { statement: await measureStatement(1_000), webhooks: await measureWebhooks(3_000, 16) };
}

export function reportBilling(run: BillingRun): string[] {
  const { statement, webhooks } = run;
  return [
    `statement, ${statement.invoices} invoices + ${statement.payments} payments, ${statement.pages} pages: read and draw p50 ${ms(statement.render.p50)}, max ${ms(statement.render.max)} (this process's CPU p50 ${ms(statement.renderCpu.p50)}); issue and store ${ms(statement.issue)} (target < ${billingTargets.statementMs} ms) ${statement.render.p50 < billingTargets.statementMs ? "PASS" : "FAIL"}`,
    `stripe webhooks, ${webhooks.events} signed events, ${webhooks.concurrency} concurrent: ${webhooks.perSecond.toFixed(0)} events/s verified, stored and queued (target ≥ ${billingTargets.webhookEventsPerSecond}) ${webhooks.perSecond >= billingTargets.webhookEventsPerSecond ? "PASS" : "FAIL"}`,
  ];
}
