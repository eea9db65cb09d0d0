// The gate as routes meet it: a workspace that is locked (trial over, subscription canceled or
// unpaid, past_due beyond the grace period) keeps only its settings pages, billing among them;
// every other page and action redirects to billing. The verdict is read with the membership
// (requireWorkspace), once per page load.
import { redirect } from "@remix-run/node";
import { billingPagePath } from "./billing-page-path";
import type { AccessCheck } from "./check-access.server";

/** The paths a locked workspace still reaches: its settings, billing included. */
export function isOpenWhileLocked(pathname: string, workspaceSlug: string): boolean {
  const settings = `/w/${workspaceSlug}/settings`;
  return pathname === settings || pathname.startsWith(`${settings}/`);
}

/** Throws the redirect (or, for an agent, the 403) of a locked workspace, unless the page stays open while locked. */
export function requireBillingAccess(request: Request, workspace: { slug: string; role: string }, access: AccessCheck): void {
  if (access.allowed || isOpenWhileLocked(new URL(request.url).pathname, workspace.slug)) return;
  // Agents have no billing page: they are told who can unlock the workspace.
  if (workspace.role === "agent") {
    throw new Response(`This workspace is locked (${access.message ?? "its plan has ended"}). Ask an owner or admin to renew the plan in Billing.`, { status: 403 });
  }
  throw redirect(billingPagePath(workspace.slug));
}
