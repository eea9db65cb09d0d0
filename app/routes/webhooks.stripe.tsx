import type { ActionFunctionArgs } from "@remix-run/node";
import { maxStripeWebhookBytes, receiveStripeWebhook } from "~/modules/billing/receive-stripe-webhook.server";

function reply({ status, body }: { status: number; body: string }): Response {
  return new Response(body, { status, headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" } });
}

export async function loader() {
  return reply({ status: 405, body: "Stripe posts events here" });
}

export async function action({ request }: ActionFunctionArgs) {
  if (request.method !== "POST") return reply({ status: 405, body: "Use POST" });
  if (Number(request.headers.get("content-length") ?? 0) > maxStripeWebhookBytes) return reply({ status: 413, body: "Webhook body too large" });
  const body = Buffer.from(await request.arrayBuffer());
  return reply(await receiveStripeWebhook(body, request.headers.get("stripe-signature")));
}
