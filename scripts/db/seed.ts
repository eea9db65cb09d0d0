// npm run db:seed: adds the demo workspace to the database named by DATABASE_URL, and creates the
// plans of app/modules/billing/plans.ts in Stripe (STRIPE_API_BASE) when they are missing or changed.
import { closePools } from "../../db/pools";
import { syncStripePlans } from "../../app/modules/billing/sync-stripe-plans.server";
import { stripeSettings } from "../../app/modules/billing/stripe.server";
import { isProduction } from "../../app/lib/env.server";
import { seedDemo } from "./seed-demo";

const demo = await seedDemo();
console.log(`demo login: ${demo.email} / ${demo.password}`);
await closePools();
try {
  const plans = await syncStripePlans();
  console.log(`Stripe plans at ${stripeSettings().apiBase}: ${plans.productsCreated} products and ${plans.pricesCreated} prices created, ${plans.unchanged} prices unchanged`);
} catch (error) {
  // In development Stripe is the emulator, which seeds the plans itself; elsewhere a failed sync must fail the step.
  console.error(`Stripe plans not synced (${stripeSettings().apiBase}): ${error instanceof Error ? error.message : String(error)}`);
  if (isProduction) process.exitCode = 1;
}
