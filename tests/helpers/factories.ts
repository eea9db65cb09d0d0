// Test data made through the product's own modules: each call creates a fresh user and workspace,
// so tests never depend on one another or on order.
import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { roleUrl } from "../../db/config";
import { signUp } from "../../app/modules/auth/sign-up.server";
import { markEmailVerified } from "../../app/modules/auth/verify-email.server";
import { readCookie, sessionCookieName } from "../../app/lib/cookies.server";
import { getSessionUser } from "../../app/modules/auth/sessions.server";
import { requireWorkspace, type Role, type WorkspaceAccess } from "../../app/modules/workspaces/memberships.server";
import { acceptInvitation, inviteMember } from "../../app/modules/workspaces/team.server";

export const meta = { ip: "203.0.113.7", userAgent: "vitest" };
export const goodPassword = "Correct-Horse-9-battery";

export function uniqueName(prefix = "t"): string {
  return `${prefix}${Date.now().toString(36)}${randomBytes(3).toString("hex")}`;
}

export interface TestAccount {
  userId: string;
  email: string;
  username: string;
  slug: string;
  cookie: string;
  access: WorkspaceAccess;
}

/** A request carrying the account's session cookie, as a browser would send it. */
export function requestAs(cookieHeader: string, path = "/"): Request {
  const token = readCookie(cookieHeader.split(";")[0], sessionCookieName);
  return new Request(`http://localhost${path}`, { headers: { Cookie: `${sessionCookieName}=${token}` } });
}

export async function createAccount({ verified = true, workspaceName = "" } = {}): Promise<TestAccount> {
  const username = uniqueName("u");
  const email = `${username}@example.test`;
  const result = await signUp({ name: `User ${username}`, email, username, workspaceName: workspaceName || `Business ${username}`, password: goodPassword, acceptTerms: "on" }, meta);
  if (!result.ok) throw new Error(`signup failed: ${JSON.stringify(result.errors)}`);
  if (verified) await markEmailVerified(result.userId);
  const access = await requireWorkspace(requestAs(result.cookie), { workspace: result.workspaceSlug });
  return { userId: result.userId, email, username, slug: result.workspaceSlug, cookie: result.cookie, access };
}

/** A connection as the owner role, for reading the catalog and the job queue in assertions. */
export function ownerSql() {
  return postgres(roleUrl("owner"), { max: 1, onnotice: () => undefined, transform: { column: { from: postgres.toCamel, to: postgres.fromCamel } } });
}

/** The payloads of the queued jobs of a task, read as the owner role (the app role cannot see the queue). */
export async function queuedPayloads(sql: ReturnType<typeof ownerSql>, task: string): Promise<Record<string, unknown>[]> {
  const rows = await sql<{ payload: Record<string, unknown> }[]>`
    select j.payload from graphile_worker._private_jobs j join graphile_worker._private_tasks t on t.id = j.task_id
    where t.identifier = ${task}`;
  return rows.map((row) => row.payload);
}

/** Invites `email` and returns the token from the queued invitation email, as the invitee would get it. */
export async function invitationToken(owner: TestAccount, email: string, role: Role): Promise<string> {
  const result = await inviteMember(owner.access, { email, role }, meta);
  if (!result.ok) throw new Error(`invitation failed: ${JSON.stringify(result.errors)}`);
  const sql = ownerSql();
  try {
    const [job] = await sql<{ url: string }[]>`
      select j.payload->'data'->>'url' as url from graphile_worker._private_jobs j
        join graphile_worker._private_tasks t on t.id = j.task_id
       where t.identifier = 'send-email' and j.payload->>'template' = 'invitation' and j.payload->>'to' = ${email}
       order by j.id desc limit 1`;
    if (!job) throw new Error(`no invitation email for ${email}`);
    return new URL(job.url).pathname.split("/").pop() ?? "";
  } finally {
    await sql.end();
  }
}

/** A new account that joined `owner`'s workspace with `role`, and its access there. */
export async function addMember(owner: TestAccount, role: Role): Promise<TestAccount> {
  const member = await createAccount();
  const token = await invitationToken(owner, member.email, role);
  const user = await getSessionUser(requestAs(member.cookie));
  if (!user || !(await acceptInvitation(token, user, meta)).ok) throw new Error(`${member.email} could not join`);
  return { ...member, slug: owner.slug, access: await requireWorkspace(requestAs(member.cookie), { workspace: owner.slug }) };
}
