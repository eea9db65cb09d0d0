// Writes a card payment (a charge, successful or declined) as just read from Stripe, unless a newer
// read is already there. The invoice it paid is known only when the invoice's payments were read,
// so it is filled in whenever one side learns it, for the charge and its refunds alike.
import type { Tx } from "../../../db/transactions";
import type { StripeCharge } from "./stripe-objects";

export async function recordCharge(tx: Tx, workspaceId: string, charge: StripeCharge, invoiceId: string | null, observedAt: Date): Promise<void> {
  const card = charge.payment_method_details?.card;
  const last4 = card?.last4 && /^[0-9]{4}$/.test(card.last4) ? card.last4 : null;
  await tx`
    insert into billing_payments (
      workspace_id, stripe_id, kind, stripe_charge_id, stripe_invoice_id, status, amount, currency, failure_code, failure_message,
      card_brand, card_last4, stripe_created_at, observed_at)
    values (
      ${workspaceId}, ${charge.id}, 'payment', ${charge.id}, ${invoiceId}, ${charge.status}, ${charge.amount}, ${charge.currency},
      ${charge.failure_code}, ${charge.failure_message}, ${card?.brand ?? null}, ${last4}, ${charge.created}, ${observedAt})
    on conflict (workspace_id, stripe_id) do update set
      status = excluded.status, amount = excluded.amount, failure_code = excluded.failure_code,
      failure_message = excluded.failure_message, observed_at = excluded.observed_at
    where billing_payments.observed_at <= excluded.observed_at`;
  if (invoiceId) {
    await tx`update billing_payments set stripe_invoice_id = ${invoiceId}
      where workspace_id = ${workspaceId} and stripe_charge_id = ${charge.id} and stripe_invoice_id is null`;
  }
}
