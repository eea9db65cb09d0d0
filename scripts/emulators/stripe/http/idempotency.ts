// Stripe's idempotent requests: the first result of a POST with an `Idempotency-Key` is kept for
// 24 hours (of emulator time) per API key, replayed for the same parameters, refused for others.
import type { Core } from "../core/context";
import { idempotencyError } from "../core/errors";
import type { IdempotentResult } from "../core/store";

const windowSeconds = 24 * 60 * 60;
const keyCap = 100_000;

export interface IdempotentRequest {
  /** The API key and the Idempotency-Key: keys of different API keys never meet. */
  scope: string;
  key: string;
  /** Method, path and raw body. */
  fingerprint: string;
}

/** The kept result to replay, or null when this key is new (or expired). */
export function findReplay(core: Core, request: IdempotentRequest): IdempotentResult | null {
  const kept = core.store.idempotency.get(request.scope);
  if (!kept || kept.storedAt + windowSeconds <= core.clock.now()) return null;
  if (kept.fingerprint !== request.fingerprint) {
    throw idempotencyError(
      `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${request.key}' if you meant to execute a different request.`,
    );
  }
  return kept;
}

/** Stripe keeps the result of a request that got as far as running, not of one refused up front. */
export function keepResult(core: Core, request: IdempotentRequest, result: { status: number; body: string; requestId: string }): void {
  if (result.status >= 400 && result.status !== 402 && result.status < 500) return;
  const kept = core.store.idempotency;
  // Insertion order is age order, so the first keys are the oldest.
  for (const scope of kept.keys()) {
    if (kept.size < keyCap) break;
    kept.delete(scope);
  }
  kept.set(request.scope, { fingerprint: request.fingerprint, status: result.status, body: result.body, requestId: result.requestId, storedAt: core.clock.now() });
}
