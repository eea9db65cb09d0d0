// Makes Stripe's catalogue match plans.ts: one product per plan and one active price per plan and
// interval, found by lookup key. Prices cannot change at Stripe, so a new amount becomes a new price
// that takes the lookup key over; checkout then sells it, while existing subscriptions keep theirs.
import Stripe from "stripe";
import { planCurrency, plans } from "./plans";
import { stripe } from "./stripe.server";

export interface PlanSyncResult {
  productsCreated: number;
  pricesCreated: number;
  unchanged: number;
}

/** Creates or updates the plan's product; true when it was created. */
async function ensureProduct(plan: (typeof plans)[number]): Promise<boolean> {
  const id = `kiana_${plan.key}`;
  try {
    const product = await stripe().products.retrieve(id);
    if (product.name !== plan.name || product.description !== plan.summary) {
      await stripe().products.update(id, { name: plan.name, description: plan.summary, metadata: { plan: plan.key } });
    }
    return false;
  } catch (error) {
    if (!(error instanceof Stripe.errors.StripeInvalidRequestError) || error.statusCode !== 404) throw error;
    await stripe().products.create({ id, name: plan.name, description: plan.summary, metadata: { plan: plan.key } });
    return true;
  }
}

export async function syncStripePlans(): Promise<PlanSyncResult> {
  const result: PlanSyncResult = { productsCreated: 0, pricesCreated: 0, unchanged: 0 };
  for (const plan of plans) {
    if (await ensureProduct(plan)) result.productsCreated++;
    for (const price of Object.values(plan.prices)) {
      const [current] = (await stripe().prices.list({ lookup_keys: [price.lookupKey], active: true, limit: 1 })).data;
      if (current && current.unit_amount === price.amount && current.currency === planCurrency && current.recurring?.interval === price.interval) {
        result.unchanged++;
        continue;
      }
      await stripe().prices.create({
        product: `kiana_${plan.key}`,
        currency: planCurrency,
        unit_amount: price.amount,
        recurring: { interval: price.interval },
        lookup_key: price.lookupKey,
        transfer_lookup_key: true,
        nickname: `${plan.name} ${price.interval === "month" ? "monthly" : "yearly"}`,
        metadata: { plan: plan.key },
      });
      result.pricesCreated++;
    }
  }
  return result;
}
