// One HTTP call to an API the server talks to (Meta's Graph API), over node:http with the keep-alive
// agents: a campaign makes up to 1,000 calls a second, and fetch costs several times the CPU per call
// for the same request. Answers with the status and the body read in full; a network failure or the
// timeout rejects.
import http from "node:http";
import https from "node:https";

export interface HttpCall {
  method: string;
  headers: Record<string, string>;
  body?: Buffer;
  timeoutMs: number;
}

export interface HttpAnswer {
  status: number;
  body: string;
}

export function httpCall(url: URL, call: HttpCall): Promise<HttpAnswer> {
  const transport = url.protocol === "https:" ? https : http;
  const headers = call.body ? { ...call.headers, "Content-Length": String(call.body.length) } : call.headers;
  return new Promise((resolve, reject) => {
    const request = transport.request(url, { method: call.method, headers, timeout: call.timeoutMs }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") }));
      response.on("error", reject);
    });
    request.on("timeout", () => request.destroy(new Error(`no answer within ${call.timeoutMs / 1000} s`)));
    request.on("error", reject);
    request.end(call.body);
  });
}
