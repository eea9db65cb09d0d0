// What the app shell needs to render for a signed-in user, in one place for every layout route.
import type { SessionUser } from "../auth/sessions.server";
import { listMyWorkspaces, type WorkspaceSummary } from "./memberships.server";

export async function shellData(user: SessionUser, current?: WorkspaceSummary) {
  const workspaces = await listMyWorkspaces(user.id);
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
