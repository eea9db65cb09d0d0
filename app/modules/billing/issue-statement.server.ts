// Issues a workspace's statement for a month that is over: drawn once from the records (by the
// monthly job or the first download) and kept, so every later download is the same document.
import { withWorkspace } from "../../../db/transactions";
import { readStatementData } from "./read-statement-data.server";
import { renderStatementPdf } from "./render-statement-pdf.server";
import { isPastMonth, statementPeriod } from "./statement-month";

/** The stored statement, issued now if it was not yet; null for a workspace that no longer exists. */
export async function issueStatement(workspaceId: string, month: string, now = new Date()): Promise<Buffer | null> {
  if (!isPastMonth(month, now)) throw new Error(`the statement for ${month} can be issued once the month is over`);
  const period = statementPeriod(month);
  const existing = await withWorkspace(workspaceId, null, async (tx) => {
    const [row] = await tx<{ pdf: Buffer }[]>`select pdf from billing_statements where workspace_id = ${workspaceId} and month = ${period.start}`;
    if (row) return row.pdf;
    const [workspace] = await tx`select 1 from workspaces where id = ${workspaceId}`;
    return workspace ? await readStatementData(tx, workspaceId, period, now) : null;
  });
  if (existing === null || Buffer.isBuffer(existing)) return existing;
  const pdf = await renderStatementPdf(existing);
  // Two issuers racing keep the first document stored; both return the stored one.
  return withWorkspace(workspaceId, null, async (tx) => {
    await tx`insert into billing_statements (workspace_id, month, pdf) values (${workspaceId}, ${period.start}, ${pdf}) on conflict do nothing`;
    const [row] = await tx<{ pdf: Buffer }[]>`select pdf from billing_statements where workspace_id = ${workspaceId} and month = ${period.start}`;
    return row!.pdf;
  });
}
