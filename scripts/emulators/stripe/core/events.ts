// Creates Stripe events: a snapshot of the object at that moment, `previous_attributes` computed from
// what a change actually touched, and the request that caused it; then hands each to the webhook sink.
import type { Core } from "./context";
import { newId } from "./ids";
import type { EventType, StoredObject, StripeEvent } from "./types";

type EventObject = StripeEvent["data"]["object"];

/** Events kept for `GET /v1/events` and the admin log; older ones are forgotten (Stripe keeps 30 days). */
const eventLogCap = 20_000;

export function snapshot<T>(value: T): T {
  return structuredClone(value);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * The old values of what changed, shaped like Stripe's `previous_attributes`: nested hashes are
 * reduced to their changed keys, arrays (and so lists' `data`) are given whole.
 */
export function previousAttributes(before: Record<string, unknown>, after: Record<string, unknown>): Record<string, unknown> {
  const previous: Record<string, unknown> = {};
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const old = before[key];
    const current = after[key];
    if (same(old, current)) continue;
    previous[key] = isPlainObject(old) && isPlainObject(current) ? previousAttributes(old, current) : (old ?? null);
  }
  return previous;
}

export function emit(core: Core, type: EventType, object: EventObject, previous?: Record<string, unknown>): StripeEvent {
  const event: StripeEvent = {
    id: newId("evt"),
    object: "event",
    api_version: core.apiVersion,
    created: core.clock.now(),
    data: previous ? { object: snapshot(object), previous_attributes: previous } : { object: snapshot(object) },
    livemode: false,
    pending_webhooks: core.sink.endpointsFor(type),
    request: { ...core.origin },
    type,
  };
  core.store.events.add(event);
  core.store.events.trimTo(eventLogCap);
  core.sink.publish(event);
  return event;
}

/**
 * Applies `change` to a stored object and, when something differs afterwards, emits `type` with the
 * previous attributes. Returns whether the object changed.
 */
export function change<T extends Exclude<StoredObject, StripeEvent>>(core: Core, type: EventType, object: T, apply: (target: T) => void): boolean {
  const before = snapshot(object) as unknown as Record<string, unknown>;
  apply(object);
  const previous = previousAttributes(before, object as unknown as Record<string, unknown>);
  if (Object.keys(previous).length === 0) return false;
  emit(core, type, object, previous);
  return true;
}
