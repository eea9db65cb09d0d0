// Delivers events to the configured endpoint as Stripe does: JSON POSTs signed with Stripe-Signature,
// redelivered with backoff until a 2xx, in creation order unless told to shuffle or duplicate them.
// Every attempt is recorded so tests can see what the app was sent and what it answered.
import { Pool } from "undici";
import type { EmulatorConfig } from "../core/config";
import type { EventSink } from "../core/context";
import type { EventType, StripeEvent } from "../core/types";
import { signatureHeader } from "./signature";

export interface DeliveryAttempt {
  /** Epoch milliseconds when the attempt started. */
  at: number;
  /** The endpoint's HTTP status, or null when the request failed (refused, timed out). */
  status: number | null;
  error: string | null;
  durationMs: number;
}

export interface Delivery {
  seq: number;
  eventId: string;
  type: EventType;
  url: string;
  /** The second delivery of an event that `duplicateEvents` chose to send twice. */
  duplicate: boolean;
  state: "pending" | "delivered" | "failed";
  attempts: DeliveryAttempt[];
}

export interface DeliveryFilter {
  type?: string;
  eventId?: string;
  state?: Delivery["state"];
}

interface QueuedDelivery {
  delivery: Delivery;
  event: StripeEvent;
}

const deliveryLogCap = 20_000;

function shuffle<T>(items: T[]): T[] {
  for (let index = items.length - 1; index > 0; index--) {
    const other = Math.floor(Math.random() * (index + 1));
    [items[index], items[other]] = [items[other] as T, items[index] as T];
  }
  return items;
}

export class WebhookDispatcher implements EventSink {
  private batch: StripeEvent[] = [];
  private flushScheduled = false;
  private readonly queue: QueuedDelivery[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly pools = new Map<string, Pool>();
  private readonly log: Delivery[] = [];
  private inFlight = 0;
  private seq = 0;
  private waiters: (() => void)[] = [];

  constructor(private readonly config: () => EmulatorConfig) {}

  endpointsFor(_type: EventType): number {
    return this.config().webhookUrl ? 1 : 0;
  }

  /** Events of one synchronous operation are gathered and released together, so they can be reordered. */
  publish(event: StripeEvent): void {
    if (!this.config().webhookUrl) return;
    this.batch.push(event);
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    queueMicrotask(() => this.flush());
  }

  deliveries(filter: DeliveryFilter = {}): Delivery[] {
    return this.log.filter(
      (delivery) =>
        (filter.type === undefined || delivery.type === filter.type) &&
        (filter.eventId === undefined || delivery.eventId === filter.eventId) &&
        (filter.state === undefined || delivery.state === filter.state),
    );
  }

  /** Resolves once nothing is queued, in flight or waiting for a retry. */
  settle(): Promise<void> {
    if (this.idle()) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Drops everything queued or scheduled and forgets the log. */
  clear(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.batch = [];
    this.queue.length = 0;
    this.log.length = 0;
    this.notifyIfIdle();
  }

  async close(): Promise<void> {
    this.clear();
    await Promise.all([...this.pools.values()].map((pool) => pool.close()));
    this.pools.clear();
  }

  private idle(): boolean {
    return this.batch.length === 0 && this.queue.length === 0 && this.inFlight === 0 && this.timers.size === 0;
  }

  private notifyIfIdle(): void {
    if (!this.idle()) return;
    const waiters = this.waiters;
    this.waiters = [];
    for (const resolve of waiters) resolve();
  }

  private flush(): void {
    this.flushScheduled = false;
    const config = this.config();
    const url = config.webhookUrl;
    const events = this.batch;
    this.batch = [];
    if (!url) return this.notifyIfIdle();
    if (config.reorderEvents) shuffle(events);
    const duplicates: QueuedDelivery[] = [];
    for (const event of events) {
      this.queue.push({ delivery: this.record(event, url, false), event });
      const share = config.duplicateEvents === true ? 1 : config.duplicateEvents === false ? 0 : config.duplicateEvents;
      if (share > 0 && Math.random() < share) duplicates.push({ delivery: this.record(event, url, true), event });
    }
    this.queue.push(...(config.reorderEvents ? shuffle(duplicates) : duplicates));
    if (config.webhookDelayMs > 0) {
      this.later(config.webhookDelayMs, () => this.pump());
    } else {
      this.pump();
    }
  }

  private record(event: StripeEvent, url: string, duplicate: boolean): Delivery {
    const delivery: Delivery = { seq: ++this.seq, eventId: event.id, type: event.type, url, duplicate, state: "pending", attempts: [] };
    this.log.push(delivery);
    if (this.log.length > deliveryLogCap) this.log.splice(0, this.log.length - deliveryLogCap);
    return delivery;
  }

  private later(delayMs: number, run: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      run();
      this.notifyIfIdle();
    }, delayMs);
    timer.unref();
    this.timers.add(timer);
  }

  private pump(): void {
    while (this.inFlight < this.config().webhookConcurrency) {
      const next = this.queue.shift();
      if (!next) break;
      this.inFlight += 1;
      void this.attempt(next).finally(() => {
        this.inFlight -= 1;
        this.pump();
        this.notifyIfIdle();
      });
    }
  }

  private pool(url: URL): Pool {
    let pool = this.pools.get(url.origin);
    if (!pool) {
      pool = new Pool(url.origin, { connections: 32, pipelining: 1 });
      this.pools.set(url.origin, pool);
    }
    return pool;
  }

  private async attempt(queued: QueuedDelivery): Promise<void> {
    const { delivery, event } = queued;
    const config = this.config();
    const payload = JSON.stringify(event, null, 2);
    const target = new URL(delivery.url);
    const started = Date.now();
    const attempt: DeliveryAttempt = { at: started, status: null, error: null, durationMs: 0 };
    delivery.attempts.push(attempt);
    try {
      const response = await this.pool(target).request({
        path: `${target.pathname}${target.search}`,
        method: "POST",
        headers: {
          "content-type": "application/json; charset=utf-8",
          "user-agent": "Stripe/1.0 (+https://stripe.com/docs/webhooks)",
          "stripe-signature": signatureHeader(payload, config.webhookSecret, Math.floor(started / 1000)),
        },
        body: payload,
        headersTimeout: config.webhookTimeoutMs,
        bodyTimeout: config.webhookTimeoutMs,
      });
      await response.body.dump();
      attempt.status = response.statusCode;
    } catch (error) {
      attempt.error = error instanceof Error ? error.message : String(error);
    }
    attempt.durationMs = Date.now() - started;
    if (attempt.status !== null && attempt.status >= 200 && attempt.status < 300) {
      delivery.state = "delivered";
      if (!delivery.duplicate && event.pending_webhooks > 0) event.pending_webhooks -= 1;
      return;
    }
    const wait = config.webhookRetryDelaysMs[delivery.attempts.length - 1];
    if (wait === undefined) {
      delivery.state = "failed";
      return;
    }
    this.later(wait, () => {
      this.queue.push(queued);
      this.pump();
    });
  }
}
