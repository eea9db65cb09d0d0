// Invoices through their life: drafted with lines, tax and totals; finalized (number, hosted page,
// PDF, customer balance applied); paid or failed attempt by attempt through InvoicePayments.
import type { Core } from "../core/context";
import { resourceMissing } from "../core/errors";
import { change, emit } from "../core/events";
import { newId } from "../core/ids";
import type { Customer, Invoice, InvoiceLineItem, InvoicePayment, PaymentMethod, Price, Subscription } from "../core/types";
import { nextInvoiceNumber } from "./customers";
import { collectPayment, type PaymentOutcome } from "./payments";
import { currentTaxRate, lineTaxes } from "./taxes";

/** One line to bill: a subscription item's period, or a proration of one. */
export interface LineSpec {
  description: string;
  amount: number;
  quantity: number;
  price: Price;
  subscriptionItem: string;
  period: { start: number; end: number };
  proration: boolean;
}

export type BillingReason = "subscription_create" | "subscription_cycle" | "subscription_update" | "manual";

export interface InvoiceDraft {
  customer: Customer;
  subscription: Subscription;
  billingReason: BillingReason;
  lines: LineSpec[];
  /** The invoice's own period (for a renewal, the period just ended); lines carry service periods. */
  period: { start: number; end: number };
}

function buildLine(core: Core, invoiceId: string, subscriptionId: string, spec: LineSpec): InvoiceLineItem {
  const taxes = lineTaxes(spec.amount, currentTaxRate(core));
  return {
    id: newId("il"),
    object: "line_item",
    amount: spec.amount,
    currency: spec.price.currency,
    description: spec.description,
    discount_amounts: [],
    discountable: !spec.proration,
    discounts: [],
    invoice: invoiceId,
    livemode: false,
    metadata: {},
    parent: {
      type: "subscription_item_details",
      invoice_item_details: null,
      subscription_item_details: {
        invoice_item: spec.proration ? newId("ii") : null,
        proration: spec.proration,
        proration_details: { credited_items: null },
        subscription: subscriptionId,
        subscription_item: spec.subscriptionItem,
      },
    },
    period: spec.period,
    pretax_credit_amounts: [],
    pricing: {
      type: "price_details",
      price_details: { price: spec.price.id, product: String(spec.price.product) },
      unit_amount_decimal: spec.price.unit_amount_decimal,
    },
    quantity: spec.quantity,
    quantity_decimal: String(spec.quantity),
    subscription: subscriptionId,
    subtotal: spec.amount,
    taxes,
  };
}

function sumTaxes(lines: InvoiceLineItem[]): NonNullable<Invoice["total_taxes"]> {
  const byRate = new Map<string, NonNullable<Invoice["total_taxes"]>[number]>();
  for (const tax of lines.flatMap((line) => line.taxes ?? [])) {
    const rate = tax.tax_rate_details?.tax_rate ?? "";
    const total = byRate.get(rate);
    if (total) {
      total.amount += tax.amount;
      total.taxable_amount = (total.taxable_amount ?? 0) + (tax.taxable_amount ?? 0);
    } else {
      byRate.set(rate, { ...tax });
    }
  }
  return [...byRate.values()];
}

/** A draft invoice (status `draft`) for the lines, with `invoice.created`. */
export function draftInvoice(core: Core, draft: InvoiceDraft): Invoice {
  const id = newId("in");
  const now = core.clock.now();
  const lines = draft.lines.map((spec) => buildLine(core, id, draft.subscription.id, spec));
  const subtotal = lines.reduce((sum, line) => sum + line.amount, 0);
  const totalTaxes = sumTaxes(lines);
  const tax = totalTaxes.reduce((sum, entry) => sum + entry.amount, 0);
  const total = subtotal + tax;
  const invoice: Invoice = {
    id,
    object: "invoice",
    account_country: "US",
    account_name: core.accountName,
    account_tax_ids: null,
    amount_due: Math.max(total, 0),
    amount_overpaid: 0,
    amount_paid: 0,
    amount_remaining: Math.max(total, 0),
    amount_shipping: 0,
    application: null,
    attempt_count: 0,
    attempted: false,
    auto_advance: true,
    automatic_tax: { disabled_reason: null, enabled: false, liability: null, provider: null, status: null },
    automatically_finalizes_at: null,
    billing_reason: draft.billingReason,
    collection_method: "charge_automatically",
    confirmation_secret: null,
    created: now,
    currency: draft.subscription.currency,
    custom_fields: null,
    customer: draft.customer.id,
    customer_account: null,
    customer_address: null,
    customer_email: draft.customer.email,
    customer_name: draft.customer.name ?? null,
    customer_phone: draft.customer.phone ?? null,
    customer_shipping: null,
    customer_tax_exempt: "none",
    customer_tax_ids: [],
    default_payment_method: null,
    default_source: null,
    default_tax_rates: [],
    description: null,
    discounts: [],
    due_date: null,
    effective_at: null,
    ending_balance: null,
    footer: null,
    from_invoice: null,
    hosted_invoice_url: null,
    invoice_pdf: null,
    issuer: { type: "self" },
    last_finalization_error: null,
    latest_revision: null,
    lines: { object: "list", data: lines, has_more: false, url: `/v1/invoices/${id}/lines` },
    livemode: false,
    metadata: {},
    next_payment_attempt: null,
    number: null,
    on_behalf_of: null,
    parent: {
      type: "subscription_details",
      quote_details: null,
      subscription_details: { metadata: { ...draft.subscription.metadata }, subscription: draft.subscription.id },
    },
    payment_settings: { default_mandate: null, payment_method_options: null, payment_method_types: null },
    period_end: draft.period.end,
    period_start: draft.period.start,
    post_payment_credit_notes_amount: 0,
    pre_payment_credit_notes_amount: 0,
    receipt_number: null,
    rendering: null,
    shipping_cost: null,
    shipping_details: null,
    starting_balance: draft.customer.balance,
    statement_descriptor: null,
    status: "draft",
    status_transitions: { finalized_at: null, marked_uncollectible_at: null, paid_at: null, voided_at: null },
    subtotal,
    subtotal_excluding_tax: subtotal,
    test_clock: null,
    total,
    total_discount_amounts: [],
    total_excluding_tax: subtotal,
    total_pretax_credit_amounts: [],
    total_taxes: totalTaxes,
    webhooks_delivered_at: null,
  };
  core.store.invoices.add(invoice);
  emit(core, "invoice.created", invoice);
  return invoice;
}

export function requireInvoice(core: Core, id: string, param = "id"): Invoice {
  const invoice = core.store.invoices.get(id);
  if (!invoice) throw resourceMissing(id, param, "invoice");
  return invoice;
}

export function invoiceSubscriptionId(invoice: Invoice): string | null {
  const subscription = invoice.parent?.subscription_details?.subscription;
  return typeof subscription === "string" ? subscription : null;
}

/**
 * Finalizes a draft: applies the customer's balance (credit lowers what is due, leftover credit stays
 * on the customer), numbers it, publishes the hosted page and PDF; a zero amount due is paid at once.
 */
export function finalizeInvoice(core: Core, invoice: Invoice): void {
  const customer = core.store.customers.get(String(invoice.customer));
  const startingBalance = customer?.balance ?? 0;
  const due = invoice.total + startingBalance;
  const now = core.clock.now();
  invoice.starting_balance = startingBalance;
  invoice.ending_balance = Math.min(due, 0);
  invoice.amount_due = Math.max(due, 0);
  invoice.amount_remaining = invoice.amount_due;
  invoice.status = "open";
  invoice.number = customer ? nextInvoiceNumber(customer) : null;
  invoice.effective_at = now;
  invoice.status_transitions.finalized_at = now;
  invoice.hosted_invoice_url = `${core.publicUrl()}/i/${invoice.id}`;
  invoice.invoice_pdf = `${core.publicUrl()}/i/${invoice.id}/pdf`;
  if (customer && customer.balance !== invoice.ending_balance) {
    change(core, "customer.updated", customer, (target) => {
      target.balance = invoice.ending_balance ?? 0;
    });
  }
  emit(core, "invoice.finalized", invoice);
  if (invoice.amount_due === 0) markInvoicePaid(core, invoice);
}

function invoicePaymentFor(core: Core, invoice: Invoice, paymentIntentId: string): InvoicePayment {
  const existing = core.store.invoicePayments.all().find((payment) => payment.invoice === invoice.id && payment.payment.payment_intent === paymentIntentId);
  if (existing) return existing;
  const payment: InvoicePayment = {
    id: newId("inpay"),
    object: "invoice_payment",
    amount_paid: null,
    amount_requested: invoice.amount_due,
    created: core.clock.now(),
    currency: invoice.currency,
    invoice: invoice.id,
    is_default: true,
    livemode: false,
    payment: { type: "payment_intent", payment_intent: paymentIntentId },
    status: "open",
    status_transitions: { canceled_at: null, paid_at: null },
  };
  core.store.invoicePayments.add(payment);
  return payment;
}

/** Marks an open invoice paid, with its InvoicePayment when money moved, and Stripe's paid events. */
export function markInvoicePaid(core: Core, invoice: Invoice, paidOutOfBand = false): void {
  const now = core.clock.now();
  invoice.status = "paid";
  invoice.amount_paid = invoice.amount_due;
  invoice.amount_remaining = 0;
  invoice.next_payment_attempt = null;
  invoice.status_transitions.paid_at = now;
  if (paidOutOfBand) invoice.amount_paid_off_stripe = invoice.amount_due;
  const paymentIntentId = core.store.invoicePaymentIntents.get(invoice.id);
  if (paymentIntentId && !paidOutOfBand) {
    const payment = invoicePaymentFor(core, invoice, paymentIntentId);
    payment.status = "paid";
    payment.amount_paid = invoice.amount_paid;
    payment.status_transitions.paid_at = now;
    emit(core, "invoice_payment.paid", payment);
  }
  emit(core, "invoice.paid", invoice);
  emit(core, "invoice.payment_succeeded", invoice);
}

/**
 * Tries to collect an open invoice once. On a decline the invoice stays open with
 * `next_payment_attempt` set to `retryAt` (null: no more automatic attempts).
 */
export function attemptInvoicePayment(core: Core, invoice: Invoice, paymentMethod: PaymentMethod | null, retryAt: number | null): PaymentOutcome {
  const customer = core.store.customers.get(String(invoice.customer));
  if (!customer) throw resourceMissing(String(invoice.customer), "customer", "customer");
  const outcome = collectPayment(core, {
    customer,
    amount: invoice.amount_remaining,
    currency: invoice.currency,
    description: invoice.billing_reason === "subscription_create" ? "Subscription creation" : "Subscription update",
    paymentMethod,
    paymentIntentId: core.store.invoicePaymentIntents.get(invoice.id) ?? null,
  });
  core.store.invoicePaymentIntents.set(invoice.id, outcome.paymentIntent.id);
  invoicePaymentFor(core, invoice, outcome.paymentIntent.id);
  invoice.attempt_count += 1;
  invoice.attempted = true;
  if (outcome.decline) {
    invoice.next_payment_attempt = retryAt;
    emit(core, "invoice.payment_failed", invoice);
  } else {
    markInvoicePaid(core, invoice);
  }
  return outcome;
}

export function openInvoicesOf(core: Core, subscriptionId: string): Invoice[] {
  return core.store.invoices.all().filter((invoice) => invoice.status === "open" && invoiceSubscriptionId(invoice) === subscriptionId);
}
