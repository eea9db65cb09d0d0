// Who may open which workspace, and with what role. A workspace the user is not a member of is
// reported as not found (404), never as forbidden, so its existence does not leak.
import type { Params } from "@remix-run/react";
import { withUser, withWorkspace, type Tx } from "../../../db/transactions";
import { memoizeForRequest } from "~/lib/request-scope.server";
import { requireUser, type SessionUser } from "../auth/sessions.server";
import { requireBillingAccess } from "../billing/require-billing-access.server";

export type Role = "owner" | "admin" | "agent";
export const roleRank: Record<Role, number> = { agent: 1, admin: 2, owner: 3 };

export interface WorkspaceSummary {
  id: string;
  slug: string;
  name: string;
  role: Role;
  trialEndsAt: Date;
  timezone: string;
}

export interface WorkspaceAccess {
  user: SessionUser;
  workspace: WorkspaceSummary;
  role: Role;
}

/** The workspaces a user belongs to, with their role in each: the switcher and every access check read it. */
export function listMyWorkspaces(userId: string): Promise<WorkspaceSummary[]> {
  return memoizeForRequest(`workspaces:${userId}`, () =>
    withUser(userId, (tx) => tx<WorkspaceSummary[]>`
      select w.id, w.slug, w.name, m.role, w.trial_ends_at, w.timezone
        from memberships m join workspaces w on w.id = m.workspace_id
       where m.user_id = ${userId} order by w.name`),
  );
}

/**
 * Guards a workspace page: signed in, a member of the workspace in the URL, at least `minimum` role,
 * and a workspace the billing gate lets them use (a locked one keeps only its settings and billing).
 */
export async function requireWorkspace(request: Request, params: Params, minimum: Role = "agent"): Promise<WorkspaceAccess> {
  const user = await requireUser(request);
  const slug = params.workspace;
  const workspace = slug && slug.length <= 40 ? (await listMyWorkspaces(user.id)).find((candidate) => candidate.slug === slug) : undefined;
  if (!workspace) throw new Response("Not found", { status: 404 });
  if (roleRank[workspace.role] < roleRank[minimum]) throw new Response("Forbidden", { status: 403 });
  await requireBillingAccess(request, workspace);
  return { user, workspace, role: workspace.role };
}

/** Runs `fn` in the workspace of an access check, as its user. */
export function inWorkspace<T>(access: WorkspaceAccess, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return withWorkspace(access.workspace.id, access.user.id, fn);
}
