// What a search box entry matches: digits become the start of an E.164 number (national digits read
// in the workspace's default country), a BSUID the start of an id, anything else the start of a
// name, a family name or a username. Every kind is a prefix, so an index range answers it.
import { AsYouType, type CountryCode } from "libphonenumber-js/max";

export type ContactSearch = { kind: "phone" | "bsuid" | "text"; prefix: string };

const phoneLike = /^[+\d][\d\s().\-/]*$/;
const bsuidLike = /^[A-Za-z]{2}\.(ENT\.)?\d/i;

export function parseContactSearch(query: string, defaultCountry: string | null): ContactSearch | null {
  const text = query.trim().replace(/\s+/g, " ");
  if (!text) return null;
  if (bsuidLike.test(text)) return { kind: "bsuid", prefix: text.replace(/^[a-z]{2}\.(ent\.)?/i, (head) => head.toUpperCase()) };
  const digits = text.replace(/\D/g, "");
  if (phoneLike.test(text) && digits.length > 0) {
    const typed = new AsYouType((defaultCountry ?? undefined) as CountryCode | undefined);
    typed.input(text);
    return { kind: "phone", prefix: typed.getNumberValue() ?? `+${digits.replace(/^00/, "")}` };
  }
  return { kind: "text", prefix: text.replace(/^@/, "").toLowerCase() };
}

/**
 * An upper bound for the strings that start with `prefix` under the "C" collation: U+10FFFF is the
 * largest code point (a noncharacter, so no name or number continues with it).
 */
export function prefixUpperBound(prefix: string): string {
  return `${prefix}\u{10FFFF}`;
}
