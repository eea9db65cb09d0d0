// Login by email or admin username. Unknown accounts and wrong passwords get the same answer in
// the same time; failures are throttled per account and per IP, and logged to the security log of
// every workspace the account belongs to.
import { withoutTenant } from "../../../db/transactions";
import { fieldErrors, type FieldErrors } from "~/lib/forms";
import { recordForUser, type RequestMeta } from "../audit/security-events.server";
import { verifyDecoy, verifyPassword } from "./password.server";
import { LoginForm } from "./schemas";
import { createSession } from "./sessions.server";
import { loginThrottle, recordLoginAttempt } from "./throttle.server";

export type LoginResult = { ok: true; userId: string; cookie: string } | { ok: false; errors: FieldErrors };

export const invalidCredentials = "That email or username and password do not match an account";

export async function logIn(input: Record<string, unknown>, meta: RequestMeta): Promise<LoginResult> {
  const parsed = LoginForm.safeParse(input);
  if (!parsed.success) return { ok: false, errors: fieldErrors(parsed.error) };
  const login = parsed.data.login.toLowerCase();
  const [user] = await withoutTenant((tx) => tx<{ id: string; passwordHash: string }[]>`
    select id, password_hash from users where email = ${login} or username = ${login} limit 1`);
  const accountKey = user ? `user:${user.id}` : `login:${login}`;
  const throttle = await withoutTenant((tx) => loginThrottle(tx, accountKey, meta.ip));
  if (throttle.blocked) {
    const minutes = throttle.retryAfterMinutes;
    return { ok: false, errors: { form: `Too many failed attempts. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.` } };
  }
  const valid = user ? await verifyPassword(user.passwordHash, parsed.data.password) : await verifyDecoy(parsed.data.password);
  return withoutTenant(async (tx) => {
    await recordLoginAttempt(tx, accountKey, meta.ip, valid);
    if (!user || !valid) {
      if (user) await recordForUser(tx, user.id, { kind: "login_failed", actorId: user.id, meta });
      return { ok: false as const, errors: { form: invalidCredentials } };
    }
    await recordForUser(tx, user.id, { kind: "login", actorId: user.id, meta });
    const cookie = await createSession(tx, user.id, meta);
    return { ok: true as const, userId: user.id, cookie };
  });
}
