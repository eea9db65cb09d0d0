// The contact form as typed: identifiers, name, tags as one comma-separated field and attributes as
// "name = value" lines. Parsing it needs no server; the phone number is checked by saveContact.
import { z } from "zod";
import { AttributeKey, Bsuid, ContactName, ContactUsername, maxAttributeValueLength, splitTags } from "./schemas";

const optional = <T extends z.ZodTypeAny>(schema: T) =>
  z
    .string()
    .trim()
    .transform((value) => value || null)
    .pipe(schema.nullable());

/** "order_id = A-17" lines into attributes; an error names the first bad line. */
export function parseAttributes(text: string): { ok: true; attributes: Record<string, string> } | { ok: false; error: string } {
  const attributes: Record<string, string> = {};
  for (const [index, line] of text.split(/\r?\n/).entries()) {
    if (!line.trim()) continue;
    const match = /^\s*([^=:]+?)\s*[=:]\s*(.*?)\s*$/.exec(line);
    const key = match ? AttributeKey.safeParse(match[1]) : null;
    if (!match || !key?.success) return { ok: false, error: `Line ${index + 1}: write "name = value", with a name in lower-case letters, digits and _` };
    const value = match[2] ?? "";
    if (value.length > maxAttributeValueLength) return { ok: false, error: `Line ${index + 1}: a value has at most ${maxAttributeValueLength} characters` };
    if (value) attributes[key.data] = value;
  }
  return { ok: true, attributes };
}

export function formatAttributes(attributes: Record<string, string>): string {
  return Object.entries(attributes)
    .map(([key, value]) => `${key} = ${value}`)
    .join("\n");
}

export const ContactForm = z
  .object({
    phone: z.string().trim().max(40, "A phone number has at most 40 characters"),
    bsuid: optional(Bsuid),
    username: ContactUsername.transform((value) => value || null),
    name: ContactName.transform((value) => value || null),
    tags: z.string().transform((value, ctx) => {
      const tags = splitTags(value);
      if (!tags.success) {
        ctx.addIssue({ code: "custom", message: tags.error.issues[0]?.message ?? "The tags are not valid" });
        return z.NEVER;
      }
      return tags.data;
    }),
    attributes: z.string().transform((value, ctx) => {
      const parsed = parseAttributes(value);
      if (!parsed.ok) {
        ctx.addIssue({ code: "custom", message: parsed.error });
        return z.NEVER;
      }
      return parsed.attributes;
    }),
    optedOut: z.literal("on").optional().transform((value) => value === "on"),
  })
  .superRefine((form, ctx) => {
    if (!form.phone && !form.bsuid) ctx.addIssue({ code: "custom", path: ["phone"], message: "Enter a phone number or a WhatsApp user id" });
  });
export type ContactForm = z.infer<typeof ContactForm>;

export function contactFormInput(input: Record<string, unknown>) {
  const text = (key: string) => (typeof input[key] === "string" ? (input[key] as string) : "");
  return { phone: text("phone"), bsuid: text("bsuid"), username: text("username"), name: text("name"), tags: text("tags"), attributes: text("attributes"), optedOut: input.optedOut === "on" ? "on" : undefined };
}
