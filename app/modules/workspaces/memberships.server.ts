// Who may open which workspace, and with what role. A workspace the user is not a member of is
// reported as not found (404), never as forbidden, so its existence does not leak.
import type { Params } from "@remix-run/react";
import { scopeTo, withUser, withWorkspace, type Tx } from "../../../db/transactions";
import { memoizeForRequest } from "~/lib/request-scope.server";
import { requireUser, type SessionUser } from "../auth/sessions.server";
import { checkAccessInTransaction, type AccessCheck } from "../billing/check-access.server";
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
  /** All the user's workspaces, for the switcher. */
  workspaces: WorkspaceSummary[];
  /** The billing gate's verdict on the workspace, for its banner. */
  billing: AccessCheck;
}

function selectMyWorkspaces(tx: Tx, userId: string) {
  return tx<WorkspaceSummary[]>`
    select w.id, w.slug, w.name, m.role, w.trial_ends_at, w.timezone
      from memberships m join workspaces w on w.id = m.workspace_id
     where m.user_id = ${userId} order by w.name`;
}

/** The workspaces a user belongs to, with their role in each: the switcher on pages outside a workspace. */
export function listMyWorkspaces(userId: string): Promise<WorkspaceSummary[]> {
  return memoizeForRequest(`workspaces:${userId}`, () => withUser(userId, (tx) => selectMyWorkspaces(tx, userId)));
}

interface Membership {
  workspaces: WorkspaceSummary[];
  workspace: WorkspaceSummary;
  billing: AccessCheck;
}

/**
 * The user's workspaces and the billing verdict on the one named `slug`, in one transaction instead of
 * two, once per GET request for all of a page's loaders.
 */
function readMembership(userId: string, slug: string): Promise<Membership | null> {
  return memoizeForRequest(`membership:${userId}:${slug}`, () =>
    withUser(userId, async (tx) => {
      const workspaces = await selectMyWorkspaces(tx, userId);
      const workspace = workspaces.find((candidate) => candidate.slug === slug);
      if (!workspace) return null;
      // Billing rows are visible only inside their workspace: the identity moves there first.
      const [, billing] = await Promise.all([scopeTo(tx, workspace.id, userId), checkAccessInTransaction(tx, workspace.id, { need: "use" })]);
      return { workspaces, workspace, billing };
    }),
  );
}

/**
 * Guards a workspace page: signed in, a member of the workspace in the URL, at least `minimum` role,
 * and a workspace the billing gate lets them use (a locked one keeps only its settings and billing).
 */
export async function requireWorkspace(request: Request, params: Params, minimum: Role = "agent"): Promise<WorkspaceAccess> {
  const user = await requireUser(request);
  const slug = params.workspace;
  const membership = slug && slug.length <= 40 ? await readMembership(user.id, slug) : null;
  if (!membership) throw new Response("Not found", { status: 404 });
  const { workspace, workspaces, billing } = membership;
  if (roleRank[workspace.role] < roleRank[minimum]) throw new Response("Forbidden", { status: 403 });
  requireBillingAccess(request, workspace, billing);
  return { user, workspace, role: workspace.role, workspaces, billing };
}

/** Runs `fn` in the workspace of an access check, as its user. */
export function inWorkspace<T>(access: WorkspaceAccess, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return withWorkspace(access.workspace.id, access.user.id, fn);
}
