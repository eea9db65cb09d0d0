// Refunds of successful charges, whole or partial, as the API and the dashboard make them: the
// charge's `amount_refunded` and `refunded` follow, with `refund.created` and `charge.refunded`.
import type { Core } from "../core/context";
import { invalidRequest, resourceMissing } from "../core/errors";
import { change, emit } from "../core/events";
import { newId } from "../core/ids";
import type { Charge, Refund } from "../core/types";

export type RefundReason = "duplicate" | "fraudulent" | "requested_by_customer";

export interface RefundInput {
  /** Defaults to everything not refunded yet. */
  amount?: number;
  reason?: RefundReason | null;
  metadata?: Record<string, string>;
}

/** The charge a refund request names: a charge id, or a payment intent's successful charge. */
export function refundableCharge(core: Core, target: { charge?: string; paymentIntent?: string }): Charge {
  if (target.charge) {
    const charge = core.store.charges.get(target.charge);
    if (!charge) throw resourceMissing(target.charge, "charge", "charge");
    return charge;
  }
  if (target.paymentIntent) {
    const paymentIntent = core.store.paymentIntents.get(target.paymentIntent);
    if (!paymentIntent) throw resourceMissing(target.paymentIntent, "payment_intent", "payment_intent");
    const charge = core.store.charges.all().find((candidate) => candidate.payment_intent === paymentIntent.id && candidate.status === "succeeded");
    if (!charge) {
      throw invalidRequest(`This PaymentIntent (${paymentIntent.id}) does not have a successful charge to refund.`, { param: "payment_intent", code: "charge_not_refundable" });
    }
    return charge;
  }
  throw invalidRequest("One of the following params should be provided for this request: payment_intent or charge.", { code: "parameter_missing" });
}

export function createRefund(core: Core, charge: Charge, input: RefundInput): Refund {
  if (charge.status !== "succeeded") {
    throw invalidRequest(`Charge ${charge.id} has not been captured successfully and cannot be refunded.`, { param: "charge", code: "charge_not_refundable" });
  }
  const remaining = charge.amount - charge.amount_refunded;
  if (remaining <= 0) throw invalidRequest(`Charge ${charge.id} has already been refunded.`, { param: "charge", code: "charge_already_refunded" });
  const amount = input.amount ?? remaining;
  if (amount <= 0) throw invalidRequest("Invalid positive integer", { param: "amount", code: "parameter_invalid_integer" });
  if (amount > remaining) {
    throw invalidRequest(`Refund amount (${amount}) is greater than unrefunded amount on charge (${remaining})`, { param: "amount", code: "amount_too_large" });
  }
  const refund: Refund = {
    id: newId("re"),
    object: "refund",
    amount,
    balance_transaction: null,
    charge: charge.id,
    created: core.clock.now(),
    currency: charge.currency,
    customer: charge.customer,
    customer_account: null,
    destination_details: {
      type: "card",
      card: { reference_status: "pending", reference_type: "acquirer_reference_number", type: "refund" },
    },
    metadata: input.metadata ?? {},
    payment_intent: charge.payment_intent,
    payment_method: charge.payment_method,
    reason: input.reason ?? null,
    receipt_number: null,
    source_transfer_reversal: null,
    status: "succeeded",
    transfer_reversal: null,
  };
  core.store.refunds.add(refund);
  emit(core, "refund.created", refund);
  change(core, "charge.refunded", charge, (target) => {
    target.amount_refunded += amount;
    target.refunded = target.amount_refunded >= target.amount;
  });
  return refund;
}
