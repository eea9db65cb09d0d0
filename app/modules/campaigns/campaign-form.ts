// What the new-campaign form posts: a name, the sending number, an approved template, the audience
// (the contact list's tag and search filters) and, for each template variable, where its value comes
// from. Variable fields are named `var:<key>:source|value|fallback`.
import { z } from "zod";
import type { FieldErrors } from "~/lib/forms";
import type { TemplateVariable } from "../whatsapp/template-variables";
import { VariableSource, type VariableMapping } from "./recipient-values";

export const CampaignForm = z.object({
  name: z.string().trim().min(1, "Give the campaign a name").max(200, "Keep the name under 200 characters"),
  phoneNumberId: z.string().regex(/^[0-9]{1,30}$/, "Pick the number to send from"),
  templateId: z.string().uuid("Pick an approved template"),
  audienceTag: z.string().trim().max(50).default(""),
  audienceQuery: z.string().trim().max(100).default(""),
  audienceFilterId: z.string().trim().default(""),
});
export type CampaignForm = z.infer<typeof CampaignForm>;

export const variableField = (key: string, part: "source" | "value" | "fallback") => `var:${key}:${part}`;

/** Reads each template variable's source from the form; every variable needs one that can give a value. */
export function readVariableMapping(form: Record<string, unknown>, variables: TemplateVariable[]): { mapping: VariableMapping; errors: FieldErrors } {
  const mapping: VariableMapping = {};
  const errors: FieldErrors = {};
  for (const variable of variables) {
    const parsed = VariableSource.safeParse({
      source: form[variableField(variable.key, "source")],
      value: form[variableField(variable.key, "value")] ?? "",
      fallback: form[variableField(variable.key, "fallback")] ?? "",
    });
    const field = variableField(variable.key, "value");
    if (!parsed.success) errors[variableField(variable.key, "source")] = `Choose where ${variable.label} comes from`;
    else if (parsed.data.source === "text" && !parsed.data.value) errors[field] = `Type the text for ${variable.label}`;
    else if (parsed.data.source === "attribute" && !parsed.data.value) errors[field] = `Name the attribute for ${variable.label}`;
    else mapping[variable.key] = parsed.data;
  }
  return { mapping, errors };
}
