// Signup: user, workspace, owner membership, trial and the verification email, all in one
// transaction, so a failure leaves nothing half-made.
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { withoutTenant, scopeTo } from "../../../db/transactions";
import { queueEmail } from "../../../emails/queue";
import { appUrl } from "~/lib/env.server";
import { fieldErrors, type FieldErrors } from "~/lib/forms";
import { recordSecurityEvent, type RequestMeta } from "../audit/security-events.server";
import { currentVersions } from "../legal/legal.server";
import { createWorkspace, isUniqueViolation } from "../workspaces/create-workspace.server";
import { issueEmailToken } from "./email-tokens.server";
import { hashPassword, NewPassword } from "./password.server";
import { AcceptTerms, Email, PersonName, Username, WorkspaceName } from "./schemas";
import { createSession } from "./sessions.server";

export const SignupForm = z.object({
  name: PersonName,
  email: Email,
  username: Username,
  workspaceName: WorkspaceName,
  password: NewPassword,
  acceptTerms: AcceptTerms,
});

export type SignupResult =
  | { ok: true; userId: string; workspaceSlug: string; cookie: string }
  | { ok: false; errors: FieldErrors };

export async function signUp(input: Record<string, unknown>, meta: RequestMeta): Promise<SignupResult> {
  const parsed = SignupForm.safeParse(input);
  if (!parsed.success) return { ok: false, errors: fieldErrors(parsed.error) };
  const form = parsed.data;
  const passwordHash = await hashPassword(form.password);
  const userId = randomUUID();
  const accepted = currentVersions();
  try {
    return await withoutTenant(async (tx) => {
      await tx`insert into users (id, email, username, name, password_hash, terms_version, privacy_version, terms_accepted_at)
        values (${userId}, ${form.email}, ${form.username}, ${form.name}, ${passwordHash}, ${accepted.terms}, ${accepted.privacy}, now())`;
      const workspace = await createWorkspace(tx, { name: form.workspaceName, ownerId: userId, meta });
      await scopeTo(tx, workspace.id, userId);
      await recordSecurityEvent(tx, workspace.id, { kind: "signup", actorId: userId, meta, details: { terms: accepted.terms, privacy: accepted.privacy } });
      const token = await issueEmailToken(tx, userId, form.email, "verify_email");
      await queueEmail(tx, { template: "verify-email", to: form.email, data: { name: form.name, url: appUrl(`/verify-email/${token}`) } });
      const cookie = await createSession(tx, userId, meta);
      return { ok: true as const, userId, workspaceSlug: workspace.slug, cookie };
    });
  } catch (error) {
    if (isUniqueViolation(error, "users_email_key")) return { ok: false, errors: { email: "An account with this email already exists. Log in instead." } };
    if (isUniqueViolation(error, "users_username_key")) return { ok: false, errors: { username: "This admin username is taken; choose another" } };
    throw error;
  }
}
