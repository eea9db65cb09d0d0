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
