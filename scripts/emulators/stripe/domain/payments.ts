// Money movement: saving test cards as PaymentMethods, and charging a customer through a
// PaymentIntent that gets one Charge per attempt, succeeding or declining like the card (or an armed
// admin failure) dictates, with the payment_intent.* and charge.* events Stripe sends.
import type { Core } from "../core/context";
import { docUrl } from "../core/errors";
import { emit } from "../core/events";
import { newId, randomBase62 } from "../core/ids";
import type { Charge, Customer, PaymentIntent, PaymentMethod } from "../core/types";
import { describeDecline, type CardBehaviour, type Decline, type DeclineCode } from "./cards";

export interface BillingDetails {
  email: string | null;
  name: string | null;
}

export interface CardExpiry {
  month: number;
  year: number;
}

export function defaultExpiry(core: Core): CardExpiry {
  return { month: 12, year: new Date(core.clock.now() * 1000).getUTCFullYear() + 3 };
}

export function savePaymentMethod(core: Core, card: CardBehaviour, billing: BillingDetails, expiry: CardExpiry): PaymentMethod {
  const paymentMethod: PaymentMethod = {
    id: newId("pm"),
    object: "payment_method",
    allow_redisplay: "always",
    billing_details: { address: null, email: billing.email, name: billing.name, phone: null, tax_id: null },
    card: {
      brand: card.brand,
      checks: { address_line1_check: null, address_postal_code_check: null, cvc_check: "pass" },
      country: "US",
      display_brand: card.brand,
      exp_month: expiry.month,
      exp_year: expiry.year,
      fingerprint: randomBase62(16),
      funding: "credit",
      generated_from: null,
      last4: card.last4,
      networks: { available: [card.brand], preferred: null },
      regulated_status: "unregulated",
      three_d_secure_usage: { supported: true },
      wallet: null,
    },
    created: core.clock.now(),
    customer: null,
    customer_account: null,
    livemode: false,
    metadata: {},
    type: "card",
  };
  core.store.paymentMethods.add(paymentMethod);
  core.store.cardBehaviours.set(paymentMethod.id, card);
  return paymentMethod;
}

export function attachPaymentMethod(core: Core, paymentMethod: PaymentMethod, customer: Customer): void {
  paymentMethod.customer = customer.id;
  emit(core, "payment_method.attached", paymentMethod);
}

/** The card a customer's payments use: the subscription's default, else the customer's. */
export function paymentMethodFor(core: Core, customer: Customer, preferred: string | null): PaymentMethod | null {
  const id = preferred ?? (customer.invoice_settings.default_payment_method as string | null);
  return id ? (core.store.paymentMethods.get(id) ?? null) : null;
}

const missingPaymentMethod: Decline = {
  code: "resource_missing",
  declineCode: null,
  message: "This customer has no attached payment source or default payment method. Please consider adding a default payment method.",
  sellerMessage: "No payment method to charge.",
};

/** Armed through the admin API without a customer: the next payment of anyone fails. */
const anyCustomer = "*";

/** Consumes a decline armed through the admin API for this customer (or for anyone), if there is one. */
export function takeArmedDecline(core: Core, customerId: string | null): Decline | null {
  const armed = core.store.failNextPayment;
  const key = customerId && armed.get(customerId)?.length ? customerId : anyCustomer;
  const declineCode = armed.get(key)?.shift();
  return declineCode ? describeDecline(declineCode) : null;
}

/** Arms a decline for the customer's next payment attempt (or anyone's); several calls fail several attempts. */
export function armDecline(core: Core, customerId: string | null, declineCode: DeclineCode): void {
  const key = customerId ?? anyCustomer;
  const queue = core.store.failNextPayment.get(key) ?? [];
  queue.push(declineCode);
  core.store.failNextPayment.set(key, queue);
}

/** Why a charge would fail right now, consuming an armed admin failure; null when it would succeed. */
function declineFor(core: Core, customer: Customer, paymentMethod: PaymentMethod | null): Decline | null {
  const armed = takeArmedDecline(core, customer.id);
  if (armed) return armed;
  if (!paymentMethod) return missingPaymentMethod;
  const declineOnCharge = core.store.cardBehaviours.get(paymentMethod.id)?.declineOnCharge;
  return declineOnCharge ? describeDecline(declineOnCharge) : null;
}

export interface PaymentRequest {
  customer: Customer;
  amount: number;
  currency: string;
  description: string | null;
  paymentMethod: PaymentMethod | null;
  /** Retries reuse the invoice's PaymentIntent, as Stripe does. */
  paymentIntentId: string | null;
  metadata?: Record<string, string>;
}

export interface PaymentOutcome {
  paymentIntent: PaymentIntent;
  charge: Charge | null;
  decline: Decline | null;
}

function createPaymentIntent(core: Core, request: PaymentRequest): PaymentIntent {
  const id = newId("pi");
  const paymentIntent: PaymentIntent = {
    id,
    object: "payment_intent",
    allowed_payment_method_types: null,
    amount: request.amount,
    amount_capturable: 0,
    amount_details: { tip: {} },
    amount_received: 0,
    application: null,
    application_fee_amount: null,
    automatic_payment_methods: null,
    canceled_at: null,
    cancellation_reason: null,
    capture_method: "automatic",
    client_secret: `${id}_secret_${randomBase62(25)}`,
    confirmation_method: "automatic",
    created: core.clock.now(),
    currency: request.currency,
    customer: request.customer.id,
    customer_account: null,
    description: request.description,
    excluded_payment_method_types: null,
    last_payment_error: null,
    latest_charge: null,
    livemode: false,
    managed_payments: null,
    metadata: request.metadata ?? {},
    next_action: null,
    on_behalf_of: null,
    payment_method: null,
    payment_method_configuration_details: null,
    payment_method_options: null,
    payment_method_types: ["card"],
    payment_record: null,
    processing: null,
    receipt_email: null,
    review: null,
    setup_future_usage: "off_session",
    shipping: null,
    source: null,
    statement_descriptor: null,
    statement_descriptor_suffix: null,
    status: "requires_payment_method",
    transfer_data: null,
    transfer_group: null,
  };
  core.store.paymentIntents.add(paymentIntent);
  emit(core, "payment_intent.created", paymentIntent);
  return paymentIntent;
}

function createCharge(core: Core, request: PaymentRequest, paymentIntent: PaymentIntent, paymentMethod: PaymentMethod, decline: Decline | null): Charge {
  const card = paymentMethod.card;
  const id = newId("ch");
  const charge: Charge = {
    id,
    object: "charge",
    amount: request.amount,
    amount_captured: decline ? 0 : request.amount,
    amount_refunded: 0,
    application: null,
    application_fee: null,
    application_fee_amount: null,
    balance_transaction: null,
    billing_details: paymentMethod.billing_details,
    calculated_statement_descriptor: core.accountName.slice(0, 22).toUpperCase(),
    captured: !decline,
    created: core.clock.now(),
    currency: request.currency,
    customer: request.customer.id,
    description: request.description,
    disputed: false,
    failure_balance_transaction: null,
    failure_code: decline ? decline.code : null,
    failure_message: decline ? decline.message : null,
    fraud_details: {},
    livemode: false,
    metadata: request.metadata ?? {},
    on_behalf_of: null,
    outcome: decline
      ? {
          advice_code: "try_again_later",
          network_advice_code: null,
          network_decline_code: null,
          network_status: "declined_by_network",
          reason: decline.declineCode,
          risk_level: "normal",
          risk_score: 20,
          seller_message: decline.sellerMessage,
          type: "issuer_declined",
        }
      : {
          advice_code: null,
          network_advice_code: null,
          network_decline_code: null,
          network_status: "approved_by_network",
          reason: null,
          risk_level: "normal",
          risk_score: 20,
          seller_message: "Payment complete.",
          type: "authorized",
        },
    paid: !decline,
    payment_intent: paymentIntent.id,
    payment_method: paymentMethod.id,
    payment_method_details: {
      type: "card",
      card: {
        amount_authorized: decline ? null : request.amount,
        authorization_code: decline ? null : randomBase62(6).toUpperCase(),
        brand: card?.brand ?? null,
        checks: card?.checks ?? null,
        country: card?.country ?? null,
        electronic_commerce_indicator: null,
        exp_month: card?.exp_month ?? 12,
        exp_year: card?.exp_year ?? 2030,
        fingerprint: card?.fingerprint ?? null,
        funding: card?.funding ?? null,
        installments: null,
        last4: card?.last4 ?? null,
        mandate: null,
        network: card?.brand ?? null,
        network_transaction_id: randomBase62(15),
        regulated_status: "unregulated",
        three_d_secure: null,
        transaction_link_id: null,
        wallet: null,
      },
    },
    receipt_email: request.customer.email,
    receipt_number: null,
    receipt_url: `${core.publicUrl()}/receipts/${id}`,
    refunded: false,
    review: null,
    shipping: null,
    source: null,
    source_transfer: null,
    statement_descriptor: null,
    statement_descriptor_suffix: null,
    status: decline ? "failed" : "succeeded",
    transfer_data: null,
    transfer_group: null,
  };
  core.store.charges.add(charge);
  return charge;
}

/** One payment attempt: creates or reuses the PaymentIntent, then charges the card once. */
export function collectPayment(core: Core, request: PaymentRequest): PaymentOutcome {
  const paymentIntent = (request.paymentIntentId && core.store.paymentIntents.get(request.paymentIntentId)) || createPaymentIntent(core, request);
  const paymentMethod = request.paymentMethod;
  const decline = declineFor(core, request.customer, paymentMethod);
  if (!paymentMethod) {
    paymentIntent.last_payment_error = { code: decline?.code, message: decline?.message, type: "invalid_request_error" };
    emit(core, "payment_intent.payment_failed", paymentIntent);
    return { paymentIntent, charge: null, decline };
  }
  const charge = createCharge(core, request, paymentIntent, paymentMethod, decline);
  paymentIntent.payment_method = paymentMethod.id;
  paymentIntent.latest_charge = charge.id;
  if (decline) {
    paymentIntent.status = "requires_payment_method";
    paymentIntent.last_payment_error = {
      charge: charge.id,
      code: decline.code,
      decline_code: decline.declineCode ?? undefined,
      doc_url: docUrl(decline.code),
      message: decline.message,
      payment_method: structuredClone(paymentMethod),
      type: "card_error",
    };
    emit(core, "charge.failed", charge);
    emit(core, "payment_intent.payment_failed", paymentIntent);
  } else {
    paymentIntent.status = "succeeded";
    paymentIntent.amount_received = request.amount;
    paymentIntent.last_payment_error = null;
    emit(core, "charge.succeeded", charge);
    emit(core, "payment_intent.succeeded", paymentIntent);
  }
  return { paymentIntent, charge, decline };
}
