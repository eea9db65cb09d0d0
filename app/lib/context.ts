// What the HTTP server hands every loader and action besides the Request: who is calling, the
// per-request CSP nonce and the CSRF token bound to the browser.
import type { RequestMeta } from "~/modules/audit/security-events.server";

export interface RequestContext extends RequestMeta {
  cspNonce: string;
  csrfToken: string;
}

declare module "@remix-run/node" {
  interface AppLoadContext extends RequestContext {}
}
