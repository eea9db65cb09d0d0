// Where each template variable of a campaign takes its value for one recipient: a contact field, one
// of the contact's attributes, or a fixed text, with a fallback when the contact has no value. The
// launch resolves every recipient with this, and the form's preview shows the first one.
import { z } from "zod";
import type { TemplateValues } from "../whatsapp/template-variables";

export const valueSources = ["name", "first_name", "phone", "attribute", "text"] as const;
export type ValueSource = (typeof valueSources)[number];

export const valueSourceLabels: Record<ValueSource, string> = {
  name: "Contact's name",
  first_name: "Contact's first name",
  phone: "Contact's phone number",
  attribute: "Contact attribute",
  text: "Fixed text",
};

export const VariableSource = z.object({
  source: z.enum(valueSources),
  /** The attribute's key, or the fixed text. */
  value: z.string().trim().max(1000).default(""),
  fallback: z.string().trim().max(1000).default(""),
});
export type VariableSource = z.infer<typeof VariableSource>;

/** The template variable key ("body.1", "header.media") → where its value comes from. */
export type VariableMapping = Record<string, VariableSource>;

export interface RecipientFields {
  name: string | null;
  phone: string | null;
  attributes: Record<string, unknown>;
}

function sourceValue(source: VariableSource, recipient: RecipientFields): string {
  switch (source.source) {
    case "name":
      return recipient.name ?? "";
    case "first_name":
      return recipient.name?.trim().split(/\s+/)[0] ?? "";
    case "phone":
      return recipient.phone ?? "";
    case "attribute": {
      const value = recipient.attributes[source.value];
      return typeof value === "string" || typeof value === "number" ? String(value) : "";
    }
    case "text":
      return source.value;
  }
}

/** This recipient's value of every mapped variable; a variable without a value or fallback is left out. */
export function recipientValues(mapping: VariableMapping, recipient: RecipientFields): TemplateValues {
  const values: TemplateValues = {};
  for (const [key, source] of Object.entries(mapping)) {
    const value = sourceValue(source, recipient).trim() || source.fallback;
    if (value) values[key] = value;
  }
  return values;
}
