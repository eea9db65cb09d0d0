// Products and prices: creation with Stripe's defaults, lookup keys kept unique (with transfer), the
// legacy Plan view of a recurring price, and seeding the catalogue from the app's plan config.
import type { SeedPlan } from "../core/config";
import type { Core } from "../core/context";
import { invalidRequest, resourceMissing } from "../core/errors";
import { emit } from "../core/events";
import { newId } from "../core/ids";
import type { Plan, Price, Product } from "../core/types";

export interface ProductInput {
  id?: string;
  name: string;
  active?: boolean;
  description?: string | null;
  metadata?: Record<string, string>;
  statementDescriptor?: string | null;
  unitLabel?: string | null;
  url?: string | null;
}

export function createProduct(core: Core, input: ProductInput): Product {
  if (input.id && core.store.products.get(input.id)) {
    throw invalidRequest(`Product already exists.`, { param: "id", code: "resource_already_exists" });
  }
  const now = core.clock.now();
  const product: Product = {
    id: input.id ?? newId("prod"),
    object: "product",
    active: input.active ?? true,
    created: now,
    default_price: null,
    description: input.description ?? null,
    images: [],
    livemode: false,
    marketing_features: [],
    metadata: input.metadata ?? {},
    name: input.name,
    package_dimensions: null,
    shippable: null,
    statement_descriptor: input.statementDescriptor ?? null,
    tax_code: null,
    tax_details: null,
    type: "service",
    unit_label: input.unitLabel ?? null,
    updated: now,
    url: input.url ?? null,
  };
  core.store.products.add(product);
  emit(core, "product.created", product);
  return product;
}

export interface PriceInput {
  product: string;
  currency: string;
  unitAmount: number;
  recurring: { interval: "day" | "week" | "month" | "year"; intervalCount: number } | null;
  active?: boolean;
  lookupKey?: string | null;
  transferLookupKey?: boolean;
  nickname?: string | null;
  metadata?: Record<string, string>;
  taxBehavior?: "exclusive" | "inclusive" | "unspecified" | null;
}

export function findPriceByLookupKey(core: Core, lookupKey: string): Price | undefined {
  return core.store.prices.all().find((price) => price.lookup_key === lookupKey);
}

/** Gives `lookupKey` to `price`, taking it from another price only when `transfer` is set. */
export function claimLookupKey(core: Core, price: Price | null, lookupKey: string, transfer: boolean): void {
  const holder = findPriceByLookupKey(core, lookupKey);
  if (!holder || holder === price) return;
  if (!transfer) {
    throw invalidRequest(`A price (\`${holder.id}\`) already uses that lookup key.`, { param: "lookup_key", code: "lookup_key_already_exists" });
  }
  const before = structuredClone(holder);
  holder.lookup_key = null;
  emit(core, "price.updated", holder, { lookup_key: before.lookup_key });
}

export function createPrice(core: Core, input: PriceInput): Price {
  const product = core.store.products.get(input.product);
  if (!product) throw resourceMissing(input.product, "product");
  if (input.lookupKey) claimLookupKey(core, null, input.lookupKey, input.transferLookupKey ?? false);
  const price: Price = {
    id: newId("price"),
    object: "price",
    active: input.active ?? true,
    billing_scheme: "per_unit",
    created: core.clock.now(),
    currency: input.currency,
    custom_unit_amount: null,
    livemode: false,
    lookup_key: input.lookupKey ?? null,
    metadata: input.metadata ?? {},
    nickname: input.nickname ?? null,
    product: product.id,
    recurring: input.recurring
      ? { interval: input.recurring.interval, interval_count: input.recurring.intervalCount, meter: null, trial_period_days: null, usage_type: "licensed" }
      : null,
    tax_behavior: input.taxBehavior ?? "unspecified",
    tiers_mode: null,
    transform_quantity: null,
    type: input.recurring ? "recurring" : "one_time",
    unit_amount: input.unitAmount,
    unit_amount_decimal: String(input.unitAmount),
  };
  core.store.prices.add(price);
  emit(core, "price.created", price);
  if (!product.default_price) {
    const before = product.default_price;
    product.default_price = price.id;
    emit(core, "product.updated", product, { default_price: before });
  }
  return price;
}

export function requirePrice(core: Core, id: string, param: string): Price {
  const price = core.store.prices.get(id);
  if (!price) throw resourceMissing(id, param, "price");
  return price;
}

export function productName(core: Core, price: Price): string {
  return core.store.products.get(String(price.product))?.name ?? "Product";
}

/** The Plan object Stripe still returns beside `price` on subscription items. */
export function planFromPrice(price: Price): Plan {
  const recurring = price.recurring;
  return {
    id: price.id,
    object: "plan",
    active: price.active,
    amount: price.unit_amount,
    amount_decimal: price.unit_amount_decimal,
    billing_scheme: price.billing_scheme,
    created: price.created,
    currency: price.currency,
    interval: recurring?.interval ?? "month",
    interval_count: recurring?.interval_count ?? 1,
    livemode: false,
    metadata: price.metadata,
    meter: null,
    nickname: price.nickname,
    product: price.product,
    tiers_mode: null,
    transform_usage: null,
    trial_period_days: null,
    usage_type: "licensed",
  };
}

/** Products and prices for each plan; a price whose lookup key exists already is left alone. */
export function seedCatalog(core: Core, plans: SeedPlan[]): void {
  for (const plan of plans) {
    const missing = plan.prices.filter((price) => !findPriceByLookupKey(core, price.lookupKey));
    if (missing.length === 0) continue;
    const product =
      core.store.products.all().find((candidate) => candidate.metadata.plan === plan.key) ??
      createProduct(core, { name: plan.name, description: plan.description ?? null, metadata: { plan: plan.key, ...plan.metadata } });
    for (const price of missing) {
      createPrice(core, {
        product: product.id,
        currency: price.currency,
        unitAmount: price.unitAmount,
        recurring: { interval: price.interval, intervalCount: price.intervalCount ?? 1 },
        lookupKey: price.lookupKey,
        nickname: price.nickname ?? null,
        metadata: { plan: plan.key },
      });
    }
  }
}
