// The plans a workspace can subscribe to: names, prices and limits, in one place read by the
// pricing page, the access gate, checkout and the Stripe sync. Amounts are integer minor units.

export const planKeys = ["starter", "growth", "scale"] as const;
export type PlanKey = (typeof planKeys)[number];

export const billingIntervals = ["month", "year"] as const;
export type BillingInterval = (typeof billingIntervals)[number];

export interface PlanLimits {
  messagesPerMonth: number;
  phoneNumbers: number;
  seats: number;
}

export type LimitName = keyof PlanLimits;

export interface PlanPrice {
  interval: BillingInterval;
  /** Minor units of `planCurrency`. */
  amount: number;
  /** The Stripe price's lookup key: checkout finds the price by it, the mirror maps it back to the plan. */
  lookupKey: string;
}

export interface Plan {
  key: PlanKey;
  name: string;
  summary: string;
  limits: PlanLimits;
  prices: Record<BillingInterval, PlanPrice>;
}

export const planCurrency = "usd";

function prices(key: PlanKey, monthly: number, yearly: number): Record<BillingInterval, PlanPrice> {
  return {
    month: { interval: "month", amount: monthly, lookupKey: `kiana_${key}_monthly` },
    year: { interval: "year", amount: yearly, lookupKey: `kiana_${key}_yearly` },
  };
}

export const plans: readonly Plan[] = [
  {
    key: "starter",
    name: "Starter",
    summary: "Two WhatsApp numbers and a small team sending their first campaigns.",
    limits: { messagesPerMonth: 2_000, phoneNumbers: 2, seats: 5 },
    prices: prices("starter", 1_900, 19_000),
  },
  {
    key: "growth",
    name: "Growth",
    summary: "Several numbers, a support team in the inbox and regular broadcasts.",
    limits: { messagesPerMonth: 20_000, phoneNumbers: 5, seats: 15 },
    prices: prices("growth", 4_900, 49_000),
  },
  {
    key: "scale",
    name: "Scale",
    summary: "High-volume senders with many numbers and large teams.",
    limits: { messagesPerMonth: 200_000, phoneNumbers: 20, seats: 50 },
    prices: prices("scale", 14_900, 149_000),
  },
];

/** What a workspace may use during its free trial, before it subscribes: the Starter plan's numbers and seats, fewer messages. */
export const trialLimits: PlanLimits = { messagesPerMonth: 1_000, phoneNumbers: 2, seats: 5 };

export const limitLabels: Record<LimitName, { noun: string; unit: (count: number) => string }> = {
  messagesPerMonth: { noun: "messages per month", unit: (count) => (count === 1 ? "message" : "messages") },
  phoneNumbers: { noun: "WhatsApp numbers", unit: (count) => (count === 1 ? "WhatsApp number" : "WhatsApp numbers") },
  seats: { noun: "seats", unit: (count) => (count === 1 ? "seat" : "seats") },
};

export function findPlan(key: string): Plan | undefined {
  return plans.find((plan) => plan.key === key);
}

/** The plan and interval a Stripe price's lookup key stands for, if it is one of ours. */
export function findPriceByLookupKey(lookupKey: string): { plan: Plan; price: PlanPrice } | undefined {
  for (const plan of plans) {
    for (const price of Object.values(plan.prices)) {
      if (price.lookupKey === lookupKey) return { plan, price };
    }
  }
  return undefined;
}
