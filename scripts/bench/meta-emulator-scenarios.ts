// The Meta emulator under load: `scripts/emulators/meta/main.ts` runs as its own process (as with
// `npm run emulator:meta`) and takes concurrent keep-alive POST /messages from an undici Pool, while
// every status webhook it sends lands on a local sink that checks the signature.
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import os from "node:os";
import { performance } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";
import { Worker } from "node:worker_threads";
import { Pool } from "undici";
import { ms, renderTable, summarize } from "./stats";
import { freePort } from "./web-server";

export interface MetaEmulatorPlan {
  concurrency: number;
  warmupSeconds: number;
  seconds: number;
  /** Distinct recipients the messages rotate over, so the per-pair limit stays out of the way. */
  recipients: number;
  /** Preferred port of the emulator; the webhook sink takes the next one. */
  port: number;
  /** Status events the emulator may combine into one webhook POST when they fall due together (1: each alone). */
  webhookBatchSize: number;
  /** How long the emulator may take to deliver the last status webhooks after the load stops. */
  settleSeconds: number;
}

export interface MetaEmulatorRun {
  /** Client latency of each accepted POST /messages in the measured window. */
  latencies: number[];
  elapsedMs: number;
  messagesPerSecond: number;
  /** Unexpected statuses (or "error" for transport failures) and how often each happened. */
  failures: Map<string, number>;
  /** Messages accepted during warm-up and measurement: each owes sent, delivered and read webhooks. */
  acceptedTotal: number;
  webhooks: { posts: number; statuses: Record<string, number>; badSignatures: number; settled: boolean };
  /** Share of one CPU the emulator process used during the measured window (NaN off Linux). */
  emulatorCpu: number;
  /** Emulator CPU time per accepted message, webhooks included, in microseconds. */
  emulatorCpuPerMessageUs: number;
  /** Share of one CPU this process (the clients, and the webhook sink on its thread) used during the measured window. */
  driverCpu: number;
  /** Resident memory of the emulator process after warm-up and at the end, in MiB (NaN off Linux). */
  emulatorRssMiB: { afterWarmup: number; atEnd: number };
  /** The machine's 1-minute load average when the measurement began: other work competes for the same CPUs. */
  loadAtStart: number;
  /** Requests the emulator still holds in its log, against the log's cap. */
  requestLog: { held: number; cap: number };
}

const account = {
  wabaId: "880000000000001",
  accessToken: "EAABENCH-META-EMULATOR",
  appSecret: "bench-app-secret",
  phoneNumber: { id: "880000000000011", displayPhoneNumber: "+1 555-030-0001", verifiedName: "Bench Shop" },
};
const apiVersion = "v24.0";

interface Tally {
  posts: number;
  statuses: Record<string, number>;
  badSignatures: number;
}

interface Sink {
  url: string;
  tally(): Promise<Tally>;
  close(): Promise<void>;
}

// The app's side of the webhooks, on a thread of its own so that checking them never delays the
// clients' timings: verifies X-Hub-Signature-256 on the raw body and tallies the statuses.
const sinkThread = `
const { createHmac, timingSafeEqual } = require("node:crypto");
const http = require("node:http");
const { parentPort, workerData } = require("node:worker_threads");
const tally = { posts: 0, statuses: {}, badSignatures: 0 };
const server = http.createServer({ keepAlive: true }, (req, res) => {
  const chunks = [];
  req.on("data", (chunk) => chunks.push(chunk));
  req.on("end", () => {
    const raw = Buffer.concat(chunks);
    const expected = Buffer.from("sha256=" + createHmac("sha256", workerData.appSecret).update(raw).digest("hex"));
    const signature = Buffer.from(String(req.headers["x-hub-signature-256"] || ""));
    if (signature.length !== expected.length || !timingSafeEqual(signature, expected)) tally.badSignatures++;
    tally.posts++;
    for (const entry of JSON.parse(raw.toString("utf8")).entry) {
      for (const change of entry.changes) {
        for (const status of change.value.statuses || []) tally.statuses[status.status] = (tally.statuses[status.status] || 0) + 1;
      }
    }
    res.writeHead(200).end();
  });
});
server.listen(workerData.port, "127.0.0.1", () => parentPort.postMessage({ port: server.address().port }));
parentPort.on("message", (message) => {
  if (message === "tally") parentPort.postMessage({ tally });
  else {
    server.closeAllConnections();
    server.close(() => parentPort.close());
  }
});
`;

async function startSink(port: number): Promise<Sink> {
  const worker = new Worker(sinkThread, { eval: true, workerData: { port, appSecret: account.appSecret } });
  const next = <T>(): Promise<T> =>
    new Promise((resolve, reject) => {
      worker.once("message", resolve);
      worker.once("error", reject);
    });
  const { port: listening } = await next<{ port: number }>();
  return {
    url: `http://127.0.0.1:${listening}/webhooks/meta`,
    async tally() {
      const reply = next<{ tally: Tally }>();
      worker.postMessage("tally");
      return (await reply).tally;
    },
    async close() {
      const exited = new Promise<void>((resolve) => worker.once("exit", () => resolve()));
      worker.postMessage("close");
      await exited;
    },
  };
}

export interface EmulatorProcess {
  origin: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

// BENCH_META_CPU_PROF=<directory> writes a V8 CPU profile of the emulator there, to see where its time goes.
const cpuProfileArgs = process.env.BENCH_META_CPU_PROF ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_META_CPU_PROF}`] : [];

export async function startEmulator(port: number): Promise<EmulatorProcess> {
  const child = spawn(process.execPath, [...cpuProfileArgs, "--import", "tsx", "scripts/emulators/meta/main.ts", "--port", String(port)], {
    stdio: ["ignore", "ignore", "inherit"],
  });
  const origin = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    child.kill("SIGTERM");
    await Promise.race([exited, sleep(5_000).then(() => child.kill("SIGKILL"))]);
  };
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the Meta emulator exited during start-up (code ${child.exitCode})`);
    try {
      const response = await fetch(`${origin}/__admin/health`, { signal: AbortSignal.timeout(1_000) });
      await response.arrayBuffer();
      if (response.ok) return { origin, child, stop };
    } catch {
      // Not listening yet.
    }
    await sleep(100);
  }
  await stop();
  throw new Error("the Meta emulator did not answer /__admin/health within 30 s");
}

export async function admin<T>(origin: string, method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${origin}/__admin/${path}`, {
    method,
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`emulator ${method} /__admin/${path} answered ${response.status}: ${text}`);
  return JSON.parse(text) as T;
}

/** Half text replies, half template messages (the app's campaign path), to rotating recipients. */
function messageBody(sequence: number, recipients: number): string {
  const to = `1555${String(1_000_000 + (sequence % recipients)).padStart(7, "0")}`;
  if (sequence % 2 === 0) return JSON.stringify({ messaging_product: "whatsapp", recipient_type: "individual", to, type: "text", text: { body: `Order ${sequence} is ready` } });
  return JSON.stringify({
    messaging_product: "whatsapp",
    recipient_type: "individual",
    to,
    type: "template",
    template: {
      name: "order_update",
      language: { code: "en_US" },
      components: [{ type: "body", parameters: [{ type: "text", text: "Sara" }, { type: "text", text: `#${sequence}` }] }],
    },
  });
}

interface Load {
  latencies: number[];
  failures: Map<string, number>;
  accepted: number;
  elapsedMs: number;
}

async function drive(pool: Pool, plan: MetaEmulatorPlan, seconds: number, firstSequence: number): Promise<Load> {
  const load: Load = { latencies: [], failures: new Map(), accepted: 0, elapsedMs: 0 };
  const fail = (reason: string) => load.failures.set(reason, (load.failures.get(reason) ?? 0) + 1);
  const path = `/${apiVersion}/${account.phoneNumber.id}/messages`;
  const headers = { authorization: `Bearer ${account.accessToken}`, "content-type": "application/json" };
  const started = performance.now();
  const deadline = started + seconds * 1000;
  let sequence = firstSequence;
  async function worker(): Promise<void> {
    while (performance.now() < deadline) {
      const body = messageBody(sequence++, plan.recipients);
      const sent = performance.now();
      try {
        const response = await pool.request({ method: "POST", path, headers, body });
        const reply = (await response.body.json()) as { messages?: { id?: string }[] };
        const latency = performance.now() - sent;
        if (response.statusCode === 200 && reply.messages?.[0]?.id?.startsWith("wamid.")) {
          load.latencies.push(latency);
          load.accepted++;
        } else fail(`HTTP ${response.statusCode}`);
      } catch {
        fail("error");
      }
    }
  }
  await Promise.all(Array.from({ length: plan.concurrency }, worker));
  load.elapsedMs = performance.now() - started;
  return load;
}

/** utime + stime of a process, in milliseconds, from /proc; NaN where there is no /proc. */
function cpuMs(pid: number | undefined): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
    // After the command name: utime and stime are fields 14 and 15 of stat, 12 and 13 here, in clock ticks (100/s).
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return Number.NaN;
  }
}

function rssMiB(pid: number | undefined): number {
  try {
    const line = readFileSync(`/proc/${pid}/status`, "utf8").split("\n").find((l) => l.startsWith("VmRSS:"));
    return Number(line?.replace(/\D+/g, "")) / 1024;
  } catch {
    return Number.NaN;
  }
}

export async function measureMetaEmulator(plan: MetaEmulatorPlan, log: (line: string) => void): Promise<MetaEmulatorRun> {
  const emulatorPort = await freePort(plan.port);
  const sink = await startSink(await freePort(plan.port + 1));
  let emulator: EmulatorProcess | undefined;
  let pool: Pool | undefined;
  try {
    log(`starting the Meta emulator on port ${emulatorPort}, webhooks to ${sink.url}`);
    emulator = await startEmulator(emulatorPort);
    const { origin, child } = emulator;
    await admin(origin, "POST", "accounts", {
      wabaId: account.wabaId,
      accessToken: account.accessToken,
      appSecret: account.appSecret,
      callbackUrl: sink.url,
      phoneNumbers: [{ ...account.phoneNumber, throughputPerSecond: 0 }],
      templates: [
        {
          name: "order_update",
          language: "en_US",
          category: "UTILITY",
          components: [{ type: "BODY", text: "Hi {{1}}, your order {{2}} has shipped.", example: { body_text: [["Sara", "#1042"]] } }],
        },
      ],
    });
    await admin(origin, "PATCH", "config", { webhookBatchSize: plan.webhookBatchSize });
    pool = new Pool(origin, { connections: plan.concurrency, pipelining: 1, keepAliveTimeout: 30_000 });
    log(`warming up: ${plan.concurrency} clients for ${plan.warmupSeconds} s`);
    const warmup = await drive(pool, plan, plan.warmupSeconds, 0);
    const rssAfterWarmup = rssMiB(child.pid);
    const loadAtStart = os.loadavg()[0] ?? Number.NaN;
    const cpuBefore = cpuMs(child.pid);
    const driverBefore = process.cpuUsage();
    log(`measuring POST /${apiVersion}/<phone-number-id>/messages: ${plan.concurrency} clients for ${plan.seconds} s`);
    const load = await drive(pool, plan, plan.seconds, warmup.accepted + 1_000_000);
    const emulatorCpuMs = cpuMs(child.pid) - cpuBefore;
    const driverUsage = process.cpuUsage(driverBefore);
    let settled = true;
    try {
      await admin(origin, "POST", "settle", { timeoutMs: plan.settleSeconds * 1000 });
    } catch {
      settled = false;
    }
    const { config, requests } = await requestLogSize(origin);
    const tally = await sink.tally();
    return {
      latencies: load.latencies,
      elapsedMs: load.elapsedMs,
      messagesPerSecond: load.accepted / (load.elapsedMs / 1000),
      failures: load.failures,
      acceptedTotal: warmup.accepted + load.accepted,
      webhooks: { ...tally, settled },
      emulatorCpu: emulatorCpuMs / load.elapsedMs,
      emulatorCpuPerMessageUs: (emulatorCpuMs * 1000) / load.accepted,
      driverCpu: (driverUsage.user + driverUsage.system) / 1000 / load.elapsedMs,
      emulatorRssMiB: { afterWarmup: rssAfterWarmup, atEnd: rssMiB(child.pid) },
      requestLog: { held: requests, cap: config },
      loadAtStart,
    };
  } finally {
    await pool?.close();
    await emulator?.stop();
    await sink.close();
  }
}

async function requestLogSize(origin: string): Promise<{ config: number; requests: number }> {
  const config = await admin<{ requestRecordCap: number }>(origin, "GET", "config");
  const log = await admin<{ data: unknown[] }>(origin, "GET", `requests?path=${encodeURIComponent("/messages")}`);
  return { config: config.requestRecordCap, requests: log.data.length };
}

/** The scenario's two tables: the measurements, and the throughput target with its verdict. */
export function reportMetaEmulator(run: MetaEmulatorRun, plan: MetaEmulatorPlan, targetPerSecond: number): void {
  const latency = summarize(run.latencies);
  const expected = run.acceptedTotal * 3;
  const delivered = (run.webhooks.statuses.sent ?? 0) + (run.webhooks.statuses.delivered ?? 0) + (run.webhooks.statuses.read ?? 0);
  const failures = run.failures.size === 0 ? "none" : [...run.failures].map(([reason, count]) => `${reason} ×${count}`).join(", ");
  const cpu = Number.isFinite(run.emulatorCpu) ? `${(run.emulatorCpu * 100).toFixed(0)}% of one CPU` : "n/a";
  const perMessage = Number.isFinite(run.emulatorCpuPerMessageUs)
    ? `${run.emulatorCpuPerMessageUs.toFixed(0)} µs (one CPU ≈ ${(1e6 / run.emulatorCpuPerMessageUs).toFixed(0)} messages/s)`
    : "n/a";
  const mib = (value: number) => (Number.isFinite(value) ? `${value.toFixed(0)} MiB` : "n/a");
  console.log("");
  console.log(`Meta emulator · ${plan.concurrency} keep-alive clients for ${plan.seconds} s after ${plan.warmupSeconds} s of warm-up · ${plan.recipients} recipients · webhookBatchSize ${plan.webhookBatchSize} · ${os.cpus().length} CPUs, 1-min load ${run.loadAtStart.toFixed(2)} at start`);
  console.log("");
  console.log(
    renderTable(
      ["Measurement", "figure"],
      [
        ["POST /messages accepted per second", run.messagesPerSecond.toFixed(0)],
        ["POST /messages client latency p50 / p95 / p99", `${ms(latency.p50)} / ${ms(latency.p95)} / ${ms(latency.p99)}`],
        ["emulator CPU during the measurement", cpu],
        ["emulator CPU per message, its webhooks included", perMessage],
        ["clients and webhook sink CPU (this process)", `${(run.driverCpu * 100).toFixed(0)}% of one CPU`],
        ["status webhooks received / owed", `${delivered} / ${expected}${run.webhooks.settled ? "" : " (not settled)"}`],
        ["webhook POSTs received / with a bad signature", `${run.webhooks.posts} / ${run.webhooks.badSignatures}`],
        ["emulator RSS after warm-up / at the end", `${mib(run.emulatorRssMiB.afterWarmup)} / ${mib(run.emulatorRssMiB.atEnd)}`],
        ["requests held in the emulator's log / cap", `${run.requestLog.held} / ${run.requestLog.cap}`],
        ["failures", failures],
      ],
    ),
  );
  console.log("");
  const met = run.messagesPerSecond >= targetPerSecond && run.webhooks.badSignatures === 0 && delivered === expected;
  console.log(
    renderTable(
      ["Target", "figure", "result"],
      [[`≥ ${targetPerSecond} messages/s, every status webhook delivered and signed`, `${run.messagesPerSecond.toFixed(0)}/s`, met ? "met" : "NOT met"]],
      [0, 2],
    ),
  );
}
