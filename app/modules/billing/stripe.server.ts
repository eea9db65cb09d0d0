// The one Stripe client of the app, built from STRIPE_API_BASE and STRIPE_SECRET_KEY with the API
// version pinned here, and the webhook secret. Tests, the benchmark and scripts may point it at an emulator.
import Stripe from "stripe";
import { env, isProduction } from "~/lib/env.server";

/** Every request and every object shape the app reads follows this version; change it only with the code that reads them. */
export const stripeApiVersion = "2026-10-28.endive" satisfies Stripe.LatestApiVersion;

export interface StripeSettings {
  apiBase: string;
  secretKey: string;
  webhookSecret: string;
}

// Development and tests talk to the emulator, which accepts any test key; production refuses to
// start without real ones (env.server.ts).
const developmentSecrets = { secretKey: "sk_test_kiana_dev", webhookSecret: "whsec_kiana_development_only" };

let overrides: Partial<StripeSettings> = {};
let cached: { settings: StripeSettings; client: Stripe } | undefined;

export function stripeSettings(): StripeSettings {
  const fallback = isProduction ? undefined : developmentSecrets;
  const settings = {
    apiBase: overrides.apiBase ?? env.STRIPE_API_BASE,
    secretKey: overrides.secretKey ?? env.STRIPE_SECRET_KEY ?? fallback?.secretKey,
    webhookSecret: overrides.webhookSecret ?? env.STRIPE_WEBHOOK_SECRET ?? fallback?.webhookSecret,
  };
  if (!settings.secretKey || !settings.webhookSecret) throw new Error("STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET are required in production");
  return settings as StripeSettings;
}

/** Points the client at another Stripe (an emulator started by a test, the benchmark or a script). */
export function configureStripe(settings: Partial<StripeSettings>): void {
  overrides = { ...overrides, ...settings };
  cached = undefined;
}

export function stripe(): Stripe {
  if (cached) return cached.client;
  const settings = stripeSettings();
  const base = new URL(settings.apiBase);
  const protocol = base.protocol.replace(":", "");
  if (protocol !== "http" && protocol !== "https") throw new Error(`STRIPE_API_BASE must be http(s), not ${base.protocol}`);
  const client = new Stripe(settings.secretKey, {
    apiVersion: stripeApiVersion,
    host: base.hostname,
    port: base.port || (protocol === "https" ? 443 : 80),
    protocol,
    maxNetworkRetries: 2,
    timeout: 20_000,
    telemetry: false,
  });
  cached = { settings, client };
  return client;
}
