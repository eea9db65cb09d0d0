// Serves `/v1/*` as Stripe does: Bearer (or Basic) secret-key auth, form-encoded parameters,
// `expand[]`, `Idempotency-Key` replay, Request-Id headers, Stripe's error bodies, and a request log.
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from "node:http";
import type { Core } from "../core/context";
import { automaticOrigin } from "../core/context";
import { authenticationError, idempotencyError, StripeApiError, unrecognizedUrl } from "../core/errors";
import { snapshot } from "../core/events";
import { expand } from "../core/expand";
import { parseForm, type FormObject } from "../core/form";
import { newId } from "../core/ids";
import { formArray, parseParams, text } from "../core/params";
import { BodyTooLarge, readBody } from "./io";
import { matchRoute, type Route } from "./router";

const bodyLimit = 1024 * 1024;
const requestLogCap = 5_000;
const idempotencyWindowSeconds = 24 * 60 * 60;
const expandList = formArray(text);

function apiKeyOf(req: IncomingMessage): string | null {
  const header = req.headers.authorization ?? "";
  const [scheme = "", credentials = ""] = header.split(" ");
  if (scheme.toLowerCase() === "bearer") return credentials || null;
  if (scheme.toLowerCase() === "basic") {
    const decoded = Buffer.from(credentials, "base64").toString("utf8");
    return decoded.split(":")[0] || null;
  }
  return null;
}

/** Any test-mode secret or restricted key works; live keys are refused, as a test environment should. */
function checkApiKey(key: string | null): void {
  if (!key || !/^(sk|rk)_test_\w+$/.test(key)) throw authenticationError(key);
}

function headerValue(req: IncomingMessage, name: string): string | null {
  const value = req.headers[name];
  return typeof value === "string" && value !== "" ? value : null;
}

interface Outcome {
  status: number;
  body: string;
}

function run(core: Core, routes: Route[], method: string, path: string, input: FormObject): Outcome {
  const match = matchRoute(routes, method, path);
  if (!match) throw unrecognizedUrl(method, path);
  const { expand: expandInput, ...rest } = input;
  const paths = expandInput === undefined ? [] : parseParams(expandList, expandInput);
  const result = match.route.handler({ core, params: match.params, input: rest });
  const response = paths.length > 0 ? expand(core, snapshot(result), paths) : result;
  return { status: 200, body: JSON.stringify(response) };
}

function errorOutcome(error: unknown): Outcome {
  if (error instanceof StripeApiError) return { status: error.status, body: JSON.stringify(error.toJSON()) };
  const message = error instanceof Error ? error.message : String(error);
  return { status: 500, body: JSON.stringify({ error: { type: "api_error", message: `The emulator failed: ${message}` } }) };
}

const idempotencyKeyCap = 100_000;

/** Keys are kept in insertion order, so the first ones are the oldest. */
function forgetOldestKeys(kept: Map<string, unknown>): void {
  for (const key of kept.keys()) {
    if (kept.size < idempotencyKeyCap) return;
    kept.delete(key);
  }
}

/** Stripe keeps the result of a request that got as far as running, not of one refused up front. */
function worthKeeping(outcome: Outcome): boolean {
  return outcome.status < 400 || outcome.status === 402 || outcome.status >= 500;
}

export async function handleApi(core: Core, routes: Route[], req: IncomingMessage, res: ServerResponse, path: string, queryText: string): Promise<void> {
  const started = performance.now();
  const method = req.method ?? "GET";
  const requestId = newId("req");
  const stripeVersion = headerValue(req, "stripe-version");
  const idempotencyKey = method === "POST" ? headerValue(req, "idempotency-key") : null;
  const headers: OutgoingHttpHeaders = {
    "request-id": requestId,
    "stripe-version": stripeVersion ?? core.apiVersion,
    "access-control-allow-origin": "*",
  };
  let bodyText = "";
  let input: FormObject = {};
  let outcome: Outcome;
  let replayed = false;
  try {
    bodyText = await readBody(req, bodyLimit);
    const apiKey = apiKeyOf(req);
    checkApiKey(apiKey);
    input = method === "POST" ? { ...parseForm(queryText), ...parseForm(bodyText) } : parseForm(bodyText ? `${queryText}&${bodyText}` : queryText);
    const scope = idempotencyKey ? `${apiKey ?? ""}\u0000${idempotencyKey}` : null;
    const kept = scope ? core.store.idempotency.get(scope) : undefined;
    if (kept && kept.storedAt + idempotencyWindowSeconds > core.clock.now()) {
      if (kept.fingerprint !== `${method} ${path} ${bodyText}`) {
        throw idempotencyError(
          `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${idempotencyKey ?? ""}' if you meant to execute a different request.`,
        );
      }
      outcome = { status: kept.status, body: kept.body };
      headers["idempotent-replayed"] = "true";
      headers["original-request"] = kept.requestId;
      replayed = true;
    } else {
      core.origin = { id: requestId, idempotency_key: idempotencyKey };
      try {
        outcome = run(core, routes, method, path, input);
      } catch (error) {
        outcome = errorOutcome(error);
      } finally {
        core.origin = automaticOrigin;
      }
      if (scope && worthKeeping(outcome)) {
        forgetOldestKeys(core.store.idempotency);
        core.store.idempotency.set(scope, { fingerprint: `${method} ${path} ${bodyText}`, status: outcome.status, body: outcome.body, requestId, storedAt: core.clock.now() });
      }
    }
  } catch (error) {
    outcome = error instanceof BodyTooLarge ? errorOutcome(new StripeApiError(413, { type: "invalid_request_error", message: error.message })) : errorOutcome(error);
  }
  if (idempotencyKey) headers["idempotency-key"] = idempotencyKey;
  res.writeHead(outcome.status, { "content-type": "application/json", "content-length": Buffer.byteLength(outcome.body), ...headers });
  res.end(outcome.body);
  const log = core.store.requestLog;
  log.push({
    id: requestId,
    at: new Date().toISOString(),
    method,
    path,
    query: method === "POST" ? parseForm(queryText) : input,
    body: method === "POST" ? input : {},
    status: outcome.status,
    idempotencyKey,
    idempotentReplay: replayed,
    stripeVersion,
    durationMs: Math.round((performance.now() - started) * 100) / 100,
  });
  if (log.length > requestLogCap) log.splice(0, log.length - requestLogCap);
}

