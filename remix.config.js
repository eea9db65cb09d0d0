/** @type {import('@remix-run/dev').AppConfig} */
export default {
  ignoredRouteFiles: ["**/.*", "**/*.test.{ts,tsx}", "**/*.server.test.ts"],
  serverModuleFormat: "esm",
  serverDependenciesToBundle: [],
  future: {
    v3_fetcherPersist: true,
    v3_relativeSplatPath: true,
    v3_throwAbortReason: true,
    // Off: every page is served with the whole route manifest as one cached file. Lazy discovery
    // matched the route table twice more per server render to inline a partial manifest (about a
    // tenth of a workspace page's CPU), a cost meant to pay off only with thousands of routes.
    v3_lazyRouteDiscovery: false,
    v3_singleFetch: false,
  },
};
