import { describe, expect, it } from "vitest";
import { formatPhone, normalizePhone } from "./normalize-phone";

describe("normalizePhone", () => {
  it("turns any international spelling of a number into E.164", () => {
    for (const typed of ["+44 7911 123456", "+44 (0)7911-123456", "+447911123456", " +44.7911.123.456 "]) {
      expect(normalizePhone(typed, null)).toEqual({ ok: true, e164: "+447911123456" });
    }
  });

  it("reads a national number in the workspace's default country", () => {
    expect(normalizePhone("07911 123456", "GB")).toEqual({ ok: true, e164: "+447911123456" });
    expect(normalizePhone("(212) 736-5000", "US")).toEqual({ ok: true, e164: "+12127365000" });
    expect(normalizePhone("0151 23456789", "DE")).toEqual({ ok: true, e164: "+4915123456789" });
  });

  it("reads 00 as the international prefix when the workspace has no default country", () => {
    expect(normalizePhone("0044 7911 123456", null)).toEqual({ ok: true, e164: "+447911123456" });
  });

  it("asks for the country code when a national number cannot be placed", () => {
    expect(normalizePhone("07911 123456", null)).toEqual({ ok: false, reason: '"07911 123456" needs its country code (like +44 7911 123456): the workspace has no default country' });
  });

  it("says why a number is refused", () => {
    expect(normalizePhone("", "GB")).toEqual({ ok: false, reason: "The phone number is empty" });
    expect(normalizePhone("call me", "GB")).toEqual({ ok: false, reason: '"call me" is not a phone number' });
    expect(normalizePhone("+44 7911 12", null)).toMatchObject({ ok: false, reason: '"+44 7911 12" is not a valid phone number' });
    expect(normalizePhone("07911 12345", "GB")).toEqual({ ok: false, reason: '"07911 12345" is not a valid phone number for GB' });
    expect(normalizePhone("+44 20 7946 0958 ext. 12", null)).toEqual({ ok: false, reason: '"+44 20 7946 0958 ext. 12" has an extension, which WhatsApp cannot reach' });
  });

  it("formats a stored number for people", () => {
    expect(formatPhone("+447911123456")).toBe("+44 7911 123456");
    expect(formatPhone("+442079460958")).toBe("+44 20 7946 0958");
  });
});
