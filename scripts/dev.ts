// npm run dev: the whole product on one machine with no configuration. Starts Postgres (embedded
// under .data/ unless DATABASE_URL is set), migrates, seeds the demo workspace, builds the app and
// keeps rebuilding it, and runs the web server, the worker and the Meta and Stripe emulators (unless
// META_GRAPH_URL / STRIPE_API_BASE point elsewhere) with labelled output.
import { spawn, type ChildProcess } from "node:child_process";
import { ensurePostgres } from "./db/postgres";

const colors: Record<string, string> = { db: "35", build: "33", web: "36", worker: "32", meta: "34", stripe: "95", dev: "1" };
function say(label: string, line: string) {
  process.stdout.write(`\x1b[${colors[label] ?? "0"}m${label.padEnd(6)}\x1b[0m ${line}\n`);
}

const children: ChildProcess[] = [];
function start(label: string, command: string, args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  const child = spawn(command, args, { env, stdio: ["ignore", "pipe", "pipe"] });
  for (const stream of [child.stdout, child.stderr]) {
    let buffer = "";
    stream?.setEncoding("utf8").on("data", (chunk: string) => {
      buffer += chunk;
      const lines = buffer.split("\n");
      buffer = lines.pop() ?? "";
      for (const line of lines) if (line.trim()) say(label, line);
    });
  }
  children.push(child);
  return child;
}

function run(label: string, command: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    start(label, command, args, env).on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`${label} exited with ${code}`))));
  });
}

/** Polls a URL until it answers 2xx, so the next step can rely on that process. */
async function waitFor(url: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await fetch(url).then((response) => response.ok, () => false);
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`${url} did not answer within ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

const port = process.env.PORT ?? "3000";
const appUrl = `http://localhost:${port}`;
const metaPort = process.env.META_EMULATOR_PORT ?? "4010";
const stripePort = process.env.STRIPE_EMULATOR_PORT ?? "4020";
const ownMeta = !process.env.META_GRAPH_URL;
const ownStripe = !process.env.STRIPE_API_BASE;
// Set before the app's configuration is first read (by the migration below).
process.env.META_GRAPH_URL ??= `http://127.0.0.1:${metaPort}`;
process.env.STRIPE_API_BASE ??= `http://127.0.0.1:${stripePort}`;
process.env.STRIPE_SECRET_KEY ??= "sk_test_kiana_dev";
process.env.STRIPE_WEBHOOK_SECRET ??= "whsec_kiana_development_only";

const handle = await ensurePostgres("kiana", (line) => say("db", line));
process.env.DATABASE_URL = handle.url;
const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: "development", FORCE_COLOR: "1" };
if (ownMeta) start("meta", "npx", ["tsx", "scripts/emulators/meta/main.ts"], { ...env, META_EMULATOR_PORT: metaPort });
if (ownStripe) {
  start("stripe", "npx", ["tsx", "scripts/emulators/stripe/main.ts"], {
    ...env,
    STRIPE_EMULATOR_PORT: stripePort,
    STRIPE_EMULATOR_WEBHOOK_URL: `${appUrl}/webhooks/stripe`,
  });
}

const { migrate } = await import("../db/migrate");
await migrate({ log: (line) => say("db", line) });
const { seedDemo, connectDemoWhatsApp } = await import("./db/seed-demo");
const demo = await seedDemo();
let demoWebhookKey: string | undefined;
let firstConnection = false;
if (ownMeta) {
  await waitFor(`${process.env.META_GRAPH_URL}/__admin/health`);
  ({ webhookKey: demoWebhookKey, newlyConnected: firstConnection } = await connectDemoWhatsApp());
  say("dev", "demo workspace connected to the Meta emulator's demo account");
}
const { closePools } = await import("../db/pools");
await closePools();

say("build", "building the app…");
await run("build", "npx", ["remix", "build", "--sourcemap"], env);
start("build", "npx", ["remix", "watch"], env);
start("web", "npx", ["tsx", "server.ts"], env);
start("worker", "npx", ["tsx", "jobs/worker.ts"], env);
await waitFor(`${appUrl}/healthz`);
if (demoWebhookKey) {
  const { DEMO } = await import("./emulators/meta/demo");
  const response = await fetch(`${process.env.META_GRAPH_URL}/__admin/accounts/${DEMO.wabaId}/webhook`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ callbackUrl: `${appUrl}/webhooks/meta/${demoWebhookKey}`, verifyToken: DEMO.verifyToken }),
  });
  say("meta", response.ok ? "demo account's webhooks go to the demo workspace" : `webhook setup failed: ${await response.text()}`);
  // The first start greets the demo inbox with two customers' messages, sent as Meta would send them.
  if (response.ok && firstConnection) {
    for (const message of [
      { from: "96891234567", name: "Aisha Al-Balushi", text: "Hello! Do you deliver to Sohar?" },
      { username: "desert.rose", name: "Rose", withholdPhone: true, text: "Is the blue scarf back in stock?" },
    ]) {
      await fetch(`${process.env.META_GRAPH_URL}/__admin/inbound`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ phoneNumberId: DEMO.phoneNumbers.main.id, ...message }),
      });
    }
    say("meta", "two demo customers wrote to the demo number: see the inbox");
  }
}

say("dev", `Kiana WhatsApp Panel is running at ${appUrl}`);
say("dev", `Demo login: ${demo.email} (or username "${demo.username}") / ${demo.password}`);
say("dev", `Emails land in the dev mailbox: ${appUrl}/dev/mailbox`);

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  for (const child of children) child.kill("SIGTERM");
  await new Promise((resolve) => setTimeout(resolve, 1000));
  await handle.stop();
  process.exit(0);
}
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
