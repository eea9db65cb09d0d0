// A small keep-alive HTTP client for the benchmark: each reply carries the client-observed latency
// (until the body has been read) and the server's own `Server-Timing: app;dur=` figure.
import http from "node:http";
import { performance } from "node:perf_hooks";

export interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
  clientMs: number;
  serverMs: number | null;
}

export interface RequestOptions {
  headers?: Record<string, string>;
  body?: string;
  timeoutMs?: number;
}

const userAgent = "kiana-bench";

export class Client {
  // Keep-alive sockets, as a browser would hold them, so latency excludes TCP setup per request.
  private readonly agent: http.Agent;

  constructor(
    readonly origin: URL,
    maxSockets: number,
  ) {
    this.agent = new http.Agent({ keepAlive: true, maxSockets });
  }

  request(method: string, path: string, options: RequestOptions = {}): Promise<Reply> {
    const started = performance.now();
    const headers: Record<string, string> = { "User-Agent": userAgent, ...options.headers };
    if (options.body !== undefined) headers["Content-Length"] = String(Buffer.byteLength(options.body));
    return new Promise((resolve, reject) => {
      const request = http.request(new URL(path, this.origin), { method, headers, agent: this.agent }, (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("error", reject);
        response.on("end", () =>
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            body: Buffer.concat(chunks).toString("utf8"),
            clientMs: performance.now() - started,
            serverMs: serverDuration(response.headers["server-timing"]),
          }),
        );
      });
      // A hung server must not hang the benchmark: every request is bounded.
      request.setTimeout(options.timeoutMs ?? 15_000, () => request.destroy(new Error(`${method} ${path} timed out`)));
      request.on("error", reject);
      request.end(options.body);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

export function serverDuration(header: string | string[] | undefined): number | null {
  const value = Array.isArray(header) ? header.join(", ") : header;
  const match = value ? /\bapp;dur=([\d.]+)/.exec(value) : null;
  return match?.[1] ? Number(match[1]) : null;
}

/** The cookies a reply sets, name to value (attributes dropped: the benchmark only talks to one origin). */
export function cookiesSet(reply: Reply): Map<string, string> {
  const cookies = new Map<string, string>();
  for (const line of reply.headers["set-cookie"] ?? []) {
    const pair = line.split(";", 1)[0] ?? "";
    const index = pair.indexOf("=");
    if (index > 0) cookies.set(pair.slice(0, index).trim(), pair.slice(index + 1).trim());
  }
  return cookies;
}

export function cookieHeader(cookies: Record<string, string>): string {
  return Object.entries(cookies)
    .map(([name, value]) => `${name}=${value}`)
    .join("; ");
}

export function formHeaders(cookies: Record<string, string>): Record<string, string> {
  return { "Content-Type": "application/x-www-form-urlencoded", Cookie: cookieHeader(cookies) };
}

export function formBody(fields: Record<string, string>): string {
  return new URLSearchParams(fields).toString();
}

/** A server-sent events stream held open beside the client's pool: the names of the events it received, and when. */
export interface EventStream {
  /** Resolves with the arrival time (performance.now()) of the first `name` event received at or after `since`. */
  waitFor(name: string, since: number, timeoutMs: number): Promise<number>;
  close(): void;
}

export function openEventStream(origin: URL, path: string, headers: Record<string, string>): Promise<EventStream> {
  const received: { name: string; at: number }[] = [];
  const waiters = new Set<() => void>();
  return new Promise((resolve, reject) => {
    const request = http.get(new URL(path, origin), { headers: { "User-Agent": userAgent, Accept: "text/event-stream", ...headers } }, (response) => {
      if (response.statusCode !== 200) {
        response.resume();
        reject(new Error(`GET ${path} answered ${response.statusCode}`));
        return;
      }
      // Closing the stream aborts the response; that is its normal end here, not a failure.
      response.on("error", () => undefined);
      let buffer = "";
      response.setEncoding("utf8").on("data", (chunk: string) => {
        buffer += chunk;
        const events = buffer.split("\n\n");
        buffer = events.pop() ?? "";
        const at = performance.now();
        for (const event of events) {
          const name = /^event: ?(.*)$/m.exec(event)?.[1];
          if (name) received.push({ name, at });
        }
        for (const wake of waiters) wake();
      });
      resolve({
        waitFor(name, since, timeoutMs) {
          return new Promise((found, failed) => {
            const check = () => {
              const event = received.find((candidate) => candidate.name === name && candidate.at >= since);
              if (!event) return;
              waiters.delete(check);
              clearTimeout(timer);
              found(event.at);
            };
            const timer = setTimeout(() => {
              waiters.delete(check);
              failed(new Error(`no "${name}" event on ${path} within ${timeoutMs} ms`));
            }, timeoutMs);
            waiters.add(check);
            check();
          });
        },
        close: () => request.destroy(),
      });
    });
    request.on("error", reject);
  });
}
