// Errors in Stripe's wire format (`{error: {type, code, message, param, decline_code}}`) with the
// HTTP status Stripe uses, so the SDK raises the same StripeError subclasses it raises in production.
export type StripeErrorType = "api_error" | "card_error" | "idempotency_error" | "invalid_request_error";

export interface StripeErrorBody {
  type: StripeErrorType;
  message: string;
  code?: string;
  param?: string;
  decline_code?: string;
  doc_url?: string;
  charge?: string;
  payment_intent?: unknown;
  payment_method?: unknown;
  request_log_url?: string;
}

export class StripeApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: StripeErrorBody,
  ) {
    super(body.message);
    this.name = "StripeApiError";
  }

  toJSON(): { error: StripeErrorBody } {
    return { error: this.body };
  }
}

export function docUrl(code: string): string {
  return `https://docs.stripe.com/error-codes/${code.replace(/_/g, "-")}`;
}

export function invalidRequest(message: string, options: { param?: string; code?: string; status?: number } = {}): StripeApiError {
  const body: StripeErrorBody = { type: "invalid_request_error", message };
  if (options.code) {
    body.code = options.code;
    body.doc_url = docUrl(options.code);
  }
  if (options.param) body.param = options.param;
  return new StripeApiError(options.status ?? 400, body);
}

/** The object names Stripe uses in "No such …" messages. */
const resourceNames: Record<string, string> = {
  cus: "customer",
  pm: "PaymentMethod",
  prod: "product",
  price: "price",
  txr: "tax rate",
  cs: "checkout.session",
  bps: "billing portal session",
  sub: "subscription",
  si: "subscription item",
  in: "invoice",
  inpay: "invoice payment",
  pi: "payment_intent",
  ch: "charge",
  re: "refund",
  evt: "event",
};

export function resourceMissing(id: string, param = "id", kind?: string): StripeApiError {
  const prefix = id.split("_")[0] ?? "";
  const name = kind ?? resourceNames[prefix] ?? "object";
  return invalidRequest(`No such ${name}: '${id}'`, { param, code: "resource_missing", status: 404 });
}

export function parameterMissing(param: string): StripeApiError {
  return invalidRequest(`Missing required param: ${param}.`, { param, code: "parameter_missing" });
}

export function unrecognizedUrl(method: string, path: string): StripeApiError {
  return invalidRequest(
    `Unrecognized request URL (${method}: ${path}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.`,
    { status: 404 },
  );
}

export function authenticationError(key: string | null): StripeApiError {
  if (!key) {
    return invalidRequest(
      "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY'). See https://stripe.com/docs/api#authentication for details, or we can help at https://support.stripe.com/.",
      { status: 401 },
    );
  }
  const visible = key.length > 12 ? `${key.slice(0, 8)}${"*".repeat(key.length - 12)}${key.slice(-4)}` : key;
  return invalidRequest(`Invalid API Key provided: ${visible}`, { status: 401 });
}

export function idempotencyError(message: string): StripeApiError {
  return new StripeApiError(400, { type: "idempotency_error", message });
}
