// The Stripe webhook endpoint's work: verifies the Stripe-Signature of the raw body (which also
// refuses replays older than the SDK's five-minute tolerance), stores the event once by its id and
// enqueues the job that applies it. Stripe events name a customer, not a workspace, so they are
// platform records written with the system role (db/system-modules.ts).
import Stripe from "stripe";
import { withSystem } from "../../../db/transactions";
import { enqueueJob } from "../../../jobs/enqueue";
import { stripe, stripeSettings } from "./stripe.server";
import { StripeEventEnvelope } from "./stripe-objects";

export const maxStripeWebhookBytes = 1_000_000;

export type StripeWebhookReply = { status: number; body: string };

/** The queue of a customer's events: one at a time per customer, so a slow read never races a newer one. */
export function stripeEventQueue(customerId: string | null | undefined): string {
  return `stripe:${customerId ?? "platform"}`;
}

export async function receiveStripeWebhook(rawBody: Buffer, signature: string | null): Promise<StripeWebhookReply> {
  if (rawBody.length > maxStripeWebhookBytes) return { status: 413, body: "Webhook body too large" };
  if (!signature) return { status: 400, body: "Missing Stripe-Signature" };
  let verified: Stripe.Event;
  try {
    verified = stripe().webhooks.constructEvent(rawBody, signature, stripeSettings().webhookSecret);
  } catch {
    return { status: 400, body: "Signature does not match" };
  }
  const parsed = StripeEventEnvelope.safeParse(verified);
  if (!parsed.success) return { status: 400, body: "Not a Stripe event" };
  const event = parsed.data;
  const object = event.data.object;
  await withSystem(async (tx) => {
    const [stored] = await tx<{ id: string }[]>`
      insert into stripe_events (id, type, object_type, object_id, customer_id, payload, stripe_created_at)
      values (${event.id}, ${event.type}, ${object.object}, ${object.id ?? null}, ${object.customer ?? null},
              ${tx.json(verified as never)}, ${event.created})
      on conflict (id) do nothing returning id`;
    if (stored) {
      await enqueueJob(tx, "apply-stripe-event", { eventId: event.id }, { queueName: stripeEventQueue(object.customer), jobKey: `stripe-event:${event.id}` });
    }
  });
  return { status: 200, body: "ok" };
}
