// npm run bench: login latency, an authenticated page under 10 concurrent clients, and the cost of
// withWorkspace's RLS identity, measured against a fresh kiana_bench database and a child web server;
// then the Meta emulator's message throughput (meta-emulator-scenarios.ts), then contacts at scale:
// a 100,000-row CSV import and the contacts page at 1,000,000 contacts (contacts-scenarios.ts), then
// billing (billing-scenarios.ts), campaigns (campaign-scenarios.ts), the campaign pages at 1,000,000
// messages (campaign-page-scenarios.ts), and last the inbox at 100,000
// conversations and 1,000,000 messages with live updates from the webhook (inbox-scenarios.ts).
import { randomBytes } from "node:crypto";
import os from "node:os";
import { performance } from "node:perf_hooks";
import { ensurePostgres } from "../db/postgres";
import { benchDatabase, describeServer, recreateDatabase } from "./database";
import type { IdentityRun } from "./db-scenarios";
import { Client, cookieHeader } from "./http";
import { loadPage, logIn, measureLogins, type CookieNames, type LoadRun, type LoginRun, type Samples } from "./http-scenarios";
import type { CampaignPagePlan, CampaignPageRun } from "./campaign-page-scenarios";
import type { ContactsPlan, ContactsRun } from "./contacts-scenarios";
import type { InboxPlan, InboxRun } from "./inbox-scenarios";
import { measureMetaEmulator, reportMetaEmulator, startEmulator } from "./meta-emulator-scenarios";
import { ms, renderTable, summarize, us, type Summary } from "./stats";
import { buildApp, freePort, startWebServer, stopWebServers } from "./web-server";

const startedAt = performance.now();
// Sampled before the run adds its own load: a high figure means something else was using the machine.
const loadAtStart = os.loadavg()[0] ?? Number.NaN;

const plan = {
  logins: { count: 50, maxSeconds: 30 },
  // A running server has long compiled its hot paths; a thousand pages let the measured ones find it so.
  pageWarmup: { concurrency: 10, maxRequests: 1_000, maxSeconds: 10, rampMs: 100 },
  page: { concurrency: 10, maxRequests: 2_000, maxSeconds: 10 },
  identity: { iterations: 2_000, warmup: 200, rounds: 4, maxSeconds: 20 },
  metaEmulator: {
    concurrency: 64,
    warmupSeconds: 2,
    seconds: Number(process.env.BENCH_META_SECONDS ?? 5),
    recipients: 20_000,
    port: Number(process.env.BENCH_META_PORT ?? 3310),
    webhookBatchSize: Number(process.env.BENCH_META_WEBHOOK_BATCH ?? 1),
    settleSeconds: 15,
  },
  contacts: {
    importRows: 100_000,
    seedContacts: 1_000_000,
    otherWorkspaces: 3,
    otherContacts: 200_000,
    page: { concurrency: 4, maxRequests: 200, maxSeconds: 10 },
  } satisfies ContactsPlan,
  campaigns: {
    fast: { recipients: Number(process.env.BENCH_CAMPAIGN_RECIPIENTS ?? 100_000), rate: 1_000 },
    slow: { recipients: 2_400, rate: 80 },
    senders: 2,
    // Meta delivers at its own pace, not ours: 3,000 events/s answered in ~15 ms each is ~45 deliveries in
    // flight at once (Little's law), so the intake is offered 64 at a time rather than a closed loop of 8.
    ingest: { events: 30_000, concurrency: 64 },
    port: Number(process.env.BENCH_CAMPAIGN_META_PORT ?? 3320),
  },
  campaignPage: {
    contacts: 200_000,
    campaigns: 5,
    otherContacts: 50_000,
    page: { concurrency: 4, maxRequests: 100_000, maxSeconds: 10 },
  } satisfies CampaignPagePlan,
  inbox: {
    conversations: 100_000,
    messagesPerThread: 10,
    longThreads: 5,
    longThreadMessages: 2_000,
    otherWorkspaces: 2,
    otherConversations: 20_000,
    page: { concurrency: 4, maxRequests: 100_000, maxSeconds: 10 },
    deliveries: 20,
  } satisfies InboxPlan,
};
const targets = { pageP95Ms: 50, identityRatio: 1.3, metaEmulatorMessagesPerSecond: 2_000, campaigns: { fastPerSecond: 950, slowTolerance: 0.05, ingestPerSecond: 3_000, launchSeconds: 5 } };
// BENCH_ONLY=meta-emulator runs only the Meta emulator scenario: no database, no web server.
// BENCH_ONLY=contacts runs only the contacts scenario (BENCH_DATABASE names the database it recreates).
// BENCH_ONLY=billing runs only the billing scenario: statement drawing and Stripe webhook intake.
// BENCH_ONLY=campaigns runs only the campaign scenario: sending at 1,000/s and 80/s, status intake.
// BENCH_ONLY=campaign-page runs only the campaign pages at 1,000,000 messages.
// BENCH_ONLY=web runs only the first scenario: logins, a workspace page, withWorkspace's cost.
// BENCH_ONLY=inbox runs only the inbox scenario: list and thread pages at scale, live updates from the webhook.
const only = process.env.BENCH_ONLY;
if (only !== undefined && !["web", "meta-emulator", "contacts", "billing", "campaigns", "campaign-page", "inbox"].includes(only)) {
  throw new Error(`BENCH_ONLY must be web, meta-emulator, contacts, billing, campaigns, campaign-page or inbox (got ${only})`);
}
// Each scenario recreates its database on this server (the embedded cluster is started again when unset).
const configuredDatabaseUrl = process.env.DATABASE_URL;
// The server as deployed by default (React's production build, the app build imported once);
// BENCH_SERVER_MODE=development measures the development server for comparison.
const serverMode = process.env.BENCH_SERVER_MODE === "development" ? "development" : "production";
const webProcesses = Number(process.env.WEB_CONCURRENCY ?? os.cpus().length);
/**
 * The workspace page is measured with one web process (the product's default) and with webProcesses:
 * on a machine whose cores Postgres and this client share, a second process competes with them, and
 * node's cluster keeps each keep-alive connection on the process that accepted it (10 clients that
 * connected at one instant were seen split 8 to 2 for a whole run), so the two give different tails.
 */
const pageProcesses = [...new Set([1, webProcesses])];
// One sealing key for this process and the web server, so secrets the scenarios store (a WhatsApp
// app secret) open in the server; set before any app module reads the configuration.
process.env.SECRETS_KEYS ??= `bench:${randomBytes(32).toString("base64")}`;

function say(line: string): void {
  console.log(`bench  ${line}`);
}

/** Undone in reverse order on success, failure or Ctrl-C, so no server, pool or cluster outlives the run. */
const cleanups: (() => Promise<void>)[] = [];

async function cleanUp(): Promise<void> {
  for (const cleanup of cleanups.splice(0).reverse()) {
    try {
      await cleanup();
    } catch (error) {
      say(`clean-up failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}

interface PageRun extends LoadRun {
  processes: number;
}

interface Results {
  database: string;
  logins: LoginRun;
  pages: PageRun[];
  identity: IdentityRun;
}

/** Points the app at kiana_bench; must finish before any app module is imported, as env.server parses at import. */
async function prepareDatabase(): Promise<{ url: string; description: string }> {
  if (configuredDatabaseUrl === undefined) delete process.env.DATABASE_URL;
  else process.env.DATABASE_URL = configuredDatabaseUrl;
  const handle = await ensurePostgres("postgres", say);
  cleanups.push(() => handle.stop());
  const url = await recreateDatabase(handle.url, benchDatabase);
  process.env.DATABASE_URL = url;
  // This process stays in development whatever the server's mode, so it can derive the role URLs itself.
  process.env.NODE_ENV = "development";
  const { migrate } = await import("../../db/migrate");
  await migrate({ log: say });
  const { closePools } = await import("../../db/pools");
  cleanups.push(() => closePools());
  return { url, description: `${describeServer(url, handle.embedded)}, database ${benchDatabase}` };
}

async function cookieNames(): Promise<CookieNames> {
  const cookies = await import("../../app/lib/cookies.server");
  // These are the development names; a production server adds the __Host- prefix (see cookies.server.ts).
  const prefix = serverMode === "production" ? "__Host-" : "";
  return { session: prefix + cookies.sessionCookieName, csrf: prefix + cookies.csrfCookieName };
}

/**
 * Production refuses to guess role credentials or secret keys, so it gets the role URLs the migrator
 * just set up and Stripe test keys (the measured pages never call Stripe); the sealing key is this process's.
 */
async function productionSettings(): Promise<Record<string, string>> {
  if (serverMode !== "production") return {};
  const { roleUrl } = await import("../../db/config");
  return {
    DATABASE_OWNER_URL: roleUrl("owner"),
    DATABASE_APP_URL: roleUrl("app"),
    DATABASE_SYSTEM_URL: roleUrl("system"),
    STRIPE_SECRET_KEY: process.env.STRIPE_SECRET_KEY ?? "sk_test_kiana_bench",
    STRIPE_WEBHOOK_SECRET: process.env.STRIPE_WEBHOOK_SECRET ?? `whsec_${randomBytes(16).toString("hex")}`,
  };
}

async function startServer(databaseUrl: string, processes = webProcesses) {
  await buildApp(say);
  const port = await freePort(Number(process.env.BENCH_PORT ?? 3300));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...(await productionSettings()),
    DATABASE_URL: databaseUrl,
    NODE_ENV: serverMode,
    PORT: String(port),
    APP_URL: `http://localhost:${port}`,
    // As deployed: one web process per core unless told otherwise.
    WEB_CONCURRENCY: String(processes),
  };
  say(`starting the web server on port ${port} (${processes} process${processes === 1 ? "" : "es"})`);
  // Registered before the start, so an interrupt while waiting for /healthz still stops the child.
  cleanups.push(stopWebServers);
  return startWebServer(env, port, say);
}

async function checkPage(client: Client, path: string, cookies: Record<string, string>): Promise<void> {
  const reply = await client.request("GET", path, { headers: { Cookie: cookieHeader(cookies) } });
  if (reply.status !== 200) throw new Error(`GET ${path} answered ${reply.status}: ${reply.body.slice(0, 200)}`);
}

async function run(): Promise<Results> {
  const database = await prepareDatabase();
  const db = await import("./db-scenarios");
  const account = await db.createAccount();
  say(`signed up ${account.login} with workspace /w/${account.slug}`);
  // Measured before the web server starts, so the micro-benchmark has the machine to itself.
  say(`measuring withWorkspace (${plan.identity.iterations} calls per variant)`);
  const identity = await db.measureIdentityCost(account, plan.identity);
  const names = await cookieNames();
  const pagePath = `/w/${account.slug}`;
  let logins: LoginRun | null = null;
  let cookies: Record<string, string> = {};
  const pages: PageRun[] = [];
  for (const processes of pageProcesses) {
    const server = await startServer(database.url, processes);
    const client = new Client(server.origin, plan.page.concurrency);
    try {
      if (!logins) {
        say(`measuring ${plan.logins.count} logins`);
        logins = await measureLogins(client, names, { login: account.login, password: account.password, ...plan.logins });
        if (!logins.sessionCookie) throw new Error(`no login succeeded: ${describeFailures(logins)}`);
        // Both cookies, as a browser sends them; without the CSRF one the server would mint a new token per
        // request. Sessions live in the database, so every server started after this one takes them too.
        cookies = { [names.session]: logins.sessionCookie, [names.csrf]: logins.csrfToken };
      }
      await checkPage(client, pagePath, cookies);
      await loadPage(client, { path: pagePath, cookies, ...plan.pageWarmup });
      say(`measuring GET ${pagePath}: ${plan.page.concurrency} clients, up to ${plan.page.maxRequests} requests or ${plan.page.maxSeconds} s`);
      pages.push({ processes, ...(await loadPage(client, { path: pagePath, cookies, ...plan.page })) });
    } finally {
      client.close();
      await server.stop();
    }
  }
  if (!logins) throw new Error("no web server was measured");
  return { database: database.description, logins, pages, identity };
}

/** The import measured in this process (it must have the machine to itself), then the list pages through the web server. */
async function runContacts(): Promise<ContactsRun> {
  const database = await prepareDatabase();
  const contacts = await import("./contacts-scenarios");
  const imported = await contacts.measureContactImport(plan.contacts.importRows, say);
  const seeded = await contacts.seedListWorkspaces(plan.contacts, say);
  const names = await cookieNames();
  const server = await startServer(database.url);
  const client = new Client(server.origin, plan.contacts.page.concurrency);
  cleanups.push(async () => client.close());
  const pages = await contacts.measureContactsPages(client, names, seeded, plan.contacts, say);
  return { import: imported, seed: { contacts: seeded.contacts, seconds: seeded.seconds }, pages };
}

/** The campaigns seeded in this process, then their pages through the web server. */
async function runCampaignPages(): Promise<CampaignPageRun> {
  const database = await prepareDatabase();
  const campaignPage = await import("./campaign-page-scenarios");
  const seeded = await campaignPage.seedCampaignWorkspaces(plan.campaignPage, say);
  const server = await startServer(database.url);
  const client = new Client(server.origin, plan.campaignPage.page.concurrency);
  cleanups.push(async () => client.close());
  const cookies = await logIn(client, await cookieNames(), seeded.account);
  return { seed: seeded.seed, pages: await campaignPage.measureCampaignPages(client, cookies, seeded, plan.campaignPage, say) };
}

/** The inbox seeded in this process, then its pages and live updates through the web server, with a worker here applying webhooks. */
async function runInbox(emulatorOrigin: string): Promise<InboxRun> {
  const database = await prepareDatabase();
  const inbox = await import("./inbox-scenarios");
  const seeded = await inbox.seedInboxWorkspaces(emulatorOrigin, plan.inbox, say);
  const names = await cookieNames();
  const server = await startServer(database.url);
  const client = new Client(server.origin, plan.inbox.page.concurrency);
  cleanups.push(async () => client.close());
  const cookies = await logIn(client, names, seeded.account);
  const pages = await inbox.measureInboxPages(client, cookies, seeded, plan.inbox, say);
  const live = await inbox.measureLiveInbox(client, cookies, seeded, plan.inbox, say);
  return { seed: seeded.seed, pages, live };
}

function describeFailures(samples: Samples): string {
  if (samples.failures.size === 0) return "none";
  return [...samples.failures].map(([reason, count]) => `${reason} ×${count}`).join(", ");
}

function latencyRow(label: string, summary: Summary, format: (value: number) => string, note = ""): string[] {
  return [label, String(summary.count), format(summary.p50), format(summary.p95), format(summary.p99), format(summary.mean), note];
}

function verdict(met: boolean): string {
  return met ? "met" : "NOT met";
}

function report(results: Results): void {
  const { logins, pages, identity } = results;
  const calls = {
    withWorkspace: summarize(identity.samples.withWorkspace),
    plainTransaction: summarize(identity.samples.plainTransaction),
    bareQuery: summarize(identity.samples.bareQuery),
  };
  const ratio = calls.withWorkspace.mean / calls.plainTransaction.mean;
  const medianRatio = calls.withWorkspace.p50 / calls.plainTransaction.p50;
  const seen = (rows: number) => `sees ${rows} membership${rows === 1 ? "" : "s"}`;
  const processesLabel = (count: number) => (count === 1 ? "1 web process (the default)" : `${count} web processes`);
  console.log("");
  const cpus = `${os.cpus().length} CPUs, 1-min load ${loadAtStart.toFixed(2)} at start`;
  console.log(`Kiana benchmark · ${new Date().toISOString()} · node ${process.version} · ${cpus}`);
  console.log(`Postgres ${results.database} · web server NODE_ENV=${serverMode}, ${pages.map((page) => processesLabel(page.processes)).join(", then ")}`);
  console.log("");
  console.log(
    renderTable(
      ["Measurement", "n", "p50", "p95", "p99", "mean", "note"],
      [
        latencyRow("POST /login, server time", summarize(logins.server), ms, "Server-Timing app;dur"),
        latencyRow("POST /login, client latency", summarize(logins.client), ms, "sequential, argon2id verify"),
        ...pages.flatMap((page) => [
          latencyRow(`GET /w/<slug>, server time`, summarize(page.server), ms, `${plan.page.concurrency} concurrent clients, ${processesLabel(page.processes)}`),
          latencyRow(`GET /w/<slug>, client latency`, summarize(page.client), ms, `${page.requestsPerSecond.toFixed(0)} req/s over ${(page.elapsedMs / 1000).toFixed(1)} s`),
        ]),
        latencyRow("withWorkspace(count memberships)", calls.withWorkspace, us, seen(identity.rowsSeen.withWorkspace)),
        latencyRow("appSql().begin(count memberships)", calls.plainTransaction, us, seen(identity.rowsSeen.plainTransaction)),
        latencyRow("appSql()`count memberships`", calls.bareQuery, us, seen(identity.rowsSeen.bareQuery)),
      ],
      [0, 6],
    ),
  );
  console.log("");
  console.log(
    renderTable(
      ["Target", "figure", "result"],
      [
        ...pages.map((page) => {
          const p95 = summarize(page.client).p95;
          return [`GET /w/<slug> client p95 < ${targets.pageP95Ms} ms, ${processesLabel(page.processes)}`, ms(p95), verdict(p95 < targets.pageP95Ms)];
        }),
        [`withWorkspace / plain transaction ≤ ${targets.identityRatio}× (means)`, `${ratio.toFixed(2)}×`, verdict(ratio <= targets.identityRatio)],
        ["  for reference, the ratio of medians", `${medianRatio.toFixed(2)}×`, ""],
      ],
      [0, 2],
    ),
  );
  console.log("");
  console.log(`Failures: logins ${describeFailures(logins)}; ${pages.map((page) => `page on ${processesLabel(page.processes)} ${describeFailures(page)}`).join("; ")}`);
  console.log(`Total run time ${((performance.now() - startedAt) / 1000).toFixed(1)} s`);
}

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    say(`${signal}: stopping`);
    void cleanUp().finally(() => process.exit(130));
  });
}

// The emulator the campaign and inbox scenarios connect to starts first: the app reads META_GRAPH_URL
// once, when its configuration is first imported, which any earlier scenario does.
const metaEmulator = only === undefined || only === "campaigns" || only === "inbox" ? await startEmulator(plan.campaigns.port) : null;
if (metaEmulator) process.env.META_GRAPH_URL = metaEmulator.origin;
// Stopped with the last scenario that uses it (every scenario's clean-up runs the whole list).
const stopMetaEmulator = async () => metaEmulator?.stop();

try {
  if (only === undefined || only === "web") {
    const results = await run();
    await cleanUp();
    report(results);
  }
  if (only === undefined || only === "meta-emulator") {
    reportMetaEmulator(await measureMetaEmulator(plan.metaEmulator, say), plan.metaEmulator, targets.metaEmulatorMessagesPerSecond);
  }
  if (only === undefined || only === "contacts") {
    const contactsRun = await runContacts();
    await cleanUp();
    (await import("./contacts-scenarios")).reportContacts(contactsRun, plan.contacts);
  }
  if (only === undefined || only === "billing") {
    await prepareDatabase();
    const billing = await import("./billing-scenarios");
    const billingRun = await billing.measureBilling();
    await cleanUp();
    console.log("");
    for (const line of billing.reportBilling(billingRun)) say(line);
  }
  if (metaEmulator && only !== "inbox") {
    if (only === "campaigns") cleanups.push(stopMetaEmulator);
    await prepareDatabase();
    const campaigns = await import("./campaign-scenarios");
    const campaignRun = await campaigns.measureCampaigns(metaEmulator.origin, plan.campaigns, say);
    await cleanUp();
    console.log("");
    for (const line of campaigns.reportCampaigns(campaignRun, targets.campaigns)) say(line);
  }
  if (only === undefined || only === "campaign-page") {
    const campaignPageRun = await runCampaignPages();
    await cleanUp();
    console.log("");
    for (const line of (await import("./campaign-page-scenarios")).reportCampaignPages(campaignPageRun, plan.campaignPage)) console.log(line);
  }
  if (metaEmulator && (only === undefined || only === "inbox")) {
    cleanups.push(stopMetaEmulator);
    const inboxRun = await runInbox(metaEmulator.origin);
    await cleanUp();
    console.log("");
    console.log(`1-min load average ${os.loadavg()[0]?.toFixed(2)} at the end of the inbox scenario (${loadAtStart.toFixed(2)} at the start of the run)`);
    for (const line of (await import("./inbox-scenarios")).reportInbox(inboxRun, plan.inbox)) console.log(line);
  }
  process.exit(0);
} catch (error) {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  await cleanUp();
  process.exit(1);
}
