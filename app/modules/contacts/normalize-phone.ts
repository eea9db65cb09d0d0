// The one rule for phone numbers: a typed or imported number is valid when libphonenumber's full
// metadata says so, read in the workspace's default country when it has no +country code.
// Server code only: the full metadata is too large to send to browsers.
import { parsePhoneNumberFromString, type CountryCode } from "libphonenumber-js/max";
import { parsePhoneNumberFromString as parseForDisplay } from "libphonenumber-js/min";

export type NormalizedPhone = { ok: true; e164: string } | { ok: false; reason: string };

export function normalizePhone(input: string, defaultCountry: string | null): NormalizedPhone {
  const text = input.trim();
  if (!text) return { ok: false, reason: "The phone number is empty" };
  const international = text.startsWith("+") || (!defaultCountry && text.startsWith("00"));
  if (!international && !defaultCountry) {
    return { ok: false, reason: `"${text}" needs its country code (like +44 7911 123456): the workspace has no default country` };
  }
  // Without a default country, the common 00 international prefix is read as "+".
  const candidate = !defaultCountry && text.startsWith("00") ? `+${text.slice(2)}` : text;
  const parsed = parsePhoneNumberFromString(candidate, { defaultCountry: (defaultCountry ?? undefined) as CountryCode | undefined, extract: false });
  if (!parsed) return { ok: false, reason: `"${text}" is not a phone number` };
  if (parsed.ext) return { ok: false, reason: `"${text}" has an extension, which WhatsApp cannot reach` };
  if (!parsed.isValid()) return { ok: false, reason: `"${text}" is not a valid phone number${parsed.country ? ` for ${parsed.country}` : ""}` };
  return { ok: true, e164: parsed.number };
}

/**
 * An E.164 number as people read it (+44 7911 123456). Stored numbers are already valid, so the
 * smaller metadata, which formats alike and parses about twice as fast, is enough for a list page.
 */
export function formatPhone(e164: string): string {
  return parseForDisplay(e164)?.formatInternational() ?? e164;
}
