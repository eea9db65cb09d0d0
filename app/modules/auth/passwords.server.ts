// Password reset by emailed link (1 hour, single use, every session revoked) and password change
// by a signed-in user (current password required, other sessions revoked).
import { z } from "zod";
import { withoutTenant } from "../../../db/transactions";
import { queueEmail } from "../../../emails/queue";
import { appUrl } from "~/lib/env.server";
import { fieldErrors, type FieldErrors } from "~/lib/forms";
import { recordForUser, type RequestMeta } from "../audit/security-events.server";
import { consumeEmailToken, issueEmailToken, peekEmailToken, type TokenCheck } from "./email-tokens.server";
import { hashPassword, NewPassword, verifyPassword } from "./password.server";
import { Email } from "./schemas";
import { createSession, revokeOtherSessions } from "./sessions.server";

export const ForgotPasswordForm = z.object({ email: Email });

/** Always answers the same way, whether or not the address has an account. */
export async function requestPasswordReset(input: Record<string, unknown>): Promise<{ ok: true } | { ok: false; errors: FieldErrors }> {
  const parsed = ForgotPasswordForm.safeParse(input);
  if (!parsed.success) return { ok: false, errors: fieldErrors(parsed.error) };
  await withoutTenant(async (tx) => {
    const [user] = await tx<{ id: string; name: string; email: string }[]>`select id, name, email from users where email = ${parsed.data.email}`;
    if (!user) return;
    const token = await issueEmailToken(tx, user.id, user.email, "reset_password");
    await queueEmail(tx, { template: "reset-password", to: user.email, data: { name: user.name, url: appUrl(`/reset-password/${token}`) } });
  });
  return { ok: true };
}

const matchingPasswords = (value: { password: string; confirmPassword: string }) => value.password === value.confirmPassword;
const mismatch = { message: "The two passwords do not match", path: ["confirmPassword"] };

export const ResetPasswordForm = z
  .object({ password: NewPassword, confirmPassword: z.string().max(1000) })
  .refine(matchingPasswords, mismatch);

export function resetLinkStatus(token: string): Promise<TokenCheck["status"]> {
  return withoutTenant((tx) => peekEmailToken(tx, token, "reset_password"));
}

export type ResetResult =
  | { ok: true; cookie: string }
  | { ok: false; errors: FieldErrors }
  | { ok: false; link: Exclude<TokenCheck["status"], "valid"> };

export async function resetPassword(token: string, input: Record<string, unknown>, meta: RequestMeta): Promise<ResetResult> {
  const parsed = ResetPasswordForm.safeParse(input);
  if (!parsed.success) return { ok: false, errors: fieldErrors(parsed.error) };
  const passwordHash = await hashPassword(parsed.data.password);
  return withoutTenant(async (tx) => {
    const check = await consumeEmailToken(tx, token, "reset_password");
    if (check.status !== "valid") return { ok: false as const, link: check.status };
    await tx`update users set password_hash = ${passwordHash}, password_changed_at = now(),
      email_verified_at = coalesce(email_verified_at, now()) where id = ${check.userId}`;
    await revokeOtherSessions(tx, check.userId, null);
    await tx`update email_tokens set used_at = now() where user_id = ${check.userId} and purpose = 'reset_password' and used_at is null`;
    await recordForUser(tx, check.userId, { kind: "password_reset", actorId: check.userId, meta });
    const cookie = await createSession(tx, check.userId, meta);
    return { ok: true as const, cookie };
  });
}

export const ChangePasswordForm = z
  .object({ currentPassword: z.string().min(1, "Enter your current password").max(1000), password: NewPassword, confirmPassword: z.string().max(1000) })
  .refine(matchingPasswords, mismatch);

export async function changePassword(
  user: { id: string; sessionId: string },
  input: Record<string, unknown>,
  meta: RequestMeta,
): Promise<{ ok: true } | { ok: false; errors: FieldErrors }> {
  const parsed = ChangePasswordForm.safeParse(input);
  if (!parsed.success) return { ok: false, errors: fieldErrors(parsed.error) };
  const [row] = await withoutTenant((tx) => tx<{ passwordHash: string }[]>`select password_hash from users where id = ${user.id}`);
  if (!row || !(await verifyPassword(row.passwordHash, parsed.data.currentPassword))) {
    return { ok: false, errors: { currentPassword: "Your current password is not correct" } };
  }
  const passwordHash = await hashPassword(parsed.data.password);
  await withoutTenant(async (tx) => {
    await tx`update users set password_hash = ${passwordHash}, password_changed_at = now() where id = ${user.id}`;
    await revokeOtherSessions(tx, user.id, user.sessionId);
    await recordForUser(tx, user.id, { kind: "password_changed", actorId: user.id, meta });
  });
  return { ok: true };
}
