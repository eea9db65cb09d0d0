// "Duplicate": a new draft with the same number, template, audience and variables, for sending again.
import type { Tx } from "../../../db/transactions";

export async function duplicateCampaign(tx: Tx, campaignId: string, userId: string): Promise<string | null> {
  const [copy] = await tx<{ id: string }[]>`
    insert into campaigns (workspace_id, name, phone_number_id, template_id, template_name, template_language, template_category,
                           template_components, audience, variables, max_error_rate, created_by)
    select workspace_id, left('Copy of ' || name, 200), phone_number_id, template_id, template_name, template_language, template_category,
           template_components, audience, variables, max_error_rate, ${userId}
      from campaigns where id = ${campaignId}
    returning id`;
  return copy?.id ?? null;
}
