// The HTTP server: security headers, a CSP nonce and CSRF cookie per request, the client's IP and
// user agent for the security log, a server-time header, then Remix. Stateless: any number of
// these run behind a load balancer, and WEB_CONCURRENCY of them share this process's port (node's
// cluster: the first process only starts the others and starts a new one when one dies).
import cluster from "node:cluster";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { stat } from "node:fs/promises";
import express from "express";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import { env, isProduction } from "./app/lib/env.server";
import { log } from "./app/lib/log.server";
import { csrfCookieName, readCookie, serializeCookie } from "./app/lib/cookies.server";
import { randomToken } from "./app/lib/crypto.server";
import { runRequestScope } from "./app/lib/request-scope.server";
import { checkHealth } from "./app/modules/ops/health.server";

const buildPath = path.resolve("build", "index.js");

async function loadBuild(): Promise<ServerBuild> {
  // In development the build is re-imported when `remix watch` rewrites it.
  const version = isProduction ? "" : `?v=${(await stat(buildPath)).mtimeMs}`;
  return (await import(pathToFileURL(buildPath).href + version)) as ServerBuild;
}

async function serve(): Promise<void> {
  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", env.TRUST_PROXY);

  app.use((req, res, next) => {
    const started = process.hrtime.bigint();
    const writeHead = res.writeHead;
    res.writeHead = function (this: typeof res, ...args: Parameters<typeof writeHead>) {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      if (!res.headersSent) res.setHeader("Server-Timing", `app;dur=${ms.toFixed(2)}`);
      return writeHead.apply(this, args);
    } as typeof writeHead;
    res.locals.cspNonce = randomBytes(16).toString("base64");
    res.setHeader(
      "Content-Security-Policy",
      [
        "default-src 'self'",
        `script-src 'self' 'nonce-${res.locals.cspNonce}'`,
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "connect-src 'self'",
        "font-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
      ].join("; "),
    );
    res.setHeader("X-Content-Type-Options", "nosniff");
    res.setHeader("Referrer-Policy", "strict-origin-when-cross-origin");
    res.setHeader("X-Frame-Options", "DENY");
    res.setHeader("Cross-Origin-Opener-Policy", "same-origin");
    res.setHeader("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
    if (isProduction) res.setHeader("Strict-Transport-Security", "max-age=63072000; includeSubDomains");
    let csrf = readCookie(req.headers.cookie, csrfCookieName);
    if (!csrf || !/^[A-Za-z0-9_-]{43}$/.test(csrf)) {
      csrf = randomToken();
      res.append("Set-Cookie", serializeCookie(csrfCookieName, csrf, 60 * 60 * 24 * 365));
    }
    res.locals.csrfToken = csrf;
    next();
  });

  app.get("/healthz", async (_req, res) => {
    const health = await checkHealth();
    res.status(health.ok ? 200 : 503).json(health);
  });

  app.use("/build", express.static("public/build", { immutable: true, maxAge: "1y" }));
  // Every file in public/ has an extension, so only such paths look there: a page no longer pays for a
  // failed file lookup (about 3% of its CPU).
  const publicFiles = express.static("public", { maxAge: "1h" });
  app.use((req, res, next) => (path.extname(req.path) ? publicFiles(req, res, next) : next()));

  app.use((req, _res, next) => runRequestScope(req.method, next));

  app.all(
    "*",
    createRequestHandler({
      build: isProduction ? await loadBuild() : loadBuild,
      mode: isProduction ? "production" : "development",
      getLoadContext: (req, res) => ({
        ip: req.ip ?? null,
        userAgent: req.get("user-agent")?.slice(0, 500) ?? null,
        cspNonce: res.locals.cspNonce as string,
        csrfToken: res.locals.csrfToken as string,
      }),
    }),
  );

  const server = app.listen(env.PORT, () => log.info(`web listening on http://localhost:${env.PORT}`));

  function shutdown() {
    server.close(() => process.exit(0));
    setTimeout(() => process.exit(0), 5000).unref();
  }
  process.on("SIGTERM", shutdown);
  process.on("SIGINT", shutdown);
}

// A page allocates a few hundred KB that die young. With young-generation semispaces of 32 MB instead
// of V8's 16 MB, the scavenger runs half as often and the web processes spend less of their CPU in it.
const webProcessFlags = ["--max-semi-space-size=32"];

function superviseWorkers(count: number): void {
  let stopping = false;
  cluster.setupPrimary({ execArgv: [...process.execArgv, ...webProcessFlags] });
  for (let i = 0; i < count; i++) cluster.fork();
  cluster.on("exit", (worker, code, signal) => {
    if (stopping) return;
    log.warn(`web process ${worker.process.pid} exited (${signal ?? code}); starting another`);
    cluster.fork();
  });
  const stop = () => {
    stopping = true;
    for (const worker of Object.values(cluster.workers ?? {})) worker?.kill("SIGTERM");
    setTimeout(() => process.exit(0), 6000).unref();
    cluster.on("exit", () => {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
    });
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

if (cluster.isPrimary && env.WEB_CONCURRENCY > 1) superviseWorkers(env.WEB_CONCURRENCY);
else await serve();
