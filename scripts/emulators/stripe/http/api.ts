// Serves `/v1/*` as Stripe does: Bearer (or Basic) secret-key auth, form-encoded parameters,
// `expand[]`, `Idempotency-Key` replay, Request-Id headers, Stripe's error bodies, and a request log.
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from "node:http";
import type { Core } from "../core/context";
import { automaticOrigin } from "../core/context";
import { authenticationError, StripeApiError, unrecognizedUrl } from "../core/errors";
import { snapshot } from "../core/events";
import { expand } from "../core/expand";
import { parseForm, type FormObject } from "../core/form";
import { newId } from "../core/ids";
import { formArray, parseParams, text } from "../core/params";
import { findReplay, keepResult, type IdempotentRequest } from "./idempotency";
import { BodyTooLarge, readBody } from "./io";
import { matchRoute, type Route } from "./router";

const bodyLimit = 1024 * 1024;
const requestLogCap = 5_000;
const expandList = formArray(text);

interface Outcome {
  status: number;
  body: string;
  /** Set when the body is a kept result: the request that produced it. */
  originalRequest?: string;
}

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
function checkApiKey(key: string | null): string {
  if (!key || !/^(sk|rk)_test_\w+$/.test(key)) throw authenticationError(key);
  return key;
}

function headerValue(req: IncomingMessage, name: string): string | null {
  const value = req.headers[name];
  return typeof value === "string" && value !== "" ? value : null;
}

function errorOutcome(error: unknown): Outcome {
  if (error instanceof StripeApiError) return { status: error.status, body: JSON.stringify(error.toJSON()) };
  if (error instanceof BodyTooLarge) return errorOutcome(new StripeApiError(413, { type: "invalid_request_error", message: error.message }));
  const message = error instanceof Error ? error.message : String(error);
  return { status: 500, body: JSON.stringify({ error: { type: "api_error", message: `The emulator failed: ${message}` } }) };
}

/** Runs the matching route with the request stamped on the events it causes. */
function execute(core: Core, routes: Route[], call: ApiCall): Outcome {
  const match = matchRoute(routes, call.method, call.path);
  if (!match) return errorOutcome(unrecognizedUrl(call.method, call.path));
  core.origin = { id: call.requestId, idempotency_key: call.idempotency?.key ?? null };
  try {
    const { expand: expandInput, ...input } = call.input;
    const paths = expandInput === undefined ? [] : parseParams(expandList, expandInput);
    const result = match.route.handler({ core, params: match.params, input });
    return { status: 200, body: JSON.stringify(paths.length > 0 ? expand(core, snapshot(result), paths) : result) };
  } catch (error) {
    return errorOutcome(error);
  } finally {
    core.origin = automaticOrigin;
  }
}

interface ApiCall {
  method: string;
  path: string;
  requestId: string;
  input: FormObject;
  idempotency: IdempotentRequest | null;
}

async function serve(core: Core, routes: Route[], req: IncomingMessage, call: ApiCall, queryText: string): Promise<Outcome> {
  try {
    const bodyText = await readBody(req, bodyLimit);
    const apiKey = checkApiKey(apiKeyOf(req));
    call.input = call.method === "POST" ? { ...parseForm(queryText), ...parseForm(bodyText) } : parseForm(bodyText ? `${queryText}&${bodyText}` : queryText);
    const key = call.method === "POST" ? headerValue(req, "idempotency-key") : null;
    call.idempotency = key ? { scope: `${apiKey}\u0000${key}`, key, fingerprint: `${call.method} ${call.path} ${bodyText}` } : null;
    const replay = call.idempotency ? findReplay(core, call.idempotency) : null;
    if (replay) return { status: replay.status, body: replay.body, originalRequest: replay.requestId };
    const outcome = execute(core, routes, call);
    if (call.idempotency) keepResult(core, call.idempotency, { ...outcome, requestId: call.requestId });
    return outcome;
  } catch (error) {
    return errorOutcome(error);
  }
}

export async function handleApi(core: Core, routes: Route[], req: IncomingMessage, res: ServerResponse, path: string, queryText: string): Promise<void> {
  const started = performance.now();
  const stripeVersion = headerValue(req, "stripe-version");
  const call: ApiCall = { method: req.method ?? "GET", path, requestId: newId("req"), input: {}, idempotency: null };
  const outcome = await serve(core, routes, req, call, queryText);

  const headers: OutgoingHttpHeaders = {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(outcome.body),
    "request-id": call.requestId,
    "stripe-version": stripeVersion ?? core.apiVersion,
    "access-control-allow-origin": "*",
  };
  if (call.idempotency) headers["idempotency-key"] = call.idempotency.key;
  if (outcome.originalRequest) {
    headers["idempotent-replayed"] = "true";
    headers["original-request"] = outcome.originalRequest;
  }
  res.writeHead(outcome.status, headers);
  res.end(outcome.body);

  const log = core.store.requestLog;
  log.push({
    id: call.requestId,
    at: new Date().toISOString(),
    method: call.method,
    path,
    query: call.method === "POST" ? parseForm(queryText) : call.input,
    body: call.method === "POST" ? call.input : {},
    status: outcome.status,
    idempotencyKey: call.idempotency?.key ?? null,
    idempotentReplay: outcome.originalRequest !== undefined,
    stripeVersion,
    durationMs: Math.round((performance.now() - started) * 100) / 100,
  });
  if (log.length > requestLogCap) log.splice(0, log.length - requestLogCap);
}
