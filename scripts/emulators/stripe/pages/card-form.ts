// The card fields shared by Checkout, the portal and the invoice page: reading what was typed,
// checking it as Stripe's card element does, and rendering it again with errors beside the fields.
import type { CardExpiry } from "../domain/payments";
import { field } from "./layout";

export interface CardFields {
  cardNumber: string;
  expiry: string;
  cvc: string;
}

export type CardErrors = Partial<Record<keyof CardFields, string>>;

export function readCardFields(form: URLSearchParams): CardFields {
  return { cardNumber: form.get("cardNumber") ?? "", expiry: form.get("expiry") ?? "", cvc: form.get("cvc") ?? "" };
}

/** "12 / 34", "12/34" or "1234" as a month and a four-digit year. */
function parseExpiry(value: string): CardExpiry | null {
  const digits = value.replace(/\D/g, "");
  if (digits.length !== 4 && digits.length !== 6) return null;
  const month = Number(digits.slice(0, 2));
  const year = digits.length === 4 ? 2000 + Number(digits.slice(2)) : Number(digits.slice(2));
  return month >= 1 && month <= 12 ? { month, year } : null;
}

/**
 * Checks the typed card. Expiry and CVC may be left empty (a test card needs neither), but what is
 * typed must be valid. `now` is the emulator's time, so an advanced clock can expire a card.
 */
export function checkCardFields(fields: CardFields, now: number): { errors: CardErrors; expiry: CardExpiry | null } {
  const errors: CardErrors = {};
  if (fields.cardNumber.replace(/[\s-]/g, "") === "") errors.cardNumber = "Your card number is incomplete.";
  let expiry: CardExpiry | null = null;
  if (fields.expiry.trim() !== "") {
    expiry = parseExpiry(fields.expiry);
    const date = new Date(now * 1000);
    if (!expiry) {
      errors.expiry = "Your card's expiration date is incomplete.";
    } else if (expiry.year < date.getUTCFullYear() || (expiry.year === date.getUTCFullYear() && expiry.month < date.getUTCMonth() + 1)) {
      errors.expiry = "Your card's expiration date is in the past.";
    }
  }
  if (fields.cvc.trim() !== "" && !/^\d{3,4}$/.test(fields.cvc.trim())) errors.cvc = "Your card's security code is incomplete.";
  return { errors, expiry };
}

export function cardFieldsHtml(fields: CardFields, errors: CardErrors): string {
  return [
    field({ name: "cardNumber", label: "Card number", value: fields.cardNumber, error: errors.cardNumber, autocomplete: "cc-number", inputmode: "numeric", placeholder: "1234 1234 1234 1234" }),
    `<div class="row">`,
    field({ name: "expiry", label: "Expiry", value: fields.expiry, error: errors.expiry, autocomplete: "cc-exp", inputmode: "numeric", placeholder: "MM / YY" }),
    field({ name: "cvc", label: "CVC", value: fields.cvc, error: errors.cvc, autocomplete: "cc-csc", inputmode: "numeric", placeholder: "CVC" }),
    `</div>`,
  ].join("\n");
}

export const emptyCardFields: CardFields = { cardNumber: "", expiry: "", cvc: "" };
