// Reads the current truth behind a Stripe event from the API, never from the event itself, so
// applying events in any order, or twice, converges: the object, the subscription it belongs to,
// an invoice's payments and their refunds. Makes HTTP calls only: no database transaction is open.
import { stripe } from "./stripe.server";
import {
  StripeCharge,
  StripeCheckoutSession,
  StripeInvoice,
  StripeInvoicePayment,
  StripeRefund,
  StripeSubscription,
} from "./stripe-objects";

/** The kinds of Stripe object whose events change what the mirror holds. */
export const mirroredObjectTypes = ["subscription", "invoice", "charge", "refund", "checkout.session"] as const;
export type MirroredObjectType = (typeof mirroredObjectTypes)[number];

export interface StripeState {
  /** When the reading started: an older reading never overwrites a newer one. */
  observedAt: Date;
  customerId: string | null;
  subscriptions: StripeSubscription[];
  invoices: StripeInvoice[];
  charges: { charge: StripeCharge; invoiceId: string | null }[];
  refunds: { refund: StripeRefund; chargeId: string }[];
  checkoutSession: StripeCheckoutSession | null;
}

function emptyState(): StripeState {
  return { observedAt: new Date(), customerId: null, subscriptions: [], invoices: [], charges: [], refunds: [], checkoutSession: null };
}

async function readSubscription(state: StripeState, id: string) {
  const subscription = StripeSubscription.parse(await stripe().subscriptions.retrieve(id));
  state.subscriptions.push(subscription);
  state.customerId ??= subscription.customer;
}

async function readCharge(state: StripeState, id: string, invoiceId: string | null) {
  await addCharge(state, StripeCharge.parse(await stripe().charges.retrieve(id)), invoiceId);
}

async function addCharge(state: StripeState, charge: StripeCharge, invoiceId: string | null) {
  state.charges.push({ charge, invoiceId });
  state.customerId ??= charge.customer;
  if (charge.amount_refunded > 0) {
    const refunds = await stripe().refunds.list({ charge: charge.id, limit: 100 });
    for (const refund of refunds.data) state.refunds.push({ refund: StripeRefund.parse(refund), chargeId: charge.id });
  }
}

async function readInvoice(state: StripeState, id: string) {
  const invoice = StripeInvoice.parse(await stripe().invoices.retrieve(id));
  state.customerId ??= invoice.customer;
  const subscriptionId = invoice.parent?.subscription_details?.subscription;
  // The subscription first, so the invoice is recorded with the plan it was for.
  if (subscriptionId) await readSubscription(state, subscriptionId);
  state.invoices.push(invoice);
  const payments = await stripe().invoicePayments.list({ invoice: invoice.id, limit: 100 });
  for (const item of payments.data) {
    const { payment } = StripeInvoicePayment.parse(item);
    if (payment.charge) {
      await readCharge(state, payment.charge, invoice.id);
    } else if (payment.payment_intent) {
      // Every attempt at collecting the invoice is a charge of its payment intent, declined ones included.
      const charges = await stripe().charges.list({ payment_intent: payment.payment_intent, limit: 100 });
      for (const charge of charges.data) await addCharge(state, StripeCharge.parse(charge), invoice.id);
    }
  }
}

export async function fetchStripeState(objectType: MirroredObjectType, objectId: string): Promise<StripeState> {
  const state = emptyState();
  switch (objectType) {
    case "subscription":
      await readSubscription(state, objectId);
      break;
    case "invoice":
      await readInvoice(state, objectId);
      break;
    case "charge":
      await readCharge(state, objectId, null);
      break;
    case "refund": {
      const refund = StripeRefund.parse(await stripe().refunds.retrieve(objectId));
      if (refund.charge) await readCharge(state, refund.charge, null);
      break;
    }
    case "checkout.session": {
      const session = StripeCheckoutSession.parse(await stripe().checkout.sessions.retrieve(objectId));
      state.checkoutSession = session;
      state.customerId = session.customer;
      if (session.subscription) await readSubscription(state, session.subscription);
      break;
    }
  }
  return state;
}
