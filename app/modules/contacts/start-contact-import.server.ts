// Starting an uploaded import: the mapping the user confirmed (one choice per column, an attribute
// name where a column feeds an attribute), update-or-skip for existing contacts, a tag for every
// row and the country for national numbers; then the import job is queued in the same transaction.
import { z } from "zod";
import { enqueueJob } from "../../../jobs/enqueue";
import type { FieldErrors } from "~/lib/forms";
import type { WorkspaceAccess } from "../workspaces/memberships.server";
import { withWorkspace } from "../../../db/transactions";
import { AttributeKey, CountryCode, Tag } from "./schemas";
import { columnFields, type ColumnMapping, type ImportMapping } from "./csv-mapping";
import { attributeFieldName, columnFieldName } from "./import-form-names";

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

export async function startContactImport(access: WorkspaceAccess, importId: string, input: Record<string, unknown>): Promise<{ ok: true } | { ok: false; errors: FieldErrors }> {
  const workspaceId = access.workspace.id;
  return withWorkspace(workspaceId, access.user.id, async (tx) => {
    const [row] = await tx<{ columns: string[] | null; status: string }[]>`select columns, status from contact_imports where id = ${importId} for update`;
    if (!row?.columns || row.status !== "uploaded") return { ok: false, errors: { form: "This import has already started. Upload the file again to import it once more." } };
    const parsed = parseImportForm(row.columns, input);
    if (!parsed.ok) return parsed;
    await tx`update contact_imports set status = 'queued', mapping = ${tx.json(parsed.mapping)}, mode = ${parsed.mode}, updated_at = now() where id = ${importId}`;
    await enqueueJob(tx, "import-contacts", { workspaceId, importId }, { jobKey: `import-contacts:${importId}`, maxAttempts: 10 });
    return { ok: true } as const;
  });
}
