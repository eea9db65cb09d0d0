// The emulated WhatsApp Business world: accounts (WABAs) with their tokens, phone numbers, templates
// and media; the WhatsApp users they talk to (phone, BSUID, username); and what happens when a
// message is sent or received — validation, rate limits, and the status webhooks that follow.
// Graph HTTP routes (graph.ts) and the admin API (admin.ts) both call into this one class.
import { createHash } from "node:crypto";
import {
  expiredToken,
  graphParamError,
  invalidParameter,
  invalidToken,
  missingToken,
  statusError,
  unsupportedRequest,
  whatsappError,
} from "./errors";
import { IdFactory, bsuidForPhone, bsuidForUsername, isBsuid, phoneDigits, wamid } from "./ids";
import {
  type AccountInput,
  type MessagingLimitTier,
  type PhoneFaults,
  type PhoneNumberInput,
  type QualityRating,
  type RuntimeConfig,
  type TemplateCategory,
  type TemplateInput,
  type TemplateStatus,
  patchPhoneFaults,
  phoneFaultKeys,
} from "./options";
import { type Template, checkTemplateParameters, parseTemplateSubmission, resolveSendableTemplate, shapeOf } from "./templates";
import type { WebhookChange, WebhookDispatcher, WebhookTarget } from "./webhooks";

export interface PhoneNumber {
  id: string;
  wabaId: string;
  displayPhoneNumber: string;
  /** Digits of the display number: what webhooks carry as metadata.display_phone_number. */
  digits: string;
  verifiedName: string;
  qualityRating: QualityRating;
  messagingLimitTier: MessagingLimitTier;
  throughputPerSecond: number | undefined;
  /** Extra milliseconds before answering this number's requests, on top of the global latency. */
  latencyMs: number;
  /** Overrides of the global failure and webhook-disorder rates; changed in place, so queued webhooks see the latest. */
  readonly faults: PhoneFaults;
  bucket: { tokens: number; at: number };
}

export interface Account {
  wabaId: string;
  businessId: string;
  name: string;
  appSecret: string;
  callbackUrl?: string;
  verifyToken?: string;
  subscribed: boolean;
  marketingMessagesEnabled: boolean;
  /** Events per webhook POST for this account, overriding the global `webhookBatchSize`. */
  webhookBatchSize?: number;
  phoneNumbers: Map<string, PhoneNumber>;
  templates: Map<string, Template>;
  tokens: Set<string>;
}

export interface WhatsAppUser {
  businessId: string;
  bsuid: string;
  phone?: string;
  username?: string;
  name?: string;
  /** A username user who does not share the phone: webhooks omit wa_id/from/recipient_id. */
  phoneWithheld: boolean;
}

export interface Media {
  id: string;
  wabaId: string;
  data: Buffer;
  mimeType: string;
  sha256: string;
  filename?: string;
  createdAt: number;
}

type GraphObject =
  | { kind: "account"; account: Account }
  | { kind: "phone"; account: Account; phone: PhoneNumber }
  | { kind: "template"; account: Account; template: Template }
  | { kind: "media"; account: Account; media: Media };

interface TokenInfo {
  wabaId: string;
  expiredAt: number | null;
}

export interface UserInput {
  wabaId?: string;
  phoneNumberId?: string;
  phone?: string;
  bsuid?: string;
  username?: string;
  name?: string;
  /** The user hides the phone number from the business (a username user). */
  withholdPhone?: boolean;
  /** Country for a BSUID minted for a username-only user. Default US. */
  country?: string;
}

export interface InboundInput extends UserInput {
  phoneNumberId: string;
  /** The user's phone number (same as `phone`). */
  from?: string;
  type?: "text" | "button" | "interactive" | "image" | "document" | "location" | "reaction";
  text?: string;
  /** For type button: a quick-reply tap on a template. */
  button?: { text: string; payload?: string };
  /** For type interactive: a reply button of an interactive message. */
  interactive?: { id: string; title: string };
  image?: { caption?: string; mimeType?: string; base64?: string };
  document?: { caption?: string; filename?: string; mimeType?: string; base64?: string };
  location?: { latitude: number; longitude: number; name?: string; address?: string };
  reaction?: { messageId: string; emoji: string };
  /** The wamid this message replies to (or the template a button belongs to). */
  contextMessageId?: string;
}

export interface InboundResult {
  messageId: string;
  userId: string;
  phone?: string;
  mediaId?: string;
}

type Obj = Record<string, unknown>;
const isObj = (value: unknown): value is Obj => typeof value === "object" && value !== null && !Array.isArray(value);
const str = (value: unknown): string | undefined => (typeof value === "string" ? value : undefined);

const SEND_TYPES = ["text", "template", "image", "document", "video", "audio", "sticker", "location", "reaction", "interactive", "contacts"];
const MEDIA_TYPES = new Set(["image", "document", "video", "audio", "sticker"]);
const SERVICE_WINDOW_MS = 24 * 60 * 60 * 1000;
// A 1x1 PNG and a minimal PDF: the bytes behind simulated inbound media when a test gives none.
const SAMPLE_PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==", "base64");
const SAMPLE_PDF = Buffer.from("%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n");

export class MetaWorld {
  private accounts = new Map<string, Account>();
  private objects = new Map<string, GraphObject>();
  private tokens = new Map<string, TokenInfo>();
  private usersByPhone = new Map<string, WhatsAppUser>();
  private usersByBsuid = new Map<string, WhatsAppUser>();
  private serviceWindows = new Map<string, number>();
  private pairBuckets = new Map<string, { tokens: number; at: number }>();
  private uploads = new Map<string, UploadSession>();
  private messageSeq = 0;
  private readonly ids: IdFactory;

  constructor(
    private readonly config: RuntimeConfig,
    private readonly dispatcher: WebhookDispatcher,
    private readonly random: () => number,
    private readonly apiVersion: string,
    private readonly publicUrl: () => string,
  ) {
    this.ids = new IdFactory(random);
  }

  reset(): void {
    this.accounts.clear();
    this.objects.clear();
    this.tokens.clear();
    this.usersByPhone.clear();
    this.usersByBsuid.clear();
    this.serviceWindows.clear();
    this.pairBuckets.clear();
    this.uploads.clear();
  }

  // ---------------------------------------------------------------------------------------------
  // Accounts

  provision(input: AccountInput): Account {
    if (!input || typeof input.wabaId !== "string" || !/^\d+$/.test(input.wabaId)) throw new Error("wabaId must be a numeric string");
    if (typeof input.accessToken !== "string" || input.accessToken.length < 8) throw new Error("accessToken must be a string of at least 8 characters");
    if (typeof input.appSecret !== "string" || input.appSecret.length === 0) throw new Error("appSecret is required");
    if (!Array.isArray(input.phoneNumbers)) throw new Error("phoneNumbers must be an array");
    const existing = this.accounts.get(input.wabaId);
    if (existing) this.removeAccount(existing);
    const owner = this.tokens.get(input.accessToken);
    if (owner && owner.wabaId !== input.wabaId) throw new Error(`accessToken already belongs to WABA ${owner.wabaId}`);
    this.claimId(input.wabaId);
    for (const phone of input.phoneNumbers) this.claimId(phone?.id);
    const account: Account = {
      wabaId: input.wabaId,
      businessId: input.businessId ?? input.wabaId,
      name: input.name ?? `WhatsApp Business Account ${input.wabaId}`,
      appSecret: input.appSecret,
      callbackUrl: input.callbackUrl,
      verifyToken: input.verifyToken,
      subscribed: input.subscribed ?? true,
      marketingMessagesEnabled: input.marketingMessagesEnabled ?? false,
      phoneNumbers: new Map(),
      templates: new Map(),
      tokens: new Set([input.accessToken]),
    };
    this.accounts.set(account.wabaId, account);
    this.objects.set(account.wabaId, { kind: "account", account });
    this.tokens.set(input.accessToken, { wabaId: account.wabaId, expiredAt: null });
    for (const phone of input.phoneNumbers) this.addPhoneNumber(account, phone);
    for (const template of input.templates ?? []) this.addTemplate(account, template);
    return account;
  }

  private claimId(id: string | undefined): void {
    if (typeof id !== "string" || !/^\d+$/.test(id)) throw new Error(`ids must be numeric strings (got ${JSON.stringify(id)})`);
    if (this.objects.has(id)) throw new Error(`id ${id} is already used by another object`);
  }

  private removeAccount(account: Account): void {
    for (const token of account.tokens) this.tokens.delete(token);
    for (const [id, object] of this.objects) if (object.account === account) this.objects.delete(id);
    this.accounts.delete(account.wabaId);
  }

  private addPhoneNumber(account: Account, input: PhoneNumberInput): PhoneNumber {
    if (typeof input.displayPhoneNumber !== "string" || phoneDigits(input.displayPhoneNumber).length < 5) throw new Error("displayPhoneNumber must be a phone number");
    if (typeof input.verifiedName !== "string" || !input.verifiedName) throw new Error("verifiedName is required");
    const phone: PhoneNumber = {
      id: input.id,
      wabaId: account.wabaId,
      displayPhoneNumber: input.displayPhoneNumber,
      digits: phoneDigits(input.displayPhoneNumber),
      verifiedName: input.verifiedName,
      qualityRating: input.qualityRating ?? "GREEN",
      messagingLimitTier: input.messagingLimitTier ?? "TIER_1K",
      throughputPerSecond: input.throughputPerSecond,
      latencyMs: 0,
      faults: {},
      bucket: { tokens: Number.POSITIVE_INFINITY, at: Date.now() },
    };
    account.phoneNumbers.set(phone.id, phone);
    this.objects.set(phone.id, { kind: "phone", account, phone });
    return phone;
  }

  private addTemplate(account: Account, input: TemplateInput): Template {
    const parsed = parseTemplateSubmission({
      name: input.name,
      language: input.language,
      category: input.category,
      components: input.components,
      parameter_format: input.parameterFormat,
    });
    if (input.id !== undefined) this.claimId(input.id);
    const id = input.id ?? this.newId();
    const now = Date.now();
    const template: Template = {
      id,
      wabaId: account.wabaId,
      name: parsed.name,
      language: parsed.language,
      category: parsed.category,
      status: input.status ?? "APPROVED",
      rejectedReason: "NONE",
      parameterFormat: parsed.parameterFormat,
      components: parsed.components,
      shape: parsed.shape,
      createdAt: now,
      statusChangedAt: now - this.config.marketingAdsSyncMs,
    };
    account.templates.set(id, template);
    this.objects.set(id, { kind: "template", account, template });
    return template;
  }

  private newId(): string {
    return this.ids.id((id) => this.objects.has(id));
  }

  accountList(): Account[] {
    return [...this.accounts.values()];
  }

  account(wabaId: string): Account {
    const account = this.accounts.get(wabaId);
    if (!account) throw new Error(`no account with WABA id ${wabaId}`);
    return account;
  }

  phoneNumber(id: string): { account: Account; phone: PhoneNumber } {
    const object = this.objects.get(id);
    if (object?.kind !== "phone") throw new Error(`no phone number with id ${id}`);
    return object;
  }

  template(id: string): { account: Account; template: Template } {
    const object = this.objects.get(id);
    if (object?.kind !== "template") throw new Error(`no template with id ${id}`);
    return object;
  }

  webhookTarget(account: Account): WebhookTarget | null {
    if (this.accounts.get(account.wabaId) !== account) return null; // reset or re-provisioned since
    return { wabaId: account.wabaId, callbackUrl: account.callbackUrl, appSecret: account.appSecret, subscribed: account.subscribed, batchSize: account.webhookBatchSize };
  }

  private emit(account: Account, due: number, change: () => WebhookChange | null, orderKey?: string, faults?: PhoneFaults): void {
    this.dispatcher.emitAt(account.wabaId, due, () => this.webhookTarget(account), change, orderKey, faults);
  }

  // ---------------------------------------------------------------------------------------------
  // Auth and object lookup

  /** The account a bearer token belongs to; throws Graph's 104/190 errors. */
  authenticate(token: string | undefined): Account {
    if (!token) throw missingToken();
    const info = this.tokens.get(token);
    if (!info) throw invalidToken();
    if (info.expiredAt !== null) throw expiredToken(info.expiredAt, Date.now());
    const account = this.accounts.get(info.wabaId);
    if (!account) throw invalidToken();
    return account;
  }

  expireToken(token: string): void {
    const info = this.tokens.get(token);
    if (!info) throw new Error("unknown access token");
    info.expiredAt = Date.now();
  }

  /** An object the token's account may see; anything else is Graph's "Unsupported get request". */
  lookup(account: Account, id: string, method: string): GraphObject {
    const object = this.objects.get(id);
    if (!object || object.account !== account) throw unsupportedRequest(method, id);
    return object;
  }

  // ---------------------------------------------------------------------------------------------
  // Users: phone ↔ BSUID ↔ username, per business portfolio

  private userKey(businessId: string, value: string): string {
    return `${businessId}\u0000${value}`;
  }

  userByPhone(businessId: string, digits: string): WhatsAppUser {
    const key = this.userKey(businessId, digits);
    let user = this.usersByPhone.get(key);
    if (!user) {
      user = { businessId, bsuid: bsuidForPhone(businessId, digits), phone: digits, phoneWithheld: false };
      this.usersByPhone.set(key, user);
      this.usersByBsuid.set(this.userKey(businessId, user.bsuid), user);
    }
    return user;
  }

  userByBsuid(businessId: string, bsuid: string): WhatsAppUser {
    const key = this.userKey(businessId, bsuid);
    let user = this.usersByBsuid.get(key);
    if (!user) {
      // A well-formed BSUID the emulator never minted: a user whose phone the business never learns.
      user = { businessId, bsuid, phoneWithheld: true };
      this.usersByBsuid.set(key, user);
    }
    return user;
  }

  /** Declares or updates a WhatsApp user (e.g. a username user who withholds the phone number). */
  upsertUser(input: UserInput): WhatsAppUser {
    const account = input.phoneNumberId ? this.phoneNumber(input.phoneNumberId).account : input.wabaId ? this.account(input.wabaId) : this.onlyAccount();
    const businessId = account.businessId;
    let user: WhatsAppUser;
    if (input.phone) {
      const digits = phoneDigits(input.phone);
      if (digits.length < 5 || digits.length > 15) throw new Error("phone must have 5 to 15 digits");
      user = this.userByPhone(businessId, digits);
      if (input.bsuid && input.bsuid !== user.bsuid) throw new Error(`the BSUID of ${digits} in this business is ${user.bsuid}`);
    } else if (input.bsuid) {
      if (!isBsuid(input.bsuid)) throw new Error("bsuid must look like US.13491208655302741918");
      user = this.userByBsuid(businessId, input.bsuid);
    } else if (input.username) {
      const bsuid = bsuidForUsername(businessId, input.username, input.country ?? "US");
      user = this.userByBsuid(businessId, bsuid);
    } else throw new Error("a user needs a phone, a bsuid or a username");
    if (input.username !== undefined) user.username = input.username;
    if (input.name !== undefined) user.name = input.name;
    if (input.withholdPhone !== undefined) user.phoneWithheld = input.withholdPhone;
    else if (!user.phone) user.phoneWithheld = true;
    return user;
  }

  private onlyAccount(): Account {
    if (this.accounts.size !== 1) throw new Error("say which account: wabaId or phoneNumberId");
    return this.accounts.values().next().value as Account;
  }

  private sharedPhone(user: WhatsAppUser): string | undefined {
    return user.phone && !user.phoneWithheld ? user.phone : undefined;
  }

  // ---------------------------------------------------------------------------------------------
  // Sending

  /** POST /{phone-number-id}/messages and /marketing_messages; `version` is the request's Graph API version. */
  send(account: Account, phone: PhoneNumber, body: Obj, endpoint: "messages" | "marketing_messages", version: string): Obj {
    if (endpoint === "messages" && body.status === "read") {
      if (!str(body.message_id)) throw graphParamError("The parameter message_id is required.");
      return { success: true };
    }
    if (body.messaging_product !== "whatsapp") throw graphParamError("The parameter messaging_product is required.");
    const now = Date.now();
    this.takeThroughput(phone, now);

    const recipientType = str(body.recipient_type) ?? "individual";
    if (recipientType !== "individual") throw graphParamError(`Param recipient_type must be one of {individual} - got "${recipientType}".`);
    let user: WhatsAppUser;
    let sentToPhone: string | undefined;
    const to = str(body.to);
    const recipient = str(body.recipient);
    if (to) {
      const digits = phoneDigits(to);
      if (digits.length < 5 || digits.length > 15) throw whatsappError(100, `Invalid parameter: to (${to}) is not a phone number`);
      for (const own of account.phoneNumbers.values()) if (own.digits === digits) throw whatsappError(131021);
      user = this.userByPhone(account.businessId, digits);
      sentToPhone = digits;
    } else if (recipient) {
      if (!isBsuid(recipient)) throw whatsappError(100, "Invalid parameter: recipient must be a business-scoped user ID like US.13491208655302741918");
      user = this.userByBsuid(account.businessId, recipient);
    } else throw graphParamError("The parameter to is required.");

    const type = str(body.type) ?? "text";
    if (!SEND_TYPES.includes(type)) throw graphParamError(`Param type must be one of {${SEND_TYPES.join(", ")}} - got "${type}".`);
    if (endpoint === "marketing_messages" && type !== "template") throw whatsappError(100, "Message must be a template message.");

    let template: Template | undefined;
    let viaMarketingMessages = false;
    if (type === "template") {
      template = this.checkTemplateSend(account, body.template, !sentToPhone);
      if (endpoint === "marketing_messages") {
        // Graph API v23.0 gave these two refusals their own codes; earlier versions answer 131055 and 131009.
        const dedicatedCodes = versionNumber(version) >= 23;
        if (template.category !== "MARKETING") {
          throw whatsappError(
            dedicatedCodes ? 134100 : 131055,
            `Template ${template.name} is a ${template.category} template. Only templates categorized as MARKETING can be sent with the Marketing Messages API for WhatsApp.`,
          );
        }
        if (now - template.statusChangedAt < this.config.marketingAdsSyncMs) {
          throw whatsappError(dedicatedCodes ? 134101 : 131009, "Ads syncing for this template has not completed. Wait 10 minutes and try again.");
        }
        if (account.marketingMessagesEnabled) viaMarketingMessages = true;
        else if (str(body.product_policy) === "STRICT") {
          throw whatsappError(131055, "This WhatsApp Business Account has not accepted the Marketing Messages API for WhatsApp terms; product_policy STRICT forbids the Cloud API fallback.");
        }
      }
    } else this.checkContent(account, type, body[type]);

    this.takePairQuota(phone, user, now);

    const seq = ++this.messageSeq;
    const id = wamid(sentToPhone ?? user.bsuid, phone.id, seq);
    const windowOpen = now - (this.serviceWindows.get(`${phone.id}\u0000${user.bsuid}`) ?? -Infinity) < SERVICE_WINDOW_MS;
    let failure = this.pickFailure(phone);
    if (!failure && !template && this.config.enforceCustomerServiceWindow && !windowOpen) failure = 131047;
    this.scheduleStatuses({
      account,
      phone,
      user,
      id,
      sentToPhone,
      at: now,
      failure,
      pricing: pricingFor(template, windowOpen, viaMarketingMessages),
      callbackData: str(body.biz_opaque_callback_data),
    });

    const contact: Obj = sentToPhone ? { input: to, wa_id: sentToPhone } : { input: recipient, user_id: user.bsuid };
    return {
      messaging_product: "whatsapp",
      contacts: [contact],
      messages: [template ? { id, message_status: "accepted" } : { id }],
    };
  }

  private checkTemplateSend(account: Account, raw: unknown, toBsuid: boolean): Template {
    if (!isObj(raw)) throw graphParamError("The parameter template is required.");
    const name = str(raw.name);
    if (!name) throw graphParamError("The parameter template['name'] is required.");
    const language = isObj(raw.language) ? str(raw.language.code) : undefined;
    if (!language) throw graphParamError("The parameter template['language']['code'] is required.");
    const candidates: Template[] = [];
    for (const template of account.templates.values()) if (template.name === name) candidates.push(template);
    const template = resolveSendableTemplate(candidates, name, language);
    if (toBsuid && template.category === "AUTHENTICATION") {
      throw whatsappError(131062, "Authentication templates with one-tap, zero-tap or copy-code buttons must be sent to a phone number.");
    }
    checkTemplateParameters(template, raw.components);
    return template;
  }

  private checkContent(account: Account, type: string, content: unknown): void {
    if (!isObj(content)) throw graphParamError(`The parameter ${type} is required.`);
    if (type === "text") {
      const text = str(content.body);
      if (!text) throw graphParamError("The parameter text['body'] is required.");
      if (text.length > 4096) throw whatsappError(100, `Invalid parameter: text['body'] is ${text.length} characters; the limit is 4096`);
    } else if (MEDIA_TYPES.has(type)) {
      const id = str(content.id);
      const link = str(content.link);
      if (!id && !link) throw graphParamError(`The parameter ${type}['id'] or ${type}['link'] is required.`);
      if (id) {
        const object = this.objects.get(id);
        if (object?.kind !== "media" || object.account !== account) throw whatsappError(131009, `Media id ${id} is not valid for this business`);
      } else if (link && !/^https?:\/\//.test(link)) throw whatsappError(131009, `${type}['link'] must be an http(s) URL`);
      if (type === "document" && content.filename !== undefined && typeof content.filename !== "string") throw whatsappError(131009, "document['filename'] must be a string");
    } else if (type === "reaction") {
      if (!str(content.message_id)) throw graphParamError("The parameter reaction['message_id'] is required.");
    } else if (type === "location") {
      if (typeof content.latitude !== "number" && typeof content.latitude !== "string") throw graphParamError("The parameter location['latitude'] is required.");
    }
  }

  private takeThroughput(phone: PhoneNumber, now: number): void {
    const limit = this.config.throughputPerSecond ?? phone.throughputPerSecond ?? this.config.defaultThroughputPerSecond;
    if (!limit) return;
    const bucket = phone.bucket;
    bucket.tokens = Math.min(limit, bucket.tokens + ((now - bucket.at) * limit) / 1000);
    bucket.at = now;
    if (bucket.tokens < 1) throw whatsappError(130429);
    bucket.tokens -= 1;
  }

  private takePairQuota(phone: PhoneNumber, user: WhatsAppUser, now: number): void {
    const limit = this.config.pairRateLimit;
    if (!limit) return;
    const key = `${phone.id}\u0000${user.bsuid}`;
    let bucket = this.pairBuckets.get(key);
    if (!bucket) {
      if (this.pairBuckets.size > 100_000) this.sweepPairBuckets(now, limit.burst, limit.refillMs);
      bucket = { tokens: limit.burst, at: now };
      this.pairBuckets.set(key, bucket);
    }
    bucket.tokens = Math.min(limit.burst, bucket.tokens + (now - bucket.at) / limit.refillMs);
    bucket.at = now;
    if (bucket.tokens < 1) throw whatsappError(131056);
    bucket.tokens -= 1;
  }

  // Buckets that have refilled completely carry no information; dropping them keeps memory bounded.
  private sweepPairBuckets(now: number, burst: number, refillMs: number): void {
    for (const [key, bucket] of this.pairBuckets) if (bucket.tokens + (now - bucket.at) / refillMs >= burst) this.pairBuckets.delete(key);
  }

  private pickFailure(phone: PhoneNumber): number | undefined {
    const rates = phone.faults.failureRates ?? this.config.failureRates;
    let roll: number | undefined;
    let cumulative = 0;
    for (const code in rates) {
      roll ??= this.random();
      cumulative += rates[code] ?? 0;
      if (roll < cumulative) return Number(code);
    }
    return undefined;
  }

  private scheduleStatuses(message: OutboundMessage): void {
    const { account, at, failure, phone } = message;
    const delays = this.config.statusDelaysMs;
    if (failure !== undefined) {
      this.emit(account, at + delays.sent, () => this.statusChange(message, "failed"), message.id, phone.faults);
      return;
    }
    this.emit(account, at + delays.sent, () => this.statusChange(message, "sent"), message.id, phone.faults);
    let delivered = delays.delivered === null ? null : at + Math.max(delays.sent, delays.delivered);
    let read = delays.read === null || delivered === null || this.random() >= this.config.readRate ? null : Math.max(delivered, at + delays.read);
    const reorderRate = phone.faults.reorderRate ?? this.config.reorderRate;
    if (delivered !== null && read !== null && reorderRate > 0 && this.random() < reorderRate) {
      [delivered, read] = [read + 1, delivered];
    }
    if (delivered !== null) this.emit(account, delivered, () => this.statusChange(message, "delivered"), message.id, phone.faults);
    if (read !== null) this.emit(account, read, () => this.statusChange(message, "read"), message.id, phone.faults);
  }

  private statusChange(message: OutboundMessage, status: "sent" | "delivered" | "read" | "failed"): WebhookChange {
    const { phone, user, sentToPhone } = message;
    const timestamp = String(Math.floor(Date.now() / 1000));
    const entry: Obj = { id: message.id, status, timestamp };
    if (sentToPhone) entry.recipient_id = sentToPhone;
    // Meta leaves recipient_user_id out of failed statuses for messages sent to a phone number.
    if (status !== "failed" || !sentToPhone) entry.recipient_user_id = user.bsuid;
    if (message.callbackData !== undefined) entry.biz_opaque_callback_data = message.callbackData;
    const value: Obj = { messaging_product: "whatsapp", metadata: { display_phone_number: phone.digits, phone_number_id: phone.id } };
    if (status === "failed") {
      entry.errors = [statusError(message.failure ?? 131000)];
    } else {
      const pricing = message.pricing;
      if (versionNumber(this.apiVersion) < 24) {
        const conversation: Obj = {
          id: createHash("sha1").update(`${phone.id}|${user.bsuid}|${pricing.category}`).digest("hex").slice(0, 32),
          origin: { type: pricing.category },
        };
        if (status === "sent") conversation.expiration_timestamp = String(Math.floor((message.at + SERVICE_WINDOW_MS) / 1000));
        entry.conversation = conversation;
      }
      entry.pricing = { billable: pricing.type === "regular", pricing_model: "PMP", type: pricing.type, category: pricing.category };
      const contact: Obj = { user_id: user.bsuid };
      const waId = sentToPhone ?? this.sharedPhone(user);
      if (waId) contact.wa_id = waId;
      if (status !== "sent" && user.username) contact.profile = { username: user.username };
      value.contacts = [contact];
    }
    value.statuses = [entry];
    return { field: "messages", value };
  }

  // ---------------------------------------------------------------------------------------------
  // Inbound messages (a WhatsApp user writes to the business)

  receive(input: InboundInput): InboundResult {
    const { account, phone } = this.phoneNumber(input.phoneNumberId);
    const user = this.upsertUser({ ...input, wabaId: account.wabaId, phone: input.phone ?? input.from });
    const now = Date.now();
    const type = input.type ?? "text";
    const id = wamid(user.phone ?? user.bsuid, phone.id, ++this.messageSeq);
    const message: Obj = {};
    const shared = this.sharedPhone(user);
    if (shared) message.from = shared;
    message.from_user_id = user.bsuid;
    message.id = id;
    message.timestamp = String(Math.floor(now / 1000));
    message.type = type;
    if (input.contextMessageId) message.context = { from: phone.digits, id: input.contextMessageId };
    let mediaId: string | undefined;
    switch (type) {
      case "text":
        message.text = { body: input.text ?? "Hello" };
        break;
      case "button":
        if (!input.button) throw new Error("a button message needs button: { text, payload? }");
        message.button = { payload: input.button.payload ?? input.button.text, text: input.button.text };
        break;
      case "interactive":
        if (!input.interactive) throw new Error("an interactive message needs interactive: { id, title }");
        message.interactive = { type: "button_reply", button_reply: { id: input.interactive.id, title: input.interactive.title } };
        break;
      case "image":
      case "document": {
        const spec = (type === "image" ? input.image : input.document) ?? {};
        const mimeType = spec.mimeType ?? (type === "image" ? "image/png" : "application/pdf");
        const data = spec.base64 !== undefined ? Buffer.from(spec.base64, "base64") : type === "image" ? SAMPLE_PNG : SAMPLE_PDF;
        const media = this.storeMedia(account, data, mimeType, type === "document" ? (input.document?.filename ?? "document.pdf") : undefined);
        mediaId = media.id;
        const content: Obj = { mime_type: media.mimeType, sha256: media.sha256, id: media.id, url: this.mediaUrl(media) };
        if (spec.caption !== undefined) content.caption = spec.caption;
        if (type === "document") content.filename = media.filename;
        message[type] = content;
        break;
      }
      case "location":
        if (!input.location) throw new Error("a location message needs location: { latitude, longitude }");
        message.location = { ...input.location };
        break;
      case "reaction":
        if (!input.reaction) throw new Error("a reaction needs reaction: { messageId, emoji }");
        message.reaction = { message_id: input.reaction.messageId, emoji: input.reaction.emoji };
        break;
      default:
        throw new Error(`unsupported inbound type ${String(type)}`);
    }
    this.serviceWindows.set(`${phone.id}\u0000${user.bsuid}`, now);
    const contact: Obj = { profile: user.username ? { name: user.name ?? user.username, username: user.username } : { name: user.name ?? "WhatsApp User" } };
    if (shared) contact.wa_id = shared;
    contact.user_id = user.bsuid;
    this.emit(
      account,
      now,
      () => ({
        field: "messages",
        value: {
          messaging_product: "whatsapp",
          metadata: { display_phone_number: phone.digits, phone_number_id: phone.id },
          contacts: [contact],
          messages: [message],
        },
      }),
      undefined,
      phone.faults,
    );
    return { messageId: id, userId: user.bsuid, ...(shared ? { phone: shared } : {}), ...(mediaId ? { mediaId } : {}) };
  }

  // ---------------------------------------------------------------------------------------------
  // Templates

  createTemplate(account: Account, body: Obj): Template {
    const parsed = parseTemplateSubmission(body);
    for (const existing of account.templates.values()) {
      if (existing.name === parsed.name && existing.language === parsed.language) {
        throw invalidParameter(`Message template "${parsed.name}" already has content in ${parsed.language}`, {
          subcode: 2388024,
          title: "Content in This Language Already Exists",
          message: `There is already ${parsed.language} content for this template. You can create a new template and try again.`,
        });
      }
    }
    const now = Date.now();
    const template: Template = { id: this.newId(), wabaId: account.wabaId, ...parsed, status: "PENDING", rejectedReason: "NONE", createdAt: now, statusChangedAt: now };
    account.templates.set(template.id, template);
    this.objects.set(template.id, { kind: "template", account, template });
    const outcome = this.config.templateReviewOutcome;
    if (outcome !== "manual") {
      this.dispatcher.later(account.wabaId, now + this.config.templateReviewDelayMs, () => {
        if (this.objects.get(template.id)?.kind !== "template" || template.status !== "PENDING") return;
        const reject = outcome === "REJECTED" || (outcome === "auto" && template.name.includes("reject"));
        this.reviewTemplate(template.id, reject ? "REJECTED" : "APPROVED", reject ? "INVALID_FORMAT" : undefined);
      });
    }
    return template;
  }

  deleteTemplates(account: Account, name: string, templateId?: string): number {
    let deleted = 0;
    for (const template of [...account.templates.values()]) {
      if (template.name !== name || (templateId !== undefined && template.id !== templateId)) continue;
      account.templates.delete(template.id);
      this.objects.delete(template.id);
      deleted++;
    }
    return deleted;
  }

  reviewTemplate(id: string, status: TemplateStatus, reason?: string): Template {
    const { account, template } = this.template(id);
    if (!["APPROVED", "REJECTED", "PAUSED", "DISABLED", "PENDING"].includes(status)) throw new Error("status must be APPROVED, REJECTED, PAUSED, DISABLED or PENDING");
    template.status = status;
    template.statusChangedAt = Date.now();
    template.rejectedReason = status === "REJECTED" ? (reason ?? "INVALID_FORMAT") : "NONE";
    const value: Obj = {
      event: status,
      message_template_id: Number(template.id),
      message_template_name: template.name,
      message_template_language: template.language,
      reason: status === "REJECTED" ? template.rejectedReason : (reason ?? "NONE"),
      message_template_category: template.category,
    };
    if (status === "REJECTED" && template.rejectedReason === "INVALID_FORMAT") {
      value.rejection_info = {
        reason: "The template's variables or examples are not formatted correctly.",
        recommendation: "Check that each variable has an example value and that variables are not at the very start or end of the body.",
      };
    }
    if (status === "PAUSED") value.other_info = { title: "FIRST_PAUSE", description: "Your template has been paused for 3 hours because it received negative feedback." };
    if (status === "DISABLED") value.disable_info = { disable_date: String(Math.floor(Date.now() / 1000)) };
    this.emit(account, Date.now(), () => ({ field: "message_template_status_update", value }));
    return template;
  }

  changeTemplateCategory(id: string, category: TemplateCategory, impending = false): Template {
    const { account, template } = this.template(id);
    if (!["MARKETING", "UTILITY", "AUTHENTICATION"].includes(category)) throw new Error("category must be MARKETING, UTILITY or AUTHENTICATION");
    const base = { message_template_id: Number(template.id), message_template_name: template.name, message_template_language: template.language };
    let value: Obj;
    if (impending) {
      value = { ...base, correct_category: category, new_category: template.category, category_update_timestamp: Math.floor(Date.now() / 1000) + 24 * 3600 };
    } else {
      value = { ...base, previous_category: template.category, new_category: category };
      template.previousCategory = template.category;
      template.category = category;
      template.shape = shapeOf(template.components, template.parameterFormat, category);
    }
    this.emit(account, Date.now(), () => ({ field: "template_category_update", value }));
    return template;
  }

  // ---------------------------------------------------------------------------------------------
  // Phone numbers

  setQuality(id: string, input: { qualityRating?: QualityRating; messagingLimitTier?: MessagingLimitTier; event?: string }): PhoneNumber {
    const { account, phone } = this.phoneNumber(id);
    const oldTier = phone.messagingLimitTier;
    if (input.qualityRating !== undefined) {
      if (!["GREEN", "YELLOW", "RED", "UNKNOWN"].includes(input.qualityRating)) throw new Error("qualityRating must be GREEN, YELLOW, RED or UNKNOWN");
      phone.qualityRating = input.qualityRating;
    }
    if (input.messagingLimitTier !== undefined) {
      if (!(input.messagingLimitTier in TIER_ORDER)) throw new Error(`messagingLimitTier must be one of ${Object.keys(TIER_ORDER).join(", ")}`);
      phone.messagingLimitTier = input.messagingLimitTier;
    }
    const tierChanged = phone.messagingLimitTier !== oldTier;
    let event = input.event;
    if (!event && tierChanged) event = (TIER_ORDER[phone.messagingLimitTier] ?? 0) > (TIER_ORDER[oldTier] ?? 0) ? "UPGRADE" : "DOWNGRADE";
    if (!event) event = phone.qualityRating === "RED" || phone.qualityRating === "YELLOW" ? "FLAGGED" : "UNFLAGGED";
    const value: Obj = { display_phone_number: phone.digits, event };
    if (tierChanged) value.old_limit = oldTier;
    value.current_limit = phone.messagingLimitTier;
    value.max_daily_conversations_per_business = phone.messagingLimitTier;
    this.emit(account, Date.now(), () => ({ field: "phone_number_quality_update", value }), undefined, phone.faults);
    return phone;
  }

  setThroughput(id: string, perSecond: number): void {
    if (!(perSecond >= 0)) throw new Error("throughputPerSecond must be a number >= 0");
    const { phone } = this.phoneNumber(id);
    phone.throughputPerSecond = perSecond;
    phone.bucket = { tokens: Number.POSITIVE_INFINITY, at: Date.now() };
  }

  setPhoneLatency(id: string, latencyMs: number): void {
    if (!(latencyMs >= 0)) throw new Error("latencyMs must be a number >= 0");
    this.phoneNumber(id).phone.latencyMs = latencyMs;
  }

  /** One number's throughput, latency and fault overrides; every value is checked before any applies. */
  updatePhoneNumber(id: string, patch: Obj): PhoneNumber {
    const { phone } = this.phoneNumber(id);
    const settings = ["throughputPerSecond", "latencyMs", ...phoneFaultKeys];
    const keys = Object.keys(patch);
    if (keys.length === 0) throw new Error(`give at least one of ${settings.join(", ")}`);
    const unknown = keys.find((key) => !settings.includes(key));
    if (unknown !== undefined) throw new Error(`unknown phone number setting: ${unknown} (the settings are ${settings.join(", ")})`);
    for (const key of ["throughputPerSecond", "latencyMs"] as const) {
      const value = patch[key];
      if (value !== undefined && !(typeof value === "number" && Number.isFinite(value) && value >= 0)) throw new Error(`${key} must be a number >= 0`);
    }
    const faults = patchPhoneFaults(phone.faults, patch);
    if (typeof patch.throughputPerSecond === "number") this.setThroughput(id, patch.throughputPerSecond);
    if (typeof patch.latencyMs === "number") this.setPhoneLatency(id, patch.latencyMs);
    for (const key of phoneFaultKeys) delete phone.faults[key];
    Object.assign(phone.faults, faults);
    return phone;
  }

  /** The extra latency of requests addressed to a phone number (0 for any other path). */
  latencyOf(objectId: string | undefined): number {
    const object = objectId === undefined ? undefined : this.objects.get(objectId);
    return object?.kind === "phone" ? object.phone.latencyMs : 0;
  }

  // ---------------------------------------------------------------------------------------------
  // Media

  storeMedia(account: Account, data: Buffer, mimeType: string, filename?: string): Media {
    const media: Media = {
      id: this.newId(),
      wabaId: account.wabaId,
      data,
      mimeType,
      sha256: createHash("sha256").update(data).digest("hex"),
      createdAt: Date.now(),
      ...(filename ? { filename } : {}),
    };
    this.objects.set(media.id, { kind: "media", account, media });
    return media;
  }

  deleteMedia(id: string): void {
    this.objects.delete(id);
  }

  mediaUrl(media: Media): string {
    const hash = media.sha256.slice(0, 16);
    return `${this.publicUrl()}/whatsapp_business/attachments/?mid=${media.id}&ext=${Math.floor(media.createdAt / 1000)}&hash=${hash}`;
  }

  mediaById(id: string): { account: Account; media: Media } | undefined {
    const object = this.objects.get(id);
    return object?.kind === "media" ? object : undefined;
  }

  // ---------------------------------------------------------------------------------------------
  // Resumable uploads (POST /{app-id}/uploads, then POST /upload:<session>): a file's handle for a
  // template's media header sample.

  startUpload(account: Account, file: { length: number; type: string }): string {
    const id = `upload:${Buffer.from(`${this.newId()}:${file.type}`).toString("base64url")}`;
    this.uploads.set(id, { account, ...file, offset: 0 });
    return id;
  }

  private uploadOf(account: Account, id: string): UploadSession {
    const session = this.uploads.get(id);
    if (!session || session.account !== account) throw invalidParameter(`Upload session ${id} does not exist`, { title: "Invalid upload session", message: "Start a new upload session." });
    return session;
  }

  uploadProgress(account: Account, id: string): { id: string; file_offset: number } {
    return { id, file_offset: this.uploadOf(account, id).offset };
  }

  /** Takes the bytes at `offset` (where the session stands); the handle once the whole file is in. */
  continueUpload(account: Account, id: string, offset: number, data: Buffer): { h: string } | { id: string; file_offset: number } {
    const session = this.uploadOf(account, id);
    if (offset !== session.offset) throw graphParamError(`Param file_offset must be ${session.offset}, where this upload session stands`);
    if (session.offset + data.length > session.length) throw graphParamError(`The upload is longer than the file_length of ${session.length} bytes`);
    session.offset += data.length;
    if (session.offset < session.length) return { id, file_offset: session.offset };
    session.handle ??= `4::${Buffer.from(session.type).toString("base64")}:${Buffer.from(this.newId()).toString("base64url")}`;
    return { h: session.handle };
  }
}

/** How far an upload got; the bytes themselves are not kept, as nothing reads a sample back. */
interface UploadSession {
  account: Account;
  length: number;
  type: string;
  offset: number;
  handle?: string;
}

interface OutboundMessage {
  account: Account;
  phone: PhoneNumber;
  user: WhatsAppUser;
  id: string;
  sentToPhone: string | undefined;
  at: number;
  failure: number | undefined;
  pricing: { type: "regular" | "free_customer_service"; category: string };
  callbackData: string | undefined;
}

const TIER_ORDER: Record<string, number> = {
  TIER_NOT_SET: 0,
  TIER_50: 1,
  TIER_250: 2,
  TIER_1K: 3,
  TIER_2K: 4,
  TIER_10K: 5,
  TIER_100K: 6,
  TIER_UNLIMITED: 7,
};

/** Per-message pricing (PMP): template category, free inside the customer service window for utility and service. */
function pricingFor(template: Template | undefined, windowOpen: boolean, viaMarketingMessages: boolean): OutboundMessage["pricing"] {
  if (!template) return { type: "free_customer_service", category: "service" };
  if (viaMarketingMessages) return { type: "regular", category: "marketing_lite" };
  const category = template.category.toLowerCase();
  if (template.category === "UTILITY" && windowOpen) return { type: "free_customer_service", category };
  return { type: "regular", category };
}

function versionNumber(version: string): number {
  return Number(version.replace(/^v/, ""));
}
