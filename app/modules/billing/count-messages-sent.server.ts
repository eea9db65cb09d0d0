// Counts the messages a workspace sent in a period, by the template category Meta bills them under,
// inside the caller's transaction: the usage lines of statements and the billing page.
import type { Tx } from "../../../db/transactions";

export const messageCategories = ["MARKETING", "UTILITY", "AUTHENTICATION"] as const;
export type MessageCategory = (typeof messageCategories)[number];

export async function countMessagesSent(tx: Tx, workspaceId: string, period: { start: Date; end: Date }): Promise<Record<MessageCategory, number>> {
  const rows = await tx<{ category: MessageCategory; sent: number }[]>`
    select c.template_category as category, count(*)::int as sent
      from campaign_messages m join campaigns c on c.workspace_id = m.workspace_id and c.id = m.campaign_id
     where m.workspace_id = ${workspaceId} and m.sent_at >= ${period.start} and m.sent_at < ${period.end}
     group by c.template_category`;
  const counts: Record<MessageCategory, number> = { MARKETING: 0, UTILITY: 0, AUTHENTICATION: 0 };
  for (const row of rows) counts[row.category] = row.sent;
  return counts;
}
