// The workspace's retention period for webhook events and message contents (owners only), applied
// nightly by purge-message-history.
import type postgres from "postgres";
import { z } from "zod";
import type { Tx } from "../../../db/transactions";
import { fieldErrors, type FieldErrors } from "~/lib/forms";
import { inWorkspace, type WorkspaceAccess } from "./memberships.server";

/**
 * The condition that a row's time `column` lies before its workspace's retention period, when the
 * workspace is aliased `w`: what the purge removes, and what may no longer be relied on.
 */
export function olderThanRetention(tx: Tx, column: string): postgres.PendingQuery<postgres.Row[]> {
  return tx`${tx.unsafe(column)} < now() - make_interval(days => w.message_retention_days)`;
}

export const RetentionForm = z.object({
  retentionDays: z.coerce
    .number({ invalid_type_error: "Enter a number of days" })
    .int("Enter a whole number of days")
    .min(7, "Keep them at least 7 days")
    .max(3650, "Keep them at most 3,650 days (ten years)"),
});

export async function readMessageRetention(access: WorkspaceAccess): Promise<number> {
  const [row] = await inWorkspace(access, (tx) => tx<{ days: number }[]>`select message_retention_days as days from workspaces where id = ${access.workspace.id}`);
  return row?.days ?? 180;
}

export async function updateMessageRetention(access: WorkspaceAccess, input: Record<string, unknown>): Promise<{ ok: true; days: number } | { ok: false; errors: FieldErrors }> {
  const parsed = RetentionForm.safeParse(input);
  if (!parsed.success) return { ok: false, errors: fieldErrors(parsed.error) };
  await inWorkspace(access, (tx) => tx`update workspaces set message_retention_days = ${parsed.data.retentionDays} where id = ${access.workspace.id}`);
  return { ok: true, days: parsed.data.retentionDays };
}
