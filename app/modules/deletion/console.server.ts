// The operator console for deletion requests: the queue by due date, the workspaces a request
// may refer to (matched on email, admin username, panel URL and name), and the decision. Matching
// reads every workspace, so this is a system-role module (db/system-modules.ts).
import { withSystem } from "../../../db/transactions";
import type { SessionUser } from "../auth/sessions.server";
import { moveDeletionStatus, queueDeletion, type DeletionRequestRow } from "./requests.server";
import type { DeletionStatus } from "./status";

export interface StaffRequestRow {
  id: string;
  code: string;
  source: string;
  status: DeletionStatus;
  requesterEmail: string | null;
  adminUsername: string | null;
  panelUrl: string | null;
  businessName: string | null;
  details: string | null;
  metaUserId: string | null;
  createdAt: Date;
  verifiedAt: Date | null;
  dueAt: Date | null;
  completedAt: Date | null;
  targetWorkspaceId: string | null;
  decisionReason: string | null;
  overdue: boolean;
}

const requestColumns = (tx: Parameters<Parameters<typeof withSystem>[0]>[0]) => tx`
  id, code, source, status, requester_email, admin_username, panel_url, business_name, details, meta_user_id,
  created_at, verified_at, due_at, completed_at, target_workspace_id, decision_reason,
  (due_at < now() and status in ('pending_review', 'approved', 'in_progress')) as overdue`;

/** Open requests first, soonest due first; then the closed ones, newest first. */
export function listDeletionRequests(): Promise<StaffRequestRow[]> {
  return withSystem((tx) => tx<StaffRequestRow[]>`
    select ${requestColumns(tx)} from deletion_requests
     order by (status in ('completed', 'denied')), due_at asc nulls last, created_at desc
     limit 500`);
}

export interface WorkspaceMatch {
  workspaceId: string;
  slug: string;
  name: string;
  matchedOn: string[];
}

/** The slug of a panel URL such as https://panel.example/w/acme/settings, or the bare slug. */
export function slugFromPanelUrl(value: string | null): string | null {
  if (!value) return null;
  const fromPath = /\/w\/([a-z0-9-]{3,40})/i.exec(value);
  if (fromPath) return fromPath[1]!.toLowerCase();
  return /^[a-z0-9-]{3,40}$/i.test(value.trim()) ? value.trim().toLowerCase() : null;
}

export async function deletionRequestForStaff(id: string) {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
  return withSystem(async (tx) => {
    const [request] = await tx<StaffRequestRow[]>`select ${requestColumns(tx)} from deletion_requests where id = ${id}`;
    if (!request) return null;
    const events = await tx<{ fromStatus: string | null; toStatus: string; actor: string; actorName: string | null; note: string | null; createdAt: Date }[]>`
      select e.from_status, e.to_status, e.actor, u.name as actor_name, e.note, e.created_at
        from deletion_request_events e left join users u on u.id = e.actor_user_id
       where e.request_id = ${id} order by e.created_at`;
    const slug = slugFromPanelUrl(request.panelUrl);
    const matches = await tx<WorkspaceMatch[]>`
      select w.id as workspace_id, w.slug, w.name,
             array_remove(array[
               case when bool_or(u.email = ${request.requesterEmail}::citext) then 'owner or member email' end,
               case when bool_or(u.username = ${request.adminUsername}::citext) then 'admin username' end,
               case when w.slug = ${slug}::citext then 'panel URL' end,
               case when lower(w.name) = lower(${request.businessName}::text) then 'workspace name' end,
               case when w.id = ${request.targetWorkspaceId}::uuid then 'requested from this workspace' end
             ], null) as matched_on
        from workspaces w
        left join memberships m on m.workspace_id = w.id and m.role in ('owner', 'admin')
        left join users u on u.id = m.user_id
       group by w.id
      having bool_or(u.email = ${request.requesterEmail}::citext) or bool_or(u.username = ${request.adminUsername}::citext)
          or w.slug = ${slug}::citext or lower(w.name) = lower(${request.businessName}::text) or w.id = ${request.targetWorkspaceId}::uuid
       order by w.name
       limit 20`;
    return { request, events, matches };
  });
}

export type Decision = { decision: "approve"; workspaceId: string; reason: string | null } | { decision: "deny"; reason: string };

/** Approves (choosing the workspace, and queueing the executor) or denies. A second decision changes nothing. */
export async function decideDeletionRequest(staff: SessionUser, requestId: string, decision: Decision): Promise<{ ok: true } | { ok: false; error: string }> {
  return withSystem(async (tx) => {
    const [row] = await tx<DeletionRequestRow[]>`select id, code, status, requester_email from deletion_requests where id = ${requestId} for update`;
    if (!row) return { ok: false as const, error: "No such request" };
    if (row.status !== "pending_review") return { ok: false as const, error: `The request is ${row.status.replace("_", " ")}; it can no longer be decided` };
    if (decision.decision === "approve") {
      const [workspace] = await tx`select id from workspaces where id = ${decision.workspaceId}`;
      if (!workspace) return { ok: false as const, error: "Choose the workspace to delete" };
      await tx`update deletion_requests set target_workspace_id = ${decision.workspaceId}, decided_by = ${staff.id}, decision_reason = ${decision.reason} where id = ${requestId}`;
      await moveDeletionStatus(tx, row, "approved", { kind: "staff", userId: staff.id }, decision.reason);
      await queueDeletion(tx, requestId);
    } else {
      await tx`update deletion_requests set decided_by = ${staff.id}, decision_reason = ${decision.reason} where id = ${requestId}`;
      await moveDeletionStatus(tx, row, "denied", { kind: "staff", userId: staff.id }, decision.reason);
    }
    return { ok: true as const };
  });
}
