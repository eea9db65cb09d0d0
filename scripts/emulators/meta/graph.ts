// The Graph API routes the app calls: phone numbers, templates, messages, the Marketing Messages
// API, media, resumable uploads (a template's sample) and app subscriptions, rendered in Graph's shapes (fields selection, data + paging
// cursors). Domain rules live in core.ts; this file maps HTTP to them.
import type { Account, Media, MetaWorld, PhoneNumber } from "./core";
import { GraphError, graphParamError, invalidParameter, nonexistingField, unknownPath, unsupportedRequest, whatsappError } from "./errors";
import type { MultipartPart } from "./http";
import type { Template } from "./templates";

export interface GraphRequest {
  method: string;
  /** Path segments after the optional version, e.g. ["1234", "messages"]. */
  segments: string[];
  query: URLSearchParams;
  token: string | undefined;
  body: Record<string, unknown>;
  parts: MultipartPart[] | null;
  /** The raw body of a resumable upload (POST /upload:<session>), with its file_offset header. */
  upload: { bytes: Buffer; fileOffset: string | undefined } | null;
}

export interface GraphResponse {
  status: number;
  json?: unknown;
  raw?: { data: Buffer; contentType: string };
  headers?: Record<string, string>;
}

export interface GraphContext {
  world: MetaWorld;
  /** Origin and version used to build paging links. */
  origin: string;
  version: string;
  verifyCallback: (url: string, verifyToken: string) => Promise<void>;
}

type Obj = Record<string, unknown>;
const ok = (json: unknown): GraphResponse => ({ status: 200, json });
const APP = { id: "100000000000777", name: "Kiana WhatsApp Panel", link: "https://www.facebook.com/games/?app_id=100000000000777" };
const MAX_MEDIA_BYTES = 100 * 1024 * 1024;

export async function handleGraph(request: GraphRequest, context: GraphContext): Promise<GraphResponse> {
  const { world } = context;
  const { method, segments } = request;
  if (segments.length === 0) throw unsupportedRequest(method, "");
  const account = world.authenticate(request.token);
  const [id = "", edge, ...rest] = segments;
  if (rest.length > 0) throw unknownPath(segments.slice(1).join("/"));
  const upload = resumableUpload(request, context, account, id, edge);
  if (upload) return ok(upload);
  const object = world.lookup(account, id, method);

  if (edge === undefined) {
    if (method === "GET") {
      switch (object.kind) {
        case "account":
          return ok(selectFields(accountNode(object.account), request.query, ACCOUNT_DEFAULT_FIELDS, "WhatsAppBusinessAccount"));
        case "phone":
          return ok(selectFields(phoneNode(object.phone), request.query, PHONE_DEFAULT_FIELDS, "WhatsAppBusinessPhoneNumber"));
        case "template":
          return ok(selectFields(templateNode(object.template), request.query, TEMPLATE_DEFAULT_FIELDS, "WhatsAppMessageTemplate"));
        case "media":
          return ok(mediaNode(world, object.media));
      }
    }
    if (method === "DELETE" && object.kind === "media") {
      world.deleteMedia(object.media.id);
      return ok({ success: true });
    }
    throw unsupportedRequest(method, id);
  }

  if (object.kind === "phone") {
    if (method === "POST" && (edge === "messages" || edge === "marketing_messages")) return ok(world.send(account, object.phone, request.body, edge, context.version));
    if (method === "POST" && edge === "media") return ok(uploadMedia(world, account, request));
  }
  if (object.kind === "account") {
    if (edge === "phone_numbers" && method === "GET") {
      const phones = [...object.account.phoneNumbers.values()].map((phone) => selectFields(phoneNode(phone), request.query, PHONE_DEFAULT_FIELDS, "WhatsAppBusinessPhoneNumber"));
      return ok(page(phones, request.query, `${context.origin}/${context.version}/${id}/phone_numbers`));
    }
    if (edge === "message_templates") {
      if (method === "GET") return ok(listTemplates(object.account, request.query, `${context.origin}/${context.version}/${id}/message_templates`));
      if (method === "POST") {
        const template = world.createTemplate(object.account, request.body);
        return ok({ id: template.id, status: template.status, category: template.category });
      }
      if (method === "DELETE") return ok(deleteTemplate(world, object.account, request));
    }
    if (edge === "subscribed_apps") return subscribedApps(object.account, request, context);
  }
  if (["GET", "POST", "DELETE"].includes(method) && KNOWN_EDGES.has(edge)) throw unsupportedRequest(method, id);
  throw unknownPath(edge);
}

const UPLOAD_TYPES = ["application/pdf", "image/jpeg", "image/jpg", "image/png", "video/mp4"];

/** The app of the token (GET /app) and the Resumable Upload API; null for any other request. */
function resumableUpload(request: GraphRequest, { world }: GraphContext, account: Account, id: string, edge: string | undefined): Obj | null {
  const { method, query } = request;
  if (id === "app" && edge === undefined && method === "GET") return { ...APP };
  if (id === APP.id && edge === "uploads" && method === "POST") {
    const length = Number(query.get("file_length"));
    if (!Number.isInteger(length) || length < 1) throw graphParamError("Param file_length must be a positive integer");
    const type = query.get("file_type") ?? "";
    if (!UPLOAD_TYPES.includes(type)) throw graphParamError(`Param file_type must be one of {${UPLOAD_TYPES.join(", ")}} - got "${type}".`);
    return { id: world.startUpload(account, { length, type }) };
  }
  if (!id.startsWith("upload:") || edge !== undefined) return null;
  if (method === "GET") return world.uploadProgress(account, id);
  if (method !== "POST" || !request.upload) throw unsupportedRequest(method, id);
  const offset = Number(request.upload.fileOffset ?? "0");
  if (!Number.isInteger(offset) || offset < 0) throw graphParamError("Param file_offset must be a non-negative integer");
  return world.continueUpload(account, id, offset, request.upload.bytes);
}

const KNOWN_EDGES = new Set(["messages", "marketing_messages", "media", "phone_numbers", "message_templates", "subscribed_apps"]);

// ---------------------------------------------------------------------------------------------------
// Nodes

const ACCOUNT_DEFAULT_FIELDS = ["id", "name", "timezone_id", "message_template_namespace"];
function accountNode(account: Account): Obj {
  return {
    id: account.wabaId,
    name: account.name,
    timezone_id: "1",
    message_template_namespace: `${account.wabaId.slice(0, 8)}_kiana_${account.businessId.slice(-6)}`,
    currency: "USD",
    account_review_status: "APPROVED",
    business_verification_status: "verified",
    owner_business_info: { id: account.businessId, name: account.name },
  };
}

const PHONE_DEFAULT_FIELDS = [
  "verified_name",
  "code_verification_status",
  "display_phone_number",
  "quality_rating",
  "platform_type",
  "throughput",
  "messaging_limit_tier",
  "id",
];
function phoneNode(phone: PhoneNumber): Obj {
  return {
    verified_name: phone.verifiedName,
    code_verification_status: "VERIFIED",
    display_phone_number: phone.displayPhoneNumber,
    quality_rating: phone.qualityRating,
    platform_type: "CLOUD_API",
    throughput: { level: (phone.throughputPerSecond ?? 80) > 80 ? "HIGH" : "STANDARD" },
    messaging_limit_tier: phone.messagingLimitTier,
    id: phone.id,
    name_status: "APPROVED",
    status: "CONNECTED",
    account_mode: "LIVE",
    is_official_business_account: false,
    is_pin_enabled: false,
    certificate: "",
  };
}

const TEMPLATE_DEFAULT_FIELDS = ["name", "parameter_format", "components", "language", "status", "category", "previous_category", "id"];
function templateNode(template: Template): Obj {
  const node: Obj = {
    name: template.name,
    parameter_format: template.parameterFormat,
    components: template.components,
    language: template.language,
    status: template.status,
    category: template.category,
  };
  if (template.previousCategory) node.previous_category = template.previousCategory;
  node.id = template.id;
  node.rejected_reason = template.rejectedReason;
  node.quality_score = { score: "UNKNOWN", date: Math.floor(template.statusChangedAt / 1000) };
  return node;
}

function mediaNode(world: MetaWorld, media: Media): Obj {
  return { messaging_product: "whatsapp", url: world.mediaUrl(media), mime_type: media.mimeType, sha256: media.sha256, file_size: media.data.length, id: media.id };
}

/** Graph's `fields` parameter: the named fields (and id), or the node's defaults. */
function selectFields(node: Obj, query: URLSearchParams, defaults: string[], nodeType: string): Obj {
  const param = query.get("fields");
  const wanted = param
    ? param
        .split(",")
        .map((f) => f.trim())
        .filter(Boolean)
    : defaults;
  const out: Obj = {};
  for (const field of wanted) {
    const name = field.replace(/[{.(].*$/, ""); // ignore Graph's nested field syntax
    if (name in node) out[name] = node[name];
    else if (param && !OPTIONAL_FIELDS.has(name)) throw nonexistingField(name, nodeType);
  }
  if ("id" in node) out.id = node.id;
  return out;
}
// Fields that exist on the node type but may be absent on a given object.
const OPTIONAL_FIELDS = new Set(["previous_category", "sub_category", "library_template_name"]);

// ---------------------------------------------------------------------------------------------------
// Lists and paging

function cursor(id: string): string {
  return Buffer.from(id).toString("base64url");
}
function uncursor(value: string): string {
  return Buffer.from(value, "base64url").toString("utf8");
}

/** A Graph page: { data, paging: { cursors: { before, after }, next?, previous? } }. */
function page<T extends Obj>(items: T[], query: URLSearchParams, baseUrl: string): Obj {
  const limitParam = query.get("limit");
  const limit = limitParam === null ? 25 : Number(limitParam);
  if (!Number.isInteger(limit) || limit < 1) throw graphParamError("Param limit must be a positive integer");
  const after = query.get("after");
  const before = query.get("before");
  let start = 0;
  let end = items.length;
  if (after) {
    const index = items.findIndex((item) => item.id === uncursor(after));
    start = index < 0 ? items.length : index + 1;
    end = Math.min(items.length, start + limit);
  } else if (before) {
    const index = items.findIndex((item) => item.id === uncursor(before));
    end = index < 0 ? 0 : index;
    start = Math.max(0, end - limit);
  } else end = Math.min(items.length, limit);
  const data = items.slice(start, end);
  const out: Obj = { data };
  const first = data[0];
  const last = data[data.length - 1];
  if (!first || !last) return out;
  const paging: Obj = { cursors: { before: cursor(String(first.id)), after: cursor(String(last.id)) } };
  const link = (key: "after" | "before", value: string) => {
    const params = new URLSearchParams(query);
    params.delete("after");
    params.delete("before");
    params.delete("access_token");
    params.set("limit", String(limit));
    params.set(key, value);
    return `${baseUrl}?${params.toString()}`;
  };
  if (end < items.length) paging.next = link("after", cursor(String(last.id)));
  if (start > 0) paging.previous = link("before", cursor(String(first.id)));
  out.paging = paging;
  return out;
}

function listTemplates(account: Account, query: URLSearchParams, baseUrl: string): Obj {
  const name = query.get("name")?.toLowerCase();
  const statuses = query.get("status")?.toUpperCase().split(",").map((s) => s.trim());
  const categories = query.get("category")?.toUpperCase().split(",").map((s) => s.trim());
  const language = query.get("language");
  const content = query.get("content")?.toLowerCase();
  // Newest first, as WhatsApp Manager lists them.
  const templates = [...account.templates.values()].reverse().filter(
    (t) =>
      (!name || t.name.toLowerCase().includes(name)) &&
      (!statuses || statuses.includes(t.status)) &&
      (!categories || categories.includes(t.category)) &&
      (!language || t.language === language) &&
      (!content || t.shape.bodyText.toLowerCase().includes(content)),
  );
  const nodes = templates.map((t) => selectFields(templateNode(t), query, TEMPLATE_DEFAULT_FIELDS, "WhatsAppMessageTemplate"));
  return page(nodes, query, baseUrl);
}

function deleteTemplate(world: MetaWorld, account: Account, request: GraphRequest): Obj {
  const name = request.query.get("name") ?? (typeof request.body.name === "string" ? request.body.name : undefined);
  if (!name) throw graphParamError("The parameter name is required");
  const hsmId = request.query.get("hsm_id") ?? undefined;
  const deleted = world.deleteTemplates(account, name, hsmId);
  if (deleted === 0) {
    throw invalidParameter(`Message template ${name} not found`, {
      title: "Message template not found",
      message: `There's no message template called ${name}${hsmId ? ` with id ${hsmId}` : ""} in this WhatsApp Business Account.`,
    });
  }
  return { success: true };
}

async function subscribedApps(account: Account, request: GraphRequest, context: GraphContext): Promise<GraphResponse> {
  if (request.method === "GET") {
    const entry: Obj = { whatsapp_business_api_data: APP };
    if (account.callbackUrl) entry.override_callback_uri = account.callbackUrl;
    return ok({ data: account.subscribed ? [entry] : [] });
  }
  if (request.method === "POST") {
    const override = request.body.override_callback_uri;
    if (override !== undefined) {
      const verifyToken = request.body.verify_token;
      if (typeof override !== "string" || !/^https?:\/\//.test(override)) throw graphParamError("Param override_callback_uri must be a valid URL");
      if (typeof verifyToken !== "string" || !verifyToken) throw graphParamError("The parameter verify_token is required");
      try {
        await context.verifyCallback(override, verifyToken);
      } catch (error) {
        throw invalidParameter(error instanceof Error ? error.message : String(error), {
          subcode: 2200,
          title: "Callback verification failed",
          message: error instanceof Error ? error.message : String(error),
        });
      }
      account.callbackUrl = override;
      account.verifyToken = verifyToken;
    }
    account.subscribed = true;
    return ok({ success: true });
  }
  if (request.method === "DELETE") {
    account.subscribed = false;
    return ok({ success: true });
  }
  throw unsupportedRequest(request.method, account.wabaId);
}

function uploadMedia(world: MetaWorld, account: Account, request: GraphRequest): Obj {
  const parts = request.parts;
  if (!parts) throw graphParamError("Media uploads must be multipart/form-data with a file part.");
  const field = (name: string) => parts.find((p) => p.name === name && p.filename === undefined)?.data.toString("utf8");
  if (field("messaging_product") !== "whatsapp") throw graphParamError("The parameter messaging_product is required.");
  const file = parts.find((p) => p.name === "file");
  if (!file || file.data.length === 0) throw graphParamError("The parameter file is required.");
  if (file.data.length > MAX_MEDIA_BYTES) throw whatsappError(131053, "The file is larger than 100 MB.");
  const mimeType = field("type") ?? file.contentType;
  if (!mimeType) throw graphParamError("The parameter type is required.");
  const media = world.storeMedia(account, Buffer.from(file.data), mimeType, file.filename);
  return { id: media.id };
}

/** GET of a media URL: the bytes, for a bearer token of the owning account. */
export function downloadMedia(world: MetaWorld, token: string | undefined, query: URLSearchParams): GraphResponse {
  const account = world.authenticate(token);
  const mid = query.get("mid") ?? "";
  const found = world.mediaById(mid);
  if (!found || found.account !== account) throw new GraphError(404, unsupportedRequest("GET", mid).body);
  const headers: Record<string, string> = {};
  if (found.media.filename) headers["content-disposition"] = `attachment; filename="${found.media.filename.replace(/"/g, "")}"`;
  return { status: 200, raw: { data: found.media.data, contentType: found.media.mimeType }, headers };
}
