// A workspace owner asks for their workspace's deletion from settings. Re-entering the password
// stands in for the email confirmation, so the request goes straight to review.
import { z } from "zod";
import { withoutTenant, withWorkspace } from "../../../db/transactions";
import { appUrl } from "~/lib/env.server";
import { recordSecurityEvent, type RequestMeta } from "../audit/security-events.server";
import { verifyPassword } from "../auth/password.server";
import { isUniqueViolation } from "../workspaces/create-workspace.server";
import type { WorkspaceAccess } from "../workspaces/memberships.server";
import { openVerifiedRequest } from "./requests.server";

export const OwnerDeletionForm = z.object({
  password: z.string().min(1, "Enter your password to confirm").max(1000),
  confirmName: z.string().trim().min(1, "Type the workspace name to confirm"),
});

export type OwnerDeletionResult = { ok: true; code: string } | { ok: false; errors: Record<string, string> };

export async function requestWorkspaceDeletion(access: WorkspaceAccess, input: Record<string, unknown>, meta: RequestMeta): Promise<OwnerDeletionResult> {
  if (access.role !== "owner") return { ok: false, errors: { form: "Only an owner can ask for the workspace's deletion" } };
  const parsed = OwnerDeletionForm.safeParse(input);
  if (!parsed.success) return { ok: false, errors: Object.fromEntries(parsed.error.issues.map((issue) => [String(issue.path[0]), issue.message])) };
  if (parsed.data.confirmName !== access.workspace.name) return { ok: false, errors: { confirmName: `Type exactly: ${access.workspace.name}` } };
  const [user] = await withoutTenant((tx) => tx<{ passwordHash: string }[]>`select password_hash from users where id = ${access.user.id}`);
  if (!user || !(await verifyPassword(user.passwordHash, parsed.data.password))) return { ok: false, errors: { password: "That password is not correct" } };
  try {
    const opened = await withWorkspace(access.workspace.id, access.user.id, async (tx) => {
      const request = await openVerifiedRequest(
        tx,
        {
          source: "owner",
          email: access.user.email,
          adminUsername: access.user.username,
          businessName: access.workspace.name,
          panelUrl: appUrl(`/w/${access.workspace.slug}`),
          targetWorkspaceId: access.workspace.id,
        },
        { kind: "owner", userId: access.user.id },
        "Requested by the workspace owner from settings (password confirmed).",
      );
      await recordSecurityEvent(tx, access.workspace.id, { kind: "deletion_requested", actorId: access.user.id, meta, details: { code: request.code } });
      return request;
    });
    return { ok: true, code: opened.code };
  } catch (error) {
    if (isUniqueViolation(error, "deletion_requests_one_open_per_email")) {
      return { ok: false, errors: { form: "You already have an open deletion request; follow it from the link we emailed you." } };
    }
    throw error;
  }
}
