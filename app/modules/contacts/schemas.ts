// The shapes of contacts at the boundaries: identifiers, tags, attribute names, the list filter and
// the forms. Shared by routes, modules, the import job and tests.
import { z } from "zod";

export const optOutSources = ["manual", "import", "keyword", "whatsapp"] as const;
export type OptOutSource = (typeof optOutSources)[number];

/** WhatsApp's business-scoped user id: a country code, a period and up to 128 letters or digits ("ENT." for a parent id). */
export const bsuidPattern = /^[A-Z]{2}\.(ENT\.)?[A-Za-z0-9]{1,128}$/;

export const Bsuid = z
  .string()
  .trim()
  .regex(bsuidPattern, "A WhatsApp user id looks like US.13491208655302741918");

export const CountryCode = z.string().regex(/^[A-Z]{2}$/, "Choose a country");

export const maxTagLength = 50;

/** Tags are compared case-insensitively and may not hold the characters that separate tags in a CSV cell. */
export const Tag = z
  .string()
  .transform((value) => value.trim().replace(/\s+/g, " ").toLowerCase())
  .pipe(
    z
      .string()
      .min(1, "Enter a tag")
      .max(maxTagLength, `A tag has at most ${maxTagLength} characters`)
      .regex(/^[^,;|]+$/, "A tag cannot contain , ; or |"),
  );

/** Attribute names become template variables, so they are plain identifiers. */
export const AttributeKey = z
  .string()
  .regex(/^[a-z][a-z0-9_]{0,39}$/, "Use lower-case letters, digits and _ (up to 40), starting with a letter");

export const maxAttributeValueLength = 500;

export const ContactName = z.string().trim().max(200, "A name has at most 200 characters");
export const ContactUsername = z
  .string()
  .trim()
  .transform((value) => value.replace(/^@/, ""))
  .pipe(z.string().max(100, "A username has at most 100 characters"));

export const contactStatuses = ["all", "subscribed", "opted_out"] as const;

/** The list's search and filters, read from the URL (and carried by bulk actions and exports). */
export const ContactFilter = z.object({
  q: z.string().trim().max(100).catch(""),
  tag: z.string().trim().max(maxTagLength).transform((value) => value.replace(/\s+/g, " ").toLowerCase()).catch(""),
  status: z.enum(contactStatuses).catch("all"),
});
export type ContactFilter = z.infer<typeof ContactFilter>;

export function contactFilterFrom(params: URLSearchParams): ContactFilter {
  return ContactFilter.parse({ q: params.get("q") ?? "", tag: params.get("tag") ?? "", status: params.get("status") ?? "all" });
}

/** The filter as URL search parameters, leaving out the defaults. */
export function contactFilterParams(filter: ContactFilter): URLSearchParams {
  const params = new URLSearchParams();
  if (filter.q) params.set("q", filter.q);
  if (filter.tag) params.set("tag", filter.tag);
  if (filter.status !== "all") params.set("status", filter.status);
  return params;
}

const TagList = z
  .array(Tag)
  .max(50, "A contact has at most 50 tags")
  .transform((tags) => [...new Set(tags)]);

/** Splits a typed or imported list of tags ("vip, newsletter") into normalised tags. */
export function splitTags(text: string): z.SafeParseReturnType<string[], string[]> {
  return TagList.safeParse(text.split(/[,;|]/).filter((part) => part.trim() !== ""));
}
