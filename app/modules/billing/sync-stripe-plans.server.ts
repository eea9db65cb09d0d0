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

/** The plan's product: the one its current prices belong to, else `kiana_<plan>`, created when missing. */
async function productFor(plan: (typeof plans)[number], current: Stripe.Price[]): Promise<{ id: string; created: boolean }> {
  const known = current.find((price) => price.product)?.product;
  if (known) return { id: typeof known === "string" ? known : known.id, created: false };
  const id = `kiana_${plan.key}`;
  try {
    await stripe().products.retrieve(id);
    return { id, created: false };
  } catch (error) {
    if (!(error instanceof Stripe.errors.StripeInvalidRequestError) || error.statusCode !== 404) throw error;
    await stripe().products.create({ id, name: plan.name, description: plan.summary, metadata: { plan: plan.key } });
    return { id, created: true };
  }
}

export async function syncStripePlans(): Promise<PlanSyncResult> {
  const result: PlanSyncResult = { productsCreated: 0, pricesCreated: 0, unchanged: 0 };
  for (const plan of plans) {
    const planPrices = Object.values(plan.prices);
    const current = (await stripe().prices.list({ lookup_keys: planPrices.map((price) => price.lookupKey), active: true, limit: 10 })).data;
    const stale = planPrices.filter((price) => {
      const existing = current.find((candidate) => candidate.lookup_key === price.lookupKey);
      return !(existing && existing.unit_amount === price.amount && existing.currency === planCurrency && existing.recurring?.interval === price.interval);
    });
    result.unchanged += planPrices.length - stale.length;
    if (stale.length === 0) continue;
    const product = await productFor(plan, current);
    if (product.created) result.productsCreated++;
    for (const price of stale) {
      await stripe().prices.create({
        product: product.id,
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
