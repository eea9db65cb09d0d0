// The Stripe webhook endpoint's work: verifies the Stripe-Signature of the raw body (which also
// refuses replays older than the SDK's five-minute tolerance), stores the event once by its id and
// enqueues the job that applies it. Stripe events name a customer, not a workspace, so they are
// platform records written with the system role (db/system-modules.ts).
import Stripe from "stripe";
import { systemSql } from "../../../db/pools";
import { stripe, stripeSettings } from "./stripe.server";
import { StripeEventEnvelope } from "./stripe-objects";

export const maxStripeWebhookBytes = 1_000_000;

export type StripeWebhookReply = { status: number; body: string };

interface ReceivedEvent {
  id: string;
  type: string;
  objectType: string;
  objectId: string | null;
  customerId: string | null;
  /** The verified body as received. */
  payload: string;
  createdAt: Date;
}

interface Waiting {
  event: ReceivedEvent;
  done: (error?: unknown) => void;
}

// Group commit: deliveries that arrive while a write is in flight are written together by the next
// one, each answered only after the transaction holding its event committed. Queuing a job notifies
// the workers, and Postgres serialises notifying commits, so one commit per delivery would cap the
// endpoint at a few hundred events a second.
const maxBatch = 500;
let waiting: Waiting[] = [];
let writing = false;

async function writeBatch(batch: Waiting[]): Promise<void> {
  const events = batch.map((entry) => entry.event);
  const sql = systemSql();
  // An event delivered again (or twice in one batch) is stored once and queued once.
  await sql`
    with stored as (
      insert into stripe_events (id, type, object_type, object_id, customer_id, payload, stripe_created_at)
      select id, type, object_type, object_id, customer_id, payload::jsonb, stripe_created_at
        from unnest(${events.map((event) => event.id)}::text[], ${events.map((event) => event.type)}::text[],
                    ${events.map((event) => event.objectType)}::text[], ${events.map((event) => event.objectId)}::text[],
                    ${events.map((event) => event.customerId)}::text[], ${events.map((event) => event.payload)}::text[],
                    ${events.map((event) => event.createdAt.toISOString())}::timestamptz[])
             as received (id, type, object_type, object_id, customer_id, payload, stripe_created_at)
      on conflict (id) do nothing returning id)
    select app_private.enqueue_job('apply-stripe-event', json_build_object('eventId', stored.id), null::text, null::timestamptz, null::text, null::integer)
      from stored`;
}

async function drain(): Promise<void> {
  writing = true;
  while (waiting.length > 0) {
    const batch = waiting.slice(0, maxBatch);
    waiting = waiting.slice(batch.length);
    const unique = [...new Map(batch.map((entry) => [entry.event.id, entry])).values()];
    try {
      await writeBatch(unique);
      for (const entry of batch) entry.done();
    } catch (error) {
      for (const entry of batch) entry.done(error);
    }
  }
  writing = false;
}

/** Resolves once the event is stored and its apply job queued (or it was stored before). */
function storeEvent(event: ReceivedEvent): Promise<void> {
  return new Promise((resolve, reject) => {
    waiting.push({ event, done: (error) => (error ? reject(error) : resolve()) });
    if (!writing) void drain();
  });
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
  await storeEvent({
    id: event.id,
    type: event.type,
    objectType: event.data.object.object,
    objectId: event.data.object.id ?? null,
    customerId: event.data.object.customer ?? null,
    payload: rawBody.toString("utf8"),
    createdAt: event.created,
  });
  return { status: 200, body: "ok" };
}
