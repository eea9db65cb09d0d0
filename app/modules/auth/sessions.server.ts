// Server-side sessions: the cookie carries a random token, the database keeps its digest with the
// device and IP, so any session can be listed and revoked. A tampered, expired or revoked cookie
// simply finds no session: the caller is logged out.
import { redirect } from "@remix-run/node";
import { appSql, type Sql } from "../../../db/pools";
import { readTogether, withoutTenant, type Tx } from "../../../db/transactions";
import { readCookie, serializeCookie, sessionCookieName, sessionMaxAgeSeconds } from "~/lib/cookies.server";
import { digestToken, randomToken } from "~/lib/crypto.server";
import { memoizeForRequest } from "~/lib/request-scope.server";
import { recordForUser, type RequestMeta } from "../audit/security-events.server";

export interface SessionUser {
  sessionId: string;
  id: string;
  email: string;
  username: string;
  name: string;
  emailVerifiedAt: Date | null;
  isStaff: boolean;
}

const lastSeenResolutionMs = 60_000;

/** Creates a session and returns the Set-Cookie header that carries it. */
export async function createSession(tx: Tx, userId: string, meta: RequestMeta): Promise<string> {
  const token = randomToken();
  await tx`insert into sessions (token_hash, user_id, ip, user_agent, expires_at)
    values (${digestToken(token)}, ${userId}, ${meta.ip}, ${meta.userAgent?.slice(0, 500) ?? null},
            now() + make_interval(secs => ${sessionMaxAgeSeconds}))`;
  return serializeCookie(sessionCookieName, token, sessionMaxAgeSeconds);
}

export function clearSessionCookie(): string {
  return serializeCookie(sessionCookieName, "", 0);
}

function sessionToken(request: Request): string | null {
  const token = readCookie(request.headers.get("Cookie"), sessionCookieName);
  return token && /^[A-Za-z0-9_-]{43}$/.test(token) ? token : null;
}

export function getSessionUser(request: Request): Promise<SessionUser | null> {
  const token = sessionToken(request);
  if (!token) return Promise.resolve(null);
  return memoizeForRequest(`session-user:${token}`, async () => {
    const [row] = await selectSessionUser(appSql(), token);
    return row ? acceptSession(row) : null;
  });
}

type SessionRow = SessionUser & { lastSeenAt: Date };

/**
 * The user of a valid session. In a transaction the same statement makes that user its identity, so
 * the statements after it in one round trip read as them (`readAsSessionUser`).
 */
function selectSessionUser(sql: Sql | Tx, token: string) {
  return sql<SessionRow[]>`
    select set_config('app.user_id', u.id::text, true) as identity,
           s.id as session_id, s.last_seen_at, u.id, u.email, u.username, u.name, u.email_verified_at, u.is_staff
      from sessions s join users u on u.id = s.user_id
     where s.token_hash = ${digestToken(token)} and s.revoked_at is null and s.expires_at > now()`;
}

async function acceptSession({ lastSeenAt, sessionId, id, email, username, name, emailVerifiedAt, isStaff }: SessionRow): Promise<SessionUser> {
  if (Date.now() - lastSeenAt.getTime() > lastSeenResolutionMs) {
    await appSql()`update sessions set last_seen_at = now() where id = ${sessionId}`;
  }
  return { sessionId, id, email, username, name, emailVerifiedAt, isStaff };
}

/**
 * Reads as the user of the request's session, in one round trip with the session's lookup (`readTogether`):
 * `read`'s statements know the user only in SQL (app_private.current_user_id()). Null when signed out;
 * the user is remembered for the rest of the request as `getSessionUser` would.
 */
export async function readAsSessionUser<T>(request: Request, read: (tx: Tx) => Promise<T>): Promise<{ user: SessionUser; value: T } | null> {
  const token = sessionToken(request);
  if (!token) return null;
  const [[row], value] = await readTogether((tx) => Promise.all([selectSessionUser(tx, token), read(tx)]));
  const user = row ? await memoizeForRequest<SessionUser | null>(`session-user:${token}`, () => acceptSession(row)) : null;
  return user ? { user, value } : null;
}

/** The signed-in user, or a redirect to the login page that comes back here. */
export async function requireUser(request: Request): Promise<SessionUser> {
  return (await getSessionUser(request)) ?? redirectToLogin(request);
}

export function redirectToLogin(request: Request): never {
  const url = new URL(request.url);
  const next = `${url.pathname}${url.search}`;
  throw redirect(`/login?${new URLSearchParams({ redirectTo: next })}`);
}

export interface SessionListItem {
  id: string;
  ip: string | null;
  userAgent: string | null;
  createdAt: Date;
  lastSeenAt: Date;
}

export function listSessions(tx: Tx, userId: string) {
  return tx<SessionListItem[]>`
    select id, host(ip) as ip, user_agent, created_at, last_seen_at from sessions
     where user_id = ${userId} and revoked_at is null and expires_at > now()
     order by last_seen_at desc`;
}

/** Revokes one of the user's own sessions; returns false when it was not theirs or already gone. */
export async function revokeSession(tx: Tx, userId: string, sessionId: string): Promise<boolean> {
  const rows = await tx`update sessions set revoked_at = now()
     where id = ${sessionId} and user_id = ${userId} and revoked_at is null returning id`;
  return rows.length === 1;
}

export async function revokeOtherSessions(tx: Tx, userId: string, keepSessionId: string | null): Promise<void> {
  await tx`update sessions set revoked_at = now()
     where user_id = ${userId} and revoked_at is null and (${keepSessionId}::uuid is null or id <> ${keepSessionId})`;
}

export async function logout(request: Request, meta: RequestMeta): Promise<void> {
  const token = sessionToken(request);
  if (!token) return;
  await withoutTenant(async (tx) => {
    const [ended] = await tx<{ userId: string }[]>`update sessions set revoked_at = now()
      where token_hash = ${digestToken(token)} and revoked_at is null returning user_id`;
    if (ended) await recordForUser(tx, ended.userId, { kind: "logout", actorId: ended.userId, meta });
  });
}

/** A safe in-app path to return to after login: never another origin. */
export function safeRedirectPath(value: unknown, fallback = "/workspaces"): string {
  if (typeof value !== "string" || !value.startsWith("/") || value.startsWith("//") || value.startsWith("/\\")) return fallback;
  return value;
}
