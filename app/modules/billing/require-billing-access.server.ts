// The gate as routes meet it: a workspace that is locked (trial over, subscription canceled or
// unpaid, past_due beyond the grace period) keeps only its settings pages, billing among them;
// every other page and action redirects to billing. Read once per page load.
import { redirect } from "@remix-run/node";
import { memoizeForRequest } from "~/lib/request-scope.server";
import { billingPagePath } from "./billing-page-path";
import { checkAccess, type AccessCheck } from "./check-access.server";

/** What the workspace may do now, memoized for the request so the layout and the page share one read. */
export function readWorkspaceAccess(workspaceId: string): Promise<AccessCheck> {
  return memoizeForRequest(`billing-access:${workspaceId}`, () => checkAccess(workspaceId, { need: "use" }));
}

/** The paths a locked workspace still reaches: its settings, billing included. */
export function isOpenWhileLocked(pathname: string, workspaceSlug: string): boolean {
  const settings = `/w/${workspaceSlug}/settings`;
  return pathname === settings || pathname.startsWith(`${settings}/`);
}

export async function requireBillingAccess(request: Request, workspace: { id: string; slug: string; role: string }): Promise<void> {
  if (isOpenWhileLocked(new URL(request.url).pathname, workspace.slug)) return;
  const access = await readWorkspaceAccess(workspace.id);
  if (access.allowed) return;
  // Agents have no billing page: they are told who can unlock the workspace.
  if (workspace.role === "agent") {
    throw new Response(`This workspace is locked (${access.message ?? "its plan has ended"}). Ask an owner or admin to renew the plan in Billing.`, { status: 403 });
  }
  throw redirect(billingPagePath(workspace.slug));
}
