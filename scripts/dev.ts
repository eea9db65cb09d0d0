// npm run dev: the whole product on one machine with no configuration. Starts Postgres (embedded
// under .data/ unless DATABASE_URL is set), migrates, seeds the demo workspace, builds the app and
// keeps rebuilding it, and runs the web server and the worker with labelled output.
import { spawn, type ChildProcess } from "node:child_process";
import { ensurePostgres } from "./db/postgres";

const colors: Record<string, string> = { db: "35", build: "33", web: "36", worker: "32", dev: "1" };
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

const handle = await ensurePostgres("kiana", (line) => say("db", line));
process.env.DATABASE_URL = handle.url;
const { migrate } = await import("../db/migrate");
await migrate({ log: (line) => say("db", line) });
const { seedDemo } = await import("./db/seed-demo");
const demo = await seedDemo();
const { closePools } = await import("../db/pools");
await closePools();

const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: handle.url, NODE_ENV: "development", FORCE_COLOR: "1" };
const port = process.env.PORT ?? "3000";
say("build", "building the app…");
await run("build", "npx", ["remix", "build", "--sourcemap"], env);
start("build", "npx", ["remix", "watch"], env);
start("web", "npx", ["tsx", "server.ts"], env);
start("worker", "npx", ["tsx", "jobs/worker.ts"], env);

say("dev", `Kiana WhatsApp Panel is running at http://localhost:${port}`);
say("dev", `Demo login: ${demo.email} (or username "${demo.username}") / ${demo.password}`);
say("dev", `Emails land in the dev mailbox: http://localhost:${port}/dev/mailbox`);

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
