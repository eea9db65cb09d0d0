// Helpers for the emulator's own tests: a webhook receiver that checks Meta's signature the way the
// app must (HMAC-SHA256 of the raw body with the app secret), a small Graph client, and accounts.
import { createHmac, timingSafeEqual } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll } from "vitest";
import type { AccountInput } from "./options";
import { startMetaEmulator, type MetaEmulator } from "./server";

export interface ReceivedWebhook {
  raw: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
  signature: string | undefined;
  signatureValid: boolean;
}

export interface Receiver {
  url: string;
  received: ReceivedWebhook[];
  /** Answer POSTs with this status (default 200). */
  respondWith: number;
  verifications: URLSearchParams[];
  waitFor(predicate: (received: ReceivedWebhook[]) => boolean, timeoutMs?: number): Promise<void>;
  /** Every entry[].changes[] of every webhook received, in arrival order. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  changes(field?: string): any[];
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  statuses(): any[];
  close(): Promise<void>;
}

export async function startReceiver(appSecret: string, verifyToken = "verify-me"): Promise<Receiver> {
  const receiver: Receiver = {
    url: "",
    received: [],
    respondWith: 200,
    verifications: [],
    async waitFor(predicate, timeoutMs = 3_000) {
      const deadline = Date.now() + timeoutMs;
      while (!predicate(receiver.received)) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for webhooks; received ${receiver.received.length}`);
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    },
    changes(field) {
      return receiver.received.flatMap((w) => w.body.entry.flatMap((e: { changes: { field: string }[] }) => e.changes)).filter((c) => !field || c.field === field);
    },
    statuses() {
      return receiver.changes("messages").flatMap((c) => c.value.statuses ?? []);
    },
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    if (req.method === "GET") {
      receiver.verifications.push(url.searchParams);
      const ok = url.searchParams.get("hub.mode") === "subscribe" && url.searchParams.get("hub.verify_token") === verifyToken;
      res.writeHead(ok ? 200 : 403).end(ok ? url.searchParams.get("hub.challenge") : "forbidden");
      return;
    }
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const raw = Buffer.concat(chunks).toString("utf8");
      const signature = req.headers["x-hub-signature-256"] as string | undefined;
      const expected = `sha256=${createHmac("sha256", appSecret).update(raw).digest("hex")}`;
      const signatureValid = signature !== undefined && signature.length === expected.length && timingSafeEqual(Buffer.from(signature), Buffer.from(expected));
      receiver.received.push({ raw, body: JSON.parse(raw), signature, signatureValid });
      res.writeHead(receiver.respondWith).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/meta`;
  return receiver;
}

export interface GraphReply {
  status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
  headers: Headers;
}

export function graphClient(emulator: MetaEmulator, token?: string) {
  const call = async (method: string, path: string, body?: unknown): Promise<GraphReply> => {
    const headers: Record<string, string> = {};
    if (token) headers.authorization = `Bearer ${token}`;
    if (body !== undefined) headers["content-type"] = "application/json";
    const response = await fetch(`${emulator.url}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // binary or empty
    }
    return { status: response.status, body: parsed, headers: response.headers };
  };
  return {
    get: (path: string) => call("GET", path),
    post: (path: string, body: unknown) => call("POST", path, body),
    patch: (path: string, body: unknown) => call("PATCH", path, body),
    del: (path: string) => call("DELETE", path),
  };
}

let counter = 0;
/** A fresh account with unique ids: one WABA, two numbers, the given templates. */
export function testAccount(overrides: Partial<AccountInput> = {}): AccountInput {
  counter++;
  const base = 300_000_000_000_000 + counter * 1_000 + Math.floor(Math.random() * 900);
  return {
    wabaId: String(base),
    accessToken: `EAATEST${base}`,
    appSecret: `secret-${base}`,
    phoneNumbers: [
      { id: String(base + 1), displayPhoneNumber: "+1 555-020-0001", verifiedName: "Test Shop", throughputPerSecond: 1000 },
      { id: String(base + 2), displayPhoneNumber: "+1 555-020-0002", verifiedName: "Test Shop Support", throughputPerSecond: 1000 },
    ],
    templates: [
      {
        name: "order_update",
        language: "en_US",
        category: "UTILITY",
        components: [{ type: "BODY", text: "Hi {{1}}, order {{2}} shipped.", example: { body_text: [["Sara", "#1"]] } }],
      },
      {
        name: "promo",
        language: "en_US",
        category: "MARKETING",
        components: [
          { type: "HEADER", format: "IMAGE", example: { header_handle: ["4::aW1hZ2U=:handle"] } },
          { type: "BODY", text: "Hi {{1}}, {{2}} off today.", example: { body_text: [["Sara", "20%"]] } },
          { type: "BUTTONS", buttons: [{ type: "QUICK_REPLY", text: "Stop promotions" }] },
        ],
      },
    ],
    ...overrides,
  };
}

// Statuses 20 ms apart, so a busy machine does not deliver one before the one due earlier.
export const FAST = { statusDelaysMs: { sent: 5, delivered: 25, read: 45 }, templateReviewDelayMs: 20, webhookRetryDelaysMs: [20] };

export function textMessage(to: string, body = "Hello") {
  return { messaging_product: "whatsapp", recipient_type: "individual", to, type: "text", text: { body } };
}

export function orderUpdate(recipient: { to: string } | { recipient: string }, name = "Sara", order = "#42") {
  return {
    messaging_product: "whatsapp",
    recipient_type: "individual",
    ...recipient,
    type: "template",
    template: {
      name: "order_update",
      language: { code: "en_US" },
      components: [{ type: "body", parameters: [{ type: "text", text: name }, { type: "text", text: order }] }],
    },
  };
}

/**
 * A test file's emulator with fast timings: started before its first test, reset after each, closed
 * after the last; `receiverForTest` opens a webhook receiver that is closed when its test ends. The
 * emulator returned reads through to the started one.
 */
export function emulatorForFile(): { emulator: MetaEmulator; receiverForTest(appSecret: string, verifyToken?: string): Promise<Receiver> } {
  let started: MetaEmulator | undefined;
  const receivers: Receiver[] = [];
  const current = (): MetaEmulator => {
    if (!started) throw new Error("the emulator starts before the first test");
    return started;
  };
  beforeAll(async () => {
    started = await startMetaEmulator({ ...FAST });
  });
  afterEach(async () => {
    current().reset();
    current().configure(FAST);
    await Promise.all(receivers.splice(0).map((receiver) => receiver.close()));
  });
  afterAll(() => started?.close());
  const emulator = new Proxy({} as MetaEmulator, {
    get: (_target, key) => {
      const value: unknown = Reflect.get(current(), key);
      return typeof value === "function" ? value.bind(current()) : value;
    },
  });
  return {
    emulator,
    async receiverForTest(appSecret, verifyToken) {
      const receiver = await startReceiver(appSecret, verifyToken);
      receivers.push(receiver);
      return receiver;
    },
  };
}
