// Graph API error bodies as Meta sends them ({ error: { message, type, code, error_subcode?,
// error_data?, error_user_title?, error_user_msg?, fbtrace_id } }) and the WhatsApp error catalogue
// used both for synchronous API errors and for the errors[] of `failed` status webhooks.
import { fbtraceId } from "./ids";

export interface GraphErrorBody {
  error: {
    message: string;
    type: string;
    code: number;
    error_subcode?: number;
    is_transient?: boolean;
    error_user_title?: string;
    error_user_msg?: string;
    error_data?: { messaging_product: "whatsapp"; details: string };
    fbtrace_id: string;
  };
}

/** An error the Graph API answers with: an HTTP status and a Graph error body. */
export class GraphError extends Error {
  constructor(
    readonly status: number,
    readonly body: GraphErrorBody,
    readonly headers: Record<string, string> = {},
  ) {
    super(body.error.message);
  }
}

interface CatalogueEntry {
  title: string;
  status: number;
  /** The default error_data.details, where Meta's wording is known. */
  details?: string;
}

// Titles and HTTP statuses follow Meta's Cloud API error-code table; where Meta's wording for the
// details is known it is used, otherwise the details repeat the title.
export const WHATSAPP_ERRORS: Record<number, CatalogueEntry> = {
  100: { title: "Invalid parameter", status: 400 },
  130429: { title: "Rate limit hit", status: 400, details: "Cloud API message throughput has been reached." },
  131000: { title: "Something went wrong", status: 500, details: "Message failed to send due to an unknown error." },
  131008: { title: "Required parameter is missing", status: 400 },
  131009: { title: "Parameter value is not valid", status: 400 },
  131021: { title: "Recipient cannot be sender", status: 400, details: "Sender and recipient phone number is the same." },
  131026: { title: "Message undeliverable", status: 400, details: "Message Undeliverable." },
  131047: {
    title: "Re-engagement message",
    status: 400,
    details: "Message failed to send because more than 24 hours have passed since the customer last replied to this number.",
  },
  131049: {
    title: "This message was not delivered to maintain healthy ecosystem engagement.",
    status: 400,
    details: "In order to maintain a healthy ecosystem engagement, the message failed to be delivered.",
  },
  131050: {
    title: "Unable to deliver the message. This recipient has chosen to stop receiving marketing messages on WhatsApp from your business.",
    status: 400,
    details: "Unable to deliver the message. This recipient has chosen to stop receiving marketing messages on WhatsApp from your business.",
  },
  131051: { title: "Unsupported message type", status: 400, details: "Message type is not currently supported." },
  131052: { title: "Media download error", status: 400 },
  131053: { title: "Media upload error", status: 400 },
  131055: { title: "Method not allowed", status: 400 },
  131056: {
    title: "(Business Account, Consumer Account) pair rate limit hit",
    status: 400,
    details:
      "Message failed to send because there were too many messages sent from this phone number to the same phone number in a short period of time.",
  },
  131062: { title: "Business-scoped User ID recipients are not supported for this message.", status: 400 },
  132000: { title: "Number of parameters does not match the expected number of params", status: 400 },
  132001: { title: "Template name does not exist in the translation", status: 404 },
  132005: { title: "Translated text too long", status: 400 },
  132012: { title: "Parameter format does not match format in the created template", status: 400 },
  132015: { title: "Template is Paused", status: 400 },
  132016: { title: "Template is Disabled", status: 400 },
  132018: { title: "There was an issue with the parameters in your template.", status: 400 },
  134100: { title: "Only marketing templates can be sent with the Marketing Messages API", status: 400 },
  134101: { title: "Template is not yet ready for the Marketing Messages API", status: 400 },
};

export function catalogueEntry(code: number): CatalogueEntry {
  return WHATSAPP_ERRORS[code] ?? { title: "Message failed to send", status: 400 };
}

/** A WhatsApp API error: `(#code) Title`, type OAuthException, error_data.details. */
export function whatsappError(code: number, details?: string, extra: Partial<GraphErrorBody["error"]> = {}): GraphError {
  const entry = catalogueEntry(code);
  return new GraphError(entry.status, {
    error: {
      message: `(#${code}) ${entry.title}`,
      type: "OAuthException",
      code,
      ...extra,
      error_data: { messaging_product: "whatsapp", details: details ?? entry.details ?? entry.title },
      fbtrace_id: fbtraceId(),
    },
  });
}

/** Code 100 "Invalid parameter" with a helpful error_user_title/error_user_msg, as template creation answers. */
export function invalidParameter(
  details: string,
  user?: { subcode?: number; title: string; message: string },
): GraphError {
  return new GraphError(400, {
    error: {
      message: "Invalid parameter",
      type: "OAuthException",
      code: 100,
      ...(user?.subcode !== undefined ? { error_subcode: user.subcode } : {}),
      is_transient: false,
      ...(user ? { error_user_title: user.title, error_user_msg: user.message } : {}),
      error_data: { messaging_product: "whatsapp", details },
      fbtrace_id: fbtraceId(),
    },
  });
}

/** Graph's own parameter errors: `(#100) Param x must be ...`, no error_data. */
export function graphParamError(message: string): GraphError {
  return new GraphError(400, { error: { message: `(#100) ${message}`, type: "OAuthException", code: 100, fbtrace_id: fbtraceId() } });
}

const WWW_AUTHENTICATE = 'OAuth "Facebook Platform" "invalid_token" "Invalid OAuth access token - Cannot parse access token"';

export function missingToken(): GraphError {
  return new GraphError(400, {
    error: { message: "An access token is required to request this resource.", type: "OAuthException", code: 104, fbtrace_id: fbtraceId() },
  });
}

export function invalidToken(): GraphError {
  return new GraphError(
    401,
    { error: { message: "Invalid OAuth access token - Cannot parse access token", type: "OAuthException", code: 190, fbtrace_id: fbtraceId() } },
    { "WWW-Authenticate": WWW_AUTHENTICATE },
  );
}

const DAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
// Graph prints times like "Tuesday, 01-Aug-23 10:00:00 PDT"; the emulator says UTC.
function graphDate(ms: number): string {
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${DAYS[d.getUTCDay()]}, ${pad(d.getUTCDate())}-${MONTHS[d.getUTCMonth()]}-${pad(d.getUTCFullYear() % 100)} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} UTC`;
}

/** 190 with subcode 463: the token expired. */
export function expiredToken(expiredAt: number, now: number): GraphError {
  const message = `Error validating access token: Session has expired on ${graphDate(expiredAt)}. The current time is ${graphDate(now)}.`;
  return new GraphError(
    401,
    { error: { message, type: "OAuthException", code: 190, error_subcode: 463, fbtrace_id: fbtraceId() } },
    { "WWW-Authenticate": `OAuth "Facebook Platform" "invalid_token" "${message}"` },
  );
}

/** 100 / subcode 33: the id does not exist or the token may not see it. */
export function unsupportedRequest(method: string, id: string): GraphError {
  return new GraphError(400, {
    error: {
      message: `Unsupported ${method.toLowerCase()} request. Object with ID '${id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation. Please read the Graph API documentation at https://developers.facebook.com/docs/graph-api`,
      type: "GraphMethodException",
      code: 100,
      error_subcode: 33,
      fbtrace_id: fbtraceId(),
    },
  });
}

export function unknownPath(rest: string): GraphError {
  return new GraphError(400, { error: { message: `Unknown path components: /${rest}`, type: "OAuthException", code: 2500, fbtrace_id: fbtraceId() } });
}

export function nonexistingField(field: string, nodeType: string): GraphError {
  return graphParamError(`Tried accessing nonexisting field (${field}) on node type (${nodeType})`);
}

/** The errors[] entry of a `failed` status webhook. */
export function statusError(code: number, details?: string) {
  const entry = catalogueEntry(code);
  return {
    code,
    title: entry.title,
    message: entry.title,
    error_data: { details: details ?? entry.details ?? entry.title },
    href: "https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/",
  };
}
