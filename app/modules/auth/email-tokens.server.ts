// Single-use emailed links (email verification, password reset): the link holds a random token,
// the table its digest, an expiry and the moment it was used.
import type { Tx } from "../../../db/transactions";
import { digestToken, randomToken } from "~/lib/crypto.server";

export type TokenPurpose = "verify_email" | "reset_password";

export const tokenLifetimeSeconds: Record<TokenPurpose, number> = {
  verify_email: 24 * 60 * 60,
  reset_password: 60 * 60,
};

export async function issueEmailToken(tx: Tx, userId: string, email: string, purpose: TokenPurpose): Promise<string> {
  const token = randomToken();
  await tx`insert into email_tokens (user_id, purpose, token_hash, email, expires_at)
    values (${userId}, ${purpose}, ${digestToken(token)}, ${email}, now() + make_interval(secs => ${tokenLifetimeSeconds[purpose]}))`;
  return token;
}

export type TokenCheck = { status: "valid"; userId: string; email: string } | { status: "expired" | "used" | "unknown" };

/** Consumes a token: valid once, then "used"; past its expiry, "expired". Locks the row against a concurrent use. */
export async function consumeEmailToken(tx: Tx, token: string, purpose: TokenPurpose): Promise<TokenCheck> {
  const [row] = await tx<{ id: string; userId: string; email: string; usedAt: Date | null; expired: boolean }[]>`
    select id, user_id, email, used_at, expires_at <= now() as expired from email_tokens
     where token_hash = ${digestToken(token)} and purpose = ${purpose} for update`;
  if (!row) return { status: "unknown" };
  if (row.usedAt) return { status: "used" };
  if (row.expired) return { status: "expired" };
  await tx`update email_tokens set used_at = now() where id = ${row.id}`;
  return { status: "valid", userId: row.userId, email: row.email };
}

/** Looks at a token without using it (to show a form only for a link that still works). */
export async function peekEmailToken(tx: Tx, token: string, purpose: TokenPurpose): Promise<TokenCheck["status"]> {
  const [row] = await tx<{ usedAt: Date | null; expired: boolean }[]>`
    select used_at, expires_at <= now() as expired from email_tokens where token_hash = ${digestToken(token)} and purpose = ${purpose}`;
  if (!row) return "unknown";
  if (row.usedAt) return "used";
  return row.expired ? "expired" : "valid";
}
