// Outgoing webhooks, sent as Meta sends them: a `whatsapp_business_account` envelope POSTed to the
// account's callback URL, the raw body signed with X-Hub-Signature-256 (HMAC-SHA256 with the app
// secret), over a keep-alive undici Pool per callback origin. Also where the configured disorder
// happens (drops, duplicates) and where every attempt is logged for tests.
import { createHmac } from "node:crypto";
import { Pool } from "undici";
import type { PhoneFaults, RuntimeConfig } from "./options";
import { Ring, Scheduler } from "./structures";

export interface WebhookTarget {
  wabaId: string;
  /** Absent when the account has no callback URL or unsubscribed its app. */
  callbackUrl?: string;
  appSecret: string;
  subscribed: boolean;
  /** Events per POST for this target, overriding the global `webhookBatchSize`. */
  batchSize?: number;
}

export interface WebhookChange {
  field: string;
  value: Record<string, unknown>;
}

/** A phone number's overrides of the global webhook disorder (its fault settings, read when the webhook goes out). */
export type WebhookFaults = Pick<PhoneFaults, "duplicateRate" | "dropRate">;

interface QueuedChange {
  change: WebhookChange;
  orderKey?: string;
  faults?: WebhookFaults;
}

export type WebhookOutcome = "pending" | "delivered" | "retrying" | "failed" | "dropped" | "no_callback";

export interface WebhookRecord {
  seq: number;
  /** Epoch milliseconds when the webhook was first due. */
  at: number;
  wabaId: string;
  url: string | null;
  /** The change fields in this POST, e.g. ["messages"]. */
  fields: string[];
  body: { object: "whatsapp_business_account"; entry: { id: string; time?: number; changes: WebhookChange[] }[] };
  /** The X-Hub-Signature-256 header sent. */
  signature: string | null;
  outcome: WebhookOutcome;
  attempts: number;
  responseStatus?: number;
  error?: string;
  /** Set on the second POST of a duplicated webhook: the seq of the first. */
  duplicateOf?: number;
}

export interface WebhookFilter {
  wabaId?: string;
  field?: string;
  since?: number;
}

export class WebhookDispatcher {
  readonly scheduler: Scheduler;
  private readonly pools = new Map<string, Pool>();
  private readonly log: Ring<WebhookRecord>;
  private pending = new Map<string, { target: WebhookTarget; items: QueuedChange[] }>();
  /** The last delivery of each order key (a message id) still on the wire: the next one waits for it. */
  private lastByOrderKey = new Map<string, Promise<void>>();
  private seq = 0;
  private inFlight = 0;
  private waiting = 0;
  /** Webhooks of each account not yet finished (scheduled, batched, waiting or on the wire, retries included). */
  private readonly outstanding = new Map<string, number>();
  private closed = false;

  constructor(
    private readonly config: RuntimeConfig,
    private readonly random: () => number,
  ) {
    this.log = new Ring(config.webhookRecordCap);
    this.scheduler = new Scheduler(() => this.flushPending());
  }

  /**
   * Queues an event to be sent at `due` (epoch ms), through the scheduler. Events with the same
   * `orderKey` (a message's statuses) reach the callback in the order they fall due: one waits
   * until the callback has answered the one before, as a slow callback would otherwise see them
   * raced over parallel connections. `faults`, when given, overrides the global drop and duplicate
   * rates for this event.
   */
  emitAt(wabaId: string, due: number, target: () => WebhookTarget | null, change: () => WebhookChange | null, orderKey?: string, faults?: WebhookFaults): void {
    this.track(wabaId, 1);
    this.scheduler.at(due, () => {
      const resolved = target();
      const built = resolved ? change() : null;
      if (resolved && built) this.enqueue(resolved, { change: built, ...(orderKey === undefined ? {} : { orderKey }), ...(faults === undefined ? {} : { faults }) });
      else this.track(wabaId, -1);
    });
  }

  /** Runs `run` at `due` on the account's behalf: until then (and the webhooks it emits), the account is not idle. */
  later(wabaId: string, due: number, run: () => void): void {
    this.track(wabaId, 1);
    this.scheduler.at(due, () => {
      try {
        run();
      } finally {
        this.track(wabaId, -1);
      }
    });
  }

  private track(wabaId: string, delta: number): void {
    const count = (this.outstanding.get(wabaId) ?? 0) + delta;
    if (count > 0) this.outstanding.set(wabaId, count);
    else this.outstanding.delete(wabaId);
  }

  private enqueue(target: WebhookTarget, item: QueuedChange): void {
    const key = `${target.wabaId}\u0000${target.callbackUrl ?? ""}`;
    let batch = this.pending.get(key);
    if (!batch) {
      batch = { target, items: [] };
      this.pending.set(key, batch);
    }
    batch.items.push(item);
  }

  private flushPending(): void {
    if (this.pending.size === 0) return;
    const batches = this.pending;
    this.pending = new Map();
    for (const { target, items } of batches.values()) {
      const size = target.batchSize ?? this.config.webhookBatchSize;
      const kept: typeof items = [];
      for (const item of items) {
        if (this.happens(item.faults?.dropRate ?? this.config.dropRate)) {
          this.record(target, [item.change], "dropped", null);
          this.track(target.wabaId, -1);
        } else kept.push(item);
      }
      for (let i = 0; i < kept.length; i += size) this.send(target, kept.slice(i, i + size));
    }
  }

  private happens(rate: number): boolean {
    return rate > 0 && this.random() < rate;
  }

  private send(target: WebhookTarget, items: QueuedChange[]): void {
    // The batch's events become one delivery (two when duplicated), tracked until it finishes.
    this.track(target.wabaId, -items.length);
    const changes = items.map((item) => item.change);
    // A POST carrying several numbers' events is duplicated at the highest of their rates.
    let duplicateRate = 0;
    for (const item of items) duplicateRate = Math.max(duplicateRate, item.faults?.duplicateRate ?? this.config.duplicateRate);
    const duplicated = this.happens(duplicateRate);
    if (!target.callbackUrl || !target.subscribed) {
      // Logged twice all the same: a test replaying the log to the app sees what Meta would have sent.
      const record = this.record(target, changes, "no_callback", null);
      if (duplicated) this.record(target, changes, "no_callback", null, record.body).duplicateOf = record.seq;
      return;
    }
    const body = envelope(target.wabaId, changes);
    const raw = JSON.stringify(body);
    const signature = `sha256=${createHmac("sha256", target.appSecret).update(raw).digest("hex")}`;
    const sha1 = `sha1=${createHmac("sha1", target.appSecret).update(raw).digest("hex")}`;
    const record = this.record(target, changes, "pending", signature, body);
    const callbackUrl = target.callbackUrl;
    const orderKeys = items.flatMap((item) => (item.orderKey === undefined ? [] : [item.orderKey]));
    this.track(target.wabaId, 1);
    this.deliverInOrder(orderKeys, () => this.deliver(record, callbackUrl, raw, signature, sha1, 0));
    if (duplicated) {
      const copy = this.record(target, changes, "pending", signature, body);
      copy.duplicateOf = record.seq;
      this.track(target.wabaId, 1);
      this.scheduler.at(Date.now() + 5 + Math.floor(this.random() * 50), () => void this.deliver(copy, callbackUrl, raw, signature, sha1, 0));
    }
  }

  private record(target: WebhookTarget, changes: WebhookChange[], outcome: WebhookOutcome, signature: string | null, body = envelope(target.wabaId, changes)): WebhookRecord {
    const record: WebhookRecord = {
      seq: ++this.seq,
      at: Date.now(),
      wabaId: target.wabaId,
      url: target.callbackUrl ?? null,
      fields: [...new Set(changes.map((c) => c.field))],
      body,
      signature,
      outcome,
      attempts: 0,
    };
    this.log.push(record);
    return record;
  }

  private deliverInOrder(orderKeys: string[], deliver: () => Promise<void>): void {
    const before: Promise<void>[] = [];
    for (const key of orderKeys) {
      const previous = this.lastByOrderKey.get(key);
      if (previous) before.push(previous);
    }
    let done: Promise<void>;
    if (before.length === 0) done = deliver();
    else {
      this.waiting++;
      done = Promise.all(before).then(() => {
        this.waiting--;
        return deliver();
      });
    }
    for (const key of orderKeys) this.lastByOrderKey.set(key, done);
    void done.then(() => {
      for (const key of orderKeys) if (this.lastByOrderKey.get(key) === done) this.lastByOrderKey.delete(key);
    });
  }

  private async deliver(record: WebhookRecord, callbackUrl: string, raw: string, signature: string, sha1: string, attempt: number): Promise<void> {
    if (this.closed) return;
    const finished = await this.attempt(record, callbackUrl, raw, signature, sha1, attempt);
    if (finished) this.track(record.wabaId, -1);
  }

  /** One POST of a delivery; true when the delivery is over (delivered, or out of retries). */
  private async attempt(record: WebhookRecord, callbackUrl: string, raw: string, signature: string, sha1: string, attempt: number): Promise<boolean> {
    record.attempts = attempt + 1;
    this.inFlight++;
    try {
      const url = new URL(callbackUrl);
      const response = await this.pool(url.origin).request({
        method: "POST",
        path: `${url.pathname}${url.search}`,
        headers: {
          "content-type": "application/json",
          "user-agent": "facebookexternalua",
          "x-hub-signature-256": signature,
          "x-hub-signature": sha1,
        },
        body: raw,
      });
      await response.body.dump();
      record.responseStatus = response.statusCode;
      if (response.statusCode >= 200 && response.statusCode < 300) {
        record.outcome = "delivered";
        delete record.error;
        return true;
      }
      record.error = `callback answered ${response.statusCode}`;
    } catch (error) {
      record.error = error instanceof Error ? error.message : String(error);
    } finally {
      this.inFlight--;
    }
    const delay = this.config.webhookRetryDelaysMs[attempt];
    if (delay === undefined || this.closed) {
      record.outcome = "failed";
      return true;
    }
    record.outcome = "retrying";
    this.scheduler.at(Date.now() + delay, () => void this.deliver(record, callbackUrl, raw, signature, sha1, attempt + 1));
    return false;
  }

  private pool(origin: string): Pool {
    let pool = this.pools.get(origin);
    if (!pool) {
      pool = new Pool(origin, {
        connections: 128,
        pipelining: 1,
        keepAliveTimeout: 30_000,
        headersTimeout: this.config.webhookTimeoutMs,
        bodyTimeout: this.config.webhookTimeoutMs,
      });
      this.pools.set(origin, pool);
    }
    return pool;
  }

  records(filter: WebhookFilter = {}): WebhookRecord[] {
    return this.log
      .toArray()
      .filter((r) => (filter.wabaId === undefined || r.wabaId === filter.wabaId) && (filter.field === undefined || r.fields.includes(filter.field)) && (filter.since === undefined || r.seq > filter.since));
  }

  clearRecords(): void {
    this.log.clear();
  }

  resizeLog(capacity: number): void {
    this.log.resize(capacity);
  }

  /** Forgets everything queued (reset); in-flight POSTs finish on their own. */
  clearQueue(): void {
    this.scheduler.clear();
    this.pending.clear();
    this.outstanding.clear();
  }

  /** True when nothing is scheduled, batched, waiting for its turn or on the wire. */
  get idle(): boolean {
    return this.scheduler.size === 0 && this.pending.size === 0 && this.waiting === 0 && this.inFlight === 0;
  }

  /** True when none of this account's webhooks is still to be sent or finished (other accounts' may be). */
  idleFor(wabaId: string): boolean {
    return !this.outstanding.has(wabaId);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.clearQueue();
    await Promise.all([...this.pools.values()].map((pool) => pool.destroy()));
    this.pools.clear();
  }
}

function envelope(wabaId: string, changes: WebhookChange[]): WebhookRecord["body"] {
  const entry: WebhookRecord["body"]["entry"][number] = { id: wabaId, changes };
  // Meta stamps `time` on account-level changes; messages webhooks carry timestamps inside the value.
  if (changes.some((c) => c.field !== "messages")) entry.time = Math.floor(Date.now() / 1000);
  return { object: "whatsapp_business_account", entry: [entry] };
}
