// Starting an uploaded import: the mapping the user confirmed (one choice per column, an attribute
// name where a column feeds an attribute), update-or-skip for existing contacts, a tag for every
// row and the country for national numbers; then the import job is queued in the same transaction.
import { enqueueJob } from "../../../jobs/enqueue";
import type { FieldErrors } from "~/lib/forms";
import type { WorkspaceAccess } from "../workspaces/memberships.server";
import { withWorkspace } from "../../../db/transactions";
import { parseImportForm } from "./import-form";

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
