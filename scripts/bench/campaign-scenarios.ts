// The campaign engine under load: a 100,000-recipient campaign sent to the Meta emulator (its own
// process) at a number rate of 1,000 messages a second, and a smaller one at the default 80, with
// the busiest one-second window found twice: among the requests as the senders sent them (what the
// limiter decides) and among the requests as the emulator received them (the same, plus the loaded
// machine's delays between the two processes); then Meta's status webhooks taken in (signature check,
// stored, applied to the ledger) as fast as they come.
import diagnosticsChannel from "node:diagnostics_channel";
import type { ClientRequest } from "node:http";
import { performance } from "node:perf_hooks";
import postgres from "postgres";
import { roleUrl } from "../../db/config";
import { setTimeout as sleep } from "node:timers/promises";
import { withWorkspace } from "../../db/transactions";
import { workspaceAccessAs } from "../db/workspace-access";
import type { BenchAccount } from "./db-scenarios";
import { admin } from "./meta-emulator-scenarios";
import { connectBenchWhatsApp, messagesWebhook, webhookSignature, type MetaAccount } from "./whatsapp-connection";

export interface CampaignPlan {
  fast: { recipients: number; rate: number };
  slow: { recipients: number; rate: number };
  /** Parallel senders, as workers running send-campaign jobs would. */
  senders: number;
  ingest: { events: number; concurrency: number };
}

export interface SendRun {
  recipients: number;
  rate: number;
  launchSeconds: number;
  sendSeconds: number;
  messagesPerSecond: number;
  /** The most messages the senders sent in any one second. */
  busiestSecondSent: number;
  /** The most messages the emulator received in any one second. */
  busiestSecondReceived: number;
  throttled: number;
  sentExactlyOnce: boolean;
}

export interface CampaignRun {
  fast: SendRun;
  slow: SendRun;
  ingest: { events: number; concurrency: number; seconds: number; intakeSeconds: number; eventsPerSecond: number; applied: number };
}

interface RecordedRequest {
  seq: number;
  at: number;
  path: string;
  status: number;
  body: { to?: string };
}

const template = {
  name: "bench_notice",
  language: "en_US",
  category: "UTILITY",
  components: [{ type: "BODY", text: "Hi {{1}}, your order {{2}} has shipped.", example: { body_text: [["Sara", "#1042"]] } }],
};

/**
 * Reads the emulator's request log while the campaign runs (it keeps the newest 10,000), so no send
 * is missed; only requests that arrived from now on count.
 */
function followRequests(origin: string) {
  const from = Date.now();
  const seen: RecordedRequest[] = [];
  let since = 0;
  let stopped = false;
  const poll = async () => {
    while (!stopped) {
      const page = await admin<{ data: RecordedRequest[] }>(origin, "GET", `requests?method=POST&path=/messages&since=${since}`);
      for (const request of page.data) if (request.at >= from) seen.push(request);
      since = page.data.at(-1)?.seq ?? since;
      await sleep(500);
    }
  };
  const running = poll();
  return {
    async stop(): Promise<RecordedRequest[]> {
      await sleep(600);
      stopped = true;
      await running;
      return seen;
    },
  };
}

/** The times at which this process sends message requests to Meta, from now until stopped. */
function followDepartures() {
  const times: number[] = [];
  const onStart = (message: unknown) => {
    const { request } = message as { request: ClientRequest };
    if (request.method === "POST" && /\/(marketing_)?messages$/.test(request.path)) times.push(Date.now());
  };
  diagnosticsChannel.subscribe("http.client.request.start", onStart);
  return {
    stop(): number[] {
      diagnosticsChannel.unsubscribe("http.client.request.start", onStart);
      return times;
    },
  };
}

/** The most of these times in any one-second window (a sliding window). */
function busiestSecond(times: number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  let best = 0;
  let start = 0;
  for (let end = 0; end < sorted.length; end++) {
    while ((sorted[end] ?? 0) - (sorted[start] ?? 0) >= 1000) start++;
    best = Math.max(best, end - start + 1);
  }
  return best;
}

async function sendCampaign(
  origin: string,
  account: BenchAccount,
  setup: { phoneNumberId: string; templateId: string },
  plan: { recipients: number; rate: number; tag: string },
  senders: number,
  say: (line: string) => void,
): Promise<SendRun> {
  const access = await workspaceAccessAs(account.userId, account.slug);
  const { setSendingRate } = await import("../../app/modules/whatsapp/set-sending-rate.server");
  const { createCampaign } = await import("../../app/modules/campaigns/create-campaign.server");
  const { launchCampaign } = await import("../../app/modules/campaigns/launch-campaign.server");
  const { sendCampaignRound } = await import("../../app/modules/campaigns/send-campaign.server");
  await setSendingRate(access, { phoneNumberId: setup.phoneNumberId, throughputPerSecond: String(plan.rate) });
  await admin(origin, "PATCH", `phone-numbers/${setup.phoneNumberId}`, { throughputPerSecond: plan.rate });
  const created = await createCampaign(access, {
    name: `Bench ${plan.recipients} at ${plan.rate}/s`,
    phoneNumberId: setup.phoneNumberId,
    templateId: setup.templateId,
    audienceTag: plan.tag,
    "var:body.1:source": "first_name",
    "var:body.2:source": "attribute",
    "var:body.2:value": "order",
  });
  if (!created.ok) throw new Error(`campaign refused: ${JSON.stringify(created.errors)}`);
  const launchStart = performance.now();
  const launched = await launchCampaign(account.workspaceId, created.id);
  if (!launched.ok) throw new Error(`launch refused: ${launched.error}`);
  const launchSeconds = (performance.now() - launchStart) / 1000;
  say(`launched ${launched.queued} messages in ${launchSeconds.toFixed(1)} s; sending at ${plan.rate}/s with ${senders} senders`);
  const follower = followRequests(origin);
  const departures = followDepartures();
  const sendStart = performance.now();
  const sender = async () => {
    for (;;) {
      const round = await sendCampaignRound(account.workspaceId, created.id);
      if (round === "stopped") return;
      if (round === "idle") await sleep(50);
    }
  };
  await Promise.all(Array.from({ length: senders }, sender));
  const sendSeconds = (performance.now() - sendStart) / 1000;
  const sent = departures.stop();
  const requests = await follower.stop();
  // What the emulator recorded of this campaign (its requests and the status webhooks it made) is read;
  // dropped, it no longer weighs on the emulator's garbage collector while the next scenario is timed.
  await admin(origin, "DELETE", "requests");
  await admin(origin, "DELETE", "webhooks");
  const accepted = requests.filter((request) => request.status === 200);
  const recipients = new Set(accepted.map((request) => request.body.to));
  return {
    recipients: launched.queued,
    rate: plan.rate,
    launchSeconds,
    sendSeconds,
    messagesPerSecond: accepted.length / sendSeconds,
    busiestSecondSent: busiestSecond(sent),
    busiestSecondReceived: busiestSecond(requests.map((request) => request.at)),
    throttled: requests.length - accepted.length,
    sentExactlyOnce: recipients.size === launched.queued && accepted.length === launched.queued,
  };
}

/** Contacts tagged for one run, with the attribute the template's second variable reads. */
async function seedContacts(workspaceId: string, count: number, tag: string, firstNumber: number): Promise<void> {
  await withWorkspace(workspaceId, null, async (tx) => {
    await tx`
      insert into contacts (workspace_id, phone_e164, name, attributes)
      select ${workspaceId}, '+1555' || lpad((${firstNumber}::int + n)::text, 7, '0'), 'Customer ' || n, jsonb_build_object('order', '#' || n)
        from generate_series(1, ${count}::int) n`;
    await tx`
      insert into contact_tags (workspace_id, contact_id, tag)
      select ${workspaceId}, id, ${tag} from contacts
       where workspace_id = ${workspaceId} and phone_e164 >= ${`+1555${String(firstNumber + 1).padStart(7, "0")}`}
         and phone_e164 <= ${`+1555${String(firstNumber + count).padStart(7, "0")}`}`;
  });
}

/** Status webhooks for the sent messages, signed as Meta signs them, through the app's intake and its job, applied while they arrive. */
async function measureIngest(account: BenchAccount, appSecret: string, webhookKey: string, plan: CampaignPlan["ingest"], phoneNumberId: string) {
  const { receiveWebhook } = await import("../../app/modules/whatsapp/receive-webhook.server");
  const { applyPendingWebhooks } = await import("../../app/modules/whatsapp/apply-webhook-event.server");
  const messages = await withWorkspace(account.workspaceId, null, (tx) => tx<{ id: string; wamid: string }[]>`
    select id, wamid from campaign_messages where wamid is not null limit ${plan.events}`);
  const now = Math.floor(Date.now() / 1000);
  const bodies = messages.map((message) =>
    messagesWebhook(phoneNumberId, { statuses: [{ id: message.wamid, status: "delivered", timestamp: String(now), biz_opaque_callback_data: message.id }] }),
  );
  // As deployed: the web server verifies and stores each delivery, then workers apply the stored events.
  const inParallel = async <T>(items: T[], work: (item: T) => Promise<void>) => {
    let next = 0;
    await Promise.all(Array.from({ length: plan.concurrency }, async () => {
      while (next < items.length) await work(items[next++] as T);
    }));
  };
  // Two workers apply the stored deliveries while they arrive, as two apply jobs could; each takes
  // what is stored, pauses briefly when nothing is, and makes a last pass once the intake is over.
  let intakeOver = false;
  const applier = async () => {
    for (;;) {
      const over = intakeOver;
      const applied = await applyPendingWebhooks(account.workspaceId);
      if (over && applied === 0) return;
      if (applied === 0) await sleep(20);
    }
  };
  const start = performance.now();
  const appliers = Promise.all([applier(), applier()]);
  await inParallel(bodies, async (raw) => {
    const reply = await receiveWebhook(webhookKey, raw, webhookSignature(raw, appSecret));
    if (reply.status !== 200) throw new Error(`webhook refused: ${reply.status} ${reply.body}`);
  });
  const intakeSeconds = (performance.now() - start) / 1000;
  intakeOver = true;
  await appliers;
  const seconds = (performance.now() - start) / 1000;
  const [delivered] = await withWorkspace(account.workspaceId, null, (tx) => tx<{ count: number }[]>`select count(*)::int as count from campaign_messages where status = 'delivered'`);
  return { events: bodies.length, concurrency: plan.concurrency, seconds, intakeSeconds, eventsPerSecond: bodies.length / seconds, applied: delivered?.count ?? 0 };
}

export async function measureCampaigns(origin: string, plan: CampaignPlan, say: (line: string) => void): Promise<CampaignRun> {
  const db = await import("./db-scenarios");
  const account = await db.createAccount();
  const { syncTemplates } = await import("../../app/modules/whatsapp/sync-templates.server");
  const meta: MetaAccount = { wabaId: "199000000000001", accessToken: "EAABENCH-TOKEN", appSecret: "benchappsecret00000000000000000a", phoneNumbers: [{ id: "199100000000001", displayPhoneNumber: "+1 555-019-0001", verifiedName: "Bench Shop" }] };
  const { webhookKey } = await connectBenchWhatsApp(origin, account, meta, [template]);
  await syncTemplates(account.workspaceId);
  const [setup] = await withWorkspace(account.workspaceId, null, (tx) => tx<{ templateId: string }[]>`select id as template_id from message_templates where name = ${template.name}`);
  if (!setup) throw new Error("the bench template was not synced");
  // The Scale plan's 200,000 messages a month cover both campaigns; as Stripe's mirror would record it.
  await withWorkspace(account.workspaceId, null, (tx) => tx`
    insert into billing_subscriptions (workspace_id, stripe_subscription_id, stripe_customer_id, status, price_id, price_lookup_key, plan_key,
                                       billing_interval, current_period_start, current_period_end, stripe_created_at, observed_at)
    values (${account.workspaceId}, 'sub_bench', 'cus_bench', 'active', 'price_bench', 'kiana_scale_monthly', 'scale', 'month',
            now(), now() + interval '1 month', now(), now())`);
  const phoneNumberId = meta.phoneNumbers[0]?.id ?? "";
  say(`seeding ${plan.fast.recipients + plan.slow.recipients} contacts`);
  await seedContacts(account.workspaceId, plan.fast.recipients, "fast", 0);
  await seedContacts(account.workspaceId, plan.slow.recipients, "slow", plan.fast.recipients);
  // As autovacuum does within a minute of an import this size (it vacuums tables that only grew):
  // the audience is then read from the tag index alone, without a visit to each contact's tag row.
  const owner = postgres(roleUrl("owner"), { max: 1, onnotice: () => undefined });
  try {
    await owner.unsafe("vacuum analyze contacts, contact_tags");
  } finally {
    await owner.end();
  }
  const fast = await sendCampaign(origin, account, { phoneNumberId, templateId: setup.templateId }, { ...plan.fast, tag: "fast" }, plan.senders, say);
  const slow = await sendCampaign(origin, account, { phoneNumberId, templateId: setup.templateId }, { ...plan.slow, tag: "slow" }, plan.senders, say);
  say(`taking in ${plan.ingest.events} status webhooks`);
  const ingest = await measureIngest(account, meta.appSecret, webhookKey, plan.ingest, phoneNumberId);
  return { fast, slow, ingest };
}

export function reportCampaigns(run: CampaignRun, targets: { fastPerSecond: number; slowTolerance: number; ingestPerSecond: number; launchSeconds: number }): string[] {
  const line = (label: string, send: SendRun) =>
    `${label}: ${send.recipients} messages in ${send.sendSeconds.toFixed(1)} s = ${send.messagesPerSecond.toFixed(0)} msg/s (limit ${send.rate}/s); busiest one-second window ${send.busiestSecondSent} as sent, ${send.busiestSecondReceived} as the emulator received them; throttled answers ${send.throttled}; each recipient exactly once: ${send.sentExactlyOnce ? "yes" : "NO"}; launch (ledger) ${send.launchSeconds.toFixed(1)} s`;
  const verdict = (met: boolean) => (met ? "met" : "NOT met");
  const slowLow = run.slow.rate * (1 - targets.slowTolerance);
  return [
    line("campaign at 1,000/s", run.fast),
    line("campaign at the default 80/s", run.slow),
    `status webhooks (${run.ingest.concurrency} deliveries in flight): ${run.ingest.events} in ${run.ingest.seconds.toFixed(1)} s = ${run.ingest.eventsPerSecond.toFixed(0)} events/s accepted and applied (all stored after ${run.ingest.intakeSeconds.toFixed(1)} s, applied as they came and all after ${run.ingest.seconds.toFixed(1)} s; ${run.ingest.applied} messages now delivered)`,
    `target ≥ ${targets.fastPerSecond} msg/s at a 1,000/s limit, the limiter never above it in a second (as sent): ${verdict(run.fast.messagesPerSecond >= targets.fastPerSecond && run.fast.busiestSecondSent <= run.fast.rate)}`,
    `target 80/s within ${targets.slowTolerance * 100}%: ${verdict(run.slow.messagesPerSecond >= slowLow && run.slow.busiestSecondSent <= run.slow.rate)}`,
    `target ≥ ${targets.ingestPerSecond} status events/s: ${verdict(run.ingest.eventsPerSecond >= targets.ingestPerSecond)}`,
    `target launch of ${run.fast.recipients.toLocaleString("en")} recipients < ${targets.launchSeconds} s: ${verdict(run.fast.launchSeconds < targets.launchSeconds)}`,
  ];
}
