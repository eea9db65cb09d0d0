// Parses Meta's data deletion callback `signed_request`: "<signature>.<payload>", both base64url,
// the signature an HMAC-SHA256 of the encoded payload with the app secret.
import { createHmac, timingSafeEqual } from "node:crypto";
import { z } from "zod";

const SignedRequestPayload = z.object({
  algorithm: z.literal("HMAC-SHA256"),
  user_id: z.string().min(1).max(100),
  issued_at: z.number().int().optional(),
});

export type SignedRequestPayload = z.infer<typeof SignedRequestPayload>;

export type SignedRequestResult = { ok: true; payload: SignedRequestPayload } | { ok: false; reason: string };

export function parseSignedRequest(signedRequest: string, appSecret: string): SignedRequestResult {
  const parts = signedRequest.split(".");
  if (parts.length !== 2 || !parts[0] || !parts[1]) return { ok: false, reason: "malformed" };
  const [encodedSignature, encodedPayload] = parts as [string, string];
  if (!/^[A-Za-z0-9_-]+={0,2}$/.test(encodedSignature) || !/^[A-Za-z0-9_-]+={0,2}$/.test(encodedPayload)) return { ok: false, reason: "malformed" };
  const signature = Buffer.from(encodedSignature, "base64url");
  const expected = createHmac("sha256", appSecret).update(encodedPayload).digest();
  if (signature.length !== expected.length || !timingSafeEqual(signature, expected)) return { ok: false, reason: "bad signature" };
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(encodedPayload, "base64url").toString("utf8"));
  } catch {
    return { ok: false, reason: "malformed" };
  }
  const payload = SignedRequestPayload.safeParse(json);
  return payload.success ? { ok: true, payload: payload.data } : { ok: false, reason: "unsupported payload" };
}

/** Builds a signed_request as Meta does (used by tests and the Meta emulator). */
export function signRequest(payload: Record<string, unknown>, appSecret: string): string {
  const encodedPayload = Buffer.from(JSON.stringify(payload)).toString("base64url");
  const signature = createHmac("sha256", appSecret).update(encodedPayload).digest("base64url");
  return `${signature}.${encodedPayload}`;
}
