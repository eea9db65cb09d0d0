// Message templates against Postgres and the Meta emulator: sync, creation with Meta's review
// arriving as signed webhooks, recategorisation, deletion at Meta, roles and tenant isolation.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { createHmac, randomBytes } from "node:crypto";
import { Logger, type JobHelpers } from "graphile-worker";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withWorkspace } from "../../db/transactions";
import { applyPendingWebhooks } from "../../app/modules/whatsapp/apply-webhook-event.server";
import { connectWhatsApp } from "../../app/modules/whatsapp/connect-whatsapp.server";
import { disconnectWhatsApp } from "../../app/modules/whatsapp/disconnect-whatsapp.server";
import { createTemplate } from "../../app/modules/whatsapp/create-template.server";
import { deleteTemplate } from "../../app/modules/whatsapp/delete-template.server";
import { TemplateFilters, findTemplate, listTemplates } from "../../app/modules/whatsapp/list-templates.server";
import { answerWebhookHandshake, receiveWebhook } from "../../app/modules/whatsapp/receive-webhook.server";
import { syncTemplates } from "../../app/modules/whatsapp/sync-templates.server";
import { createAccount, meta, ownerSql, queuedPayloads, type TestAccount } from "../helpers/factories";
import { metaAdmin, provisionMetaAccount, type ProvisionedAccount } from "../helpers/meta-emulator";
import { syncTemplatesTask } from "../../jobs/sync-templates";

const owner = ownerSql();

// Meta's deliveries reach the app through a real HTTP callback, as the webhook route receives them.
let callback: http.Server;
let callbackOrigin = "";

beforeAll(async () => {
  callback = http.createServer((request, response) => {
    const key = new URL(request.url ?? "/", "http://localhost").pathname.split("/").pop() ?? "";
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const reply =
        request.method === "GET"
          ? answerWebhookHandshake(key, new URL(request.url ?? "/", "http://localhost").searchParams)
          : receiveWebhook(key, Buffer.concat(chunks), request.headers["x-hub-signature-256"]?.toString() ?? null);
      void reply.then(({ status, body }) => response.writeHead(status).end(body));
    });
  });
  await new Promise<void>((resolve) => callback.listen(0, "127.0.0.1", resolve));
  callbackOrigin = `http://127.0.0.1:${(callback.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => callback.close(resolve));
  await owner.end();
});

const shipped = {
  name: "order_shipped",
  language: "en_US",
  category: "UTILITY" as const,
  components: [
    { type: "HEADER", format: "TEXT", text: "Order {{1}}", example: { header_text: ["#1042"] } },
    { type: "BODY", text: "Hello {{1}}, your order {{2}} has shipped.", example: { body_text: [["Ana", "#1042"]] } },
    { type: "FOOTER", text: "Kiana Shop" },
  ],
};
const welcome = {
  name: "welcome_offer",
  language: "es",
  category: "MARKETING" as const,
  components: [{ type: "BODY", text: "Bienvenido a la tienda." }],
};

interface Connected {
  user: TestAccount;
  account: ProvisionedAccount;
}

/** A workspace connected to an account of its own at Meta, with Meta's webhooks routed to the app. */
async function connected(templates: unknown[] = []): Promise<Connected> {
  const user = await createAccount();
  const account = await provisionMetaAccount();
  if (templates.length > 0) await metaAdmin("POST", "accounts", { ...account, templates });
  const verifyToken = `verify_${randomBytes(12).toString("hex")}`;
  const result = await connectWhatsApp(
    user.access,
    { wabaId: account.wabaId, phoneNumberIds: account.phoneNumbers.map((number) => number.id).join(","), accessToken: account.accessToken, appSecret: account.appSecret, verifyToken, apiVersion: "v24.0" },
    meta,
  );
  expect(result.ok).toBe(true);
  const [row] = await withWorkspace(user.access.workspace.id, null, (tx) => tx<{ webhookKey: string }[]>`select webhook_key from whatsapp_accounts`);
  await metaAdmin("POST", `accounts/${account.wabaId}/webhook`, { callbackUrl: `${callbackOrigin}/webhooks/meta/${row!.webhookKey}`, verifyToken });
  return { user, account };
}

/** Waits for Meta's pending webhooks, then applies what arrived, as the apply-whatsapp-webhook job does. */
async function deliverWebhooks(user: TestAccount, wabaId: string): Promise<void> {
  await metaAdmin("POST", "settle", { timeoutMs: 15_000, wabaId });
  await applyPendingWebhooks(user.access.workspace.id);
}

const allTemplates = TemplateFilters.parse({});

function templateForm(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    name: `order_update_${randomBytes(4).toString("hex")}`,
    language: "en_US",
    category: "UTILITY",
    headerType: "NONE",
    body: "Hello {{1}}, your order {{2}} is on its way.",
    bodyExamples: "Ana\n#1042",
    footer: "Reply STOP to opt out",
    buttonType1: "URL",
    buttonText1: "Track",
    buttonUrl1: "https://shop.example/track/{{1}}",
    buttonUrlExample1: "1042",
    ...overrides,
  };
}

async function templatesAtMeta(account: ProvisionedAccount) {
  const summary = await metaAdmin<{ templates: { id: string; name: string; status: string; category: string }[] }>("GET", `accounts/${account.wabaId}`);
  return summary.templates;
}

describe("syncing templates from Meta", () => {
  it("stores every template of the account with its language, category, status and components", async () => {
    const { user } = await connected([shipped, welcome]);
    expect(await syncTemplates(user.access.workspace.id)).toEqual({ ok: true, total: 2, added: 2, updated: 0, removed: 0 });
    const list = await listTemplates(user.access, allTemplates);
    expect(list.syncedAt).toBeInstanceOf(Date);
    expect(list.templates.map(({ name, language, category, status }) => ({ name, language, category, status }))).toEqual([
      { name: "order_shipped", language: "en_US", category: "UTILITY", status: "APPROVED" },
      { name: "welcome_offer", language: "es", category: "MARKETING", status: "APPROVED" },
    ]);
    const detail = await findTemplate(user.access, list.templates[0]!.id);
    expect(detail?.components).toEqual(shipped.components);
  });

  it("is idempotent, and follows changes and deletions made at Meta", async () => {
    const { user, account } = await connected([shipped, welcome]);
    await syncTemplates(user.access.workspace.id);
    expect(await syncTemplates(user.access.workspace.id)).toEqual({ ok: true, total: 2, added: 0, updated: 0, removed: 0 });

    const atMeta = await templatesAtMeta(account);
    const welcomeId = atMeta.find((template) => template.name === "welcome_offer")!.id;
    await metaAdmin("POST", `templates/${welcomeId}/review`, { status: "PAUSED" });
    await metaAdmin("POST", "accounts", { ...account, templates: [shipped, { ...welcome, id: welcomeId, status: "PAUSED" }] });
    expect(await syncTemplates(user.access.workspace.id)).toMatchObject({ ok: true, total: 2, updated: 2 });
    await metaAdmin("POST", "accounts", { ...account, templates: [shipped] });
    expect(await syncTemplates(user.access.workspace.id)).toMatchObject({ ok: true, total: 1, removed: 1 });
    expect((await listTemplates(user.access, allTemplates)).templates.map((template) => template.name)).toEqual(["order_shipped"]);
  });

  it("says why in plain words when Meta refuses, and changes nothing", async () => {
    const { user, account } = await connected([shipped]);
    await metaAdmin("POST", "tokens/expire", { accessToken: account.accessToken });
    const result = await syncTemplates(user.access.workspace.id);
    expect(result).toMatchObject({ ok: false, retryable: false });
    expect(!result.ok && result.error).toMatch(/access token has expired or is invalid \(190\)/);
    expect((await listTemplates(user.access, allTemplates)).total).toBe(0);
  });

  it("searches by name and filters by status, category and language", async () => {
    const { user } = await connected([shipped, welcome, { ...shipped, language: "es", name: "order_shipped" }]);
    await syncTemplates(user.access.workspace.id);
    const names = async (filters: Record<string, string>) =>
      (await listTemplates(user.access, TemplateFilters.parse(filters))).templates.map((template) => `${template.name}/${template.language}`);
    expect(await names({ q: "order ship" })).toEqual(["order_shipped/en_US", "order_shipped/es"]);
    expect(await names({ q: "%" })).toEqual([]);
    expect(await names({ category: "MARKETING" })).toEqual(["welcome_offer/es"]);
    expect(await names({ language: "es" })).toEqual(["order_shipped/es", "welcome_offer/es"]);
    expect(await names({ status: "rejected" })).toEqual([]);
    expect(await names({ category: "nonsense", language: "'; drop table" })).toHaveLength(3);
    const list = await listTemplates(user.access, allTemplates);
    expect(list.languages).toEqual(["en_US", "es"]);
    expect(list.statuses).toEqual(["APPROVED"]);
  });
});

describe("creating a template", () => {
  it("submits it to Meta as PENDING, and Meta's approval arrives by webhook", async () => {
    const { user, account } = await connected();
    const form = templateForm();
    const result = await createTemplate(user.access, form);
    expect(result).toMatchObject({ ok: true, status: "PENDING" });
    const atMeta = (await templatesAtMeta(account)).find((template) => template.name === form.name);
    expect(atMeta).toMatchObject({ category: "UTILITY" });
    const stored = await findTemplate(user.access, result.ok ? result.id : "");
    expect(stored).toMatchObject({ name: form.name, status: "PENDING", metaTemplateId: atMeta!.id, createdByName: expect.stringContaining("User ") });
    expect(stored?.components).toEqual([
      { type: "BODY", text: "Hello {{1}}, your order {{2}} is on its way.", example: { body_text: [["Ana", "#1042"]] } },
      { type: "FOOTER", text: "Reply STOP to opt out" },
      { type: "BUTTONS", buttons: [{ type: "URL", text: "Track", url: "https://shop.example/track/{{1}}", example: ["https://shop.example/track/1042"] }] },
    ]);

    await deliverWebhooks(user, account.wabaId);
    expect(await findTemplate(user.access, stored!.id)).toMatchObject({ status: "APPROVED", rejectedReason: null });
  });

  it("builds payloads Meta accepts for named variables, media headers and one-time codes", async () => {
    const { user, account } = await connected();
    const named = await createTemplate(
      user.access,
      templateForm({ headerType: "IMAGE", headerHandle: "4::aW1hZ2UvanBlZw==:ARb", body: "Hi {{first_name}}, your order {{order_id}} shipped.", bodyExamples: "Ana\n#1042", buttonType1: "" }),
    );
    expect(named).toMatchObject({ ok: true });
    const code = await createTemplate(user.access, { name: `login_code_${randomBytes(3).toString("hex")}`, language: "en", category: "AUTHENTICATION", securityRecommendation: "on", codeExpirationMinutes: "10" });
    expect(code).toMatchObject({ ok: true });
    const submitted = await metaAdmin<{ data: { body: { parameter_format?: string; components: unknown[] } }[] }>("GET", `requests?path=${account.wabaId}/message_templates&method=POST`);
    expect(submitted.data.map((request) => request.body.parameter_format)).toEqual(["NAMED", undefined]);
    await deliverWebhooks(user, account.wabaId);
    const stored = await listTemplates(user.access, allTemplates);
    expect(stored.templates.map((template) => [template.category, template.status])).toEqual([
      ["AUTHENTICATION", "APPROVED"],
      ["UTILITY", "APPROVED"],
    ]);
  });

  it("uploads a media header's sample through the Resumable Upload API and names its handle; refuses a file of the wrong kind", async () => {
    const { user, account } = await connected();
    const data = Buffer.from("PNG sample of the header image");
    const image = { data, size: data.length, mimeType: "image/png", filename: "header.png" };
    const form = () => templateForm({ headerType: "IMAGE", body: "Hi {{1}}, your order {{2}} shipped.", bodyExamples: "Ana\n#1042", buttonType1: "" });

    const wrongKind = await createTemplate(user.access, form(), { ...image, mimeType: "application/pdf", filename: "header.pdf" });
    expect(wrongKind).toEqual({ ok: false, errors: { headerHandle: "The header needs a JPEG or PNG image up to 5 MB." }, sample: undefined });
    const missing = await createTemplate(user.access, form());
    expect(missing).toMatchObject({ ok: false, errors: { headerHandle: "Choose a sample image for Meta's reviewers" } });
    // Another field is wrong: the sample is taken all the same and handed back, so it need not be chosen again.
    const kept = await createTemplate(user.access, { ...form(), name: "Not A Name" }, image);
    expect(kept).toMatchObject({ ok: false, errors: { name: expect.any(String) }, sample: { handle: expect.stringMatching(/^4::/), name: "header.png" } });
    const handle = kept.ok ? "" : (kept.sample?.handle ?? "");
    expect(await createTemplate(user.access, { ...form(), headerHandle: handle })).toMatchObject({ ok: true });

    const uploads = await metaAdmin<{ data: { path: string; query: Record<string, string>; body: unknown; response: unknown }[] }>("GET", "requests?method=POST");
    const started = uploads.data.filter((request) => request.path.endsWith("/uploads"));
    expect(started.map((request) => request.query)).toContainEqual(expect.objectContaining({ file_name: "header.png", file_length: String(data.length), file_type: "image/png" }));
    const sent = uploads.data.filter((request) => /\/upload:/.test(request.path));
    expect(sent.map((request) => [request.body, request.response])).toContainEqual([{ bytes: data.length }, { h: handle }]);
    const submitted = uploads.data.filter((request) => request.path.endsWith(`/${account.wabaId}/message_templates`));
    expect(submitted.at(-1)?.body).toMatchObject({ components: expect.arrayContaining([{ type: "HEADER", format: "IMAGE", example: { header_handle: [handle] } }]) });
  });

  it("shows Meta's rejection with its reason", async () => {
    const { user, account } = await connected();
    const result = await createTemplate(user.access, templateForm({ name: `please_reject_${randomBytes(3).toString("hex")}` }));
    await deliverWebhooks(user, account.wabaId);
    expect(await findTemplate(user.access, result.ok ? result.id : "")).toMatchObject({ status: "REJECTED", rejectedReason: "INVALID_FORMAT" });
  });

  it("refuses a variable count that does not match its sample values, next to the field, without calling Meta", async () => {
    const { user, account } = await connected();
    const before = (await metaAdmin<{ data: unknown[] }>("GET", `requests?path=${account.wabaId}/message_templates&method=POST`)).data.length;
    const result = await createTemplate(user.access, templateForm({ bodyExamples: "Ana" }));
    expect(result).toEqual({
      ok: false,
      errors: { bodyExamples: "The body has 2 variables ({{1}}, {{2}}) but 1 sample value: give exactly one per variable, one per line, in order" },
    });
    const header = await createTemplate(user.access, templateForm({ headerType: "TEXT", headerText: "Order {{1}}" }));
    expect(!header.ok && header.errors.headerExample).toMatch(/header has 1 variable/);
    const button = await createTemplate(user.access, templateForm({ buttonUrlExample1: "" }));
    expect(!button.ok && button.errors.buttonUrlExample1).toMatch(/sample value for the \{\{1\}\}/);
    const after = (await metaAdmin<{ data: unknown[] }>("GET", `requests?path=${account.wabaId}/message_templates&method=POST`)).data.length;
    expect(after).toBe(before);
    expect((await listTemplates(user.access, allTemplates)).total).toBe(0);
  });

  it("refuses a name already used in that language, here or at Meta", async () => {
    const { user, account } = await connected([shipped]);
    const atMetaOnly = await createTemplate(user.access, templateForm({ name: "order_shipped" }));
    expect(!atMetaOnly.ok && atMetaOnly.errors.name).toMatch(/already .*content/i);
    const form = templateForm();
    expect((await createTemplate(user.access, form)).ok).toBe(true);
    const again = await createTemplate(user.access, form);
    expect(!again.ok && again.errors.name).toBe(`There is already a template named ${form.name} in English (US): choose another name or language`);
    expect((await templatesAtMeta(account)).filter((template) => template.name === form.name)).toHaveLength(1);
  });

  it("is for owners and admins only, and needs a connection", async () => {
    const { user } = await connected();
    const asAgent = await createTemplate({ ...user.access, role: "agent" }, templateForm());
    expect(asAgent).toEqual({ ok: false, errors: { form: "Only owners and admins can create templates" } });
    const unconnected = await createAccount();
    const result = await createTemplate(unconnected.access, templateForm());
    expect(!result.ok && result.errors.form).toMatch(/Connect WhatsApp/);
  });
});

describe("Meta's template webhooks", () => {
  it("keeps the latest category when Meta recategorises a template, and ignores an announced change", async () => {
    const { user, account } = await connected([shipped]);
    await syncTemplates(user.access.workspace.id);
    const metaId = (await templatesAtMeta(account))[0]!.id;
    await metaAdmin("POST", `templates/${metaId}/category`, { category: "MARKETING", impending: true });
    await deliverWebhooks(user, account.wabaId);
    const [listed] = (await listTemplates(user.access, allTemplates)).templates;
    expect(listed).toMatchObject({ category: "UTILITY", previousCategory: null });

    await metaAdmin("POST", `templates/${metaId}/category`, { category: "MARKETING" });
    await deliverWebhooks(user, account.wabaId);
    expect((await listTemplates(user.access, allTemplates)).templates[0]).toMatchObject({ category: "MARKETING", previousCategory: "UTILITY" });
    // A later sync agrees with the webhook.
    expect(await syncTemplates(user.access.workspace.id)).toMatchObject({ ok: true, updated: 0 });
    expect((await listTemplates(user.access, allTemplates)).templates[0]).toMatchObject({ category: "MARKETING", previousCategory: "UTILITY" });
  });

  it("applies a status update twice harmlessly, and syncs a template it has not stored yet", async () => {
    const { user, account } = await connected([shipped]);
    const metaId = (await templatesAtMeta(account))[0]!.id;
    await metaAdmin("POST", `templates/${metaId}/review`, { status: "PAUSED" });
    await deliverWebhooks(user, account.wabaId);
    const jobs = await queuedPayloads(owner, "sync-templates");
    expect(jobs.filter((payload) => payload.workspaceId === user.access.workspace.id).length).toBeGreaterThanOrEqual(1);

    await syncTemplates(user.access.workspace.id);
    await metaAdmin("POST", `templates/${metaId}/review`, { status: "APPROVED" });
    await deliverWebhooks(user, account.wabaId);
    const [event] = await withWorkspace(user.access.workspace.id, null, (tx) => tx<{ id: string }[]>`
      select id from whatsapp_webhook_events order by received_at desc limit 1`);
    await withWorkspace(user.access.workspace.id, null, (tx) => tx`update whatsapp_webhook_events set applied_at = null where id = ${event!.id}`);
    expect(await applyPendingWebhooks(user.access.workspace.id)).toBe(1);
    expect((await listTemplates(user.access, allTemplates)).templates[0]).toMatchObject({ status: "APPROVED" });
  });
});

/** A webhook signed with the account's app secret, as Meta would send it, received by the workspace's endpoint. */
async function receiveSigned(user: TestAccount, account: ProvisionedAccount, field: string, value: Record<string, unknown>): Promise<void> {
  const [row] = await withWorkspace(user.access.workspace.id, null, (tx) => tx<{ webhookKey: string }[]>`select webhook_key from whatsapp_accounts`);
  const body = Buffer.from(JSON.stringify({ object: "whatsapp_business_account", entry: [{ id: account.wabaId, time: 1, changes: [{ field, value }] }] }));
  const signature = `sha256=${createHmac("sha256", account.appSecret).update(body).digest("hex")}`;
  expect(await receiveWebhook(row!.webhookKey, body, signature)).toEqual({ status: 200, body: "ok" });
}

describe("Meta's template webhooks out of order", () => {
  it("lets a late, stale status stand only until the sync that every change schedules", async () => {
    const { user, account } = await connected([shipped]);
    await syncTemplates(user.access.workspace.id);
    const metaId = (await templatesAtMeta(account))[0]!.id;
    await receiveSigned(user, account, "message_template_status_update", {
      event: "PENDING", message_template_id: Number(metaId), message_template_name: "order_shipped", message_template_language: "en_US", reason: "NONE",
    });
    await deliverWebhooks(user, account.wabaId);
    expect((await listTemplates(user.access, allTemplates)).templates[0]).toMatchObject({ status: "PENDING" });

    const [confirm] = await owner<{ runAt: Date }[]>`
      select run_at from graphile_worker._private_jobs where key = ${`sync-templates-confirm:${user.access.workspace.id}`}`;
    expect(confirm!.runAt.getTime()).toBeGreaterThan(Date.now() + 30_000);
    await syncTemplates(user.access.workspace.id);
    expect((await listTemplates(user.access, allTemplates)).templates[0]).toMatchObject({ status: "APPROVED" });
  });
});

describe("Meta's quality webhook", () => {
  it("stores the template's new quality rating", async () => {
    const { user, account } = await connected([shipped]);
    await syncTemplates(user.access.workspace.id);
    const metaId = (await templatesAtMeta(account))[0]!.id;
    await receiveSigned(user, account, "message_template_quality_update", {
      previous_quality_score: "GREEN", new_quality_score: "YELLOW", message_template_id: Number(metaId), message_template_name: "order_shipped", message_template_language: "en_US",
    });
    await deliverWebhooks(user, account.wabaId);
    const [listed] = (await listTemplates(user.access, allTemplates)).templates;
    expect(listed).toMatchObject({ qualityScore: "YELLOW" });
    expect((await findTemplate(user.access, listed!.id))?.metaTemplateId).toBe(metaId);
  });
});

describe("deleting a template", () => {
  it("deletes it at Meta and here", async () => {
    const { user, account } = await connected([shipped, welcome]);
    await syncTemplates(user.access.workspace.id);
    const target = (await listTemplates(user.access, allTemplates)).templates.find((template) => template.name === "welcome_offer")!;
    expect(await deleteTemplate(user.access, target.id)).toEqual({ ok: true, name: "welcome_offer" });
    expect((await templatesAtMeta(account)).map((template) => template.name)).toEqual(["order_shipped"]);
    expect(await findTemplate(user.access, target.id)).toBeNull();
  });

  it("still removes a template someone already deleted at Meta, and leaves agents out", async () => {
    const { user, account } = await connected([shipped]);
    await syncTemplates(user.access.workspace.id);
    const [target] = (await listTemplates(user.access, allTemplates)).templates;
    expect(await deleteTemplate({ ...user.access, role: "agent" }, target!.id)).toEqual({ ok: false, error: "Only owners and admins can delete templates" });
    await metaAdmin("POST", "accounts", { ...account, templates: [] });
    expect(await deleteTemplate(user.access, target!.id)).toEqual({ ok: true, name: "order_shipped" });
  });

  it("keeps Meta's refusal in plain words and the template in place", async () => {
    const { user, account } = await connected([shipped]);
    await syncTemplates(user.access.workspace.id);
    const [target] = (await listTemplates(user.access, allTemplates)).templates;
    await metaAdmin("POST", "tokens/expire", { accessToken: account.accessToken });
    const result = await deleteTemplate(user.access, target!.id);
    expect(!result.ok && result.error).toMatch(/access token has expired or is invalid \(190\)/);
    expect(await findTemplate(user.access, target!.id)).not.toBeNull();
  });
});

describe("tenant isolation", () => {
  it("never shows or deletes another workspace's templates", async () => {
    const { user } = await connected([shipped]);
    await syncTemplates(user.access.workspace.id);
    const [theirs] = (await listTemplates(user.access, allTemplates)).templates;
    const other = await createAccount();
    expect((await listTemplates(other.access, allTemplates)).total).toBe(0);
    expect(await findTemplate(other.access, theirs!.id)).toBeNull();
    expect(await deleteTemplate(other.access, theirs!.id)).toEqual({ ok: false, error: "This template no longer exists" });
    expect(await findTemplate(user.access, theirs!.id)).not.toBeNull();
  });
});

describe("the sync-templates job", () => {
  it("runs the sync queued on connect, and gives up without retrying once WhatsApp is disconnected", async () => {
    const { user } = await connected([shipped, welcome]);
    const [payload] = (await queuedPayloads(owner, "sync-templates")).filter((queued) => queued.workspaceId === user.access.workspace.id);
    const logged: string[] = [];
    // The task reads only its logger from the worker's helpers.
    const helpers = { logger: new Logger(() => (level, message) => void logged.push(`${level}: ${message}`)) } as unknown as JobHelpers;

    await syncTemplatesTask(payload, helpers);
    const list = await listTemplates(user.access, allTemplates);
    expect(list.templates.map((template) => template.name)).toEqual(["order_shipped", "welcome_offer"]);
    expect(logged).toEqual([`info: templates of ${user.access.workspace.id}: 2 at Meta, 2 added, 0 updated, 0 removed`]);

    await disconnectWhatsApp(user.access, meta);
    await expect(syncTemplatesTask(payload, helpers)).resolves.toBeUndefined();
    expect(logged[1]).toBe(`warning: templates of ${user.access.workspace.id} not synced: WhatsApp is not connected for this workspace`);
  });
});
