// Server rendering with the per-request CSP nonce: bots get the whole document, browsers a stream.
import { PassThrough } from "node:stream";
import type { AppLoadContext, EntryContext } from "@remix-run/node";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { isRouteErrorResponse, RemixServer } from "@remix-run/react";
import { isbot } from "isbot";
import { renderToPipeableStream } from "react-dom/server";
import { log } from "~/lib/log.server";

const abortDelay = 5_000;
// React stops writing at a stream's high-water mark until it drains; this lets a whole page be written at once.
const wholeDocumentBytes = 1 << 20;

export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const waitForAll = isbot(request.headers.get("user-agent") ?? "");
  return new Promise((resolve, reject) => {
    let shellRendered = false;
    const { pipe, abort } = renderToPipeableStream(
      <RemixServer context={remixContext} url={request.url} abortDelay={abortDelay} nonce={loadContext.cspNonce} />,
      {
        nonce: loadContext.cspNonce,
        [waitForAll ? "onAllReady" : "onShellReady"]() {
          shellRendered = true;
          const status = responseStatusCode;
          const body = new PassThrough({ highWaterMark: wholeDocumentBytes });
          responseHeaders.set("Content-Type", "text/html; charset=utf-8");
          pipe(body);
          // React writes all that is ready before it yields, so by the next microtask a page with nothing
          // left pending (no Suspense boundary still waiting) is complete: it goes out in one piece
          // instead of chunk by chunk through a stream relay, which cost several percent of its CPU.
          queueMicrotask(() => {
            if (!body.writableEnded) {
              resolve(new Response(createReadableStreamFromReadable(body), { headers: responseHeaders, status }));
              return;
            }
            clearTimeout(abortTimer);
            const html = (body.read() as Buffer | null) ?? Buffer.alloc(0);
            responseHeaders.set("Content-Length", String(html.byteLength));
            resolve(new Response(new Uint8Array(html.buffer as ArrayBuffer, html.byteOffset, html.byteLength), { headers: responseHeaders, status }));
          });
        },
        onShellError(error: unknown) {
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          if (shellRendered) log.error("render failed", { error: error instanceof Error ? error.message : String(error) });
        },
      },
    );
    const abortTimer = setTimeout(abort, abortDelay);
  });
}

export function handleError(error: unknown, { request }: { request: Request }) {
  // Aborted requests and answers such as 404 are not failures of ours.
  if (request.signal.aborted || (isRouteErrorResponse(error) && error.status < 500)) return;
  log.error("request failed", { url: new URL(request.url).pathname, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
}
