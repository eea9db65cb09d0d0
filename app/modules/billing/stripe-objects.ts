// The parts of Stripe's objects the billing mirror reads, parsed with zod wherever they enter the
// app (webhook bodies, objects re-fetched from the API), in the shapes of the pinned API version.
import { z } from "zod";
import { subscriptionStatuses } from "./decide-access";

/** A reference Stripe sends either as an id or as the expanded object. */
const Ref = z.union([z.string(), z.object({ id: z.string() })]).transform((value) => (typeof value === "string" ? value : value.id));
/** Stripe's Unix seconds, as a Date. */
const Timestamp = z
  .number()
  .int()
  .transform((seconds) => new Date(seconds * 1000));

export const StripeEventEnvelope = z.object({
  id: z.string().startsWith("evt_"),
  type: z.string().min(1).max(200),
  created: Timestamp,
  data: z.object({
    object: z
      .object({
        id: z.string().optional(),
        object: z.string(),
        customer: Ref.nullable().optional(),
      })
      .passthrough(),
  }),
});
export type StripeEventEnvelope = z.infer<typeof StripeEventEnvelope>;

export const StripeSubscription = z.object({
  id: z.string(),
  customer: Ref,
  status: z.enum(subscriptionStatuses),
  created: Timestamp,
  cancel_at_period_end: z.boolean(),
  cancel_at: Timestamp.nullable(),
  canceled_at: Timestamp.nullable(),
  ended_at: Timestamp.nullable(),
  trial_end: Timestamp.nullable(),
  items: z.object({
    data: z
      .array(
        z.object({
          current_period_start: Timestamp,
          current_period_end: Timestamp,
          price: z.object({
            id: z.string(),
            lookup_key: z.string().nullable(),
            recurring: z.object({ interval: z.string() }).nullable(),
          }),
        }),
      )
      .min(1),
  }),
});
export type StripeSubscription = z.infer<typeof StripeSubscription>;

export const StripeInvoice = z.object({
  id: z.string(),
  customer: Ref.nullable(),
  number: z.string().nullable(),
  status: z.enum(["draft", "open", "paid", "uncollectible", "void"]).nullable(),
  currency: z.string(),
  subtotal: z.number().int(),
  total: z.number().int(),
  total_taxes: z.array(z.object({ amount: z.number().int() })).nullable().optional(),
  amount_paid: z.number().int(),
  amount_remaining: z.number().int(),
  created: Timestamp,
  hosted_invoice_url: z.string().nullable(),
  parent: z
    .object({ subscription_details: z.object({ subscription: Ref }).nullable().optional() })
    .nullable()
    .optional(),
  status_transitions: z.object({ finalized_at: Timestamp.nullable(), paid_at: Timestamp.nullable() }),
  lines: z.object({
    data: z.array(z.object({ description: z.string().nullable(), period: z.object({ start: Timestamp, end: Timestamp }) })),
  }),
});
export type StripeInvoice = z.infer<typeof StripeInvoice>;

export const StripeInvoicePayment = z.object({
  invoice: Ref,
  payment: z.object({ payment_intent: Ref.nullable().optional(), charge: Ref.nullable().optional() }),
});

export const StripeCharge = z.object({
  id: z.string(),
  customer: Ref.nullable(),
  amount: z.number().int(),
  amount_refunded: z.number().int(),
  currency: z.string(),
  status: z.enum(["pending", "succeeded", "failed"]),
  created: Timestamp,
  payment_intent: Ref.nullable(),
  failure_code: z.string().nullable(),
  failure_message: z.string().nullable(),
  payment_method_details: z
    .object({ card: z.object({ brand: z.string().nullable(), last4: z.string().nullable() }).nullable().optional() })
    .nullable(),
});
export type StripeCharge = z.infer<typeof StripeCharge>;

export const StripeRefund = z.object({
  id: z.string(),
  charge: Ref.nullable(),
  amount: z.number().int(),
  currency: z.string(),
  status: z.enum(["pending", "requires_action", "succeeded", "failed", "canceled"]).nullable(),
  created: Timestamp,
});
export type StripeRefund = z.infer<typeof StripeRefund>;

export const StripeCheckoutSession = z.object({
  id: z.string(),
  customer: Ref.nullable(),
  status: z.enum(["open", "complete", "expired"]).nullable(),
  subscription: Ref.nullable(),
});
export type StripeCheckoutSession = z.infer<typeof StripeCheckoutSession>;
