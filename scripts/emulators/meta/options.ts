// The emulator's options: what it is started with, and the runtime knobs that `configure()` and
// `PATCH /__admin/config` change while it runs.

export type QualityRating = "GREEN" | "YELLOW" | "RED" | "UNKNOWN";
export type MessagingLimitTier = "TIER_50" | "TIER_250" | "TIER_1K" | "TIER_2K" | "TIER_10K" | "TIER_100K" | "TIER_UNLIMITED" | "TIER_NOT_SET";
export type TemplateCategory = "MARKETING" | "UTILITY" | "AUTHENTICATION";
export type TemplateStatus = "PENDING" | "APPROVED" | "REJECTED" | "PAUSED" | "DISABLED";

export interface PhoneNumberInput {
  id: string;
  displayPhoneNumber: string;
  verifiedName: string;
  qualityRating?: QualityRating;
  messagingLimitTier?: MessagingLimitTier;
  /** Messages per second this number may send; 0 means unlimited. Default: `defaultThroughputPerSecond`. */
  throughputPerSecond?: number;
}

export interface TemplateInput {
  id?: string;
  name: string;
  language: string;
  category: TemplateCategory;
  components: unknown[];
  parameterFormat?: "POSITIONAL" | "NAMED";
  /** Default APPROVED: provisioned templates are ready to send. */
  status?: TemplateStatus;
}

export interface AccountInput {
  wabaId: string;
  /** The business portfolio; BSUIDs are scoped to it. Default: the WABA id. */
  businessId?: string;
  name?: string;
  accessToken: string;
  appSecret: string;
  callbackUrl?: string;
  verifyToken?: string;
  phoneNumbers: PhoneNumberInput[];
  templates?: TemplateInput[];
  /** Whether the WABA accepted the Marketing Messages API terms. Default false. */
  marketingMessagesEnabled?: boolean;
  /** Whether the app is subscribed to the WABA's webhooks. Default true. */
  subscribed?: boolean;
}

export interface StatusDelays {
  /** Milliseconds after the send request that each status webhook is due; `null` never sends it. */
  sent: number;
  delivered: number | null;
  read: number | null;
}

export interface PairRateLimit {
  /** Messages one business number may send one user in a burst. */
  burst: number;
  /** Milliseconds to earn back one message of the burst. */
  refillMs: number;
}

export type TemplateReviewOutcome = "auto" | "APPROVED" | "REJECTED" | "manual";

/**
 * Faults injected on one phone number only: each one set replaces the global value of the same name
 * for that number's messages and the webhooks about it, so one test can disturb its own number while
 * other tests share the emulator undisturbed.
 */
export interface PhoneFaults {
  failureRates?: Record<string, number>;
  duplicateRate?: number;
  reorderRate?: number;
  dropRate?: number;
}

export const phoneFaultKeys = ["failureRates", "duplicateRate", "reorderRate", "dropRate"] as const;

export interface RuntimeConfig {
  statusDelaysMs: StatusDelays;
  /** Probability that a delivered message is also read. */
  readRate: number;
  templateReviewDelayMs: number;
  /** "auto": APPROVED unless the name contains "reject"; "manual": stays PENDING until reviewed by admin. */
  templateReviewOutcome: TemplateReviewOutcome;
  /** Probability, per message, of a `failed` status with that error code (e.g. { "131026": 0.05 }). */
  failureRates: Record<string, number>;
  /** Extra milliseconds before every Graph API answer (plus a uniform random jitter). */
  latencyMs: number;
  latencyJitterMs: number;
  /** Overrides every number's throughput when set; 0 means unlimited. */
  throughputPerSecond: number | null;
  defaultThroughputPerSecond: number;
  pairRateLimit: PairRateLimit | null;
  /** Probabilities applied to outgoing webhooks: sent twice, read before delivered, never sent. */
  duplicateRate: number;
  reorderRate: number;
  dropRate: number;
  /** Events delivered in one POST (as several entry[].changes[]); 1 sends each event alone. */
  webhookBatchSize: number;
  webhookRetryDelaysMs: number[];
  webhookTimeoutMs: number;
  /** Fail non-template messages with 131047 when the user has not written within 24 hours. */
  enforceCustomerServiceWindow: boolean;
  /** Marketing Messages API: a template approved less than this long ago is still syncing to ads (134101; 131009 before v23.0). */
  marketingAdsSyncMs: number;
  requestRecordCap: number;
  webhookRecordCap: number;
}

export interface MetaEmulatorOptions extends RuntimeConfig {
  /** 0 picks a free port. */
  port: number;
  host: string;
  /** The Graph API version the emulator announces and shapes webhooks for (requests may use any vNN.N). */
  apiVersion: string;
  /** Origin written into media URLs and paging links; default the listening origin. */
  publicUrl?: string;
  /** Seeds the random choices (failure and webhook-disorder rates), so a run can be replayed. */
  seed: number;
  /** Accounts provisioned at start and again after every reset. */
  accounts: AccountInput[];
}

export function defaultOptions(): MetaEmulatorOptions {
  return {
    port: 0,
    host: "127.0.0.1",
    apiVersion: "v24.0",
    seed: 20_260_101,
    accounts: [],
    statusDelaysMs: { sent: 50, delivered: 150, read: 400 },
    readRate: 1,
    templateReviewDelayMs: 500,
    templateReviewOutcome: "auto",
    failureRates: {},
    latencyMs: 0,
    latencyJitterMs: 0,
    throughputPerSecond: null,
    defaultThroughputPerSecond: 80,
    pairRateLimit: { burst: 45, refillMs: 6_000 },
    duplicateRate: 0,
    reorderRate: 0,
    dropRate: 0,
    webhookBatchSize: 1,
    webhookRetryDelaysMs: [1_000, 5_000, 30_000],
    webhookTimeoutMs: 10_000,
    enforceCustomerServiceWindow: false,
    marketingAdsSyncMs: 0,
    requestRecordCap: 10_000,
    webhookRecordCap: 10_000,
  };
}

const RUNTIME_KEYS = Object.keys(defaultOptions()).filter(
  (key) => !["port", "host", "apiVersion", "seed", "accounts", "publicUrl"].includes(key),
) as (keyof RuntimeConfig)[];

/** Checks and applies a partial runtime config; throws a readable Error on a bad value. */
export function applyConfigPatch(config: RuntimeConfig, patch: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(patch)) {
    if (!RUNTIME_KEYS.includes(key as keyof RuntimeConfig)) throw new Error(`unknown config key: ${key}`);
    const k = key as keyof RuntimeConfig;
    switch (k) {
      case "statusDelaysMs": {
        const delays = { ...config.statusDelaysMs, ...(value as Partial<StatusDelays>) };
        if (!isNonNegative(delays.sent)) throw new Error("statusDelaysMs.sent must be a number >= 0");
        if (delays.delivered !== null && !isNonNegative(delays.delivered)) throw new Error("statusDelaysMs.delivered must be a number >= 0 or null");
        if (delays.read !== null && !isNonNegative(delays.read)) throw new Error("statusDelaysMs.read must be a number >= 0 or null");
        config.statusDelaysMs = delays;
        break;
      }
      case "failureRates":
        config.failureRates = checkFailureRates(value ?? {});
        break;
      case "pairRateLimit": {
        if (value === null) config.pairRateLimit = null;
        else {
          const limit = value as PairRateLimit;
          if (!(limit.burst >= 1) || !(limit.refillMs > 0)) throw new Error("pairRateLimit needs burst >= 1 and refillMs > 0, or null");
          config.pairRateLimit = { burst: limit.burst, refillMs: limit.refillMs };
        }
        break;
      }
      case "throughputPerSecond":
        if (value !== null && !isNonNegative(value)) throw new Error("throughputPerSecond must be a number >= 0 or null");
        config.throughputPerSecond = value as number | null;
        break;
      case "readRate":
      case "duplicateRate":
      case "reorderRate":
      case "dropRate":
        config[k] = checkProbability(k, value);
        break;
      case "templateReviewOutcome":
        if (!["auto", "APPROVED", "REJECTED", "manual"].includes(value as string)) throw new Error("templateReviewOutcome must be auto, APPROVED, REJECTED or manual");
        config.templateReviewOutcome = value as TemplateReviewOutcome;
        break;
      case "enforceCustomerServiceWindow":
        if (typeof value !== "boolean") throw new Error(`${k} must be a boolean`);
        config.enforceCustomerServiceWindow = value;
        break;
      case "webhookRetryDelaysMs":
        if (!Array.isArray(value) || !value.every(isNonNegative)) throw new Error("webhookRetryDelaysMs must be an array of numbers >= 0");
        config.webhookRetryDelaysMs = [...value];
        break;
      case "webhookBatchSize":
      case "requestRecordCap":
      case "webhookRecordCap":
        if (!Number.isInteger(value) || (value as number) < 1) throw new Error(`${k} must be an integer >= 1`);
        config[k] = value as number;
        break;
      default:
        if (!isNonNegative(value)) throw new Error(`${k} must be a number >= 0`);
        config[k] = value;
    }
  }
}

/**
 * Checks a number's fault overrides (`null` removes one, so the global value applies again) and
 * returns them merged over `current`; throws a readable Error on a bad value, changing nothing.
 */
export function patchPhoneFaults(current: PhoneFaults, patch: Partial<Record<(typeof phoneFaultKeys)[number], unknown>>): PhoneFaults {
  const next: PhoneFaults = { ...current };
  for (const key of phoneFaultKeys) {
    const value = patch[key];
    if (value === undefined) continue;
    if (value === null) delete next[key];
    else if (key === "failureRates") next.failureRates = checkFailureRates(value);
    else next[key] = checkProbability(key, value);
  }
  return next;
}

export function pickRuntimeConfig(options: MetaEmulatorOptions): RuntimeConfig {
  const config = {} as Record<string, unknown>;
  for (const key of RUNTIME_KEYS) config[key] = structuredClone(options[key]);
  return config as unknown as RuntimeConfig;
}

function checkFailureRates(value: unknown): Record<string, number> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw new Error('failureRates must be an object of error codes to probabilities, e.g. {"131026": 0.05}');
  const rates: Record<string, number> = {};
  let total = 0;
  for (const [code, rate] of Object.entries(value)) {
    if (!/^\d+$/.test(code) || !isProbability(rate)) throw new Error(`failureRates.${code} must be a probability for a numeric error code`);
    rates[code] = rate;
    total += rate;
  }
  if (total > 1 + 1e-9) throw new Error("failureRates must add up to at most 1");
  return rates;
}

function checkProbability(key: string, value: unknown): number {
  if (!isProbability(value)) throw new Error(`${key} must be between 0 and 1`);
  return value;
}

function isNonNegative(value: unknown): value is number {
  return typeof value === "number" && Number.isFinite(value) && value >= 0;
}
function isProbability(value: unknown): value is number {
  return isNonNegative(value) && value <= 1;
}
