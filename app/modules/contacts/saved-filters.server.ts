// Named contact filters: saved from the contact list (whatever search, tag and status it shows) and
// offered as a campaign's audience, so "VIP customers in Muscat" means the same contacts in both.
import { z } from "zod";
import type { Tx } from "../../../db/transactions";
import type { FieldErrors } from "~/lib/forms";
import { inWorkspace, type WorkspaceAccess } from "../workspaces/memberships.server";
import { ContactFilter } from "./schemas";

export interface SavedFilter extends ContactFilter {
  id: string;
  name: string;
}

const Name = z.string().trim().min(1, "Name the filter").max(60, "Keep the name under 60 characters");

export function listSavedFilters(tx: Tx): Promise<SavedFilter[]> {
  return tx<SavedFilter[]>`select id, name, q, tag, status from saved_contact_filters order by lower(name)`;
}

export async function findSavedFilter(tx: Tx, id: string): Promise<SavedFilter | null> {
  if (!z.string().uuid().safeParse(id).success) return null;
  const [filter] = await tx<SavedFilter[]>`select id, name, q, tag, status from saved_contact_filters where id = ${id}`;
  return filter ?? null;
}

export async function saveFilter(access: WorkspaceAccess, name: unknown, filter: ContactFilter): Promise<{ ok: true } | { ok: false; errors: FieldErrors }> {
  const parsed = Name.safeParse(name);
  if (!parsed.success) return { ok: false, errors: { filterName: parsed.error.issues[0]?.message } };
  if (!filter.q && !filter.tag && filter.status === "all") return { ok: false, errors: { filterName: "Search or pick a tag or status first: this filter would match everyone" } };
  return inWorkspace(access, async (tx) => {
    const [saved] = await tx`
      insert into saved_contact_filters (workspace_id, name, q, tag, status, created_by)
      values (${access.workspace.id}, ${parsed.data}, ${filter.q}, ${filter.tag}, ${filter.status}, ${access.user.id})
      on conflict (workspace_id, lower(name)) do nothing returning id`;
    return saved ? { ok: true as const } : { ok: false as const, errors: { filterName: "A saved filter already has this name" } };
  });
}

export async function deleteSavedFilter(access: WorkspaceAccess, id: string): Promise<boolean> {
  if (!z.string().uuid().safeParse(id).success) return false;
  return inWorkspace(access, async (tx) => (await tx`delete from saved_contact_filters where id = ${id}`).count > 0);
}
