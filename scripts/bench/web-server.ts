// Builds the app when no build exists, then runs server.ts as a child process on a free port and
// waits for its health probe; stopping it ends the whole process group that npx and tsx create.
import { spawn, type ChildProcess } from "node:child_process";
import net from "node:net";
import { setTimeout as sleep } from "node:timers/promises";

export interface WebServer {
  origin: URL;
  stop(): Promise<void>;
}

/** Ports that npm run dev, the e2e suite and other local tools take by default. */
const reservedPorts = new Set([3000, 3100, 3200]);

function listenable(port: number): Promise<number | null> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once("error", () => resolve(null));
    server.listen(port, () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : null));
    });
  });
}

export async function freePort(preferred: number): Promise<number> {
  if (!reservedPorts.has(preferred) && (await listenable(preferred))) return preferred;
  const any = await listenable(0);
  if (!any) throw new Error("no free TCP port for the web server");
  return any;
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    spawn(command, args, { env, stdio: "inherit" }).on("exit", (code) =>
      code === 0 ? resolve() : reject(new Error(`${command} ${args.join(" ")} exited with ${code}`)),
    );
  });
}

/** Builds the app first, so the server measured is always the code in the working tree. */
export async function buildApp(log: (line: string) => void): Promise<void> {
  log("building the app (npx remix build)");
  await run("npx", ["remix", "build"], { ...process.env, NODE_ENV: "production" });
}

/** Keeps the child's last lines so a failed start can say why. */
function tail(child: ChildProcess, limit = 40): string[] {
  const lines: string[] = [];
  for (const stream of [child.stdout, child.stderr]) {
    stream?.setEncoding("utf8").on("data", (chunk: string) => {
      lines.push(...chunk.split("\n").filter((line) => line.trim()));
      lines.splice(0, Math.max(0, lines.length - limit));
    });
  }
  return lines;
}

async function waitForHealth(origin: URL, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error("the web server exited during start-up");
    try {
      const response = await fetch(new URL("/healthz", origin), { signal: AbortSignal.timeout(2_000) });
      await response.arrayBuffer();
      if (response.status === 200) return;
    } catch {
      // Not listening yet.
    }
    await sleep(200);
  }
  throw new Error(`GET /healthz did not answer 200 within ${timeoutMs / 1000} s`);
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals | 0): boolean {
  if (child.pid === undefined) return false;
  try {
    process.kill(-child.pid, signal);
    return true;
  } catch {
    return false; // The group is gone.
  }
}

/** SIGTERM to the group (npx, tsx and the server itself), a grace period for server.ts's shutdown, then SIGKILL. */
async function stopGroup(child: ChildProcess): Promise<void> {
  signalGroup(child, "SIGTERM");
  const deadline = Date.now() + 6_000;
  // npx may exit before tsx's node child does, so wait on the whole group, not only on `child`.
  while (Date.now() < deadline && signalGroup(child, 0)) await sleep(100);
  signalGroup(child, "SIGKILL");
}

const running = new Set<ChildProcess>();

async function stopChild(child: ChildProcess): Promise<void> {
  running.delete(child);
  await stopGroup(child);
}

/** Stops every server this module started and has not stopped yet (for interrupts and failures). */
export async function stopWebServers(): Promise<void> {
  await Promise.all([...running].map(stopChild));
}

export async function startWebServer(env: NodeJS.ProcessEnv, port: number, log: (line: string) => void): Promise<WebServer> {
  // detached: its own process group, so stopping it reaches tsx's node child behind npx.
  const child = spawn("npx", ["tsx", "server.ts"], { env, stdio: ["ignore", "pipe", "pipe"], detached: true });
  running.add(child);
  const lines = tail(child);
  const origin = new URL(`http://127.0.0.1:${port}`);
  try {
    await waitForHealth(origin, child, 60_000);
  } catch (error) {
    await stopChild(child);
    log(`web server output:\n  ${lines.join("\n  ")}`);
    throw error;
  }
  return { origin, stop: () => stopChild(child) };
}
