// The Graph API calls the WhatsApp features make, against META_GRAPH_URL, with Meta's error bodies
// turned into GraphApiError values that carry plain words a business owner can act on.
import { z } from "zod";
import { env } from "~/lib/env.server";
import { httpCall, type HttpAnswer } from "~/lib/http-call.server";

export interface GraphCredentials {
  accessToken: string;
  apiVersion: string;
}

const GraphErrorBody = z.object({
  error: z.object({
    message: z.string(),
    type: z.string().optional(),
    code: z.number(),
    error_subcode: z.number().optional(),
    error_user_title: z.string().optional(),
    error_user_msg: z.string().optional(),
    fbtrace_id: z.string().optional(),
  }),
});

// What the common codes mean for the person looking at the screen; Meta's own message follows otherwise.
const plainWords: Record<number, string> = {
  1: "Meta's API had a temporary problem; try again in a minute",
  2: "Meta's service is temporarily unavailable; try again in a minute",
  4: "Too many calls to Meta's API from this app; wait a little and try again",
  10: "The access token lacks the permission this needs (whatsapp_business_management / whatsapp_business_messaging)",
  80008: "Too many calls to this WhatsApp Business Account; wait a little and try again",
  100: "Meta rejected a value: check the WhatsApp Business Account id and phone number ids",
  190: "The access token has expired or is invalid",
  200: "The access token lacks the permission this needs",
  131031: "This WhatsApp Business Account is locked by Meta",
  132000: "The number of template variables does not match the template",
  132001: "The template does not exist in that language, or is not approved yet",
  132012: "A template variable has the wrong format",
  133010: "This phone number is not registered with the Cloud API",
};

export class GraphApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    readonly subcode: number | undefined,
    readonly metaMessage: string,
    readonly userMessage: string | undefined,
    readonly traceId: string | undefined,
  ) {
    super(`Graph API error ${code}${subcode ? `/${subcode}` : ""}: ${metaMessage}`);
  }

  /** One sentence for the screen: plain words first, Meta's own message for detail, the code to quote to support. */
  describe(): string {
    const detail = this.userMessage ?? this.metaMessage;
    const known = plainWords[this.code];
    return known ? `${known} (${this.code}). Meta said: ${detail}` : `${detail} (${this.code})`;
  }
}

/** Why a call could not reach Meta at all, in the same shape as Meta's own refusals. */
export class GraphUnreachableError extends Error {
  describe(): string {
    return `Meta's API could not be reached (${this.message}); try again in a minute`;
  }
}

export function describeGraphFailure(error: unknown): string {
  if (error instanceof GraphApiError || error instanceof GraphUnreachableError) return error.describe();
  throw error;
}

interface GraphCall {
  method?: "GET" | "POST" | "DELETE";
  query?: Record<string, string | undefined>;
  /** JSON, a multipart form (media uploads), or bytes sent as they are (a resumable upload's file). */
  body?: unknown;
  /** Headers beyond the bearer token, which they may replace. */
  headers?: Record<string, string>;
}

/** The request body as bytes with its content type: JSON, or a multipart form encoded as fetch would send it. */
async function encodeBody(body: unknown): Promise<{ bytes: Buffer; contentType: string } | null> {
  if (body === undefined) return null;
  if (Buffer.isBuffer(body)) return { bytes: body, contentType: "application/octet-stream" };
  if (body instanceof FormData) {
    const encoded = new Response(body);
    return { bytes: Buffer.from(await encoded.arrayBuffer()), contentType: encoded.headers.get("Content-Type") ?? "multipart/form-data" };
  }
  return { bytes: Buffer.from(JSON.stringify(body)), contentType: "application/json" };
}

/** One Graph API call; throws GraphApiError with Meta's code on any refusal. */
export async function callGraph<T>(credentials: GraphCredentials, path: string, call: GraphCall = {}): Promise<T> {
  const url = new URL(`/${credentials.apiVersion}/${path.replace(/^\//, "")}`, env.META_GRAPH_URL);
  for (const [name, value] of Object.entries(call.query ?? {})) if (value !== undefined) url.searchParams.set(name, value);
  const body = await encodeBody(call.body);
  let response: HttpAnswer;
  try {
    response = await httpCall(url, {
      method: call.method ?? "GET",
      headers: { Authorization: `Bearer ${credentials.accessToken}`, ...(body ? { "Content-Type": body.contentType } : {}), ...call.headers },
      body: body?.bytes,
      timeoutMs: call.body instanceof FormData || Buffer.isBuffer(call.body) ? 60_000 : 15_000,
    });
  } catch (error) {
    throw new GraphUnreachableError(error instanceof Error ? error.message : String(error));
  }
  const text = response.body;
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : {};
  } catch {
    throw new GraphUnreachableError(`answered ${response.status} with a body that is not JSON`);
  }
  if (response.status < 200 || response.status > 299) {
    const failure = GraphErrorBody.safeParse(parsed);
    if (!failure.success) throw new GraphUnreachableError(`answered ${response.status} without an error body`);
    const { code, error_subcode, message, error_user_msg, fbtrace_id } = failure.data.error;
    throw new GraphApiError(response.status, code, error_subcode, message, error_user_msg, fbtrace_id);
  }
  return parsed as T;
}

export const PhoneNumberInfo = z.object({
  id: z.string(),
  display_phone_number: z.string().default(""),
  verified_name: z.string().default(""),
  quality_rating: z.string().default("UNKNOWN"),
  messaging_limit_tier: z.string().optional(),
});
export type PhoneNumberInfo = z.infer<typeof PhoneNumberInfo>;

const phoneFields = "id,display_phone_number,verified_name,quality_rating,messaging_limit_tier";

export async function fetchPhoneNumber(credentials: GraphCredentials, phoneNumberId: string): Promise<PhoneNumberInfo> {
  return PhoneNumberInfo.parse(await callGraph(credentials, phoneNumberId, { query: { fields: phoneFields } }));
}

const Page = <T extends z.ZodTypeAny>(item: T) =>
  z.object({
    data: z.array(item),
    paging: z.object({ cursors: z.object({ after: z.string().optional() }).optional(), next: z.string().optional() }).optional(),
  });

/** Every item of a paged Graph edge, following `paging.cursors.after` while Meta says there is a next page. */
export async function listAll<T extends z.ZodTypeAny>(credentials: GraphCredentials, path: string, item: T, query: Record<string, string> = {}): Promise<z.infer<T>[]> {
  const items: z.infer<T>[] = [];
  let after: string | undefined;
  for (let page = 0; page < 1_000; page++) {
    const result = Page(item).parse(await callGraph(credentials, path, { query: { ...query, limit: "100", after } }));
    items.push(...result.data);
    after = result.paging?.cursors?.after;
    if (!result.paging?.next || !after) break;
  }
  return items;
}

export function listPhoneNumbers(credentials: GraphCredentials, wabaId: string): Promise<PhoneNumberInfo[]> {
  return listAll(credentials, `${wabaId}/phone_numbers`, PhoneNumberInfo, { fields: phoneFields });
}

/** Subscribes the app to the account's webhooks, as Meta requires before it delivers any. */
export async function subscribeApp(credentials: GraphCredentials, wabaId: string): Promise<void> {
  await callGraph(credentials, `${wabaId}/subscribed_apps`, { method: "POST" });
}
