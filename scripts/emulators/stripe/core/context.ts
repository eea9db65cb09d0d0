// The state and collaborators every emulator module works with, passed explicitly so the domain
// code stays free of globals and one process can run several independent emulators.
import type { Clock } from "./clock";
import type { EmulatorConfig } from "./config";
import type { Store } from "./store";
import type { EventType, StripeEvent } from "./types";

/** Where events go once created: the webhook dispatcher. */
export interface EventSink {
  /** How many enabled endpoints want this type (the event's `pending_webhooks`). */
  endpointsFor(type: EventType): number;
  publish(event: StripeEvent): void;
}

export interface EventOrigin {
  id: string | null;
  idempotency_key: string | null;
}

export interface Core {
  store: Store;
  readonly clock: Clock;
  config: EmulatorConfig;
  readonly apiVersion: string;
  readonly accountName: string;
  /** Origin of the hosted pages (checkout, portal, invoices), e.g. http://127.0.0.1:4020. */
  publicUrl(): string;
  readonly sink: EventSink;
  /** The API request being served, stamped on the events it causes; null ids for automatic ones. */
  origin: EventOrigin;
}

export const automaticOrigin: EventOrigin = { id: null, idempotency_key: null };
