// The per-workspace security log: logins, failed logins, password changes, invitations, role
// changes. Written inside the transaction of the change it records; read by admins in settings.
import { scopeTo, type Tx } from "../../../db/transactions";

export type SecurityEventKind =
  | "signup"
  | "login"
  | "login_failed"
  | "logout"
  | "password_changed"
  | "password_reset"
  | "email_verified"
  | "session_revoked"
  | "invitation_sent"
  | "invitation_revoked"
  | "invitation_accepted"
  | "role_changed"
  | "member_removed"
  | "member_left"
  | "workspace_created"
  | "deletion_requested"
  | "whatsapp_connected"
  | "whatsapp_disconnected";

export interface RequestMeta {
  ip: string | null;
  userAgent: string | null;
}

export interface SecurityEventInput {
  kind: SecurityEventKind;
  actorId: string | null;
  subjectId?: string | null;
  meta: RequestMeta;
  details?: Record<string, string | number | boolean | null>;
}

/** Records an event in the workspace the transaction is scoped to. */
export async function recordSecurityEvent(tx: Tx, workspaceId: string, event: SecurityEventInput): Promise<void> {
  await tx`insert into security_events (workspace_id, actor_id, subject_id, kind, ip, user_agent, details)
    values (${workspaceId}, ${event.actorId}, ${event.subjectId ?? event.actorId}, ${event.kind},
            ${event.meta.ip}, ${event.meta.userAgent}, ${tx.json(event.details ?? {})})`;
}

/** Writes an event into the security log of each workspace the user belongs to. */
export async function recordForUser(tx: Tx, userId: string, event: SecurityEventInput): Promise<void> {
  await scopeTo(tx, null, userId);
  const workspaces = await tx<{ workspaceId: string }[]>`select workspace_id from memberships where user_id = ${userId}`;
  for (const { workspaceId } of workspaces) {
    await scopeTo(tx, workspaceId, userId);
    await recordSecurityEvent(tx, workspaceId, event);
  }
}

export interface SecurityEventRow {
  id: string;
  kind: SecurityEventKind;
  actorName: string | null;
  subjectName: string | null;
  ip: string | null;
  userAgent: string | null;
  details: Record<string, unknown>;
  createdAt: Date;
}

export async function listSecurityEvents(tx: Tx, { before, limit = 50 }: { before?: Date; limit?: number } = {}) {
  return tx<SecurityEventRow[]>`
    select e.id, e.kind, actor.name as actor_name, subject.name as subject_name, host(e.ip) as ip,
           e.user_agent, e.details, e.created_at
      from security_events e
      left join users actor on actor.id = e.actor_id
      left join users subject on subject.id = e.subject_id
     where ${before ?? null}::timestamptz is null or e.created_at < ${before ?? null}
     order by e.created_at desc
     limit ${limit}`;
}
