// Reading the security log, a page at a time, newest first.
import { withWorkspace } from "../../../db/transactions";
import type { WorkspaceAccess } from "../workspaces/memberships.server";
import { listSecurityEvents } from "./security-events.server";

const pageSize = 50;

export async function securityLog(access: WorkspaceAccess, before: string | null) {
  const cursor = before && !Number.isNaN(Date.parse(before)) ? new Date(before) : undefined;
  const events = await withWorkspace(access.workspace.id, access.user.id, (tx) => listSecurityEvents(tx, { before: cursor, limit: pageSize + 1 }));
  const page = events.slice(0, pageSize);
  const last = page.at(-1);
  return { events: page, next: events.length > pageSize && last ? last.createdAt.toISOString() : null };
}
