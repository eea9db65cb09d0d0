// Stripe's documented test card numbers and how each behaves (pays, declines when saved, or saves
// fine and declines when charged), with the decline codes and customer-facing messages Stripe uses.
import { docUrl, StripeApiError, type StripeErrorBody } from "../core/errors";

export type DeclineCode =
  | "generic_decline"
  | "insufficient_funds"
  | "lost_card"
  | "stolen_card"
  | "expired_card"
  | "incorrect_cvc"
  | "processing_error"
  | "incorrect_number"
  | "test_mode_live_card"
  | (string & {});

export interface Decline {
  /** The error `code` (card_declined for most declines, the specific code for a few). */
  code: string;
  declineCode: string | null;
  message: string;
  sellerMessage: string;
}

export interface CardBehaviour {
  brand: "visa" | "mastercard" | "amex";
  last4: string;
  /** Declines when the card is entered (Checkout, portal); nothing is saved. */
  declineOnEntry: DeclineCode | null;
  /** Saves fine, declines whenever it is charged (Stripe's 4000 0000 0000 0341). */
  declineOnCharge: DeclineCode | null;
}

const declines: Record<string, Omit<Decline, "declineCode">> = {
  generic_decline: { code: "card_declined", message: "Your card was declined.", sellerMessage: "The bank did not return any further details with this decline." },
  insufficient_funds: { code: "card_declined", message: "Your card has insufficient funds.", sellerMessage: "The bank returned the decline code `insufficient_funds`." },
  lost_card: { code: "card_declined", message: "Your card was declined.", sellerMessage: "The bank returned the decline code `lost_card`." },
  stolen_card: { code: "card_declined", message: "Your card was declined.", sellerMessage: "The bank returned the decline code `stolen_card`." },
  expired_card: { code: "expired_card", message: "Your card has expired.", sellerMessage: "The bank returned the decline code `expired_card`." },
  incorrect_cvc: { code: "incorrect_cvc", message: "Your card's security code is incorrect.", sellerMessage: "The bank returned the decline code `incorrect_cvc`." },
  processing_error: {
    code: "processing_error",
    message: "An error occurred while processing your card. Try again in a little bit.",
    sellerMessage: "The bank returned the decline code `processing_error`.",
  },
  incorrect_number: { code: "incorrect_number", message: "Your card number is incorrect.", sellerMessage: "The card number is incorrect." },
  test_mode_live_card: {
    code: "card_declined",
    message:
      "Your card was declined. Your request was in test mode, but used a non test (live) card. For a list of valid test cards, visit: https://stripe.com/docs/testing.",
    sellerMessage: "A live card was used in test mode.",
  },
};

export function describeDecline(code: DeclineCode): Decline {
  // "card_declined" is what people usually mean when they arm a failure: the generic decline.
  const key = code === "card_declined" ? "generic_decline" : code;
  const known = declines[key];
  if (!known) return { code: "card_declined", declineCode: key, message: "Your card was declined.", sellerMessage: `The bank returned the decline code \`${key}\`.` };
  return { ...known, declineCode: key === "incorrect_number" ? null : key };
}

const brandNames: Record<string, string> = { visa: "Visa", mastercard: "Mastercard", amex: "American Express" };

/** The brand as customers read it: "visa" is "Visa". */
export function brandName(brand: string | null | undefined): string {
  return brandNames[brand ?? ""] ?? "Card";
}

export const testCards: Record<string, CardBehaviour> = {
  "4242424242424242": { brand: "visa", last4: "4242", declineOnEntry: null, declineOnCharge: null },
  "4000056655665556": { brand: "visa", last4: "5556", declineOnEntry: null, declineOnCharge: null },
  "5555555555554444": { brand: "mastercard", last4: "4444", declineOnEntry: null, declineOnCharge: null },
  "378282246310005": { brand: "amex", last4: "0005", declineOnEntry: null, declineOnCharge: null },
  "4000000000000002": { brand: "visa", last4: "0002", declineOnEntry: "generic_decline", declineOnCharge: "generic_decline" },
  "4000000000009995": { brand: "visa", last4: "9995", declineOnEntry: "insufficient_funds", declineOnCharge: "insufficient_funds" },
  "4000000000009987": { brand: "visa", last4: "9987", declineOnEntry: "lost_card", declineOnCharge: "lost_card" },
  "4000000000009979": { brand: "visa", last4: "9979", declineOnEntry: "stolen_card", declineOnCharge: "stolen_card" },
  "4000000000000069": { brand: "visa", last4: "0069", declineOnEntry: "expired_card", declineOnCharge: "expired_card" },
  "4000000000000127": { brand: "visa", last4: "0127", declineOnEntry: "incorrect_cvc", declineOnCharge: "incorrect_cvc" },
  "4000000000000119": { brand: "visa", last4: "0119", declineOnEntry: "processing_error", declineOnCharge: "processing_error" },
  "4000000000000341": { brand: "visa", last4: "0341", declineOnEntry: null, declineOnCharge: "generic_decline" },
};

function passesLuhn(digits: string): boolean {
  let sum = 0;
  for (let index = 0; index < digits.length; index++) {
    let digit = Number(digits[digits.length - 1 - index]);
    if (index % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

export type CardLookup = { ok: true; card: CardBehaviour } | { ok: false; decline: Decline };

/** Reads a card number as typed (spaces and dashes allowed) the way Stripe's test mode does. */
export function lookupCard(input: string): CardLookup {
  const digits = input.replace(/[\s-]/g, "");
  const known = testCards[digits];
  if (known) return { ok: true, card: known };
  if (!/^\d{12,19}$/.test(digits) || !passesLuhn(digits)) return { ok: false, decline: describeDecline("incorrect_number") };
  return { ok: false, decline: describeDecline("test_mode_live_card") };
}

export function cardErrorBody(decline: Decline, extras: Pick<StripeErrorBody, "charge" | "payment_intent" | "payment_method"> = {}): StripeErrorBody {
  const body: StripeErrorBody = { type: "card_error", code: decline.code, doc_url: docUrl(decline.code), message: decline.message, ...extras };
  if (decline.declineCode) body.decline_code = decline.declineCode;
  return body;
}

export function cardError(decline: Decline, extras: Pick<StripeErrorBody, "charge" | "payment_intent" | "payment_method"> = {}): StripeApiError {
  return new StripeApiError(402, cardErrorBody(decline, extras));
}
