// Scripts (the demo seed, the benchmark) act in a workspace as its member would in a browser: a fresh
// session, then the guard every workspace page uses, so they get exactly the access the pages get.
import { withUser } from "../../db/transactions";
import { createSession } from "../../app/modules/auth/sessions.server";
import { requireWorkspace, type Role, type WorkspaceAccess } from "../../app/modules/workspaces/memberships.server";

export async function workspaceAccessAs(userId: string, slug: string, minimum: Role = "owner"): Promise<WorkspaceAccess> {
  const cookie = await withUser(userId, (tx) => createSession(tx, userId, { ip: "127.0.0.1", userAgent: "kiana-script" }));
  const request = new Request("http://localhost/", { headers: { Cookie: cookie.split(";")[0] ?? "" } });
  return requireWorkspace(request, { workspace: slug }, minimum);
}
