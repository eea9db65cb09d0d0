// The new-template form: its choices (languages, categories, header and button types), the zod
// schema that turns posted fields into a checked TemplateDraft, and a lenient reading for previews.
import { z } from "zod";
import { checkDraft, draftButtonTypes, headerTypes, templateCategories, type DraftButton, type DraftIssue, type TemplateDraft } from "./template-variables";

export const languageOptions = [
  { value: "en_US", label: "English (US)" },
  { value: "en_GB", label: "English (UK)" },
  { value: "en", label: "English" },
  { value: "ar", label: "Arabic" },
  { value: "es", label: "Spanish" },
  { value: "es_MX", label: "Spanish (Mexico)" },
  { value: "pt_BR", label: "Portuguese (Brazil)" },
  { value: "pt_PT", label: "Portuguese (Portugal)" },
  { value: "fr", label: "French" },
  { value: "de", label: "German" },
  { value: "it", label: "Italian" },
  { value: "nl", label: "Dutch" },
  { value: "tr", label: "Turkish" },
  { value: "ru", label: "Russian" },
  { value: "hi", label: "Hindi" },
  { value: "id", label: "Indonesian" },
  { value: "ms", label: "Malay" },
  { value: "ur", label: "Urdu" },
  { value: "fa", label: "Persian" },
  { value: "zh_CN", label: "Chinese (simplified)" },
];

/** A language code as people read it; codes outside the form's list (synced from Meta) show as is. */
export function languageLabel(code: string): string {
  return languageOptions.find((option) => option.value === code)?.label ?? code;
}

export const categoryOptions = [
  { value: "MARKETING", label: "Marketing: offers, news, invitations" },
  { value: "UTILITY", label: "Utility: updates about an order or account" },
  { value: "AUTHENTICATION", label: "Authentication: one-time codes" },
];

export const headerTypeOptions = [
  { value: "NONE", label: "No header" },
  { value: "TEXT", label: "Text" },
  { value: "IMAGE", label: "Image" },
  { value: "VIDEO", label: "Video" },
  { value: "DOCUMENT", label: "Document" },
];

export const buttonTypeOptions = [
  { value: "", label: "No button" },
  { value: "QUICK_REPLY", label: "Quick reply" },
  { value: "URL", label: "Visit website" },
  { value: "PHONE_NUMBER", label: "Call phone number" },
];

/** Button rows are numbered fields (buttonType1, buttonText1…), so the form posts without scripts. */
export const maxButtonRows = 10;
export const initialButtonRows = 3;
export const buttonField = (part: "Type" | "Text" | "Url" | "UrlExample" | "Phone", row: number) => `button${part}${row}`;

export interface FormButton extends DraftButton {
  /** The row of the form the button came from, so its errors land next to its fields. */
  row: number;
}

const text = z.string().trim().catch("");
const multiline = z
  .string()
  .catch("")
  .transform((value) => value.replace(/\r\n?/g, "\n").trim());

const ButtonRow = z.object({
  row: z.number(),
  type: z.enum(draftButtonTypes),
  text,
  url: text,
  urlExample: text,
  // People write numbers with spaces and dashes; Meta wants digits with an optional +.
  phoneNumber: text.transform((value) => value.replace(/[\s().-]/g, "")),
});

/** Gathers the numbered button fields into rows, keeping only rows whose type is chosen. */
function collectButtons(input: unknown): unknown {
  if (typeof input !== "object" || input === null) return input;
  const fields = input as Record<string, unknown>;
  const buttons = [];
  for (let row = 1; row <= maxButtonRows; row++) {
    const type = fields[buttonField("Type", row)];
    if (typeof type !== "string" || type === "") continue;
    buttons.push({
      row,
      type,
      text: fields[buttonField("Text", row)],
      url: fields[buttonField("Url", row)],
      urlExample: fields[buttonField("UrlExample", row)],
      phoneNumber: fields[buttonField("Phone", row)],
    });
  }
  return { ...fields, buttons };
}

const componentFields = {
  headerType: z.enum(headerTypes).catch("NONE"),
  headerText: text,
  headerExample: text,
  headerHandle: text,
  body: multiline,
  bodyExamples: multiline.transform((value) => value.split("\n").map((line) => line.trim()).filter(Boolean)),
  footer: text,
  buttons: z.array(ButtonRow).max(maxButtonRows),
  securityRecommendation: z.literal("on").optional().catch(undefined).transform(Boolean),
  codeExpirationMinutes: text.transform((value) => (value === "" ? null : Number(value))),
};

/** The fields of a form that may still be incomplete, read as well as they can be, for the preview. */
export const TemplatePreviewForm = z.preprocess(
  collectButtons,
  z.object({
    ...componentFields,
    category: z.enum(templateCategories).catch("MARKETING"),
    buttons: z.array(ButtonRow.extend({ type: z.enum(draftButtonTypes).catch("QUICK_REPLY") })).catch([]),
  }),
);

const buttonParts = { type: "Type", text: "Text", url: "Url", urlExample: "UrlExample", phoneNumber: "Phone" } as const;

/** The form field a draft issue belongs to: a button's issue lands on the numbered field of its row. */
function issueField(path: DraftIssue["path"], buttons: FormButton[]): string {
  if (path.length !== 3) return path[0];
  const [, index, part] = path;
  return buttonField(buttonParts[part], buttons[index]?.row ?? 1);
}

export const TemplateForm = z
  .preprocess(
    collectButtons,
    z.object({
      ...componentFields,
      name: z
        .string({ required_error: "Enter a name for the template" })
        .trim()
        .min(1, "Enter a name for the template")
        .max(512, "Keep the name to 512 characters")
        .regex(/^[a-z0-9_]+$/, "Use only lowercase letters, digits and underscores, like order_shipped"),
      language: z.enum(languageOptions.map((option) => option.value) as [string, ...string[]], { errorMap: () => ({ message: "Choose the template's language" }) }),
      category: z.enum(templateCategories, { errorMap: () => ({ message: "Choose a category" }) }),
    }),
  )
  .superRefine((form, context) => {
    for (const issue of checkDraft(form)) context.addIssue({ code: "custom", path: [issueField(issue.path, form.buttons)], message: issue.message });
  });
export type TemplateForm = z.infer<typeof TemplateForm>;

/** Reads a possibly incomplete form into a draft for the live preview; never fails. */
export function readDraft(fields: Record<string, unknown>): TemplateDraft {
  return TemplatePreviewForm.parse(fields);
}
