// Accounts against the real database as the app role: signup, login by email or username,
// throttling, sessions, email links and password changes.
import { describe, expect, it } from "vitest";
import { withoutTenant, withWorkspace } from "../../db/transactions";
import { consumeEmailToken, issueEmailToken } from "../../app/modules/auth/email-tokens.server";
import { invalidCredentials, logIn } from "../../app/modules/auth/log-in.server";
import { changePassword, resetPassword } from "../../app/modules/auth/passwords.server";
import { getSessionUser } from "../../app/modules/auth/sessions.server";
import { signUp } from "../../app/modules/auth/sign-up.server";
import { verifyEmail } from "../../app/modules/auth/verify-email.server";
import { createAccount, goodPassword, meta, ownerSql, requestAs, uniqueName } from "../helpers/factories";

describe("signup", () => {
  it("creates user, workspace, owner membership, trial and a queued verification email in one go", async () => {
    const account = await createAccount({ verified: false });
    expect(account.access.role).toBe("owner");
    const trialDays = (account.access.workspace.trialEndsAt.getTime() - Date.now()) / 86_400_000;
    expect(trialDays).toBeGreaterThan(13.9);
    const sql = ownerSql();
    const jobs = await sql`select j.payload from graphile_worker._private_jobs j join graphile_worker._private_tasks t on t.id = j.task_id
      where t.identifier = 'send-email' and j.payload->>'to' = ${account.email}`;
    await sql.end();
    expect(jobs).toHaveLength(1);
    expect(jobs[0]?.payload).toMatchObject({ template: "verify-email", to: account.email });
    const events = await withWorkspace(account.access.workspace.id, account.userId, (tx) => tx<{ details: unknown }[]>`select details from security_events where kind = 'signup'`);
    expect(events).toEqual([{ details: { terms: 1, privacy: 1 } }]);
  });

  it("answers a duplicate email or username with a field error", async () => {
    const account = await createAccount();
    const base = { name: "Someone", workspaceName: "Other", password: goodPassword, acceptTerms: "on" };
    const sameEmail = await signUp({ ...base, email: account.email.toUpperCase(), username: uniqueName("u") }, meta);
    expect(sameEmail).toMatchObject({ ok: false, errors: { email: expect.stringContaining("already exists") } });
    const sameUsername = await signUp({ ...base, email: `${uniqueName()}@example.test`, username: account.username.toUpperCase() }, meta);
    expect(sameUsername).toMatchObject({ ok: false, errors: { username: expect.stringContaining("taken") } });
  });

  it("refuses weak and over-long passwords with a field error", async () => {
    const base = { name: "Someone", email: `${uniqueName()}@example.test`, username: uniqueName("u"), workspaceName: "Shop", acceptTerms: "on" };
    expect(await signUp({ ...base, password: "short" }, meta)).toMatchObject({ ok: false, errors: { password: expect.stringContaining("at least") } });
    expect(await signUp({ ...base, password: "password123" }, meta)).toMatchObject({ ok: false, errors: { password: expect.stringContaining("common") } });
    expect(await signUp({ ...base, password: "x".repeat(1001) }, meta)).toMatchObject({ ok: false, errors: { password: expect.stringContaining("at most 1000") } });
  });
});

describe("login", () => {
  it("accepts the email or the admin username, case-insensitively", async () => {
    const account = await createAccount();
    expect(await logIn({ login: account.email.toUpperCase(), password: goodPassword }, meta)).toMatchObject({ ok: true, userId: account.userId });
    expect(await logIn({ login: account.username, password: goodPassword }, meta)).toMatchObject({ ok: true, userId: account.userId });
  });

  it("gives the same answer for a wrong password and an unknown account", async () => {
    const account = await createAccount();
    const wrong = await logIn({ login: account.email, password: "Not-the-password-1" }, meta);
    const unknown = await logIn({ login: `${uniqueName()}@example.test`, password: "Not-the-password-1" }, meta);
    expect(wrong).toEqual({ ok: false, errors: { form: invalidCredentials } });
    expect(unknown).toEqual(wrong);
  });

  it("blocks an account after 10 failures in 15 minutes, even with the right password, and says when to retry", async () => {
    const account = await createAccount();
    const otherIp = { ...meta, ip: `198.51.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}` };
    for (let attempt = 0; attempt < 10; attempt++) await logIn({ login: account.username, password: "Wrong-password-42" }, otherIp);
    const blocked = await logIn({ login: account.email, password: goodPassword }, otherIp);
    expect(blocked).toEqual({ ok: false, errors: { form: "Too many failed attempts. Try again in 15 minutes." } });
  });

  it("treats a tampered session cookie as logged out", async () => {
    const account = await createAccount();
    expect(await getSessionUser(requestAs(account.cookie))).toMatchObject({ id: account.userId });
    const tampered = account.cookie.replace(/=(.)/, (_match, first: string) => `=${first === "A" ? "B" : "A"}`);
    expect(await getSessionUser(requestAs(tampered))).toBeNull();
    expect(await getSessionUser(new Request("http://localhost/", { headers: { Cookie: "kiana_session=not-a-token" } }))).toBeNull();
  });
});

describe("email links", () => {
  it("verify the email once; a reused or expired link says so", async () => {
    const account = await createAccount({ verified: false });
    const token = await withoutTenant((tx) => issueEmailToken(tx, account.userId, account.email, "verify_email"));
    expect(await verifyEmail(token, meta)).toBe("valid");
    expect(await verifyEmail(token, meta)).toBe("used");
    const expired = await withoutTenant(async (tx) => {
      const value = await issueEmailToken(tx, account.userId, account.email, "verify_email");
      await tx`update email_tokens set expires_at = now() - interval '1 second' where user_id = ${account.userId} and used_at is null`;
      return value;
    });
    expect(await verifyEmail(expired, meta)).toBe("expired");
    expect((await getSessionUser(requestAs(account.cookie)))?.emailVerifiedAt).toBeInstanceOf(Date);
  });

  it("a password reset link works once, revokes every session and only the new password logs in", async () => {
    const account = await createAccount();
    const token = await withoutTenant((tx) => issueEmailToken(tx, account.userId, account.email, "reset_password"));
    const newPassword = "Brand-New-Secret-77";
    const reset = await resetPassword(token, { password: newPassword, confirmPassword: newPassword }, meta);
    expect(reset.ok).toBe(true);
    expect(await getSessionUser(requestAs(account.cookie))).toBeNull();
    expect(await resetPassword(token, { password: newPassword, confirmPassword: newPassword }, meta)).toEqual({ ok: false, link: "used" });
    expect((await logIn({ login: account.email, password: goodPassword }, meta)).ok).toBe(false);
    expect((await logIn({ login: account.email, password: newPassword }, meta)).ok).toBe(true);
  });

  it("a reset token cannot verify an email and vice versa", async () => {
    const account = await createAccount();
    const token = await withoutTenant((tx) => issueEmailToken(tx, account.userId, account.email, "reset_password"));
    expect(await withoutTenant((tx) => consumeEmailToken(tx, token, "verify_email"))).toEqual({ status: "unknown" });
  });
});

describe("password change", () => {
  it("needs the current password and logs out the other sessions only", async () => {
    const account = await createAccount();
    const other = await logIn({ login: account.email, password: goodPassword }, meta);
    if (!other.ok) throw new Error("login failed");
    const me = await getSessionUser(requestAs(account.cookie));
    if (!me) throw new Error("no session");
    const newPassword = "Another-Good-Secret-5";
    expect(await changePassword(me, { currentPassword: "wrong-one-here", password: newPassword, confirmPassword: newPassword }, meta)).toEqual({
      ok: false,
      errors: { currentPassword: "Your current password is not correct" },
    });
    expect(await changePassword(me, { currentPassword: goodPassword, password: newPassword, confirmPassword: newPassword }, meta)).toEqual({ ok: true });
    expect(await getSessionUser(requestAs(account.cookie))).not.toBeNull();
    expect(await getSessionUser(requestAs(other.cookie))).toBeNull();
  });
});
