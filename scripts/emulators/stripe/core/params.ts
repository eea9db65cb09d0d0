// Zod building blocks for Stripe's form parameters (strings, integers, booleans, enums, arrays,
// metadata, unset-with-empty-string) and the mapping of a failed parse onto Stripe's error messages.
import { z } from "zod";
import { invalidRequest, type StripeApiError } from "./errors";
import { paramName, type FormObject, type FormValue } from "./form";

const paramToken = "{param}";

function issue(ctx: z.RefinementCtx, stripeCode: string, message: string): typeof z.NEVER {
  ctx.addIssue({ code: z.ZodIssueCode.custom, message, params: { stripeCode } });
  return z.NEVER;
}

/** A string that must not be empty: Stripe reads an empty value as an attempt to unset. */
export const text = z.string().transform((value, ctx) => {
  if (value !== "") return value;
  return issue(
    ctx,
    "parameter_invalid_empty",
    `You passed an empty string for '${paramToken}'. We assume empty values are an attempt to unset a parameter; however '${paramToken}' cannot be unset. You should remove '${paramToken}' from your request or supply a non-empty value.`,
  );
});

export const integer = z.string().transform((value, ctx) => {
  if (/^-?\d+$/.test(value)) return Number(value);
  return issue(ctx, "parameter_invalid_integer", `Invalid integer: ${value}`);
});

export const positiveInteger = integer.superRefine((value, ctx) => {
  if (value < 0) issue(ctx, "parameter_invalid_integer", `Invalid ${paramToken}: must be greater than or equal to 0`);
});

export const boolean = z.string().transform((value, ctx) => {
  if (value === "true") return true;
  if (value === "false") return false;
  return issue(ctx, "parameter_invalid_boolean", `Invalid boolean: ${value}`);
});

function listWords(values: readonly string[]): string {
  if (values.length <= 1) return values.join("");
  return `${values.slice(0, -1).join(", ")}, or ${values[values.length - 1]}`;
}

export function oneOf<const Values extends readonly [string, ...string[]]>(values: Values) {
  return z.string().transform((value, ctx): Values[number] => {
    if ((values as readonly string[]).includes(value)) return value;
    return issue(ctx, "parameter_invalid", `Invalid ${paramToken}: must be one of ${listWords(values)}`);
  });
}

/** `""` means "unset this field" in Stripe's form encoding; such values parse to null. */
export function emptyable<Schema extends z.ZodTypeAny>(schema: Schema) {
  return z.union([z.literal("").transform(() => null), schema]);
}

function toArray(value: unknown): unknown {
  if (Array.isArray(value) || typeof value !== "object" || value === null) return value;
  const entries = Object.entries(value as Record<string, unknown>);
  if (!entries.every(([key]) => /^\d+$/.test(key))) return value;
  return entries.sort(([a], [b]) => Number(a) - Number(b)).map(([, item]) => item);
}

/** Arrays arrive as `list[0]=a&list[1]=b` (the SDK) or `list[]=a` (curl); both parse here. */
export function formArray<Item extends z.ZodTypeAny>(item: Item) {
  return z.preprocess(toArray, z.array(item));
}

export function params<Shape extends z.ZodRawShape>(shape: Shape) {
  return z.object(shape).strict();
}

const metadataHash = z.record(z.string()).superRefine((value, ctx) => {
  const keys = Object.keys(value);
  if (keys.length > 50) issue(ctx, "parameter_invalid", "Invalid metadata: metadata can have at most 50 keys.");
  for (const key of keys) {
    if (key.length > 40) issue(ctx, "parameter_invalid", `Invalid metadata: key '${key}' is longer than 40 characters.`);
    if ((value[key] ?? "").length > 500) issue(ctx, "parameter_invalid", `Invalid metadata: the value of '${key}' is longer than 500 characters.`);
  }
});

/** `metadata[k]=v` sets, `metadata[k]=` deletes one key, `metadata=` clears all. */
export const metadata = emptyable(metadataHash);

export function applyMetadata(current: Record<string, string>, change: Record<string, string> | null | undefined): Record<string, string> {
  if (change === undefined) return current;
  if (change === null) return {};
  const next = { ...current };
  for (const [key, value] of Object.entries(change)) {
    if (value === "") delete next[key];
    else next[key] = value;
  }
  return next;
}

/** `created=123` or `created[gte]=…&created[lt]=…`, as on every list endpoint. */
export interface RangeQuery {
  gt?: number;
  gte?: number;
  lt?: number;
  lte?: number;
}

export const rangeQuery = z.union([
  integer.transform((value): RangeQuery => ({ gte: value, lte: value })),
  params({ gt: integer.optional(), gte: integer.optional(), lt: integer.optional(), lte: integer.optional() }),
]);

export function inRange(value: number, range: RangeQuery | undefined): boolean {
  if (!range) return true;
  if (range.gt !== undefined && !(value > range.gt)) return false;
  if (range.gte !== undefined && !(value >= range.gte)) return false;
  if (range.lt !== undefined && !(value < range.lt)) return false;
  if (range.lte !== undefined && !(value <= range.lte)) return false;
  return true;
}

function firstIssue(error: z.ZodError): z.ZodIssue {
  let found = error.issues[0] as z.ZodIssue;
  // Unions ("" or a value) report one branch per alternative; the last branch is the real shape.
  while (found.code === z.ZodIssueCode.invalid_union) {
    const branch = found.unionErrors[found.unionErrors.length - 1];
    if (!branch?.issues[0]) break;
    found = branch.issues[0];
  }
  return found;
}

function toStripeError(found: z.ZodIssue): StripeApiError {
  if (found.code === z.ZodIssueCode.unrecognized_keys) {
    const param = paramName([...found.path, found.keys[0] ?? ""]);
    return invalidRequest(`Received unknown parameter: ${param}`, { param, code: "parameter_unknown" });
  }
  const param = paramName(found.path);
  if (found.code === z.ZodIssueCode.invalid_type) {
    if (found.received === "undefined") {
      return invalidRequest(`Missing required param: ${param}.`, { param, code: "parameter_missing" });
    }
    const expected = found.expected === "object" ? "hash" : found.expected;
    return invalidRequest(`Invalid ${expected}`, { param });
  }
  const stripeCode = found.code === z.ZodIssueCode.custom ? (found.params?.stripeCode as string | undefined) : undefined;
  return invalidRequest(found.message.split(paramToken).join(param), { param, code: stripeCode });
}

/** Validates parsed form input against an endpoint's schema, throwing Stripe's 400 on the first issue. */
export function parseParams<Schema extends z.ZodTypeAny>(schema: Schema, input: FormObject | FormValue): z.output<Schema> {
  const result = schema.safeParse(input);
  if (!result.success) throw toStripeError(firstIssue(result.error));
  return result.data as z.output<Schema>;
}
