// Email verification: following the emailed link marks the address verified; a used or expired
// link says so and the signed-in user can ask for a new one.
import { withoutTenant } from "../../../db/transactions";
import { queueEmail } from "../../../emails/queue";
import { appUrl } from "~/lib/env.server";
import { recordForUser, type RequestMeta } from "../audit/security-events.server";
import { consumeEmailToken, issueEmailToken, type TokenCheck } from "./email-tokens.server";

export async function verifyEmail(token: string, meta: RequestMeta): Promise<TokenCheck["status"]> {
  return withoutTenant(async (tx) => {
    const check = await consumeEmailToken(tx, token, "verify_email");
    if (check.status !== "valid") return check.status;
    await tx`update users set email_verified_at = coalesce(email_verified_at, now()) where id = ${check.userId} and email = ${check.email}`;
    await recordForUser(tx, check.userId, { kind: "email_verified", actorId: check.userId, meta });
    return check.status;
  });
}

export async function resendVerification(user: { id: string; email: string; name: string }): Promise<void> {
  await withoutTenant(async (tx) => {
    const token = await issueEmailToken(tx, user.id, user.email, "verify_email");
    await queueEmail(tx, { template: "verify-email", to: user.email, data: { name: user.name, url: appUrl(`/verify-email/${token}`) } });
  });
}

/** Marks an address verified without a link (the seeded demo account). */
export async function markEmailVerified(userId: string): Promise<void> {
  await withoutTenant((tx) => tx`update users set email_verified_at = coalesce(email_verified_at, now()) where id = ${userId}`);
}
