// The Meta Graph API emulator: a node:http server speaking the WhatsApp Cloud API shapes, with the
// control surface tests use (as methods here, and as JSON under /__admin/). See README.md.
import http, { type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { handleAdmin } from "./admin";
import { type Account, type InboundInput, type InboundResult, MetaWorld, type PhoneNumber, type UserInput, type WhatsAppUser } from "./core";
import { GraphError, graphParamError } from "./errors";
import { type GraphRequest, type GraphResponse, downloadMedia, handleGraph } from "./graph";
import { BodyTooLarge, type MultipartPart, accessToken, parseForm, parseMultipart, readBody } from "./http";
import { bsuidForPhone, createRandom } from "./ids";
import {
  type AccountInput,
  type MessagingLimitTier,
  type MetaEmulatorOptions,
  type PhoneFaults,
  type QualityRating,
  type RuntimeConfig,
  type TemplateCategory,
  type TemplateStatus,
  applyConfigPatch,
  defaultOptions,
  pickRuntimeConfig,
} from "./options";
import { Ring } from "./structures";
import type { Template } from "./templates";
import { WebhookDispatcher, type WebhookFilter, type WebhookRecord } from "./webhooks";

export type { AccountInput, MetaEmulatorOptions, PhoneFaults, RuntimeConfig } from "./options";
export type { InboundInput, InboundResult, UserInput } from "./core";
export type { WebhookFilter, WebhookRecord } from "./webhooks";

export interface RecordedRequest {
  seq: number;
  /** Epoch milliseconds when the request arrived. */
  at: number;
  method: string;
  /** Path without the query string, e.g. /v24.0/1234/messages. */
  path: string;
  query: Record<string, string>;
  headers: IncomingHttpHeaders;
  /** Parsed JSON or form body; for multipart, the fields and a summary of each file. */
  body: unknown;
  status: number;
  response: unknown;
  /** False when the client had gone (closed the connection) before the answer was written. */
  answered: boolean;
}

export interface RequestFilter {
  /** A substring of the path, or a pattern. */
  path?: string | RegExp;
  method?: string;
  /** Only requests with a seq greater than this. */
  since?: number;
}

export interface AccountSummary {
  wabaId: string;
  businessId: string;
  name: string;
  callbackUrl: string | null;
  subscribed: boolean;
  marketingMessagesEnabled: boolean;
  /** Events per webhook POST for this account; null when the global `webhookBatchSize` applies. */
  webhookBatchSize: number | null;
  phoneNumbers: PhoneNumberSummary[];
  templates: TemplateSummary[];
}

export interface AccountPatch {
  marketingMessagesEnabled?: boolean;
  subscribed?: boolean;
  webhookBatchSize?: number | null;
}

export interface PhoneNumberSummary {
  id: string;
  displayPhoneNumber: string;
  verifiedName: string;
  qualityRating: QualityRating;
  messagingLimitTier: MessagingLimitTier;
  throughputPerSecond: number | null;
  latencyMs: number;
  /** This number's overrides of the global failure and webhook-disorder rates. */
  faults: PhoneFaults;
}

export interface TemplateSummary {
  id: string;
  name: string;
  language: string;
  status: TemplateStatus;
  category: TemplateCategory;
  previousCategory: TemplateCategory | null;
  rejectedReason: string;
}

export interface UserSummary {
  bsuid: string;
  phone: string | null;
  username: string | null;
  name: string | null;
  phoneWithheld: boolean;
}

export interface MetaEmulator {
  /** Origin, e.g. http://127.0.0.1:4010: set META_GRAPH_URL to this. */
  readonly url: string;
  readonly port: number;
  readonly apiVersion: string;
  close(): Promise<void>;
  /** Creates (or replaces) a WABA with its token, app secret, numbers and templates. */
  provision(account: AccountInput): AccountSummary;
  accounts(): AccountSummary[];
  /** `webhookBatchSize` batches this account's webhooks alone (`null` returns it to the global value). */
  updateAccount(wabaId: string, patch: AccountPatch): AccountSummary;
  /** Changes runtime knobs (delays, failure rates, limits, webhook disorder); returns the new config. */
  configure(patch: Partial<RuntimeConfig> | Record<string, unknown>): RuntimeConfig;
  config(): RuntimeConfig;
  requests(filter?: RequestFilter): RecordedRequest[];
  clearRequests(): void;
  webhooks(filter?: WebhookFilter): WebhookRecord[];
  clearWebhooks(): void;
  /** A WhatsApp user writes to a business number; the messages webhook follows. */
  sendInbound(input: InboundInput): InboundResult;
  /** Declares a user, e.g. one with a username whose phone number is withheld. */
  addUser(input: UserInput): UserSummary;
  reviewTemplate(templateId: string, status: TemplateStatus, reason?: string): TemplateSummary;
  changeTemplateCategory(templateId: string, category: TemplateCategory, options?: { impending?: boolean }): TemplateSummary;
  setQuality(phoneNumberId: string, input: { qualityRating?: QualityRating; messagingLimitTier?: MessagingLimitTier; event?: string }): PhoneNumberSummary;
  setThroughput(phoneNumberId: string, perSecond: number): void;
  /** Delays the answers to one number's requests (on top of `latencyMs`), e.g. to keep sends in flight. */
  setPhoneLatency(phoneNumberId: string, latencyMs: number): void;
  /**
   * Sets any of a number's `throughputPerSecond`, `latencyMs` and fault overrides (`failureRates`,
   * `duplicateRate`, `reorderRate`, `dropRate`; `null` removes one); all are checked before any applies.
   */
  updatePhoneNumber(phoneNumberId: string, patch: Record<string, unknown>): PhoneNumberSummary;
  /** Meta's verification handshake against the callback, then routes the account's webhooks there. */
  setWebhook(wabaId: string, callbackUrl: string, verifyToken: string): Promise<void>;
  expireToken(accessToken: string): void;
  /** Forgets everything, restores the start options and re-provisions the start accounts. */
  reset(): void;
  /** Resolves once no webhook is scheduled or in flight (retries included). */
  /** Waits until every webhook (or only those of the account `wabaId`) is delivered or given up. */
  settle(timeoutMs?: number, wabaId?: string): Promise<void>;
  /** The BSUID the emulator gives `phone` in the business of `wabaId`. */
  bsuidFor(wabaId: string, phone: string): string;
}

const ADMIN_PREFIX = "/__admin/";
const MEDIA_PATH = "/whatsapp_business/attachments/";
const VERSION = /^v\d+\.\d+$/;
const JSON_LIMIT = 16 * 1024 * 1024;
const UPLOAD_LIMIT = 101 * 1024 * 1024;

class MetaEmulatorServer implements MetaEmulator {
  url = "";
  port = 0;
  readonly apiVersion: string;
  private readonly server: http.Server;
  private runtime: RuntimeConfig;
  private dispatcher: WebhookDispatcher;
  private world: MetaWorld;
  private random: () => number;
  private readonly recorded: Ring<RecordedRequest>;
  private requestSeq = 0;

  constructor(private readonly options: MetaEmulatorOptions) {
    this.apiVersion = options.apiVersion;
    this.random = createRandom(options.seed);
    this.runtime = pickRuntimeConfig(options);
    this.recorded = new Ring(this.runtime.requestRecordCap);
    this.dispatcher = new WebhookDispatcher(this.runtime, this.random);
    this.world = this.createWorld();
    this.server = http.createServer({ keepAlive: true, noDelay: true }, (req, res) => void this.handle(req, res));
    this.server.keepAliveTimeout = 65_000;
    this.server.headersTimeout = 66_000;
  }

  private createWorld(): MetaWorld {
    return new MetaWorld(this.runtime, this.dispatcher, this.random, this.apiVersion, () => this.options.publicUrl ?? this.url);
  }

  async listen(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.server.once("error", reject);
      this.server.listen(this.options.port, this.options.host, () => {
        this.server.off("error", reject);
        resolve();
      });
    });
    this.port = (this.server.address() as AddressInfo).port;
    const host = ["0.0.0.0", "::", ""].includes(this.options.host) ? "127.0.0.1" : this.options.host.includes(":") ? `[${this.options.host}]` : this.options.host;
    this.url = `http://${host}:${this.port}`;
    for (const account of this.options.accounts) this.world.provision(account);
  }

  async close(): Promise<void> {
    await this.dispatcher.close();
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  // -------------------------------------------------------------------------------------------------
  // HTTP

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const rawUrl = req.url ?? "/";
    const q = rawUrl.indexOf("?");
    const path = q < 0 ? rawUrl : rawUrl.slice(0, q);
    const query = new URLSearchParams(q < 0 ? "" : rawUrl.slice(q + 1));
    const method = req.method ?? "GET";
    try {
      if (path.startsWith(ADMIN_PREFIX) || path === "/__admin") {
        const raw = await readBody(req, JSON_LIMIT);
        let body: Record<string, unknown> = {};
        if (raw.length > 0) {
          try {
            body = JSON.parse(raw.toString("utf8")) as Record<string, unknown>;
          } catch {
            return this.respondJson(res, 400, { error: "the body is not valid JSON" });
          }
        }
        const result = await handleAdmin(this, method, path, query, body);
        return this.respondJson(res, result.status, result.json);
      }
      await this.handleGraph(req, res, method, path, query);
    } catch (error) {
      if (!res.headersSent) this.respondJson(res, error instanceof BodyTooLarge ? 413 : 500, { error: error instanceof Error ? error.message : String(error) });
      if (!(error instanceof BodyTooLarge)) console.error("meta emulator: request failed", error);
    }
  }

  private async handleGraph(req: IncomingMessage, res: ServerResponse, method: string, path: string, query: URLSearchParams): Promise<void> {
    const arrived = Date.now();
    const contentType = req.headers["content-type"] ?? "";
    const isMultipart = contentType.startsWith("multipart/");
    const segments = path.split("/").filter(Boolean);
    const version = segments[0] && VERSION.test(segments[0]) ? (segments.shift() as string) : this.apiVersion;
    // A resumable upload's body is the file itself, whatever its content type says.
    const isUpload = segments[0]?.startsWith("upload:") === true;
    const raw = await readBody(req, isMultipart || isUpload ? UPLOAD_LIMIT : JSON_LIMIT);
    let body: Record<string, unknown> = {};
    let parts: MultipartPart[] | null = null;
    let recordedBody: unknown = raw.length > 0 ? raw.toString("utf8") : null;
    let response: GraphResponse;
    const fileOffset = req.headers.file_offset;
    const upload = isUpload ? { bytes: raw, fileOffset: Array.isArray(fileOffset) ? fileOffset[0] : fileOffset } : null;
    try {
      if (isUpload) recordedBody = { bytes: raw.length };
      else if (raw.length > 0) {
        if (isMultipart) {
          parts = parseMultipart(raw, contentType);
          if (!parts) throw graphParamError("The multipart body could not be parsed.");
          recordedBody = summarizeParts(parts);
        } else if (contentType.includes("application/x-www-form-urlencoded")) {
          body = parseForm(raw.toString("utf8"));
          recordedBody = body;
        } else {
          try {
            body = JSON.parse(raw.toString("utf8")) as Record<string, unknown>;
          } catch {
            throw graphParamError("The request body is not valid JSON.");
          }
          if (typeof body !== "object" || body === null || Array.isArray(body)) throw graphParamError("The request body must be a JSON object.");
          recordedBody = body;
        }
      }
      const token = accessToken(req, query, body);
      if (path === MEDIA_PATH || path === MEDIA_PATH.slice(0, -1)) response = downloadMedia(this.world, token, query);
      else {
        const request: GraphRequest = { method, segments, query, token, body, parts, upload };
        response = await handleGraph(request, {
          world: this.world,
          origin: this.options.publicUrl ?? this.url,
          version,
          verifyCallback: (url, verifyToken) => verifyCallback(url, verifyToken, this.runtime.webhookTimeoutMs),
        });
      }
    } catch (error) {
      if (!(error instanceof GraphError)) throw error;
      response = { status: error.status, json: error.body, headers: error.headers };
    }
    const record: RecordedRequest = {
      seq: ++this.requestSeq,
      at: arrived,
      method,
      path,
      query: Object.fromEntries(query),
      headers: req.headers,
      body: recordedBody,
      status: response.status,
      response: response.raw ? { contentType: response.raw.contentType, size: response.raw.data.length } : response.json,
      answered: true,
    };
    this.recorded.push(record);
    const delay = this.runtime.latencyMs + this.world.latencyOf(segments[0]) + (this.runtime.latencyJitterMs > 0 ? this.random() * this.runtime.latencyJitterMs : 0);
    const write = () => {
      // What was done is done (the message is accepted); a client that died meanwhile just never hears it.
      if (res.destroyed) {
        record.answered = false;
        return;
      }
      if (response.raw) {
        res.writeHead(response.status, { "content-type": response.raw.contentType, "content-length": response.raw.data.length, ...response.headers });
        res.end(response.raw.data);
      } else this.respondJson(res, response.status, response.json, { "facebook-api-version": version, ...response.headers });
    };
    if (delay > 0) setTimeout(write, delay);
    else write();
  }

  private respondJson(res: ServerResponse, status: number, json: unknown, headers: Record<string, string> = {}): void {
    const payload = JSON.stringify(json);
    res.writeHead(status, { "content-type": "application/json; charset=UTF-8", "content-length": Buffer.byteLength(payload), ...headers });
    res.end(payload);
  }

  // -------------------------------------------------------------------------------------------------
  // Control surface

  provision(account: AccountInput): AccountSummary {
    return summarizeAccount(this.world.provision(account));
  }

  accounts(): AccountSummary[] {
    return this.world.accountList().map(summarizeAccount);
  }

  updateAccount(wabaId: string, patch: AccountPatch): AccountSummary {
    const account = this.world.account(wabaId);
    const batchSize = patch.webhookBatchSize;
    if (batchSize !== undefined && batchSize !== null && !(Number.isInteger(batchSize) && batchSize >= 1)) {
      throw new Error("webhookBatchSize must be an integer >= 1, or null for the global value");
    }
    if (batchSize === null) delete account.webhookBatchSize;
    else if (batchSize !== undefined) account.webhookBatchSize = batchSize;
    if (patch.marketingMessagesEnabled !== undefined) account.marketingMessagesEnabled = Boolean(patch.marketingMessagesEnabled);
    if (patch.subscribed !== undefined) account.subscribed = Boolean(patch.subscribed);
    return summarizeAccount(account);
  }

  configure(patch: Partial<RuntimeConfig> | Record<string, unknown>): RuntimeConfig {
    const next = structuredClone(this.runtime);
    applyConfigPatch(next, patch as Record<string, unknown>);
    Object.assign(this.runtime, next); // the world and dispatcher hold this same object
    this.recorded.resize(this.runtime.requestRecordCap);
    this.dispatcher.resizeLog(this.runtime.webhookRecordCap);
    return this.config();
  }

  config(): RuntimeConfig {
    return structuredClone(this.runtime);
  }

  requests(filter: RequestFilter = {}): RecordedRequest[] {
    const { path, method, since } = filter;
    return this.recorded
      .toArray()
      .filter(
        (r) =>
          (since === undefined || r.seq > since) &&
          (method === undefined || r.method === method.toUpperCase()) &&
          (path === undefined || (typeof path === "string" ? r.path.includes(path) : path.test(r.path))),
      );
  }

  clearRequests(): void {
    this.recorded.clear();
  }

  webhooks(filter?: WebhookFilter): WebhookRecord[] {
    return this.dispatcher.records(filter);
  }

  clearWebhooks(): void {
    this.dispatcher.clearRecords();
  }

  sendInbound(input: InboundInput): InboundResult {
    return this.world.receive(input);
  }

  addUser(input: UserInput): UserSummary {
    return summarizeUser(this.world.upsertUser(input));
  }

  reviewTemplate(templateId: string, status: TemplateStatus, reason?: string): TemplateSummary {
    return summarizeTemplate(this.world.reviewTemplate(templateId, status, reason));
  }

  changeTemplateCategory(templateId: string, category: TemplateCategory, options: { impending?: boolean } = {}): TemplateSummary {
    return summarizeTemplate(this.world.changeTemplateCategory(templateId, category, options.impending));
  }

  setQuality(phoneNumberId: string, input: { qualityRating?: QualityRating; messagingLimitTier?: MessagingLimitTier; event?: string }): PhoneNumberSummary {
    return summarizePhone(this.world.setQuality(phoneNumberId, input));
  }

  setThroughput(phoneNumberId: string, perSecond: number): void {
    this.world.setThroughput(phoneNumberId, perSecond);
  }

  setPhoneLatency(phoneNumberId: string, latencyMs: number): void {
    this.world.setPhoneLatency(phoneNumberId, latencyMs);
  }

  updatePhoneNumber(phoneNumberId: string, patch: Record<string, unknown>): PhoneNumberSummary {
    return summarizePhone(this.world.updatePhoneNumber(phoneNumberId, patch));
  }

  async setWebhook(wabaId: string, callbackUrl: string, verifyToken: string): Promise<void> {
    const account = this.world.account(wabaId);
    await verifyCallback(callbackUrl, verifyToken, this.runtime.webhookTimeoutMs);
    account.callbackUrl = callbackUrl;
    account.verifyToken = verifyToken;
    account.subscribed = true;
  }

  expireToken(token: string): void {
    this.world.expireToken(token);
  }

  reset(): void {
    this.dispatcher.clearQueue();
    this.dispatcher.clearRecords();
    this.recorded.clear();
    Object.assign(this.runtime, pickRuntimeConfig(this.options));
    this.recorded.resize(this.runtime.requestRecordCap);
    this.dispatcher.resizeLog(this.runtime.webhookRecordCap);
    this.world.reset();
    for (const account of this.options.accounts) this.world.provision(account);
  }

  async settle(timeoutMs = 10_000, wabaId?: string): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    const idle = () => (wabaId === undefined ? this.dispatcher.idle : this.dispatcher.idleFor(wabaId));
    while (!idle()) {
      if (Date.now() > deadline) throw new Error(`meta emulator: webhooks${wabaId === undefined ? "" : ` of ${wabaId}`} still pending after ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }

  bsuidFor(wabaId: string, phone: string): string {
    return bsuidForPhone(this.world.account(wabaId).businessId, phone);
  }
}

/** Meta's subscription check: GET the callback with hub.* parameters and expect the challenge back. */
export async function verifyCallback(callbackUrl: string, verifyToken: string, timeoutMs: number): Promise<void> {
  let url: URL;
  try {
    url = new URL(callbackUrl);
  } catch {
    throw new Error(`The URL couldn't be validated: ${callbackUrl} is not a URL.`);
  }
  const challenge = String(Math.floor(Math.random() * 9e8) + 1e8);
  url.searchParams.set("hub.mode", "subscribe");
  url.searchParams.set("hub.challenge", challenge);
  url.searchParams.set("hub.verify_token", verifyToken);
  let status: number;
  let text: string;
  try {
    const response = await fetch(url, { headers: { "user-agent": "facebookplatform/1.0 (+http://developers.facebook.com)" }, signal: AbortSignal.timeout(timeoutMs) });
    status = response.status;
    text = await response.text();
  } catch (error) {
    throw new Error(`The URL couldn't be validated. Callback verification failed with the following errors: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (status !== 200) throw new Error(`The URL couldn't be validated. Callback verification failed with the following errors: HTTP Status Code = ${status}`);
  if (text.trim() !== challenge) {
    throw new Error(`The URL couldn't be validated. Response does not match challenge, expected value="${challenge}", received="${text.slice(0, 100)}"`);
  }
}

function summarizeParts(parts: MultipartPart[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const part of parts) {
    out[part.name] =
      part.filename !== undefined || part.data.length > 4096
        ? { filename: part.filename ?? null, contentType: part.contentType ?? null, size: part.data.length }
        : part.data.toString("utf8");
  }
  return out;
}

function summarizeAccount(account: Account): AccountSummary {
  return {
    wabaId: account.wabaId,
    businessId: account.businessId,
    name: account.name,
    callbackUrl: account.callbackUrl ?? null,
    subscribed: account.subscribed,
    marketingMessagesEnabled: account.marketingMessagesEnabled,
    webhookBatchSize: account.webhookBatchSize ?? null,
    phoneNumbers: [...account.phoneNumbers.values()].map(summarizePhone),
    templates: [...account.templates.values()].map(summarizeTemplate),
  };
}

function summarizePhone(phone: PhoneNumber): PhoneNumberSummary {
  return {
    id: phone.id,
    displayPhoneNumber: phone.displayPhoneNumber,
    verifiedName: phone.verifiedName,
    qualityRating: phone.qualityRating,
    messagingLimitTier: phone.messagingLimitTier,
    throughputPerSecond: phone.throughputPerSecond ?? null,
    latencyMs: phone.latencyMs,
    faults: structuredClone(phone.faults),
  };
}

function summarizeTemplate(template: Template): TemplateSummary {
  return {
    id: template.id,
    name: template.name,
    language: template.language,
    status: template.status,
    category: template.category,
    previousCategory: template.previousCategory ?? null,
    rejectedReason: template.rejectedReason,
  };
}

function summarizeUser(user: WhatsAppUser): UserSummary {
  return { bsuid: user.bsuid, phone: user.phone ?? null, username: user.username ?? null, name: user.name ?? null, phoneWithheld: user.phoneWithheld };
}

/** Starts an emulator; `port: 0` (the default) picks a free port. */
export async function startMetaEmulator(options: Partial<MetaEmulatorOptions> = {}): Promise<MetaEmulator> {
  const defaults = defaultOptions();
  const merged: MetaEmulatorOptions = { ...defaults, ...options, statusDelaysMs: { ...defaults.statusDelaysMs, ...options.statusDelaysMs } };
  const check = pickRuntimeConfig(defaults);
  applyConfigPatch(check, pickRuntimeConfig(merged) as unknown as Record<string, unknown>); // validates the runtime options
  if (!VERSION.test(merged.apiVersion)) throw new Error(`apiVersion must look like v24.0 (got ${merged.apiVersion})`);
  const emulator = new MetaEmulatorServer(merged);
  await emulator.listen();
  return emulator;
}
