// A user's own account: their sessions, listed and revoked.
import { withoutTenant } from "../../../db/transactions";
import { recordForUser, type RequestMeta } from "../audit/security-events.server";
import { listSessions, revokeSession, type SessionUser } from "./sessions.server";

export function mySessions(user: SessionUser) {
  return withoutTenant((tx) => listSessions(tx, user.id));
}

export function revokeMySession(user: SessionUser, sessionId: string, meta: RequestMeta): Promise<boolean> {
  if (!/^[0-9a-f-]{36}$/i.test(sessionId)) return Promise.resolve(false);
  return withoutTenant(async (tx) => {
    const revoked = await revokeSession(tx, user.id, sessionId);
    if (revoked) await recordForUser(tx, user.id, { kind: "session_revoked", actorId: user.id, meta });
    return revoked;
  });
}
