import { describe, expect, it } from "vitest";
import { parseSignedRequest, signRequest } from "./signed-request";

const secret = "app-secret-for-tests";

describe("parseSignedRequest", () => {
  it("accepts a request signed with the app secret", () => {
    const signed = signRequest({ algorithm: "HMAC-SHA256", user_id: "1234567890", issued_at: 1764000000 }, secret);
    expect(parseSignedRequest(signed, secret)).toEqual({ ok: true, payload: { algorithm: "HMAC-SHA256", user_id: "1234567890", issued_at: 1764000000 } });
  });

  it("refuses a request signed with another secret", () => {
    const signed = signRequest({ algorithm: "HMAC-SHA256", user_id: "1" }, "other-secret");
    expect(parseSignedRequest(signed, secret)).toEqual({ ok: false, reason: "bad signature" });
  });

  it.each(["", "abc", "abc.", ".abc", "a.b.c", "!!!.???"])("refuses the truncated or malformed %j", (value) => {
    expect(parseSignedRequest(value, secret)).toMatchObject({ ok: false });
  });

  it("refuses a signature cut short", () => {
    const signed = signRequest({ algorithm: "HMAC-SHA256", user_id: "1" }, secret);
    expect(parseSignedRequest(signed.slice(10), secret)).toMatchObject({ ok: false });
  });

  it("refuses another algorithm even when the signature matches", () => {
    const signed = signRequest({ algorithm: "HMAC-SHA1", user_id: "1" }, secret);
    expect(parseSignedRequest(signed, secret)).toEqual({ ok: false, reason: "unsupported payload" });
  });
});
