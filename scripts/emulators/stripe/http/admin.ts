// The JSON control surface under /__admin/ for scripts and tests in other processes; each route
// calls the same emulator method a test in this process would.
import { z } from "zod";
import { EmulatorConfigPatch } from "../core/config";
import type { StripeEmulator } from "../server";

export class AdminError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const ClockAdvance = z.union([
  z.object({ seconds: z.number().int().nonnegative() }).strict(),
  z.object({ days: z.number().nonnegative() }).strict(),
]);
const FailNextPayment = z.object({ customer: z.string().startsWith("cus_").optional(), decline_code: z.string().min(1).optional() }).strict();
const AdminRefund = z
  .object({ charge: z.string().startsWith("ch_").optional(), payment_intent: z.string().startsWith("pi_").optional(), amount: z.number().int().positive().optional() })
  .strict()
  .refine((value) => Boolean(value.charge) !== Boolean(value.payment_intent), "Give one of charge or payment_intent");
const PayCheckout = z.object({ card: z.string().min(1).optional() }).strict();

function parse<T>(schema: z.ZodType<T>, body: unknown): T {
  const result = schema.safeParse(body);
  if (!result.success) throw new AdminError(400, result.error.issues.map((issue) => `${issue.path.join(".") || "body"}: ${issue.message}`).join("; "));
  return result.data;
}

/** Answers an admin request with the value to send as JSON. */
export async function handleAdmin(emulator: StripeEmulator, method: string, path: string, query: URLSearchParams, body: unknown): Promise<unknown> {
  const route = `${method} ${path.replace(/\/+$/, "")}`;
  const retry = /^POST \/__admin\/invoices\/([^/]+)\/retry$/.exec(route);
  if (retry) return emulator.retryPayment(decodeURIComponent(retry[1] ?? ""));
  const checkout = /^POST \/__admin\/checkout\/([^/]+)\/pay$/.exec(route);
  if (checkout) {
    const { card } = parse(PayCheckout, body);
    return emulator.payCheckout(decodeURIComponent(checkout[1] ?? ""), card);
  }
  switch (route) {
    case "GET /__admin/health":
      return { ok: true, now: emulator.now(), api_version: emulator.apiVersion };
    case "POST /__admin/clock/advance": {
      const advance = parse(ClockAdvance, body);
      return { now: emulator.advanceClock("seconds" in advance ? advance.seconds : { days: advance.days }) };
    }
    case "GET /__admin/clock":
      return { now: emulator.now() };
    case "POST /__admin/fail-next-payment": {
      const { customer, decline_code: declineCode } = parse(FailNextPayment, body);
      emulator.failNextPayment(customer, declineCode);
      return { armed: customer ?? "any customer", decline_code: declineCode ?? "generic_decline" };
    }
    case "POST /__admin/refunds": {
      const refund = parse(AdminRefund, body);
      return emulator.refund(refund.charge ?? refund.payment_intent ?? "", refund.amount);
    }
    case "GET /__admin/config":
      return emulator.configure({});
    case "POST /__admin/config":
      return emulator.configure(parse(EmulatorConfigPatch.strict(), body));
    case "GET /__admin/events":
      return { data: emulator.events({ type: query.get("type") ?? undefined, customer: query.get("customer") ?? undefined, object: query.get("object") ?? undefined }) };
    case "GET /__admin/deliveries":
      return { data: emulator.deliveries({ type: query.get("type") ?? undefined }) };
    case "GET /__admin/requests":
      return { data: emulator.requests({ method: query.get("method") ?? undefined, path: query.get("path") ?? undefined }) };
    case "POST /__admin/settle":
      await emulator.settle();
      return { settled: true };
    case "POST /__admin/reset":
      emulator.reset();
      return { reset: true };
    default:
      throw new AdminError(404, `No admin route ${route}`);
  }
}
