// Campaign steps as the app takes them, shared by the campaign suites: the order-update template,
// a draft launched with its variables, senders run in-process side by side as workers would, a
// paid plan whose allowance covers large campaigns, and the check that the campaign's counts equal its
// ledger.
import { expect } from "vitest";
import { withWorkspace } from "../../db/transactions";
import { createCampaign } from "../../app/modules/campaigns/create-campaign.server";
import { foldCampaignTallies } from "../../app/modules/campaigns/fold-campaign-tallies.server";
import { readCampaign, type CampaignDetail } from "../../app/modules/campaigns/read-campaigns.server";
import { launchCampaign } from "../../app/modules/campaigns/launch-campaign.server";
import { sendCampaignRound } from "../../app/modules/campaigns/send-campaign.server";
import type { TestAccount } from "./factories";

export const orderUpdate = {
  name: "order_update",
  language: "en_US",
  category: "UTILITY",
  components: [
    { type: "BODY", text: "Hi {{1}}, your order {{2}} has shipped.", example: { body_text: [["Sara", "#1042"]] } },
    { type: "FOOTER", text: "Reply STOP to opt out" },
  ],
};

/** A campaign of the order-update template (the contact's name, then "#1") to every contact, launched. */
export async function draftAndLaunch(user: TestAccount, phoneNumberId: string, templateId: string): Promise<string> {
  const created = await createCampaign(user.access, {
    name: "Notice",
    phoneNumberId,
    templateId,
    "var:body.1:source": "name",
    "var:body.2:source": "text",
    "var:body.2:value": "#1",
  });
  if (!created.ok) throw new Error(JSON.stringify(created.errors));
  expect(await launchCampaign(user.access.workspace.id, created.id)).toMatchObject({ ok: true });
  return created.id;
}

/** `senders` concurrent senders, each running rounds until the campaign stops or finishes. */
export async function runSenders(workspaceId: string, campaignId: string, senders = 2): Promise<void> {
  const sender = async () => {
    for (;;) {
      const round = await sendCampaignRound(workspaceId, campaignId);
      if (round === "stopped") return;
      if (round === "idle") await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };
  await Promise.all(Array.from({ length: senders }, sender));
}

/** The Growth plan (20,000 messages a month), as Stripe's mirror would record an active subscription to it. */
export async function subscribeToGrowth(workspaceId: string): Promise<void> {
  await withWorkspace(workspaceId, null, (tx) => tx`
    insert into billing_subscriptions (workspace_id, stripe_subscription_id, stripe_customer_id, status, price_id, price_lookup_key, plan_key,
                                       billing_interval, current_period_start, current_period_end, stripe_created_at, observed_at)
    values (${workspaceId}, ${`sub_${workspaceId}`}, ${`cus_${workspaceId}`}, 'active', 'price_growth', 'kiana_growth_monthly', 'growth', 'month',
            now(), now() + interval '1 month', now(), now())`);
}

/**
 * The campaign page's funnel and failure groups, read from the tallies, equal a count of the ledger's
 * rows, before and after the tallies are folded; returns the funnel.
 */
export async function expectCountsMatchLedger(workspaceId: string, campaignId: string): Promise<CampaignDetail["funnel"]> {
  const ledger = await withWorkspace(workspaceId, null, async (tx) => ({
    statuses: await tx<{ status: string; count: number }[]>`
      select status, count(*)::int as count from campaign_messages where campaign_id = ${campaignId} group by status`,
    failures: await tx<{ code: number | null; title: string; count: number }[]>`
      select error_code as code, coalesce(error_title, 'Unknown') as title, count(*)::int as count from campaign_messages
       where campaign_id = ${campaignId} and status in ('failed', 'skipped') group by 1, 2`,
  }));
  const read = async () => {
    const campaign = await withWorkspace(workspaceId, null, (tx) => readCampaign(tx, campaignId));
    if (!campaign) throw new Error(`campaign ${campaignId} not found`);
    return campaign;
  };
  const expected = Object.fromEntries(ledger.statuses.map((row) => [row.status, row.count]));
  const byCount = (a: { count: number; title: string }, b: { count: number; title: string }) => b.count - a.count || a.title.localeCompare(b.title);
  const unfolded = await read();
  expect(Object.fromEntries(Object.entries(unfolded.funnel).filter(([, count]) => count > 0))).toEqual(expected);
  expect(unfolded.failures.map(({ code, title, count }) => ({ code, title, count })).sort(byCount)).toEqual([...ledger.failures].sort(byCount));
  await foldCampaignTallies();
  const folded = await read();
  expect(folded.funnel).toEqual(unfolded.funnel);
  expect(folded.failures).toEqual(unfolded.failures);
  return folded.funnel;
}
