// Who may open which workspace, and with what role. A workspace the user is not a member of is
// reported as not found (404), never as forbidden, so its existence does not leak.
import type { Params } from "@remix-run/react";
import { scopeToMemberWorkspace, withUser, withWorkspace, type Tx } from "../../../db/transactions";
import { memoizeForRequest } from "~/lib/request-scope.server";
import { readAsSessionUser, redirectToLogin, requireUser, type SessionUser } from "../auth/sessions.server";
import { judgeAccess, type AccessCheck } from "../billing/check-access.server";
import { readScopedBillingState } from "../billing/read-billing-state.server";
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

/** The workspaces of the transaction's user, with their role in each. */
function selectMyWorkspaces(tx: Tx) {
  return tx<WorkspaceSummary[]>`
    select w.id, w.slug, w.name, m.role, w.trial_ends_at, w.timezone
      from memberships m join workspaces w on w.id = m.workspace_id
     where m.user_id = app_private.current_user_id() order by w.name`;
}

/** The workspaces a user belongs to, with their role in each: the switcher on pages outside a workspace. */
export function listMyWorkspaces(userId: string): Promise<WorkspaceSummary[]> {
  return memoizeForRequest(`workspaces:${userId}`, () => withUser(userId, selectMyWorkspaces));
}

interface Membership {
  user: SessionUser;
  workspaces: WorkspaceSummary[];
  /** Null when the user is not a member of the workspace named in the URL. */
  workspace: WorkspaceSummary | null;
  billing: AccessCheck | null;
}

/**
 * The signed-in user, their workspaces and the billing verdict on the one named `slug`: one round trip
 * for all of it (the session's lookup sets the user the other statements read as), once per GET request
 * for all of a page's loaders (a request has one session, so the slug is the whole key). Null when signed out.
 */
function readMembership(request: Request, slug: string): Promise<Membership | null> {
  return memoizeForRequest(`membership:${slug}`, async () => {
    const read = await readAsSessionUser(request, (tx) =>
      Promise.all([selectMyWorkspaces(tx), scopeToMemberWorkspace(tx, slug), readScopedBillingState(tx)]),
    );
    if (!read) return null;
    const [workspaces, , state] = read.value;
    const workspace = workspaces.find((candidate) => candidate.slug === slug) ?? null;
    const billing = workspace && state ? judgeAccess(state, { need: "use" }) : null;
    return { user: read.user, workspaces, workspace, billing };
  });
}

/**
 * Guards a workspace page: signed in, a member of the workspace in the URL, at least `minimum` role,
 * and a workspace the billing gate lets them use (a locked one keeps only its settings and billing).
 */
export async function requireWorkspace(request: Request, params: Params, minimum: Role = "agent"): Promise<WorkspaceAccess> {
  const slug = params.workspace;
  if (!slug || slug.length > 40) {
    await requireUser(request);
    throw new Response("Not found", { status: 404 });
  }
  const membership = await readMembership(request, slug);
  if (!membership) redirectToLogin(request);
  const { user, workspace, workspaces, billing } = membership;
  if (!workspace || !billing) throw new Response("Not found", { status: 404 });
  if (roleRank[workspace.role] < roleRank[minimum]) throw new Response("Forbidden", { status: 403 });
  requireBillingAccess(request, workspace, billing);
  return { user, workspace, role: workspace.role, workspaces, billing };
}

/** Runs `fn` in the workspace of an access check, as its user. */
export function inWorkspace<T>(access: WorkspaceAccess, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return withWorkspace(access.workspace.id, access.user.id, fn);
}
