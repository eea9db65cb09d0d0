// Executes an approved deletion request: removes every row of the workspace from every tenant
// table (found from the catalog), the accounts that belong to no other workspace, and records a
// tombstone. Crosses tenants by nature, so it runs as the system role (db/system-modules.ts).
// Each table is emptied in batches, its count saved with the batch, so a killed run resumes where
// it stopped and a repeated run changes nothing.
import { createHash } from "node:crypto";
import { withSystem, type Tx } from "../../../db/transactions";
import { cancelWorkspaceSubscriptions } from "../billing/cancel-workspace-subscriptions.server";
import { moveDeletionStatus, type DeletionRequestRow } from "./requests.server";
import { quoteIdent, tenantTables } from "./tenant-tables.server";

const batchSize = 5000;

/**
 * Tables whose rows the law requires us to keep (billing records), with the personal columns to
 * blank. Listed tables are anonymised instead of deleted.
 */
export const retainedTables: Record<string, string[]> = {
  billing_invoices: ["billed_to", "hosted_invoice_url"],
  billing_payments: ["card_brand", "card_last4", "failure_message"],
};

interface Progress {
  userIds?: string[];
  workspaceNameHash?: string;
  counts?: Record<string, number>;
  done?: string[];
}

export type ExecutionResult = "completed" | "not-approved" | "already-completed";

async function claim(requestId: string): Promise<{ request: DeletionRequestRow; workspaceId: string; progress: Progress } | ExecutionResult> {
  return withSystem(async (tx) => {
    const [row] = await tx<(DeletionRequestRow & { targetWorkspaceId: string | null; progress: Progress })[]>`
      select id, code, status, requester_email, target_workspace_id, progress from deletion_requests where id = ${requestId} for update`;
    if (!row) return "not-approved";
    if (row.status === "completed") return "already-completed";
    if (row.status !== "approved" && row.status !== "in_progress") return "not-approved";
    if (!row.targetWorkspaceId) throw new Error(`deletion request ${requestId} has no target workspace`);
    const progress: Progress = { ...row.progress };
    if (!progress.userIds) {
      // Decided once, before memberships go, so a resumed run deletes the same accounts.
      const users = await tx<{ userId: string }[]>`
        select m.user_id from memberships m where m.workspace_id = ${row.targetWorkspaceId}
           and not exists (select 1 from memberships other where other.user_id = m.user_id and other.workspace_id <> m.workspace_id)`;
      progress.userIds = users.map((user) => user.userId);
      const [workspace] = await tx<{ name: string }[]>`select name from workspaces where id = ${row.targetWorkspaceId}`;
      progress.workspaceNameHash = hashName(workspace?.name ?? "");
      await tx`update deletion_requests set progress = ${tx.json(progress as never)} where id = ${requestId}`;
    }
    if (row.status === "approved") await moveDeletionStatus(tx, row, "in_progress", { kind: "system" });
    return { request: { ...row, status: "in_progress" }, workspaceId: row.targetWorkspaceId, progress };
  });
}

async function emptyTable(requestId: string, workspaceId: string, table: { name: string; key: string }): Promise<void> {
  const name = quoteIdent(table.name);
  const key = quoteIdent(table.key);
  for (;;) {
    const finished = await withSystem(async (tx) => {
      const anonymise = retainedTables[table.name];
      const affected = anonymise
        ? await tx.unsafe(`update ${name} set ${anonymise.map((column) => `${quoteIdent(column)} = null`).join(", ")} where ${key} = $1 and (${anonymise.map((column) => `${quoteIdent(column)} is not null`).join(" or ")})`, [workspaceId])
        : await tx.unsafe(`delete from ${name} where ctid in (select ctid from ${name} where ${key} = $1 limit ${batchSize})`, [workspaceId]);
      const done = Boolean(anonymise) || affected.count < batchSize;
      await recordProgress(tx, requestId, table.name, affected.count, done);
      return done;
    });
    if (finished) return;
  }
}

async function recordProgress(tx: Tx, requestId: string, table: string, count: number, done: boolean) {
  await tx`update deletion_requests set progress = progress
      || jsonb_build_object('counts', coalesce(progress->'counts', '{}'::jsonb)
           || jsonb_build_object(${table}::text, coalesce((progress->'counts'->>${table})::int, 0) + ${count}::int))
      || case when ${done}::boolean then jsonb_build_object('done', coalesce(progress->'done', '[]'::jsonb) || to_jsonb(${table}::text))
              else '{}'::jsonb end
    where id = ${requestId}`;
}

export async function executeDeletion(requestId: string): Promise<ExecutionResult> {
  const claimed = await claim(requestId);
  if (typeof claimed === "string") return claimed;
  const { request, workspaceId, progress } = claimed;
  // Billing stops before any record goes, so a deleted workspace is never charged again (repeatable:
  // a resumed run finds the subscriptions canceled, or already removed).
  await cancelWorkspaceSubscriptions(workspaceId);
  const tables = await withSystem((tx) => tenantTables(tx));
  for (const table of tables) {
    if (progress.done?.includes(table.name)) continue;
    await emptyTable(requestId, workspaceId, table);
  }
  return withSystem(async (tx) => {
    const userIds = progress.userIds ?? [];
    const deletedUsers = await tx`delete from users u where u.id = any(${userIds}::uuid[])
      and not exists (select 1 from memberships m where m.user_id = u.id) returning id`;
    const [final] = await tx<{ counts: Record<string, number>; nameHash: string; status: DeletionRequestRow["status"] }[]>`
      select coalesce(progress->'counts', '{}'::jsonb) as counts, coalesce(progress->>'workspaceNameHash', '') as name_hash, status
        from deletion_requests where id = ${requestId} for update`;
    if (!final || final.status === "completed") return "already-completed" as const;
    await tx`insert into deletion_tombstones (request_id, deleted_workspace_id, workspace_name_hash, counts, deleted_users)
      values (${requestId}, ${workspaceId}, ${final.nameHash}, ${tx.json(final.counts)}, ${deletedUsers.length})
      on conflict (request_id) do nothing`;
    await tx`update deletion_requests set completed_at = now() where id = ${requestId}`;
    const total = Object.values(final.counts).reduce((sum, count) => sum + count, 0);
    await moveDeletionStatus(tx, request, "completed", { kind: "system" }, `${total} records and ${deletedUsers.length} account(s) deleted.`);
    return "completed" as const;
  });
}

/** The tombstone keeps a digest of the workspace name, enough to answer "was X deleted?" without keeping the name. */
function hashName(name: string): string {
  return createHash("sha256").update(name.trim().toLowerCase()).digest("hex");
}
