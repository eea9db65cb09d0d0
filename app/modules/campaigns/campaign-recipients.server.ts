// The per-recipient report of a campaign: one page of its ledger (optionally one status) with the
// contact, the latest time and the error, in a stable keyset order; and the whole ledger as CSV.
import { z } from "zod";
import { withWorkspace, type Tx } from "../../../db/transactions";
import { csvText } from "../contacts/csv-download.server";
import { funnelLabels, funnelSteps } from "./campaign-labels";

export const RecipientFilter = z.object({
  status: z.enum(funnelSteps).optional().catch(undefined),
  after: z.string().uuid().optional().catch(undefined),
});
export type RecipientFilter = z.infer<typeof RecipientFilter>;

export interface RecipientRow {
  id: string;
  name: string | null;
  recipient: string;
  status: string;
  at: Date | null;
  errorCode: number | null;
  errorTitle: string | null;
}

export async function listRecipients(tx: Tx, campaignId: string, filter: RecipientFilter, limit = 50): Promise<{ rows: RecipientRow[]; next: string | null }> {
  const rows = await tx<RecipientRow[]>`
    select m.id, c.name, coalesce(m.recipient_phone, m.recipient_bsuid) as recipient, m.status,
           coalesce(m.read_at, m.delivered_at, m.failed_at, m.sent_at) as at, m.error_code, m.error_title
      from campaign_messages m left join contacts c on c.workspace_id = m.workspace_id and c.id = m.contact_id
     where m.campaign_id = ${campaignId} ${filter.status ? tx`and m.status = ${filter.status}` : tx``}
       ${filter.after ? tx`and m.id > ${filter.after}` : tx``}
     order by m.id limit ${limit + 1}`;
  const page = rows.slice(0, limit);
  return { rows: page, next: rows.length > limit ? (page[page.length - 1]?.id ?? null) : null };
}

/** Every recipient of the campaign as CSV lines, read a page per short transaction. */
export async function* recipientsCsv(workspaceId: string, userId: string, campaignId: string): AsyncGenerator<string> {
  yield csvText([["name", "recipient", "status", "time", "error_code", "error"]]);
  let after: string | undefined;
  for (;;) {
    const page = await withWorkspace(workspaceId, userId, (tx) => listRecipients(tx, campaignId, { after }, 5_000));
    yield csvText(page.rows.map((row) => [row.name ?? "", row.recipient, funnelLabels[row.status] ?? row.status, row.at?.toISOString() ?? "", row.errorCode ?? "", row.errorTitle ?? ""]));
    if (!page.next) return;
    after = page.next;
  }
}
