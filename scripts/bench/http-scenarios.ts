// The HTTP measurements: sequential logins through the real form (CSRF and all), and an
// authenticated workspace page under concurrent load. Every loop is bounded by count and by time.
import { performance } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";
import type { BenchAccount } from "./db-scenarios";
import { cookieHeader, cookiesSet, formBody, formHeaders, type Client, type Reply } from "./http";

export interface CookieNames {
  session: string;
  csrf: string;
}

export interface Samples {
  client: number[];
  server: number[];
  /** Unexpected statuses (or "error" for transport failures) and how often each happened. */
  failures: Map<string, number>;
}

export interface LoginRun extends Samples {
  sessionCookie: string | null;
  csrfToken: string;
}

export interface LoadRun extends Samples {
  elapsedMs: number;
  requestsPerSecond: number;
}

function emptySamples(): Samples {
  return { client: [], server: [], failures: new Map() };
}

function record(samples: Samples, reply: Reply): void {
  samples.client.push(reply.clientMs);
  if (reply.serverMs !== null) samples.server.push(reply.serverMs);
}

function fail(samples: Samples, reason: string): void {
  samples.failures.set(reason, (samples.failures.get(reason) ?? 0) + 1);
}

/** The CSRF token the server binds to this "browser": the cookie set by any first page view. */
export async function fetchCsrfToken(client: Client, names: CookieNames): Promise<string> {
  const reply = await client.request("GET", "/login");
  const token = cookiesSet(reply).get(names.csrf);
  if (reply.status !== 200 || !token) throw new Error(`GET /login answered ${reply.status} without a ${names.csrf} cookie`);
  return token;
}

export interface LoginPlan {
  login: string;
  password: string;
  count: number;
  maxSeconds: number;
}

export async function measureLogins(client: Client, names: CookieNames, plan: LoginPlan): Promise<LoginRun> {
  const csrf = await fetchCsrfToken(client, names);
  const run: LoginRun = { ...emptySamples(), sessionCookie: null, csrfToken: csrf };
  const body = formBody({ login: plan.login, password: plan.password, csrf });
  const headers = formHeaders({ [names.csrf]: csrf });
  const deadline = performance.now() + plan.maxSeconds * 1000;
  for (let i = 0; i < plan.count && performance.now() < deadline; i++) {
    try {
      const reply = await client.request("POST", "/login", { headers, body });
      const session = cookiesSet(reply).get(names.session);
      // Only a redirect that hands out a session is a successful login; a 400 re-render is a failure.
      if (reply.status !== 302 || !session) {
        fail(run, `HTTP ${reply.status}`);
        continue;
      }
      record(run, reply);
      run.sessionCookie = session;
    } catch {
      fail(run, "error");
    }
  }
  return run;
}

export interface LoadPlan {
  path: string;
  cookies: Record<string, string>;
  concurrency: number;
  maxRequests: number;
  maxSeconds: number;
  /** Clients start this far apart, as people arrive one after another, rather than all at one instant. */
  rampMs?: number;
}

/** `concurrency` clients request `path` back to back until maxRequests have been sent or maxSeconds pass. */
export async function loadPage(client: Client, plan: LoadPlan): Promise<LoadRun> {
  const samples = emptySamples();
  const headers = { Cookie: cookieHeader(plan.cookies) };
  const started = performance.now();
  const deadline = started + plan.maxSeconds * 1000;
  let sent = 0;
  async function worker(index: number): Promise<void> {
    if (plan.rampMs) await sleep(index * plan.rampMs);
    while (sent < plan.maxRequests && performance.now() < deadline) {
      sent++;
      try {
        const reply = await client.request("GET", plan.path, { headers });
        if (reply.status === 200) record(samples, reply);
        else fail(samples, `HTTP ${reply.status}`);
      } catch {
        fail(samples, "error");
      }
    }
  }
  await Promise.all(Array.from({ length: plan.concurrency }, (_, index) => worker(index)));
  const elapsedMs = performance.now() - started;
  return { ...samples, elapsedMs, requestsPerSecond: samples.client.length / (elapsedMs / 1000) };
}

/** A session for the benchmark user: its session and CSRF cookies, as a browser would send them. */
export async function logIn(client: Client, names: CookieNames, account: Pick<BenchAccount, "login" | "password">): Promise<Record<string, string>> {
  const logins = await measureLogins(client, names, { login: account.login, password: account.password, count: 1, maxSeconds: 30 });
  if (!logins.sessionCookie) throw new Error("the benchmark user could not log in");
  return { [names.session]: logins.sessionCookie, [names.csrf]: logins.csrfToken };
}
