// Exactly once under kill -9: real worker processes (the `npm run worker` entry) send a campaign of
// 3,000 recipients through the Meta emulator, whose answers to the number are held 200 ms so requests
// are in flight most of the time, while the test kills workers with SIGKILL at random moments (once
// all of them at once, with requests in flight) and starts new ones. Meta's log then shows that no
// recipient got the template twice, and the ledger that every message Meta accepted is recorded as
// sent (through the status webhook when its sender died before hearing the answer), and that the only
// failures are "interrupted" messages that never reached Meta, stamped by a sender within its claim
// before it was killed (a batch records its outcomes together, so a stamp may precede the kill by up
// to the claim's length, never by more).
import { spawn, type ChildProcess } from "node:child_process";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withWorkspace } from "../../db/transactions";
import { createCampaign } from "../../app/modules/campaigns/create-campaign.server";
import { launchCampaign } from "../../app/modules/campaigns/launch-campaign.server";
import { connectWhatsApp } from "../../app/modules/whatsapp/connect-whatsapp.server";
import { answerWebhookHandshake, receiveWebhook } from "../../app/modules/whatsapp/receive-webhook.server";
import { setSendingRate } from "../../app/modules/whatsapp/set-sending-rate.server";
import { syncTemplates } from "../../app/modules/whatsapp/sync-templates.server";
import { createAccount, meta } from "../helpers/factories";
import { connectionForm, metaAdmin, provisionMetaAccount } from "../helpers/meta-emulator";
import { expectCountsMatchLedger, subscribeToGrowth } from "../helpers/campaigns";

const recipients = 3_000;
const ratePerSecond = 250;
const answerLatencyMs = 200;
const kills = 5;
const claimSeconds = 6;
/** The kill (1-based) that takes every worker down at once, timed while requests are in flight. */
const killAllAt = 3;

// Short claims, grace and sender jobs so a killed sender's messages settle within the test; the code
// path is the production one, only the durations (app/lib/env.server.ts) are shorter.
const workerEnv: NodeJS.ProcessEnv = {
  ...process.env,
  NODE_ENV: "test",
  LOG_LEVEL: "warn",
  WORKER_CONCURRENCY: "4",
  WORKER_POLL_INTERVAL_MS: "100",
  CAMPAIGN_CLAIM_SECONDS: String(claimSeconds),
  CAMPAIGN_INTERRUPTED_GRACE_SECONDS: "20",
  CAMPAIGN_SENDER_JOB_SECONDS: "3",
};

const orderUpdate = {
  name: "order_update",
  language: "en_US",
  category: "UTILITY",
  components: [{ type: "BODY", text: "Hi {{1}}, your order {{2}} has shipped.", example: { body_text: [["Sara", "#1042"]] } }],
};

interface LoggedSend {
  seq: number;
  at: number;
  status: number;
  answered: boolean;
  body: { to: string; biz_opaque_callback_data: string };
  response: { messages?: { id: string }[] };
}

// Meta's deliveries reach the app through a real HTTP callback, as the webhook route receives them;
// the worker processes apply them.
let callback: http.Server;
let callbackOrigin = "";
const workers = new Set<ChildProcess>();

beforeAll(async () => {
  callback = http.createServer((request, response) => {
    const url = new URL(request.url ?? "/", "http://localhost");
    const key = url.pathname.split("/").pop() ?? "";
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const reply = request.method === "GET" ? answerWebhookHandshake(key, url.searchParams) : receiveWebhook(key, Buffer.concat(chunks), request.headers["x-hub-signature-256"]?.toString() ?? null);
      void reply.then(({ status, body }) => response.writeHead(status).end(body));
    });
  });
  await new Promise<void>((resolve) => callback.listen(0, "127.0.0.1", resolve));
  callbackOrigin = `http://127.0.0.1:${(callback.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await Promise.all([...workers].map((worker) => stopWorker(worker, "SIGTERM")));
  await new Promise((resolve) => callback.close(resolve));
});

function startWorker(): ChildProcess {
  const worker = spawn(process.execPath, ["--import", "tsx", "jobs/worker.ts"], { env: workerEnv, stdio: ["ignore", "ignore", "inherit"] });
  workers.add(worker);
  return worker;
}

async function stopWorker(worker: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  workers.delete(worker);
  if (worker.exitCode !== null || worker.signalCode !== null) return;
  const exited = new Promise((resolve) => worker.once("exit", resolve));
  worker.kill(signal);
  await exited;
}

async function sendsSince(phoneNumberId: string, since: number): Promise<LoggedSend[]> {
  const log = await metaAdmin<{ data: LoggedSend[] }>("GET", `requests?path=${phoneNumberId}/messages&method=POST&since=${since}`);
  return log.data;
}

async function connectedWorkspace() {
  const user = await createAccount();
  const account = await provisionMetaAccount([orderUpdate]);
  const form = connectionForm(account);
  expect(await connectWhatsApp(user.access, form, meta)).toMatchObject({ ok: true });
  const workspaceId = user.access.workspace.id;
  expect(await syncTemplates(workspaceId)).toMatchObject({ ok: true });
  const phoneNumberId = account.phoneNumbers[0]?.id ?? "";
  expect(await setSendingRate(user.access, { phoneNumberId, throughputPerSecond: ratePerSecond })).toEqual({ ok: true });
  await metaAdmin("PATCH", `phone-numbers/${phoneNumberId}`, { throughputPerSecond: ratePerSecond, latencyMs: answerLatencyMs });
  const [row] = await withWorkspace(workspaceId, null, (tx) => tx<{ webhookKey: string }[]>`select webhook_key from whatsapp_accounts`);
  await metaAdmin("POST", `accounts/${account.wabaId}/webhook`, { callbackUrl: `${callbackOrigin}/webhooks/meta/${row?.webhookKey}`, verifyToken: form.verifyToken });
  // The Growth plan's 20,000 messages a month cover the campaign.
  await subscribeToGrowth(workspaceId);
  await withWorkspace(workspaceId, null, (tx) => tx`
    insert into contacts (workspace_id, phone_e164, name, attributes)
    select ${workspaceId}, '+1555' || lpad(n::text, 7, '0'), 'Customer ' || n, jsonb_build_object('order', '#' || n)
      from generate_series(1, ${recipients}) n`);
  const [template] = await withWorkspace(workspaceId, null, (tx) => tx<{ id: string }[]>`select id from message_templates where name = 'order_update'`);
  return { user, workspaceId, phoneNumberId, templateId: template?.id ?? "" };
}

describe("a campaign sent by workers killed with SIGKILL", () => {
  it("sends every recipient at most once, records every message Meta accepted, and fails only interrupted ones", { timeout: 120_000 }, async () => {
    const { user, workspaceId, phoneNumberId, templateId } = await connectedWorkspace();
    const created = await createCampaign(user.access, {
      name: "Crash test",
      phoneNumberId,
      templateId,
      "var:body.1:source": "name",
      "var:body.2:source": "attribute",
      "var:body.2:value": "order",
    });
    if (!created.ok) throw new Error(JSON.stringify(created.errors));
    const [last] = (await metaAdmin<{ data: { seq: number }[] }>("GET", "requests")).data.slice(-1);
    const since = last?.seq ?? 0;

    startWorker();
    startWorker();
    const started = Date.now();
    expect(await launchCampaign(workspaceId, created.id)).toEqual({ ok: true, queued: recipients, skipped: 0 });
    const campaignStatus = async () => {
      const [row] = await withWorkspace(workspaceId, null, (tx) => tx<{ status: string }[]>`select status from campaigns where id = ${created.id}`);
      return row?.status;
    };

    // When: workers are killed at random moments while the campaign sends, each replaced at once.
    while ((await sendsSince(phoneNumberId, since)).length === 0) await sleep(100);
    const killedAt: number[] = [];
    for (let kill = 1; kill <= kills; kill++) {
      await sleep(700 + Math.random() * 1_300);
      if (kill === killAllAt) {
        // Wait for requests on the wire (sent within the answer latency), then take every worker down.
        let seen = since;
        for (;;) {
          const recent = await sendsSince(phoneNumberId, seen);
          seen = recent.at(-1)?.seq ?? seen;
          if (recent.some((send) => Date.now() - send.at < answerLatencyMs / 2)) break;
          await sleep(20);
        }
        const victims = [...workers];
        killedAt.push(Date.now());
        await Promise.all(victims.map((worker) => stopWorker(worker, "SIGKILL")));
        startWorker();
        startWorker();
      } else {
        const victims = [...workers];
        const victim = victims[Math.floor(Math.random() * victims.length)];
        if (!victim) throw new Error("no worker to kill");
        killedAt.push(Date.now());
        await stopWorker(victim, "SIGKILL");
        startWorker();
      }
      expect(await campaignStatus()).toBe("running");
    }

    // Then the campaign finishes on its own: dead senders' claims run out and settle.
    while ((await campaignStatus()) === "running") {
      if (Date.now() - started > 100_000) throw new Error("the campaign did not finish");
      await sleep(250);
    }
    const seconds = (Date.now() - started) / 1000;
    expect(await campaignStatus()).toBe("completed");

    // Meta's request log is a ring: it must still hold every request since the launch.
    const everything = await metaAdmin<{ data: { seq: number }[] }>("GET", `requests?since=${since}`);
    expect(everything.data[0]?.seq).toBe(since + 1);
    const sends = await sendsSince(phoneNumberId, since);
    const accepted = sends.filter((send) => send.status === 200);
    const acceptedTo = accepted.map((send) => send.body.to);
    expect(new Set(acceptedTo).size).toBe(acceptedTo.length);
    const refused = sends.filter((send) => send.status !== 200);

    const ledger = await withWorkspace(workspaceId, null, (tx) => tx<{ id: string; status: string; wamid: string | null; errorTitle: string | null; requestedAt: Date | null }[]>`
      select id, status, wamid, error_title, requested_at from campaign_messages where campaign_id = ${created.id}`);
    expect(ledger).toHaveLength(recipients);
    const byId = new Map(ledger.map((message) => [message.id, message]));

    // Every message Meta accepted is recorded as sent with Meta's wamid, including those whose sender
    // was killed before the answer came back (only Meta's status webhook could record them).
    for (const send of accepted) {
      const message = byId.get(send.body.biz_opaque_callback_data);
      expect(message?.status).toMatch(/^(sent|delivered|read)$/);
      expect(message?.wamid).toBe(send.response.messages?.[0]?.id);
    }
    const unanswered = accepted.filter((send) => !send.answered);
    expect(unanswered.length).toBeGreaterThan(0);

    // Every other message failed as interrupted: never at Meta, stamped as requested by a sender that
    // held its claim when it was killed (the kill is timed just before the signal, hence the 100 ms).
    const acceptedIds = new Set(accepted.map((send) => send.body.biz_opaque_callback_data));
    const notAccepted = ledger.filter((message) => !acceptedIds.has(message.id));
    for (const message of notAccepted) {
      expect(message.status).toBe("failed");
      expect(message.errorTitle).toMatch(/^Interrupted/);
      const stamped = message.requestedAt?.getTime() ?? Number.NaN;
      expect(killedAt.some((at) => stamped <= at + 100 && stamped > at - claimSeconds * 1_000)).toBe(true);
    }

    // The campaign page's counts, kept by the ledger's triggers through every killed transaction, equal the ledger.
    await expectCountsMatchLedger(workspaceId, created.id);

    console.info(
      `campaign under kill -9: ${recipients} recipients, ${kills} kills (kill ${killAllAt} took every worker) at ${killedAt.map((at) => `${((at - started) / 1000).toFixed(1)}s`).join(", ")}; ` +
        `${accepted.length} accepted by Meta, each once (${unanswered.length} in flight at a kill, recorded through the status webhook), ` +
        `${refused.length} refused and retried, ${notAccepted.length} interrupted; finished in ${seconds.toFixed(1)}s`,
    );
  });
});
