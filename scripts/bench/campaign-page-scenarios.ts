// The campaign pages at scale: a workspace whose campaigns hold 1,000,000 messages (another workspace
// beside it), the campaign list with its messages-per-day chart and one large campaign's page (its
// funnel, failures and recipients, whole or by status, first and deep pages) under a few concurrent
// clients, timed by the server's own Server-Timing figure.
// Imports the app, so DATABASE_URL must be settled first.
import { performance } from "node:perf_hooks";
import postgres from "postgres";
import { roleUrl } from "../../db/config";
import { listRecipients } from "../../app/modules/campaigns/campaign-recipients.server";
import { inWorkspace, type WorkspaceAccess } from "../../app/modules/workspaces/memberships.server";
import { workspaceAccessAs } from "../db/workspace-access";
import { createAccount, type BenchAccount } from "./db-scenarios";
import { cookieHeader, type Client } from "./http";
import { loadPage, type LoadRun } from "./http-scenarios";
import { ms, renderTable, summarize } from "./stats";

export interface CampaignPagePlan {
  /** Contacts in the measured workspace; each campaign messages every one of them once. */
  contacts: number;
  campaigns: number;
  otherContacts: number;
  page: { concurrency: number; maxRequests: number; maxSeconds: number };
}

export const campaignPageTargets = { pageServerP95Ms: 100 };

export interface CampaignPageRun {
  seed: { messages: number; otherMessages: number; seconds: number };
  pages: { label: string; run: LoadRun }[];
}

interface SeedShape {
  workspaceId: string;
  contacts: number;
  campaigns: number;
  /** Distinct phone number ranges per workspace. */
  numberBase: number;
}

/**
 * Contacts and completed campaigns that messaged every one of them over the last days, set-based as
 * the owner role in the workspace's identity (row-level security is forced on the owner too). Of a
 * campaign's messages about 55% were read, 25% delivered, 9% sent, 9% failed (three error codes) and
 * 2% skipped. Returns the number of messages stored.
 */
async function seedCampaigns(owner: postgres.Sql, shape: SeedShape, say: (line: string) => void): Promise<number> {
  const { workspaceId: ws } = shape;
  const identity = (tx: postgres.TransactionSql) => tx`select set_config('app.workspace_id', ${ws}, true)`;
  await owner.begin(async (tx) => {
    await identity(tx);
    await tx`
      insert into contacts (workspace_id, phone_e164, name)
      select ${ws}, '+4479' || lpad((${shape.numberBase} + i)::text, 8, '0'), 'Customer ' || i
        from generate_series(1, ${shape.contacts}::int) as i`;
  });
  let messages = 0;
  for (let campaign = 1; campaign <= shape.campaigns; campaign++) {
    const started = performance.now();
    await owner.begin(async (tx) => {
      await identity(tx);
      // Campaign c launched c days ago (the newest is the first measured), sending for about an hour.
      const [row] = await tx<{ id: string; launchedAt: Date }[]>`
        insert into campaigns (workspace_id, name, phone_number_id, template_name, template_language, template_category,
                               audience, status, created_at, launched_at, finished_at)
        values (${ws}, ${`Bench campaign ${campaign}`}, '199100000000003', 'order_update', 'en', 'UTILITY', '{"kind":"all"}', 'completed',
                now() - ${campaign} * interval '1 day' - interval '1 hour', now() - ${campaign} * interval '1 day',
                now() - ${campaign} * interval '1 day' + interval '1 hour')
        returning id, launched_at as "launchedAt"`;
      if (!row) throw new Error("no campaign row");
      const inserted = await tx.unsafe(
        `insert into campaign_messages (workspace_id, campaign_id, contact_id, recipient_phone, components, status, attempts, wamid,
                                        error_code, error_title, sent_at, delivered_at, read_at, failed_at, created_at, updated_at)
         select $1, $2, id, phone_e164, '[{"type":"body","parameters":[{"type":"text","text":"Ada"}]}]'::jsonb, status,
                case when status = 'skipped' then 0 else 1 end,
                case when status in ('sent', 'delivered', 'read') then 'wamid.bench.' || $4 || '.' || n end,
                case when status = 'failed' then (array[131026, 131049, 131050])[1 + n % 3] end,
                case when status = 'failed' then (array['Message undeliverable', 'Not delivered to maintain healthy ecosystem engagement', 'User stopped marketing messages'])[1 + n % 3]
                     when status = 'skipped' then 'Missing variable: first_name' end,
                case when status in ('sent', 'delivered', 'read') then at end,
                case when status in ('delivered', 'read') then at + interval '3 seconds' end,
                case when status = 'read' then at + interval '5 minutes' end,
                case when status = 'failed' then at end,
                $3::timestamptz, at + interval '5 minutes'
           from (select id, phone_e164, n, $3::timestamptz + (n * interval '36 milliseconds') as at,
                        case when n % 100 < 55 then 'read' when n % 100 < 80 then 'delivered' when n % 100 < 89 then 'sent'
                             when n % 100 < 98 then 'failed' else 'skipped' end as status
                   from (select id, phone_e164, row_number() over (order by id) as n from contacts) as numbered) as m`,
        [ws, row.id, row.launchedAt, campaign] as never[],
      );
      messages += inserted.count;
    });
    say(`  campaign ${campaign} of ${shape.campaigns}: ${messages.toLocaleString("en")} messages (${((performance.now() - started) / 1000).toFixed(1)} s)`);
  }
  return messages;
}

export interface SeededCampaigns {
  account: BenchAccount;
  access: WorkspaceAccess;
  seed: CampaignPageRun["seed"];
}

export async function seedCampaignWorkspaces(plan: CampaignPagePlan, say: (line: string) => void): Promise<SeededCampaigns> {
  const account = await createAccount("campaigns");
  const other = await createAccount("campaigns-other");
  const owner = postgres(roleUrl("owner"), { max: 1, onnotice: () => undefined });
  const started = performance.now();
  try {
    say(`seeding ${plan.campaigns} campaigns to ${plan.contacts.toLocaleString("en")} contacts each`);
    const messages = await seedCampaigns(owner, { workspaceId: account.workspaceId, contacts: plan.contacts, campaigns: plan.campaigns, numberBase: 0 }, say);
    say(`seeding 2 campaigns to ${plan.otherContacts.toLocaleString("en")} contacts in another workspace`);
    const otherMessages = await seedCampaigns(owner, { workspaceId: other.workspaceId, contacts: plan.otherContacts, campaigns: 2, numberBase: 10_000_000 }, say);
    say("vacuuming and analyzing");
    // As autovacuum would have long since done for campaigns sent days ago.
    for (const table of ["contacts", "campaigns", "campaign_messages"]) await owner.unsafe(`vacuum analyze ${table}`);
    const seconds = (performance.now() - started) / 1000;
    say(`seeded in ${seconds.toFixed(1)} s`);
    const access = await workspaceAccessAs(account.userId, account.slug);
    return { account, access, seed: { messages, otherMessages, seconds } };
  } finally {
    await owner.end();
  }
}

/** The cursor of the recipients page `page` (1 being the first), found by paging as a member would. */
async function recipientsCursor(access: WorkspaceAccess, campaignId: string, page: number, status?: "read" | "failed"): Promise<string> {
  let after: string | undefined;
  for (let current = 1; current < page; current++) {
    const cursor = after;
    after = (await inWorkspace(access, (tx) => listRecipients(tx, campaignId, { status, after: cursor }))).next ?? undefined;
    if (!after) throw new Error(`the recipients have fewer than ${page} pages`);
  }
  if (!after) throw new Error("page 1 has no cursor");
  return after;
}

export async function measureCampaignPages(client: Client, cookies: Record<string, string>, seeded: SeededCampaigns, plan: CampaignPagePlan, say: (line: string) => void): Promise<CampaignPageRun["pages"]> {
  const { access } = seeded;
  const base = `/w/${access.workspace.slug}/campaigns`;
  const [newest] = await inWorkspace(access, (tx) => tx<{ id: string }[]>`select id from campaigns order by launched_at desc limit 1`);
  if (!newest) throw new Error("no campaign seeded");
  const page = `${base}/${newest.id}`;
  const contacts = plan.contacts.toLocaleString("en");
  const scenarios = [
    { label: `campaign list with the 14-day chart (${plan.campaigns} campaigns)`, path: base },
    { label: "campaign list, chart over a year", path: `${base}?from=${new Date(Date.now() - 360 * 86_400_000).toISOString().slice(0, 10)}` },
    { label: `campaign of ${contacts}, recipients page 1`, path: page },
    { label: `campaign of ${contacts}, recipients page 200`, path: `${page}?after=${await recipientsCursor(access, newest.id, 200)}` },
    { label: "campaign, recipients who read (55%)", path: `${page}?status=read` },
    { label: "campaign, failed recipients (9%)", path: `${page}?status=failed` },
    { label: "campaign, failed recipients, page 50", path: `${page}?status=failed&after=${await recipientsCursor(access, newest.id, 50, "failed")}` },
  ];
  const pages: CampaignPageRun["pages"] = [];
  for (const scenario of scenarios) {
    const check = await client.request("GET", scenario.path, { headers: { Cookie: cookieHeader(cookies) } });
    if (check.status !== 200) throw new Error(`GET ${scenario.path} answered ${check.status}`);
    await loadPage(client, { path: scenario.path, cookies, concurrency: plan.page.concurrency, maxRequests: 20, maxSeconds: 5 });
    say(`measuring GET campaigns, ${scenario.label}`);
    pages.push({ label: scenario.label, run: await loadPage(client, { path: scenario.path, cookies, ...plan.page }) });
  }
  return pages;
}

export function reportCampaignPages(run: CampaignPageRun, plan: CampaignPagePlan): string[] {
  const { seed } = run;
  const worstP95 = Math.max(...run.pages.map((page) => summarize(page.run.server).p95));
  return [
    `Campaign pages: ${plan.campaigns} campaigns and ${seed.messages.toLocaleString("en")} messages in the measured workspace, ` +
      `${seed.otherMessages.toLocaleString("en")} in another; seeded, vacuumed and analyzed in ${seed.seconds.toFixed(1)} s; ${plan.page.concurrency} concurrent clients`,
    "",
    ...renderTable(
      ["GET /w/<slug>/campaigns", "n", "server p50", "server p95", "client p95", "failures"],
      run.pages.map(({ label, run: page }) => {
        const server = summarize(page.server);
        return [label, String(server.count), ms(server.p50), ms(server.p95), ms(summarize(page.client).p95), String([...page.failures.values()].reduce((a, b) => a + b, 0))];
      }),
    ).split("\n"),
    "",
    ...renderTable(
      ["Target", "figure", "result"],
      [[`campaign pages server p95 < ${campaignPageTargets.pageServerP95Ms} ms (worst case)`, ms(worstP95), worstP95 < campaignPageTargets.pageServerP95Ms ? "met" : "NOT met"]],
      [0, 2],
    ).split("\n"),
  ];
}
