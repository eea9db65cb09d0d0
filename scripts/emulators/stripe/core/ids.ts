// Identifiers shaped like Stripe's: a type prefix and random base62 characters, so code that checks
// prefixes (`cus_`, `sub_`, `in_` ...) or logs ids behaves as it will against the real API.
import { randomBytes } from "node:crypto";

const alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

// Random bytes drawn 4 KiB at a time: one system call per id was a visible share of request time.
let pool = randomBytes(4096);
let poolOffset = 0;

function nextByte(): number {
  if (poolOffset === pool.length) {
    pool = randomBytes(4096);
    poolOffset = 0;
  }
  return pool[poolOffset++] as number;
}

export function randomBase62(length: number): string {
  // Rejection sampling keeps every character equally likely (256 is not a multiple of 62).
  let out = "";
  while (out.length < length) {
    const byte = nextByte();
    if (byte < 248) out += alphabet[byte % 62];
  }
  return out;
}

export type IdPrefix =
  | "cus"
  | "pm"
  | "prod"
  | "price"
  | "txr"
  | "cs_test"
  | "li"
  | "bps"
  | "bpc"
  | "sub"
  | "si"
  | "in"
  | "il"
  | "ii"
  | "inpay"
  | "pi"
  | "ch"
  | "re"
  | "evt"
  | "req";

const lengths: Partial<Record<IdPrefix, number>> = { cus: 14, req: 14, cs_test: 58 };

export function newId(prefix: IdPrefix): string {
  return `${prefix}_${randomBase62(lengths[prefix] ?? 24)}`;
}
