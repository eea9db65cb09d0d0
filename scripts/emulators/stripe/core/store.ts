// All emulator state in memory: one collection per Stripe resource (insertion-ordered, so lists come
// out newest first like Stripe's) plus the bookkeeping Stripe keeps out of its objects.
import type { CardBehaviour, DeclineCode } from "../domain/cards";
import type { LineSpec } from "../domain/invoices";
import type {
  Charge,
  CheckoutLineItem,
  CheckoutSession,
  Customer,
  DeletedCustomer,
  Invoice,
  InvoicePayment,
  PaymentIntent,
  PaymentMethod,
  PortalSession,
  Price,
  Product,
  Refund,
  StoredObject,
  StripeEvent,
  Subscription,
  SubscriptionItem,
  TaxRate,
} from "./types";

export class Collection<T extends { id: string }> {
  private readonly items = new Map<string, T>();

  get(id: string): T | undefined {
    return this.items.get(id);
  }

  add(item: T): T {
    this.items.set(item.id, item);
    return item;
  }

  delete(id: string): void {
    this.items.delete(id);
  }

  clear(): void {
    this.items.clear();
  }

  /** Oldest first. */
  all(): T[] {
    return [...this.items.values()];
  }

  /** Newest first, the order of every Stripe list. */
  newestFirst(): T[] {
    return this.all().reverse();
  }

  get size(): number {
    return this.items.size;
  }

  /** Forgets the oldest items beyond `max`, so a long load test cannot exhaust memory. */
  trimTo(max: number): void {
    for (const id of this.items.keys()) {
      if (this.items.size <= max) return;
      this.items.delete(id);
    }
  }
}

export interface CheckoutDetails {
  lineItems: CheckoutLineItem[];
  trialPeriodDays: number | null;
  subscriptionMetadata: Record<string, string>;
  subscriptionDescription: string | null;
}

export interface SubscriptionBookkeeping {
  /** Proration lines waiting for the next invoice (Stripe's pending invoice items). */
  pendingLines: LineSpec[];
  trialWillEndSentFor: number | null;
}

export interface IdempotentResult {
  /** Method, path and body of the first request: a reuse must match it. */
  fingerprint: string;
  status: number;
  body: string;
  requestId: string;
  storedAt: number;
}

export interface RequestLogEntry {
  id: string;
  at: string;
  method: string;
  path: string;
  query: Record<string, unknown>;
  body: Record<string, unknown>;
  status: number;
  idempotencyKey: string | null;
  idempotentReplay: boolean;
  stripeVersion: string | null;
  durationMs: number;
}

export class Store {
  readonly customers = new Collection<Customer>();
  readonly deletedCustomers = new Map<string, DeletedCustomer>();
  readonly paymentMethods = new Collection<PaymentMethod>();
  readonly products = new Collection<Product>();
  readonly prices = new Collection<Price>();
  readonly taxRates = new Collection<TaxRate>();
  readonly checkoutSessions = new Collection<CheckoutSession>();
  readonly portalSessions = new Collection<PortalSession>();
  readonly subscriptions = new Collection<Subscription>();
  readonly invoices = new Collection<Invoice>();
  readonly invoicePayments = new Collection<InvoicePayment>();
  readonly paymentIntents = new Collection<PaymentIntent>();
  readonly charges = new Collection<Charge>();
  readonly refunds = new Collection<Refund>();
  readonly events = new Collection<StripeEvent>();

  readonly checkoutDetails = new Map<string, CheckoutDetails>();
  readonly subscriptionBookkeeping = new Map<string, SubscriptionBookkeeping>();
  /** How each saved test card behaves when charged later. */
  readonly cardBehaviours = new Map<string, CardBehaviour>();
  /** Declines armed through the admin API, one per coming payment attempt of the customer. */
  readonly failNextPayment = new Map<string, DeclineCode[]>();
  readonly invoicePaymentIntents = new Map<string, string>();
  readonly idempotency = new Map<string, IdempotentResult>();
  readonly requestLog: RequestLogEntry[] = [];

  bookkeeping(subscriptionId: string): SubscriptionBookkeeping {
    let entry = this.subscriptionBookkeeping.get(subscriptionId);
    if (!entry) {
      entry = { pendingLines: [], trialWillEndSentFor: null };
      this.subscriptionBookkeeping.set(subscriptionId, entry);
    }
    return entry;
  }

  findSubscriptionItem(id: string): SubscriptionItem | undefined {
    for (const subscription of this.subscriptions.all()) {
      const item = subscription.items.data.find((candidate) => candidate.id === id);
      if (item) return item;
    }
    return undefined;
  }

  /** Any stored object by id, for `expand[]`; the prefix names the collection. */
  find(id: string): StoredObject | SubscriptionItem | DeletedCustomer | undefined {
    const prefix = id.slice(0, id.indexOf("_"));
    switch (prefix) {
      case "cus":
        return this.customers.get(id) ?? this.deletedCustomers.get(id);
      case "pm":
        return this.paymentMethods.get(id);
      case "prod":
        return this.products.get(id);
      case "price":
        return this.prices.get(id);
      case "txr":
        return this.taxRates.get(id);
      case "cs":
        return this.checkoutSessions.get(id);
      case "bps":
        return this.portalSessions.get(id);
      case "sub":
        return this.subscriptions.get(id);
      case "si":
        return this.findSubscriptionItem(id);
      case "in":
        return this.invoices.get(id);
      case "inpay":
        return this.invoicePayments.get(id);
      case "pi":
        return this.paymentIntents.get(id);
      case "ch":
        return this.charges.get(id);
      case "re":
        return this.refunds.get(id);
      case "evt":
        return this.events.get(id);
      default:
        return undefined;
    }
  }
}
