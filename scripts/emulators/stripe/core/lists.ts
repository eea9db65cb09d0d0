// Stripe's cursor pagination: `limit` (1–100, default 10), `starting_after` / `ending_before` by
// object id, answered as `{object: "list", data, has_more, url}`.
import { z } from "zod";
import { invalidRequest, resourceMissing } from "./errors";
import { integer, text } from "./params";
import type { ApiList } from "./types";

export const pagination = {
  limit: integer
    .superRefine((value, ctx) => {
      if (value < 1 || value > 100) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: "This value must be between 1 and 100 (inclusive).", params: { stripeCode: "parameter_invalid_integer" } });
      }
    })
    .optional(),
  starting_after: text.optional(),
  ending_before: text.optional(),
};

export interface PageRequest {
  limit?: number;
  starting_after?: string;
  ending_before?: string;
}

export function list<T>(data: T[], url: string): ApiList<T> {
  return { object: "list", data, has_more: false, url };
}

/** Pages through `items`, which must already be in list order (newest first). */
export function paginate<T extends { id: string }>(items: T[], page: PageRequest, url: string): ApiList<T> {
  const limit = page.limit ?? 10;
  if (page.starting_after !== undefined && page.ending_before !== undefined) {
    throw invalidRequest("You may only specify one of these parameters: ending_before, starting_after.", { code: "parameters_exclusive" });
  }
  if (page.starting_after !== undefined) {
    const index = items.findIndex((item) => item.id === page.starting_after);
    if (index === -1) throw resourceMissing(page.starting_after, "starting_after");
    const rest = items.slice(index + 1);
    return { object: "list", data: rest.slice(0, limit), has_more: rest.length > limit, url };
  }
  if (page.ending_before !== undefined) {
    const index = items.findIndex((item) => item.id === page.ending_before);
    if (index === -1) throw resourceMissing(page.ending_before, "ending_before");
    const before = items.slice(0, index);
    return { object: "list", data: before.slice(Math.max(0, before.length - limit)), has_more: before.length > limit, url };
  }
  return { object: "list", data: items.slice(0, limit), has_more: items.length > limit, url };
}
