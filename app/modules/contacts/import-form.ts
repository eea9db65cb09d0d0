// The import mapping form as posted, parsed into the mapping the import job follows: one choice per
// column, attribute names, update-or-skip, a tag for every row and the country for national numbers.
import { z } from "zod";
import type { FieldErrors } from "~/lib/forms";
import { columnFields, type ColumnMapping, type ImportMapping } from "./csv-mapping";
import { attributeFieldName, columnFieldName } from "./import-form-names";
import { AttributeKey, CountryCode, Tag } from "./schemas";

export const importModes = ["update", "skip"] as const;

const Options = z.object({
  mode: z.enum(importModes, { errorMap: () => ({ message: "Choose what to do with contacts that already exist" }) }),
  tag: z.string().trim().transform((value) => value || null).pipe(Tag.nullable()),
  defaultCountry: z.string().trim().transform((value) => value || null).pipe(CountryCode.nullable()),
});

/** Reads the mapping form; errors are keyed by the field names the page renders. */
export function parseImportForm(columns: readonly string[], input: Record<string, unknown>): { ok: true; mapping: ImportMapping; mode: "update" | "skip" } | { ok: false; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const mapped: ColumnMapping[] = [];
  const keys = new Set<string>();
  columns.forEach((_, index) => {
    const field = z.enum(columnFields).catch("ignore").parse(input[columnFieldName(index)]);
    if (field !== "attribute") {
      mapped.push({ field });
      return;
    }
    const key = AttributeKey.safeParse(String(input[attributeFieldName(index)] ?? "").trim());
    if (!key.success) errors[attributeFieldName(index)] = key.error.issues[0]?.message;
    else if (keys.has(key.data)) errors[attributeFieldName(index)] = "Another column already feeds this attribute";
    else {
      keys.add(key.data);
      mapped.push({ field: "attribute", key: key.data });
    }
  });
  for (const single of ["phone", "bsuid"] as const) {
    const indexes = mapped.flatMap((column, index) => (column.field === single ? [index] : []));
    for (const index of indexes.slice(1)) errors[columnFieldName(index)] = "Only one column can hold this";
  }
  if (!mapped.some((column) => column.field === "phone" || column.field === "bsuid")) {
    errors.form = "Choose the column that holds the phone number (or the WhatsApp user id)";
  }
  const options = Options.safeParse({ mode: input.mode, tag: input.tag ?? "", defaultCountry: input.defaultCountry ?? "" });
  if (!options.success) for (const issue of options.error.issues) errors[String(issue.path[0])] ??= issue.message;
  if (Object.keys(errors).length > 0 || !options.success) return { ok: false, errors };
  return { ok: true, mapping: { columns: mapped, tag: options.data.tag, defaultCountry: options.data.defaultCountry }, mode: options.data.mode };
}

