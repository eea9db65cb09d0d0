// The WhatsApp connection against Postgres and the Meta emulator: nothing is saved unless Meta
// accepts it, secrets are sealed at rest, and the webhook endpoint stores only signed deliveries.
import { createHmac } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { withWorkspace } from "../../db/transactions";
import { parseKeyring, keyring } from "../../app/lib/secrets.server";
import { connectWhatsApp } from "../../app/modules/whatsapp/connect-whatsapp.server";
import { readConnection, readCredentials } from "../../app/modules/whatsapp/read-connection.server";
import { applyPendingWebhooks } from "../../app/modules/whatsapp/apply-webhook-event.server";
import { answerWebhookHandshake, receiveWebhook } from "../../app/modules/whatsapp/receive-webhook.server";
import { reviveWebhookApply } from "../../app/modules/whatsapp/revive-webhook-apply.server";
import { rotateSecrets } from "../../app/modules/whatsapp/rotate-secrets.server";
import { testConnection } from "../../app/modules/whatsapp/test-connection.server";
import { createAccount, meta, ownerSql, queuedPayloads, type TestAccount } from "../helpers/factories";
import { connectionForm, metaAdmin, provisionMetaAccount, type ProvisionedAccount } from "../helpers/meta-emulator";

const owner = ownerSql();

afterAll(async () => {
  await owner.end();
});

async function connected(): Promise<{ user: TestAccount; account: ProvisionedAccount; form: Record<string, string> }> {
  const user = await createAccount();
  const account = await provisionMetaAccount();
  const form = connectionForm(account);
  const result = await connectWhatsApp(user.access, form, meta);
  expect(result).toMatchObject({ ok: true });
  return { user, account, form };
}

describe("connecting WhatsApp", () => {
  it("saves nothing when Meta refuses the token, and says why next to the field", async () => {
    const user = await createAccount();
    const account = await provisionMetaAccount();
    const result = await connectWhatsApp(user.access, connectionForm(account, { accessToken: "EAAT-not-a-real-token" }), meta);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors.accessToken).toMatch(/access token.*\(190\)/i);
    expect(await withWorkspace(user.access.workspace.id, user.userId, readConnection)).toBeNull();
  });

  it("refuses phone number ids that are not in the account", async () => {
    const user = await createAccount();
    const account = await provisionMetaAccount();
    const result = await connectWhatsApp(user.access, connectionForm(account, { phoneNumberIds: "123456789012345" }), meta);
    expect(!result.ok && result.errors.phoneNumberIds).toMatch(/Not in this WhatsApp Business Account: 123456789012345/);
  });

  it("stores the numbers Meta reports, seals the secrets and queues a template sync", async () => {
    const { user, account } = await connected();
    const connection = await withWorkspace(user.access.workspace.id, user.userId, readConnection);
    expect(connection?.numbers.map((number) => number.verifiedName).sort()).toEqual(["Test Shop", "Test Shop Support"]);
    const [raw] = await withWorkspace(user.access.workspace.id, null, (tx) => tx<{ token: Buffer; secret: Buffer }[]>`
      select access_token_ciphertext as token, app_secret_ciphertext as secret from whatsapp_accounts`);
    expect(raw?.token.includes(Buffer.from(account.accessToken))).toBe(false);
    expect(raw?.secret.includes(Buffer.from(account.appSecret))).toBe(false);
    const credentials = await withWorkspace(user.access.workspace.id, null, readCredentials);
    expect(credentials).toMatchObject({ accessToken: account.accessToken, appSecret: account.appSecret, wabaId: account.wabaId });
    const jobs = await queuedPayloads(owner, "sync-templates");
    expect(jobs.filter((payload) => payload.workspaceId === user.access.workspace.id)).toHaveLength(1);
  });

  it("reconnecting with the secret fields left empty keeps the stored token and secret", async () => {
    const { user, account, form } = await connected();
    const again = await connectWhatsApp(user.access, { ...form, accessToken: "", appSecret: "" }, meta);
    expect(again.ok).toBe(true);
    expect(await withWorkspace(user.access.workspace.id, null, readCredentials)).toMatchObject({ accessToken: account.accessToken, appSecret: account.appSecret });
  });

  it("keeps another workspace from connecting the same number, and from seeing the connection", async () => {
    const { account } = await connected();
    const other = await createAccount();
    const result = await connectWhatsApp(other.access, connectionForm(account), meta);
    expect(!result.ok && result.errors.phoneNumberIds).toMatch(/already connected to another workspace/);
    expect(await withWorkspace(other.access.workspace.id, other.userId, readConnection)).toBeNull();
  });

  it("tests the connection, and reports an expired token in plain words", async () => {
    const { user, account } = await connected();
    const check = await testConnection(user.access);
    expect(check.ok && check.numbers.map((number) => number.display_phone_number).sort()).toEqual(["+1 555-010-0001", "+1 555-010-0002"]);
    await metaAdmin("POST", "tokens/expire", { accessToken: account.accessToken });
    const expired = await testConnection(user.access);
    expect(!expired.ok && expired.error).toMatch(/access token has expired or is invalid \(190\)/);
  });

  it("re-seals secrets under a new first key and back, losing nothing", async () => {
    const { user, account } = await connected();
    const current = keyring();
    const [first, second] = [...current.keys.keys()];
    if (!first || !second) throw new Error("the tests run with two keys in SECRETS_KEYS");
    const swapped = parseKeyring([second, first].map((id) => `${id}:${current.keys.get(id)?.toString("base64")}`).join(","));
    expect((await rotateSecrets(swapped)).resealed).toBeGreaterThanOrEqual(1);
    const keyIdNow = async () => (await withWorkspace(user.access.workspace.id, null, (tx) => tx<{ keyId: string }[]>`select access_token_key_id as key_id from whatsapp_accounts`))[0]?.keyId;
    expect(await keyIdNow()).toBe(second);
    await rotateSecrets(current);
    expect(await keyIdNow()).toBe(first);
    expect(await withWorkspace(user.access.workspace.id, null, readCredentials)).toMatchObject({ accessToken: account.accessToken, appSecret: account.appSecret });
  });
});

describe("the workspace's webhook endpoint", () => {
  async function webhookOf(user: TestAccount) {
    const [row] = await withWorkspace(user.access.workspace.id, null, (tx) => tx<{ webhookKey: string; verifyToken: string }[]>`
      select webhook_key, verify_token from whatsapp_accounts`);
    if (!row) throw new Error("not connected");
    return row;
  }

  const body = (wabaId: string, field = "phone_number_quality_update") =>
    Buffer.from(JSON.stringify({ object: "whatsapp_business_account", entry: [{ id: wabaId, changes: [{ field, value: { event: "FLAGGED", display_phone_number: "15550100001", current_limit: "TIER_1K" } }] }] }));
  const sign = (raw: Buffer, secret: string) => `sha256=${createHmac("sha256", secret).update(raw).digest("hex")}`;

  it("answers Meta's handshake only with the workspace's verify token", async () => {
    const { user } = await connected();
    const { webhookKey, verifyToken } = await webhookOf(user);
    const ok = await answerWebhookHandshake(webhookKey, new URLSearchParams({ "hub.mode": "subscribe", "hub.verify_token": verifyToken, "hub.challenge": "1158201444" }));
    expect(ok).toEqual({ status: 200, body: "1158201444" });
    const wrong = await answerWebhookHandshake(webhookKey, new URLSearchParams({ "hub.mode": "subscribe", "hub.verify_token": "nope", "hub.challenge": "1" }));
    expect(wrong.status).toBe(403);
    expect((await answerWebhookHandshake("x".repeat(32), new URLSearchParams())).status).toBe(404);
  });

  it("stores a signed delivery once, and rejects unsigned, forged and malformed ones", async () => {
    const { user, account } = await connected();
    const { webhookKey } = await webhookOf(user);
    const raw = body(account.wabaId);
    expect(await receiveWebhook(webhookKey, raw, sign(raw, account.appSecret))).toEqual({ status: 200, body: "ok" });
    expect((await receiveWebhook(webhookKey, raw, sign(raw, account.appSecret))).status).toBe(200);
    expect((await receiveWebhook(webhookKey, raw, null)).status).toBe(401);
    expect((await receiveWebhook(webhookKey, raw, sign(raw, "someone-elses-secret"))).status).toBe(401);
    const notJson = Buffer.from("{not json");
    expect((await receiveWebhook(webhookKey, notJson, sign(notJson, account.appSecret))).status).toBe(400);
    const stored = await withWorkspace(user.access.workspace.id, null, (tx) => tx`select id from whatsapp_webhook_events`);
    expect(stored).toHaveLength(1);
    const jobs = await queuedPayloads(owner, "apply-whatsapp-webhook");
    expect(jobs.filter((payload) => payload.workspaceId === user.access.workspace.id)).toHaveLength(1);
  });

  it("answers each delivery of a concurrent burst for itself, storing each signed one once and nothing else", async () => {
    const { user, account } = await connected();
    const { webhookKey } = await webhookOf(user);
    const signed = Array.from({ length: 30 }, (_, index) =>
      Buffer.from(JSON.stringify({ object: "whatsapp_business_account", entry: [{ id: account.wabaId, changes: [{ field: "messages", value: { statuses: [], order: index } }] }] })));
    const notJson = Buffer.from("{not json");
    // The first delivery finds the workspace; the burst behind it arrives while it is being stored.
    expect(await receiveWebhook(webhookKey, signed[0] as Buffer, sign(signed[0] as Buffer, account.appSecret))).toEqual({ status: 200, body: "ok" });
    const deliveries = [
      ...signed.slice(1, 10).map((raw) => ({ raw, signature: sign(raw, account.appSecret), expected: 200 })),
      { raw: signed[0] as Buffer, signature: sign(signed[0] as Buffer, account.appSecret), expected: 200 },
      { raw: signed[10] as Buffer, signature: sign(signed[10] as Buffer, "someone-elses-secret"), expected: 401 },
      { raw: notJson, signature: sign(notJson, account.appSecret), expected: 400 },
      ...signed.slice(11).map((raw) => ({ raw, signature: sign(raw, account.appSecret), expected: 200 })),
    ];
    const replies = await Promise.all(deliveries.map((delivery) => receiveWebhook(webhookKey, delivery.raw, delivery.signature)));
    expect(replies.map((reply) => reply.status)).toEqual(deliveries.map((delivery) => delivery.expected));
    const stored = await withWorkspace(user.access.workspace.id, null, (tx) => tx<{ order: number }[]>`
      select (payload -> 'entry' -> 0 -> 'changes' -> 0 -> 'value' ->> 'order')::int as order from whatsapp_webhook_events order by 1`);
    // The repeated body is stored once; the forged one never.
    expect(stored.map((row) => row.order)).toEqual(Array.from({ length: 30 }, (_, index) => index).filter((index) => index !== 10));
  });

  it("shares one waiting apply job among a burst of deliveries, and a stranded delivery gets it requested again", async () => {
    const { user, account } = await connected();
    const { webhookKey } = await webhookOf(user);
    const workspaceId = user.access.workspace.id;
    const bodies = Array.from({ length: 20 }, (_, index) =>
      Buffer.from(JSON.stringify({ object: "whatsapp_business_account", entry: [{ id: account.wabaId, changes: [{ field: "messages", value: { statuses: [], burst: index } }] }] })));
    const [first, ...rest] = bodies;
    expect((await receiveWebhook(webhookKey, first!, sign(first!, account.appSecret))).status).toBe(200);
    const replies = await Promise.all(rest.map((raw) => receiveWebhook(webhookKey, raw, sign(raw, account.appSecret))));
    expect(replies.every((reply) => reply.status === 200)).toBe(true);
    const waiting = await owner<{ runAt: Date; revision: number }[]>`
      select j.run_at, j.revision from graphile_worker._private_jobs j where j.key = ${`apply-whatsapp-webhook:${workspaceId}`}`;
    // One job, written once by the first delivery: the 19 after it found it waiting and wrote nothing.
    expect(waiting).toHaveLength(1);
    expect(waiting[0]?.revision).toBe(0);

    // The job ran and went (as if its worker took it), but one delivery was left unapplied for over a minute.
    await owner`delete from graphile_worker._private_jobs where key = ${`apply-whatsapp-webhook:${workspaceId}`}`;
    await withWorkspace(workspaceId, null, (tx) => tx`update whatsapp_webhook_events set received_at = now() - interval '2 minutes'`);
    expect(await reviveWebhookApply()).toBeGreaterThanOrEqual(1);
    expect((await queuedPayloads(owner, "apply-whatsapp-webhook")).filter((payload) => payload.workspaceId === workspaceId)).toHaveLength(1);
    expect(await applyPendingWebhooks(workspaceId)).toBe(20);
  });
});
