// Request plumbing shared by the Graph and admin routes: reading bodies, parsing JSON, form and
// multipart payloads the way Graph accepts them, and the bearer token.
import type { IncomingMessage } from "node:http";

export class BodyTooLarge extends Error {}

export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(new BodyTooLarge(`request body is larger than ${limit} bytes`));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

export interface MultipartPart {
  name: string;
  filename?: string;
  contentType?: string;
  data: Buffer;
}

/** A minimal multipart/form-data parser: enough for Graph media uploads. */
export function parseMultipart(body: Buffer, contentType: string): MultipartPart[] | null {
  const match = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType);
  const boundary = match?.[1] ?? match?.[2];
  if (!boundary) return null;
  const delimiter = Buffer.from(`--${boundary}`);
  const parts: MultipartPart[] = [];
  let position = body.indexOf(delimiter);
  if (position < 0) return null;
  for (;;) {
    position += delimiter.length;
    if (body[position] === 0x2d && body[position + 1] === 0x2d) break; // closing "--"
    if (body[position] === 0x0d && body[position + 1] === 0x0a) position += 2;
    const headerEnd = body.indexOf("\r\n\r\n", position);
    if (headerEnd < 0) return null;
    const headerText = body.subarray(position, headerEnd).toString("utf8");
    const next = body.indexOf(delimiter, headerEnd + 4);
    if (next < 0) return null;
    // The part's data ends with the CRLF that precedes the next delimiter.
    const data = body.subarray(headerEnd + 4, next - 2);
    const disposition = /content-disposition:[^\r\n]*/i.exec(headerText)?.[0] ?? "";
    const name = /\bname="([^"]*)"/i.exec(disposition)?.[1];
    const filename = /\bfilename="([^"]*)"/i.exec(disposition)?.[1];
    const type = /content-type:\s*([^\r\n]+)/i.exec(headerText)?.[1]?.trim();
    if (name !== undefined) parts.push({ name, data, ...(filename !== undefined ? { filename } : {}), ...(type ? { contentType: type } : {}) });
    position = next;
  }
  return parts;
}

/** Form fields as Graph reads them: JSON-looking values (arrays, objects) are decoded. */
export function parseForm(text: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(text)) out[key] = decodeLoose(value);
  return out;
}

function decodeLoose(value: string): unknown {
  const first = value.trimStart()[0];
  if (first === "{" || first === "[") {
    try {
      return JSON.parse(value);
    } catch {
      return value;
    }
  }
  return value;
}

/** The access token: `Authorization: Bearer …` (or `OAuth …`), else the access_token parameter. */
export function accessToken(req: IncomingMessage, query: URLSearchParams, body: unknown): string | undefined {
  const header = req.headers.authorization;
  if (header) {
    const space = header.indexOf(" ");
    const scheme = space > 0 ? header.slice(0, space).toLowerCase() : "";
    if (scheme === "bearer" || scheme === "oauth") return header.slice(space + 1).trim() || undefined;
  }
  const fromQuery = query.get("access_token");
  if (fromQuery) return fromQuery;
  if (typeof body === "object" && body !== null && typeof (body as { access_token?: unknown }).access_token === "string") {
    return (body as { access_token: string }).access_token;
  }
  return undefined;
}
