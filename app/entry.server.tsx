// Server rendering with the per-request CSP nonce. No page waits on a Suspense boundary (loaders
// return their data whole), so each page is rendered to one string and sent with its length: React's
// streaming renderer would encode and relay the same bytes chunk by chunk for nothing. A render that
// throws reaches Remix, which renders the route's error boundary instead.
import type { AppLoadContext, EntryContext } from "@remix-run/node";
import { isRouteErrorResponse, RemixServer } from "@remix-run/react";
import { renderToString } from "react-dom/server";
import { log } from "~/lib/log.server";

export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const html = `<!DOCTYPE html>${renderToString(<RemixServer context={remixContext} url={request.url} nonce={loadContext.cspNonce} />)}`;
  responseHeaders.set("Content-Type", "text/html; charset=utf-8");
  responseHeaders.set("Content-Length", String(Buffer.byteLength(html)));
  return new Response(html, { headers: responseHeaders, status: responseStatusCode });
}

export function handleError(error: unknown, { request }: { request: Request }) {
  // Aborted requests and answers such as 404 are not failures of ours.
  if (request.signal.aborted || (isRouteErrorResponse(error) && error.status < 500)) return;
  log.error("request failed", { url: new URL(request.url).pathname, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
}
