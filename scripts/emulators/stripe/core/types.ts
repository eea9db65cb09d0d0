// The emulator's objects, typed by the installed SDK's own declarations so every field the pinned
// API version returns is present; `Wire` turns the SDK's parsed Decimal values back into JSON strings.
import type Stripe from "stripe";

export type Wire<T> = T extends Stripe.Decimal
  ? string
  : T extends string
    ? T
    : T extends ReadonlyArray<infer Item>
      ? Wire<Item>[]
      : T extends object
        ? { [Key in keyof T]: Wire<T[Key]> }
        : T;

export type Customer = Wire<Stripe.Customer>;
export type DeletedCustomer = Stripe.DeletedCustomer;
export type PaymentMethod = Wire<Stripe.PaymentMethod>;
export type Product = Wire<Stripe.Product>;
export type Price = Wire<Stripe.Price>;
export type Plan = Wire<Stripe.Plan>;
export type TaxRate = Wire<Stripe.TaxRate>;
export type CheckoutSession = Wire<Stripe.Checkout.Session>;
export type CheckoutLineItem = Wire<Stripe.LineItem>;
export type PortalSession = Wire<Stripe.BillingPortal.Session>;
export type Subscription = Wire<Stripe.Subscription>;
export type SubscriptionItem = Wire<Stripe.SubscriptionItem>;
export type Invoice = Wire<Stripe.Invoice>;
export type InvoiceLineItem = Wire<Stripe.InvoiceLineItem>;
export type InvoicePayment = Wire<Stripe.InvoicePayment>;
export type PaymentIntent = Wire<Stripe.PaymentIntent>;
export type Charge = Wire<Stripe.Charge>;
export type Refund = Wire<Stripe.Refund>;

export interface ApiList<T> {
  object: "list";
  data: T[];
  has_more: boolean;
  url: string;
}

/** Every object the emulator stores, all addressable by id for retrieval and `expand[]`. */
export type StoredObject =
  | Customer
  | PaymentMethod
  | Product
  | Price
  | TaxRate
  | CheckoutSession
  | PortalSession
  | Subscription
  | Invoice
  | InvoicePayment
  | PaymentIntent
  | Charge
  | Refund
  | StripeEvent;

export type EventType = Stripe.Event.Type;

export interface StripeEvent {
  id: string;
  object: "event";
  api_version: string;
  created: number;
  data: { object: Exclude<StoredObject, StripeEvent>; previous_attributes?: Record<string, unknown> };
  livemode: false;
  pending_webhooks: number;
  request: { id: string | null; idempotency_key: string | null };
  type: EventType;
}
