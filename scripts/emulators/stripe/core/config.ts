// The emulator's settings: the catalogue it seeds at start and the behaviour that tests may change
// while it runs (webhook faults, tax rate, the payment retry schedule), validated with zod.
import { z } from "zod";
import { planCurrency, plans } from "../../../../app/modules/billing/plans";

export interface SeedPrice {
  lookupKey: string;
  /** In the currency's smallest unit, as Stripe counts (cents for USD). */
  unitAmount: number;
  currency: string;
  interval: "day" | "week" | "month" | "year";
  intervalCount?: number;
  nickname?: string;
}

export interface SeedPlan {
  /** Becomes the product's `metadata.plan`, so the app can map a product back to its plan. */
  key: string;
  name: string;
  description?: string;
  metadata?: Record<string, string>;
  prices: SeedPrice[];
}

export const SeedPlans = z.array(
  z
    .object({
      key: z.string().min(1),
      name: z.string().min(1),
      description: z.string().optional(),
      metadata: z.record(z.string()).optional(),
      prices: z.array(
        z
          .object({
            lookupKey: z.string().min(1),
            unitAmount: z.number().int().nonnegative(),
            currency: z.string().regex(/^[a-z]{3}$/),
            interval: z.enum(["day", "week", "month", "year"]),
            intervalCount: z.number().int().positive().optional(),
            nickname: z.string().optional(),
          })
          .strict(),
      ),
    })
    .strict(),
);

/** The app's plans as the catalogue to seed: one product per plan, one price per billing interval. */
export const appPlans: SeedPlan[] = plans.map((plan) => ({
  key: plan.key,
  name: plan.name,
  description: plan.summary,
  prices: Object.values(plan.prices).map((price) => ({
    lookupKey: price.lookupKey,
    unitAmount: price.amount,
    currency: planCurrency,
    interval: price.interval,
  })),
}));

/** Stripe's "if all retries for a payment fail" subscription setting. */
export const WhenRetriesExhausted = z.enum(["cancel", "mark_unpaid", "leave_past_due"]);
export type WhenRetriesExhausted = z.infer<typeof WhenRetriesExhausted>;

export const defaultWebhookSecret = "whsec_kiana_development_only";

export const EmulatorConfig = z
  .object({
    /** Where events are POSTed; null keeps them only in the event log. */
    webhookUrl: z.string().url().nullable(),
    /** Signs deliveries; the receiver verifies with it (`stripe.webhooks.constructEvent`). */
    webhookSecret: z.string().min(1),
    /** Deliver every event twice (true) or a random share of them twice (0..1). */
    duplicateEvents: z.union([z.boolean(), z.number().min(0).max(1)]),
    /** Shuffle the events produced by one operation before delivering them. */
    reorderEvents: z.boolean(),
    /** Hold every delivery this long before sending it. */
    webhookDelayMs: z.number().int().min(0).max(600_000),
    /** Deliveries in flight per endpoint; 1 keeps first attempts in creation order. */
    webhookConcurrency: z.number().int().min(1).max(256),
    /** Waits before each redelivery of an event an endpoint did not acknowledge with 2xx. */
    webhookRetryDelaysMs: z.array(z.number().int().min(0)).max(20),
    webhookTimeoutMs: z.number().int().min(100).max(120_000),
    /** Exclusive tax added to every invoice and checkout; 0 disables tax. */
    taxRatePercent: z.number().min(0).max(100),
    /** Days after the previous attempt at which a failed invoice payment is retried. */
    paymentRetryDays: z.array(z.number().positive().max(60)).max(10),
    whenRetriesExhausted: WhenRetriesExhausted,
  })
  .strict();
export type EmulatorConfig = z.infer<typeof EmulatorConfig>;
export const EmulatorConfigPatch = EmulatorConfig.partial();
export type EmulatorConfigPatch = z.infer<typeof EmulatorConfigPatch>;

export const defaultConfig: EmulatorConfig = {
  webhookUrl: null,
  webhookSecret: defaultWebhookSecret,
  duplicateEvents: false,
  reorderEvents: false,
  webhookDelayMs: 0,
  webhookConcurrency: 1,
  webhookRetryDelaysMs: [1_000, 5_000, 30_000],
  webhookTimeoutMs: 10_000,
  taxRatePercent: 0,
  paymentRetryDays: [3, 5, 7],
  whenRetriesExhausted: "cancel",
};
