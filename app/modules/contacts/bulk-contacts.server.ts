// Actions on many contacts at once (add a tag, remove a tag, delete), on the ticked rows or on every
// contact the list's search and filters match. Owners and admins only.
import { z } from "zod";
import { fieldErrors, type FieldErrors } from "~/lib/forms";
import { withWorkspace } from "../../../db/transactions";
import { roleRank, type WorkspaceAccess } from "../workspaces/memberships.server";
import { contactFilterSql } from "./contact-filter.server";
import { defaultCountryOf } from "./default-country.server";
import { ContactFilter, Tag } from "./schemas";

export const bulkActions = ["add-tag", "remove-tag", "delete"] as const;

const BulkForm = z
  .object({
    action: z.enum(bulkActions, { errorMap: () => ({ message: "Choose an action" }) }),
    scope: z.enum(["selected", "filter"]),
    ids: z.array(z.string().uuid()).max(1_000),
    bulkTag: z.string(),
    filter: ContactFilter,
  })
  .superRefine((form, ctx) => {
    if (form.scope === "selected" && form.ids.length === 0) ctx.addIssue({ code: "custom", path: ["ids"], message: "Tick the contacts first, or choose every contact matching the search" });
    if (form.action !== "delete" && !Tag.safeParse(form.bulkTag).success) ctx.addIssue({ code: "custom", path: ["bulkTag"], message: Tag.safeParse(form.bulkTag).error?.issues[0]?.message ?? "Enter a tag" });
  });

export type BulkResult = { ok: true; action: (typeof bulkActions)[number]; count: number } | { ok: false; errors: FieldErrors };

export async function applyBulkAction(access: WorkspaceAccess, form: FormData): Promise<BulkResult> {
  if (roleRank[access.role] < roleRank.admin) return { ok: false, errors: { form: "Only owners and admins can change many contacts at once" } };
  const parsed = BulkForm.safeParse({
    action: form.get("action"),
    scope: form.get("scope"),
    ids: form.getAll("ids"),
    bulkTag: String(form.get("bulkTag") ?? ""),
    filter: { q: String(form.get("q") ?? ""), tag: String(form.get("tag") ?? ""), status: String(form.get("status") ?? "all") },
  });
  if (!parsed.success) return { ok: false, errors: fieldErrors(parsed.error) };
  const { action, scope, ids, filter } = parsed.data;
  const workspaceId = access.workspace.id;
  const count = await withWorkspace(workspaceId, access.user.id, async (tx) => {
    const where = scope === "selected" ? tx`c.workspace_id = ${workspaceId} and c.id = any(${ids}::uuid[])` : contactFilterSql(tx, workspaceId, filter, await defaultCountryOf(tx, workspaceId));
    if (action === "delete") return (await tx`delete from contacts c where ${where}`).count;
    const tag = Tag.parse(parsed.data.bulkTag);
    if (action === "add-tag") {
      return (await tx`insert into contact_tags (workspace_id, contact_id, tag) select c.workspace_id, c.id, ${tag} from contacts c where ${where} on conflict do nothing`).count;
    }
    return (await tx`delete from contact_tags t using contacts c where t.workspace_id = c.workspace_id and t.contact_id = c.id and t.tag = ${tag} and ${where}`).count;
  });
  return { ok: true, action, count };
}
