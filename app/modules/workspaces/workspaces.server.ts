// A signed-in user opens another workspace of their own (with its own trial).
import { z } from "zod";
import { withoutTenant } from "../../../db/transactions";
import { fieldErrors, type FieldErrors } from "~/lib/forms";
import type { RequestMeta } from "../audit/security-events.server";
import { WorkspaceName } from "../auth/schemas";
import { createWorkspace } from "./create-workspace.server";

export const NewWorkspaceForm = z.object({ name: WorkspaceName });

export async function createWorkspaceForUser(userId: string, input: Record<string, unknown>, meta: RequestMeta): Promise<{ ok: true; slug: string } | { ok: false; errors: FieldErrors }> {
  const parsed = NewWorkspaceForm.safeParse(input);
  if (!parsed.success) return { ok: false, errors: fieldErrors(parsed.error) };
  const workspace = await withoutTenant((tx) => createWorkspace(tx, { name: parsed.data.name, ownerId: userId, meta }));
  return { ok: true, slug: workspace.slug };
}
