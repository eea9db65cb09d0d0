// What the app shell needs to render for a signed-in user, in one place for every layout route.
import type { SessionUser } from "../auth/sessions.server";
import { listMyWorkspaces, type WorkspaceAccess, type WorkspaceSummary } from "./memberships.server";

/** The shell of a page outside any workspace. */
export async function shellData(user: SessionUser) {
  return shell(user, await listMyWorkspaces(user.id));
}

/** The shell of a workspace page, from what its access check already read. */
export function workspaceShellData(access: WorkspaceAccess) {
  return shell(access.user, access.workspaces, access.workspace);
}

function shell(user: SessionUser, workspaces: WorkspaceSummary[], current?: WorkspaceSummary) {
  return {
    user: { name: user.name, email: user.email, emailVerified: Boolean(user.emailVerifiedAt), isStaff: user.isStaff },
    workspaces: workspaces.map(({ slug, name }) => ({ slug, name })),
    current: current
      ? {
          slug: current.slug,
          name: current.name,
          role: current.role,
          trialDaysLeft: Math.ceil((current.trialEndsAt.getTime() - Date.now()) / 86_400_000),
        }
      : undefined,
  };
}
