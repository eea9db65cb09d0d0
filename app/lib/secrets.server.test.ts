import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { needsRotation, openSecret, parseKeyring, sealSecret } from "./secrets.server";

const key = () => randomBytes(32).toString("base64");

describe("secrets at rest", () => {
  it("seal and open round-trip, with a fresh IV each time", () => {
    const ring = parseKeyring(`k1:${key()}`);
    const first = sealSecret("EAAG-token", ring);
    const second = sealSecret("EAAG-token", ring);
    expect(first.keyId).toBe("k1");
    expect(first.ciphertext.equals(second.ciphertext)).toBe(false);
    expect(first.ciphertext.includes(Buffer.from("EAAG-token"))).toBe(false);
    expect(openSecret(first, ring)).toBe("EAAG-token");
  });

  it("detects tampering through the GCM tag", () => {
    const ring = parseKeyring(`k1:${key()}`);
    const sealed = sealSecret("app-secret", ring);
    const last = sealed.ciphertext.length - 1;
    sealed.ciphertext.writeUInt8((sealed.ciphertext.readUInt8(last) ^ 1), last);
    expect(() => openSecret(sealed, ring)).toThrow();
  });

  it("rotates: the new first key seals, the old one still opens, until it is removed", () => {
    const oldKey = key();
    const before = parseKeyring(`old:${oldKey}`);
    const sealed = sealSecret("token", before);
    const during = parseKeyring(`new:${key()},old:${oldKey}`);
    expect(needsRotation(sealed, during)).toBe(true);
    const resealed = sealSecret(openSecret(sealed, during), during);
    expect(resealed.keyId).toBe("new");
    expect(needsRotation(resealed, during)).toBe(false);
    const after = parseKeyring(`new:${[...during.keys.values()][0]?.toString("base64")}`);
    expect(openSecret(resealed, after)).toBe("token");
    expect(() => openSecret(sealed, after)).toThrow(/no longer holds/);
  });

  it("refuses malformed key lists", () => {
    expect(() => parseKeyring("")).toThrow(/no key/);
    expect(() => parseKeyring("short:AAAA")).toThrow(/32 bytes/);
    expect(() => parseKeyring(`a:${key()},a:${key()}`)).toThrow(/twice/);
    expect(() => parseKeyring(`bad id:${key()}`)).toThrow(/valid key id/);
  });
});
