// What the campaign pages show: the list, one campaign with its funnel counts and its failures grouped
// by error code with what to do. Counts come from the ledger's tallies (db/migrations/0020), which the
// ledger's own triggers keep equal to it, so a page reads a few dozen rows, not every message.
import { z } from "zod";
import type { Tx } from "../../../db/transactions";
import { classifySendError } from "./classify-send-error";
import type { Audience } from "./audience.server";
import { funnelSteps } from "./campaign-labels";

export interface CampaignSummary {
  id: string;
  name: string;
  status: string;
  templateName: string;
  createdAt: Date;
  launchedAt: Date | null;
  total: number;
  done: number;
}

export function listCampaigns(tx: Tx): Promise<CampaignSummary[]> {
  return tx<CampaignSummary[]>`
    select c.id, c.name, c.status, c.template_name, c.created_at, c.launched_at,
           coalesce(t.total, 0)::int as total, coalesce(t.done, 0)::int as done
      from campaigns c
      left join lateral (
        select sum(delta) as total, sum(delta) filter (where status not in ('queued', 'sending')) as done
          from campaign_message_tallies t where t.workspace_id = c.workspace_id and t.campaign_id = c.id) t on true
     order by c.created_at desc limit 200`;
}

export type Funnel = Record<(typeof funnelSteps)[number], number>;

export interface FailureGroup {
  code: number | null;
  title: string;
  count: number;
  explanation: string;
  advice: string;
}

export interface CampaignDetail {
  id: string;
  name: string;
  status: string;
  statusReason: string | null;
  phoneNumberId: string;
  templateName: string;
  templateLanguage: string;
  templateCategory: string;
  audience: Audience;
  createdAt: Date;
  scheduledAt: Date | null;
  launchedAt: Date | null;
  finishedAt: Date | null;
  funnel: Funnel;
  failures: FailureGroup[];
}

export async function readCampaign(tx: Tx, id: string): Promise<CampaignDetail | null> {
  if (!z.string().uuid().safeParse(id).success) return null;
  const [campaign] = await tx<Omit<CampaignDetail, "funnel" | "failures">[]>`
    select id, name, status, status_reason, phone_number_id, template_name, template_language, template_category, audience,
           created_at, scheduled_at, launched_at, finished_at
      from campaigns where id = ${id}`;
  if (!campaign) return null;
  const counts = await tx<{ status: keyof Funnel; count: number }[]>`
    select status, sum(delta)::int as count from campaign_message_tallies where campaign_id = ${id} group by status`;
  const funnel = Object.fromEntries(funnelSteps.map((step) => [step, 0])) as Funnel;
  for (const row of counts) funnel[row.status] = row.count;
  const groups = await tx<{ code: number | null; title: string; count: number }[]>`
    select error_code as code, coalesce(error_title, 'Unknown') as title, sum(delta)::int as count
      from campaign_message_tallies where campaign_id = ${id} and status in ('failed', 'skipped')
     group by error_code, coalesce(error_title, 'Unknown') having sum(delta) > 0 order by count desc limit 50`;
  const failures = groups.map((group) => {
    const meaning = group.code === null ? null : classifySendError(group.code);
    return { ...group, explanation: meaning?.explanation ?? group.title, advice: meaning?.advice ?? "" };
  });
  return { ...campaign, funnel, failures };
}
