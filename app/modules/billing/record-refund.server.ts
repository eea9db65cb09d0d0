// Writes a refund made in Stripe against one of the workspace's payments, unless a newer read is
// already there; it takes the invoice of the payment it returns money from.
import type { Tx } from "../../../db/transactions";
import type { StripeRefund } from "./stripe-objects";

export async function recordRefund(tx: Tx, workspaceId: string, refund: StripeRefund, chargeId: string, observedAt: Date): Promise<void> {
  await tx`
    insert into billing_payments (
      workspace_id, stripe_id, kind, stripe_charge_id, stripe_invoice_id, status, amount, currency, stripe_created_at, observed_at)
    values (
      ${workspaceId}, ${refund.id}, 'refund', ${chargeId},
      (select stripe_invoice_id from billing_payments where workspace_id = ${workspaceId} and stripe_id = ${chargeId}),
      ${refund.status ?? "pending"}, ${refund.amount}, ${refund.currency}, ${refund.created}, ${observedAt})
    on conflict (workspace_id, stripe_id) do update set
      status = excluded.status, amount = excluded.amount, observed_at = excluded.observed_at,
      stripe_invoice_id = coalesce(billing_payments.stripe_invoice_id, excluded.stripe_invoice_id)
    where billing_payments.observed_at <= excluded.observed_at`;
}
