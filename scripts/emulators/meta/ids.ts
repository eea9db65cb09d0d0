// Identifiers the emulator hands out: Graph object ids, wamids, fbtrace ids, and the business-scoped
// user ids (BSUIDs) of WhatsApp users. Everything is deterministic given the seed, so a failing test
// can be replayed.
import { createHmac, randomBytes } from "node:crypto";
import metadata from "libphonenumber-js/metadata.min.json";

/** A small, fast seeded PRNG (mulberry32): uniform floats in [0, 1). */
export function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Graph object ids: 15-digit numeric strings, safe as JSON numbers (webhooks send template ids as numbers). */
export class IdFactory {
  private next: number;
  constructor(random: () => number) {
    this.next = 100_000_000_000_000 + Math.floor(random() * 800_000_000_000_000);
  }
  id(taken: (id: string) => boolean): string {
    let id: string;
    do id = String(this.next++);
    while (taken(id));
    return id;
  }
}

/** A wamid: `wamid.` and base64 text that is unique per emulator run. */
export function wamid(recipientKey: string, phoneNumberId: string, seq: number): string {
  return `wamid.${Buffer.from(`${recipientKey}|${phoneNumberId}|${seq.toString(16).toUpperCase()}`).toString("base64")}`;
}

/** Graph's fbtrace_id: an opaque 27-character token, new for every error. */
export function fbtraceId(): string {
  return randomBytes(21).toString("base64url").slice(0, 27);
}

/** Digits only: how the Cloud API normalises a phone number into a wa_id. */
export function phoneDigits(input: string): string {
  return input.replace(/[^\d]/g, "");
}

const BSUID_PATTERN = /^[A-Z]{2}\.(ENT\.)?[A-Za-z0-9]{1,128}$/;
export function isBsuid(value: string): boolean {
  return BSUID_PATTERN.test(value);
}

// The main region of each calling code ("1" → US, "44" → GB), taken from libphonenumber's metadata.
const mainRegionByCallingCode = new Map<string, string>();
for (const [code, regions] of Object.entries(metadata.country_calling_codes as Record<string, string[]>)) {
  if (regions[0] && regions[0] !== "001") mainRegionByCallingCode.set(code, regions[0]);
}

/** The ISO country of a phone number's calling code, or "ZZ" when it has none. */
export function countryOfPhone(digits: string): string {
  for (let length = 1; length <= 3; length++) {
    const region = mainRegionByCallingCode.get(digits.slice(0, length));
    if (region) return region;
  }
  return "ZZ";
}

/**
 * The BSUID Meta would give the user behind `phone` within one business portfolio: the phone's
 * country, a dot, and a 64-bit decimal number derived from the portfolio and the phone (HMAC-SHA256),
 * like `US.13491208655302741918`. The same phone always has the same BSUID in one portfolio and a
 * different one in another, as with Meta.
 */
export function bsuidForPhone(businessId: string, phone: string): string {
  const digits = phoneDigits(phone);
  const number = createHmac("sha256", `bsuid:${businessId}`).update(digits).digest().readBigUInt64BE(0);
  return `${countryOfPhone(digits)}.${number.toString()}`;
}

/** A BSUID for a user known only by username (phone never shared with the business). */
export function bsuidForUsername(businessId: string, username: string, country = "US"): string {
  const number = createHmac("sha256", `bsuid:${businessId}`).update(`username:${username.toLowerCase()}`).digest().readBigUInt64BE(0);
  return `${country}.${number.toString()}`;
}
