// Writes an invoice as just read from Stripe into the workspace's records, unless a newer read is
// already there. The plan is the one its subscription had when the invoice was first recorded; the
// period is the service period of its lines.
import type { Tx } from "../../../db/transactions";
import type { StripeInvoice } from "./stripe-objects";

function subscriptionOf(invoice: StripeInvoice): string | null {
  return invoice.parent?.subscription_details?.subscription ?? null;
}

export async function recordInvoice(tx: Tx, workspaceId: string, invoice: StripeInvoice, observedAt: Date): Promise<void> {
  const subscriptionId = subscriptionOf(invoice);
  const periods = invoice.lines.data.map((line) => line.period);
  const periodStart = periods.length ? new Date(Math.min(...periods.map((period) => period.start.getTime()))) : null;
  const periodEnd = periods.length ? new Date(Math.max(...periods.map((period) => period.end.getTime()))) : null;
  const description = invoice.lines.data.map((line) => line.description).filter(Boolean).join("; ") || "Subscription";
  const tax = (invoice.total_taxes ?? []).reduce((sum, entry) => sum + entry.amount, 0);
  await tx`
    insert into billing_invoices (
      workspace_id, stripe_invoice_id, stripe_subscription_id, number, status, currency, subtotal, tax, total, amount_paid,
      amount_remaining, description, plan_key, period_start, period_end, hosted_invoice_url, stripe_created_at, finalized_at,
      paid_at, observed_at)
    values (
      ${workspaceId}, ${invoice.id}, ${subscriptionId}, ${invoice.number}, ${invoice.status ?? "draft"}, ${invoice.currency},
      ${invoice.subtotal}, ${tax}, ${invoice.total}, ${invoice.amount_paid}, ${invoice.amount_remaining}, ${description},
      (select plan_key from billing_subscriptions where workspace_id = ${workspaceId} and stripe_subscription_id = ${subscriptionId}),
      ${periodStart}, ${periodEnd}, ${invoice.hosted_invoice_url}, ${invoice.created}, ${invoice.status_transitions.finalized_at},
      ${invoice.status_transitions.paid_at}, ${observedAt})
    on conflict (workspace_id, stripe_invoice_id) do update set
      stripe_subscription_id = excluded.stripe_subscription_id, number = excluded.number, status = excluded.status,
      currency = excluded.currency, subtotal = excluded.subtotal, tax = excluded.tax, total = excluded.total,
      amount_paid = excluded.amount_paid, amount_remaining = excluded.amount_remaining, description = excluded.description,
      plan_key = coalesce(billing_invoices.plan_key, excluded.plan_key), period_start = excluded.period_start,
      period_end = excluded.period_end, hosted_invoice_url = excluded.hosted_invoice_url, finalized_at = excluded.finalized_at,
      paid_at = excluded.paid_at, observed_at = excluded.observed_at
    where billing_invoices.observed_at <= excluded.observed_at`;
}
