// The Stripe emulator: an in-memory Stripe (customers, catalogue, Checkout, portal, subscriptions,
// invoices, payments, refunds) behind the REST API the `stripe` SDK speaks, hosted pages, signed
// webhooks, and controls for tests (clock, failures, refunds, webhook disorder). See README.md.
import http, { type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import Stripe from "stripe";
import { catalogRoutes } from "./api/catalog";
import { checkoutRoutes } from "./api/checkout";
import { customerRoutes } from "./api/customers";
import { eventRoutes } from "./api/events";
import { invoiceRoutes } from "./api/invoices";
import { paymentRoutes } from "./api/payments";
import { subscriptionRoutes } from "./api/subscriptions";
import { Clock } from "./core/clock";
import { appPlans, defaultConfig, EmulatorConfig, EmulatorConfigPatch, SeedPlans, type SeedPlan } from "./core/config";
import { automaticOrigin, type Core } from "./core/context";
import { invalidRequest, StripeApiError } from "./core/errors";
import { Store, type RequestLogEntry } from "./core/store";
import type { Invoice, Refund, StripeEvent } from "./core/types";
import type { DeclineCode } from "./domain/cards";
import { seedCatalog } from "./domain/catalog";
import { completeCheckout } from "./domain/checkout";
import { collectInvoice } from "./domain/collection";
import { requireInvoice } from "./domain/invoices";
import { armDecline } from "./domain/payments";
import { createRefund, refundableCharge } from "./domain/refunds";
import { advanceTo, runDueWork } from "./domain/renewals";
import { AdminError, handleAdmin } from "./http/admin";
import { handleApi } from "./http/api";
import { BodyTooLarge, readBody, redirect, sendHtml, sendJson } from "./http/io";
import type { Route } from "./http/router";
import { checkoutPage } from "./pages/checkout-page";
import { invoicePage, invoicePdf, receiptPage } from "./pages/invoice-page";
import { notFoundPage } from "./pages/layout";
import { portalPage } from "./pages/portal-page";
import type { PageResult } from "./pages/result";
import { WebhookDispatcher, type Delivery, type DeliveryFilter } from "./webhooks/dispatcher";

export type { SeedPlan } from "./core/config";
export type { EmulatorConfig, EmulatorConfigPatch } from "./core/config";
export type { Delivery, DeliveryFilter } from "./webhooks/dispatcher";

export interface StripeEmulatorOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  host?: string;
  /** Where events are POSTed; without it events are only logged. */
  webhookUrl?: string;
  webhookSecret?: string;
  /** Origin of the hosted pages when the browser reaches the emulator at another address. */
  publicUrl?: string;
  /** The catalogue to seed; the app's plans by default. */
  plans?: SeedPlan[];
  /** Any other starting behaviour (tax, retry schedule, webhook disorder). */
  config?: EmulatorConfigPatch;
}

export interface EventFilter {
  /** One type, or a prefix ending in `*` such as `invoice.*`. */
  type?: string;
  types?: string[];
  /** Only events whose data object has this id or belongs to this customer. */
  object?: string;
  customer?: string;
}

export interface RequestFilter {
  method?: string;
  /** A substring of the path, or a pattern. */
  path?: string | RegExp;
}

export type CheckoutPayment = { ok: true; redirect_url: string; subscription: string | null } | { ok: false; error: { code: string; decline_code: string | null; message: string } };

export interface StripeEmulator {
  /** Origin of the API and the hosted pages, e.g. http://127.0.0.1:4020 (STRIPE_API_BASE). */
  readonly url: string;
  readonly port: number;
  readonly apiVersion: string;
  close(): Promise<void>;
  /** Moves the emulator's clock forward, running renewals, trial ends and retries on the way; returns the new time. */
  advanceClock(by: number | { days?: number; hours?: number; seconds?: number }): number;
  /** The emulator's time in Unix seconds. */
  now(): number;
  /** The next payment of this customer (or of anyone) is declined, with `generic_decline` unless told otherwise; each call arms one more. */
  failNextPayment(customerId?: string, declineCode?: DeclineCode): void;
  /**
   * Makes the next scheduled attempt at an open invoice now, as an automatic retry (it counts toward
   * the retry schedule and its end); returns the invoice after the attempt.
   */
  retryPayment(invoiceId: string): Invoice;
  /** Refunds a charge (or a payment intent's charge) as the dashboard does; the whole rest unless `amount`. */
  refund(chargeOrPaymentIntentId: string, amount?: number): Refund;
  /** Changes behaviour (webhook URL, secret, duplication, reordering, tax, retries); returns the whole config. */
  configure(patch: EmulatorConfigPatch): EmulatorConfig;
  /** Events created so far (the latest 20,000), oldest first. */
  events(filter?: EventFilter): StripeEvent[];
  /** Webhook deliveries and their attempts (the latest 20,000), oldest first. */
  deliveries(filter?: DeliveryFilter): Delivery[];
  /** API requests received (the latest 5,000), oldest first. */
  requests(filter?: RequestFilter): RequestLogEntry[];
  /** Forgets every object, event and request, restores the start config and clock, reseeds the catalogue. */
  reset(): void;
  /** Pays an open Checkout Session as the hosted page does, with a test card (4242 4242 4242 4242 by default). */
  payCheckout(sessionId: string, card?: string): CheckoutPayment;
  /** Resolves once every webhook has been delivered or has given up retrying. */
  settle(): Promise<void>;
}

const daySeconds = 86_400;
const pageBodyLimit = 64 * 1024;
const adminBodyLimit = 1024 * 1024;
const dueWorkIntervalMs = 1_000;
const routes: Route[] = [...customerRoutes, ...catalogRoutes, ...checkoutRoutes, ...subscriptionRoutes, ...invoiceRoutes, ...paymentRoutes, ...eventRoutes];

function eventMatches(event: StripeEvent, filter: EventFilter): boolean {
  const type = filter.type;
  if (type !== undefined && !(type.endsWith("*") ? event.type.startsWith(type.slice(0, -1)) : event.type === type)) return false;
  if (filter.types && !filter.types.includes(event.type)) return false;
  const object = event.data.object as { id?: string; customer?: unknown };
  if (filter.object !== undefined && object.id !== filter.object) return false;
  if (filter.customer !== undefined && object.customer !== filter.customer && object.id !== filter.customer) return false;
  return true;
}

class StripeEmulatorServer implements StripeEmulator {
  url = "";
  port = 0;
  readonly apiVersion = Stripe.API_VERSION;
  private readonly core: Core;
  private readonly startConfig: EmulatorConfig;
  private readonly plans: SeedPlan[];
  private readonly dispatcher: WebhookDispatcher;
  private readonly server: http.Server;
  private dueWorkTimer: NodeJS.Timeout | null = null;

  constructor(private readonly options: StripeEmulatorOptions) {
    this.plans = SeedPlans.parse(options.plans ?? appPlans);
    this.startConfig = EmulatorConfig.parse({
      ...defaultConfig,
      ...options.config,
      ...(options.webhookUrl !== undefined ? { webhookUrl: options.webhookUrl } : {}),
      ...(options.webhookSecret !== undefined ? { webhookSecret: options.webhookSecret } : {}),
    });
    const config = () => this.core.config;
    this.dispatcher = new WebhookDispatcher(config);
    this.core = {
      store: new Store(),
      clock: new Clock(),
      config: structuredClone(this.startConfig),
      apiVersion: this.apiVersion,
      accountName: "Kiana (test)",
      publicUrl: () => this.options.publicUrl ?? this.url,
      sink: this.dispatcher,
      origin: automaticOrigin,
    };
    this.server = http.createServer({ keepAlive: true, noDelay: true }, (req, res) => void this.handle(req, res));
    this.server.keepAliveTimeout = 65_000;
  }

  async listen(): Promise<void> {
    const host = this.options.host ?? "127.0.0.1";
    await new Promise<void>((resolve, reject) => {
      this.server.once("error", reject);
      this.server.listen(this.options.port ?? 0, host, () => {
        this.server.off("error", reject);
        resolve();
      });
    });
    this.port = (this.server.address() as AddressInfo).port;
    const visibleHost = ["0.0.0.0", "::", ""].includes(host) ? "127.0.0.1" : host.includes(":") ? `[${host}]` : host;
    this.url = `http://${visibleHost}:${this.port}`;
    this.seed();
    // Time passes on its own too: a session expires and a daily price renews without a clock jump.
    this.dueWorkTimer = setInterval(() => this.runDueWork(), dueWorkIntervalMs);
    this.dueWorkTimer.unref();
  }

  async close(): Promise<void> {
    if (this.dueWorkTimer) clearInterval(this.dueWorkTimer);
    await this.dispatcher.close();
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  private runDueWork(): void {
    try {
      runDueWork(this.core);
    } catch (error) {
      // A fault in one piece of scheduled work must not stop the emulator; the next tick retries it.
      console.error("stripe emulator: scheduled work failed", error);
    }
  }

  advanceClock(by: number | { days?: number; hours?: number; seconds?: number }): number {
    const seconds = typeof by === "number" ? by : (by.days ?? 0) * daySeconds + (by.hours ?? 0) * 3_600 + (by.seconds ?? 0);
    if (!Number.isFinite(seconds) || seconds < 0) throw new RangeError("The clock only moves forward");
    advanceTo(this.core, this.core.clock.now() + Math.round(seconds));
    return this.core.clock.now();
  }

  now(): number {
    return this.core.clock.now();
  }

  failNextPayment(customerId?: string, declineCode: DeclineCode = "generic_decline"): void {
    armDecline(this.core, customerId ?? null, declineCode);
  }

  retryPayment(invoiceId: string): Invoice {
    const invoice = requireInvoice(this.core, invoiceId);
    if (invoice.status !== "open") throw invalidRequest(`Invoice ${invoice.id} is ${String(invoice.status)}, not open.`, { param: "invoice" });
    collectInvoice(this.core, invoice, "automatic");
    return invoice;
  }

  refund(chargeOrPaymentIntentId: string, amount?: number): Refund {
    const target = chargeOrPaymentIntentId.startsWith("pi_") ? { paymentIntent: chargeOrPaymentIntentId } : { charge: chargeOrPaymentIntentId };
    return createRefund(this.core, refundableCharge(this.core, target), { amount, reason: "requested_by_customer" });
  }

  configure(patch: EmulatorConfigPatch): EmulatorConfig {
    this.core.config = EmulatorConfig.parse({ ...this.core.config, ...EmulatorConfigPatch.parse(patch) });
    return structuredClone(this.core.config);
  }

  events(filter: EventFilter = {}): StripeEvent[] {
    return this.core.store.events.all().filter((event) => eventMatches(event, filter));
  }

  deliveries(filter: DeliveryFilter = {}): Delivery[] {
    return this.dispatcher.deliveries(filter);
  }

  requests(filter: RequestFilter = {}): RequestLogEntry[] {
    const { method, path } = filter;
    return this.core.store.requestLog.filter(
      (entry) =>
        (method === undefined || entry.method === method.toUpperCase()) &&
        (path === undefined || (typeof path === "string" ? entry.path.includes(path) : path.test(entry.path))),
    );
  }

  reset(): void {
    this.dispatcher.clear();
    this.core.store = new Store();
    this.core.clock.reset();
    this.core.config = structuredClone(this.startConfig);
    this.seed();
  }

  /** The catalogue predates the app, so the events of its creation are logged but not delivered. */
  private seed(): void {
    seedCatalog(this.core, this.plans);
    this.dispatcher.clear();
    for (const event of this.core.store.events.all()) event.pending_webhooks = 0;
  }

  payCheckout(sessionId: string, card = "4242424242424242"): CheckoutPayment {
    const session = this.core.store.checkoutSessions.get(sessionId);
    if (!session) throw new StripeApiError(404, { type: "invalid_request_error", code: "resource_missing", message: `No such checkout.session: '${sessionId}'` });
    const customer = typeof session.customer === "string" ? this.core.store.customers.get(session.customer) : undefined;
    const email = customer?.email ?? session.customer_email ?? "customer@example.com";
    const completion = completeCheckout(this.core, session, { email, name: customer?.name ?? null, cardNumber: card, expiry: null });
    if (!completion.ok) return { ok: false, error: { code: completion.decline.code, decline_code: completion.decline.declineCode, message: completion.decline.message } };
    return { ok: true, redirect_url: completion.redirectUrl, subscription: typeof session.subscription === "string" ? session.subscription : null };
  }

  settle(): Promise<void> {
    return this.dispatcher.settle();
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const rawUrl = req.url ?? "/";
    const queryStart = rawUrl.indexOf("?");
    const path = queryStart === -1 ? rawUrl : rawUrl.slice(0, queryStart);
    const queryText = queryStart === -1 ? "" : rawUrl.slice(queryStart + 1);
    const method = req.method ?? "GET";
    try {
      if (path.startsWith("/v1/")) return await handleApi(this.core, routes, req, res, path, queryText);
      if (path.startsWith("/__admin/")) return await this.handleAdmin(req, res, method, path, new URLSearchParams(queryText));
      const body = method === "POST" ? new URLSearchParams(await readBody(req, pageBodyLimit)) : new URLSearchParams();
      const result = await this.page(method, path, new URLSearchParams(queryText), body);
      if (!result) return sendHtml(res, 404, notFoundPage("Page"));
      if (Buffer.isBuffer(result)) {
        res.writeHead(200, { "content-type": "application/pdf", "content-length": result.length });
        res.end(result);
        return;
      }
      if ("redirect" in result) return redirect(res, result.redirect);
      sendHtml(res, result.status, result.html);
    } catch (error) {
      if (res.headersSent) return;
      if (error instanceof BodyTooLarge) return sendJson(res, 413, { error: { message: error.message } });
      const message = error instanceof Error ? error.message : String(error);
      sendJson(res, 500, { error: { type: "api_error", message: `The emulator failed: ${message}` } });
    }
  }

  private async page(method: string, path: string, query: URLSearchParams, body: URLSearchParams): Promise<PageResult | Buffer | null> {
    const [, section = "", id = "", extra = ""] = path.split("/").map((segment) => decodeURIComponent(segment));
    if (method !== "GET" && method !== "POST") return null;
    if (section === "c" && id === "pay" && extra) return checkoutPage(this.core, extra, method, body);
    if (section === "p" && id === "session" && extra) return portalPage(this.core, extra, method, body, query);
    if (section === "i" && id && extra === "pdf" && method === "GET") return invoicePdf(this.core, id);
    if (section === "i" && id && !extra) return invoicePage(this.core, id, method, body);
    if (section === "receipts" && id && method === "GET") return receiptPage(this.core, id);
    return null;
  }

  private async handleAdmin(req: IncomingMessage, res: ServerResponse, method: string, path: string, query: URLSearchParams): Promise<void> {
    const raw = await readBody(req, adminBodyLimit);
    try {
      const body: unknown = raw ? JSON.parse(raw) : {};
      sendJson(res, 200, await handleAdmin(this, method, path, query, body));
    } catch (error) {
      if (error instanceof StripeApiError) return sendJson(res, error.status, error.toJSON());
      if (error instanceof AdminError) return sendJson(res, error.status, { error: { message: error.message } });
      if (error instanceof SyntaxError) return sendJson(res, 400, { error: { message: `Invalid JSON: ${error.message}` } });
      throw error;
    }
  }
}

export async function startStripeEmulator(options: StripeEmulatorOptions = {}): Promise<StripeEmulator> {
  const emulator = new StripeEmulatorServer(options);
  await emulator.listen();
  return emulator;
}
