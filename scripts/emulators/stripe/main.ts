// npm run emulator:stripe: the Stripe emulator on its own, seeded with the app's plans. Port from
// --port or STRIPE_EMULATOR_PORT (default 4020); webhooks go to STRIPE_EMULATOR_WEBHOOK_URL, signed
// with STRIPE_WEBHOOK_SECRET (default whsec_kiana_development_only); STRIPE_EMULATOR_PUBLIC_URL sets
// the origin of the hosted pages when browsers reach the emulator at another address.
import { argument, portArgument } from "../cli";
import { defaultWebhookSecret } from "./core/config";
import { startStripeEmulator } from "./server";

const port = portArgument("stripe emulator", "STRIPE_EMULATOR_PORT", 4020);

const webhookUrl = argument("webhook-url") ?? (process.env.STRIPE_EMULATOR_WEBHOOK_URL || undefined);
const emulator = await startStripeEmulator({
  port,
  host: argument("host") ?? "127.0.0.1",
  webhookUrl,
  webhookSecret: process.env.STRIPE_WEBHOOK_SECRET || defaultWebhookSecret,
  publicUrl: process.env.STRIPE_EMULATOR_PUBLIC_URL || undefined,
});

console.log(`stripe emulator listening on ${emulator.url} (API ${emulator.apiVersion}); set STRIPE_API_BASE=${emulator.url}`);
console.log(`webhooks: ${webhookUrl ?? "not sent (set STRIPE_EMULATOR_WEBHOOK_URL or POST /__admin/config {\"webhookUrl\": ...})"}`);

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  await emulator.close();
  process.exit(0);
}
process.on("SIGINT", () => void stop());
process.on("SIGTERM", () => void stop());
