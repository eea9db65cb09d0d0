// Meta's data deletion callback: a verified signed_request opens a deletion request for the Meta
// user, and Meta gets the status URL and confirmation code back, as its documentation expects.
import { withoutTenant } from "../../../db/transactions";
import { env } from "~/lib/env.server";
import { openVerifiedRequest, statusUrl } from "./requests.server";
import { parseSignedRequest } from "./signed-request";

export type MetaCallbackResult = { ok: true; url: string; confirmationCode: string } | { ok: false; status: 400 | 503; error: string };

export async function openMetaDeletionRequest(signedRequest: unknown): Promise<MetaCallbackResult> {
  if (!env.META_APP_SECRET) return { ok: false, status: 503, error: "The Meta app secret is not configured" };
  if (typeof signedRequest !== "string" || signedRequest.length > 10_000) return { ok: false, status: 400, error: "signed_request is missing" };
  const parsed = parseSignedRequest(signedRequest, env.META_APP_SECRET);
  if (!parsed.ok) return { ok: false, status: 400, error: `Invalid signed_request: ${parsed.reason}` };
  const request = await withoutTenant((tx) =>
    openVerifiedRequest(tx, { source: "meta_callback", email: null, metaUserId: parsed.payload.user_id }, { kind: "meta" }, "Sent by Meta's data deletion callback."),
  );
  return { ok: true, url: statusUrl(request.code), confirmationCode: request.code };
}
