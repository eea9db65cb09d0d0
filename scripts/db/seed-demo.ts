// Seeds the demo workspace for npm run dev through the same signup code a visitor uses. Idempotent.
import { withoutTenant } from "../../db/transactions";
import { signUp } from "../../app/modules/auth/sign-up.server";
import { markEmailVerified } from "../../app/modules/auth/verify-email.server";

export const demoAccount = { email: "demo@kiana.test", username: "demo", password: "demo-password-2026" };

export async function seedDemo(): Promise<typeof demoAccount> {
  const [existing] = await withoutTenant((tx) => tx`select id from users where email = ${demoAccount.email}`);
  if (existing) return demoAccount;
  const result = await signUp(
    { name: "Demo Owner", email: demoAccount.email, username: demoAccount.username, workspaceName: "Demo Business", password: demoAccount.password, acceptTerms: "on" },
    { ip: "127.0.0.1", userAgent: "seed" },
  );
  if (!result.ok) throw new Error(`demo seed failed: ${JSON.stringify(result.errors)}`);
  await markEmailVerified(result.userId);
  return demoAccount;
}
