// Reading request bodies and writing responses on node:http, shared by the API, the admin API and
// the hosted pages.
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from "node:http";

export class BodyTooLarge extends Error {}

export async function readBody(req: IncomingMessage, limit: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new BodyTooLarge(`Request body over ${limit} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString("utf8");
}

export function send(res: ServerResponse, status: number, body: string | Buffer, headers: OutgoingHttpHeaders): void {
  res.writeHead(status, { "content-length": Buffer.byteLength(body), ...headers });
  res.end(body);
}

export function sendJson(res: ServerResponse, status: number, value: unknown, headers: OutgoingHttpHeaders = {}): void {
  send(res, status, JSON.stringify(value), { "content-type": "application/json", ...headers });
}

export function sendHtml(res: ServerResponse, status: number, html: string): void {
  send(res, status, html, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" });
}

export function redirect(res: ServerResponse, location: string): void {
  send(res, 303, "", { location });
}
