import http from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { bsuidForPhone } from "./ids";
import { startMetaEmulator } from "./server";
import { FAST, emulatorForFile, graphClient, orderUpdate, startReceiver, testAccount, textMessage } from "./test-helpers";

const { emulator, receiverForTest } = emulatorForFile();

/** An account whose webhooks go to a fresh signature-checking receiver. */
async function connected(overrides = {}) {
  const input = testAccount(overrides);
  const receiver = await receiverForTest(input.appSecret);
  const account = emulator.provision({ ...input, callbackUrl: receiver.url });
  const phone = account.phoneNumbers[0] as { id: string };
  return { input, account, phone, client: graphClient(emulator, input.accessToken), receiver };
}

describe("sending", () => {
  it("sends a text by phone: contacts[].wa_id and a wamid", async () => {
    const { phone, client } = await connected();
    const reply = await client.post(`/v24.0/${phone.id}/messages`, textMessage("+44 7700 900123"));
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({
      messaging_product: "whatsapp",
      contacts: [{ input: "+44 7700 900123", wa_id: "447700900123" }],
      messages: [{ id: expect.stringMatching(/^wamid\.[A-Za-z0-9+/=]+$/) }],
    });
  });

  it("sends a template to a BSUID with recipient: contacts[].user_id, no wa_id", async () => {
    const { input, phone, client } = await connected();
    const bsuid = emulator.bsuidFor(input.wabaId, "14155550100");
    expect(bsuid).toMatch(/^US\.\d{1,20}$/);
    const reply = await client.post(`/v24.0/${phone.id}/messages`, orderUpdate({ recipient: bsuid }));
    expect(reply.status).toBe(200);
    expect(reply.body.contacts).toEqual([{ input: bsuid, user_id: bsuid }]);
    expect(reply.body.messages[0]).toEqual({ id: expect.stringMatching(/^wamid\./), message_status: "accepted" });
  });

  it("prefers to over recipient when both are given, and rejects a malformed recipient", async () => {
    const { phone, client } = await connected();
    const both = await client.post(`/v24.0/${phone.id}/messages`, { ...textMessage("14155550100"), recipient: "US.123" });
    expect(both.body.contacts).toEqual([{ input: "14155550100", wa_id: "14155550100" }]);
    const bad = await client.post(`/v24.0/${phone.id}/messages`, { messaging_product: "whatsapp", recipient_type: "individual", recipient: "not-a-bsuid", type: "text", text: { body: "x" } });
    expect(bad.body.error).toMatchObject({ code: 100 });
    const missing = await client.post(`/v24.0/${phone.id}/messages`, { messaging_product: "whatsapp", type: "text", text: { body: "x" } });
    expect(missing.body.error.message).toBe("(#100) The parameter to is required.");
  });

  it("derives the same BSUID per business and a different one in another business", () => {
    expect(bsuidForPhone("111", "+1 415 555 0100")).toBe(bsuidForPhone("111", "14155550100"));
    expect(bsuidForPhone("111", "14155550100")).not.toBe(bsuidForPhone("222", "14155550100"));
    expect(bsuidForPhone("111", "447700900123")).toMatch(/^GB\./);
    expect(bsuidForPhone("111", "5511999999999")).toMatch(/^BR\./);
  });

  it("records every request exactly as received", async () => {
    const { input, phone, client } = await connected();
    const sent = textMessage("14155550100", "recorded?");
    await client.post(`/v24.0/${phone.id}/messages`, sent);
    await client.get(`/v24.0/${phone.id}`);
    const recorded = emulator.requests({ path: `/${phone.id}/messages` });
    expect(recorded).toHaveLength(1);
    expect(recorded[0]).toMatchObject({ method: "POST", path: `/v24.0/${phone.id}/messages`, body: sent, status: 200 });
    expect(recorded[0]?.headers.authorization).toBe(`Bearer ${input.accessToken}`);
    expect(emulator.requests({ since: recorded[0]?.seq })).toHaveLength(1);
    emulator.clearRequests();
    expect(emulator.requests()).toEqual([]);
  });
});

describe("status webhooks", () => {
  it("sends sent, delivered and read, signed, with contacts, recipient ids and PMP pricing", async () => {
    const { input, phone, client, receiver } = await connected();
    const reply = await client.post(`/v24.0/${phone.id}/messages`, { ...orderUpdate({ to: "14155550100" }), biz_opaque_callback_data: "campaign-7" });
    const id = reply.body.messages[0].id;
    await receiver.waitFor((r) => r.length >= 3);
    expect(receiver.received.every((w) => w.signatureValid)).toBe(true);
    const bsuid = emulator.bsuidFor(input.wabaId, "14155550100");
    const changes = receiver.changes("messages");
    expect(changes.map((c) => c.value.statuses[0].status)).toEqual(["sent", "delivered", "read"]);
    expect(changes[1]).toEqual({
      field: "messages",
      value: {
        messaging_product: "whatsapp",
        metadata: { display_phone_number: "15550200001", phone_number_id: phone.id },
        contacts: [{ user_id: bsuid, wa_id: "14155550100" }],
        statuses: [
          {
            id,
            status: "delivered",
            timestamp: expect.stringMatching(/^\d{10}$/),
            recipient_id: "14155550100",
            recipient_user_id: bsuid,
            biz_opaque_callback_data: "campaign-7",
            pricing: { billable: true, pricing_model: "PMP", type: "regular", category: "utility" },
          },
        ],
      },
    });
    expect(receiver.received[0]?.body.entry[0]).not.toHaveProperty("time");
  });

  it("keeps one message's statuses in order for a callback that answers slowly", async () => {
    const input = testAccount();
    // An app that takes 150 ms over its first webhook and answers the rest at once: it finishes
    // processing statuses in the order the emulator lets them reach it.
    const processed: string[] = [];
    let posts = 0;
    const slow = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (chunk: Buffer) => chunks.push(chunk));
      req.on("end", () => {
        const status = JSON.parse(Buffer.concat(chunks).toString("utf8")).entry[0].changes[0].value.statuses[0].status as string;
        setTimeout(
          () => {
            processed.push(status);
            res.writeHead(200).end();
          },
          posts++ === 0 ? 150 : 0,
        );
      });
    });
    await new Promise<void>((resolve) => slow.listen(0, "127.0.0.1", resolve));
    try {
      const account = emulator.provision({ ...input, callbackUrl: `http://127.0.0.1:${(slow.address() as AddressInfo).port}/hook` });
      await graphClient(emulator, input.accessToken).post(`/v24.0/${account.phoneNumbers[0]?.id}/messages`, textMessage("14155550100"));
      await emulator.settle();
      expect(processed).toEqual(["sent", "delivered", "read"]);
    } finally {
      slow.closeAllConnections();
      await new Promise((resolve) => slow.close(resolve));
    }
  });

  it("settles one account while another's webhooks are still being retried", async () => {
    emulator.configure({ webhookRetryDelaysMs: [5_000] });
    const stuck = testAccount();
    const refused = http.createServer((_req, res) => res.writeHead(500).end());
    await new Promise<void>((resolve) => refused.listen(0, "127.0.0.1", resolve));
    try {
      const failing = emulator.provision({ ...stuck, callbackUrl: `http://127.0.0.1:${(refused.address() as AddressInfo).port}/hook` });
      const { account, phone, client, receiver } = await connected();
      await graphClient(emulator, stuck.accessToken).post(`/v24.0/${failing.phoneNumbers[0]?.id}/messages`, textMessage("14155550101"));
      await client.post(`/v24.0/${phone.id}/messages`, textMessage("14155550102"));
      await emulator.settle(5_000, account.wabaId);
      expect(receiver.statuses().map((status) => status.status)).toEqual(["sent", "delivered", "read"]);
      await expect(emulator.settle(300, failing.wabaId)).rejects.toThrow(`webhooks of ${failing.wabaId} still pending`);
    } finally {
      refused.closeAllConnections();
      await new Promise((resolve) => refused.close(resolve));
    }
  });

  it("uses the conversation object for webhooks of API versions before v24.0", async () => {
    const old = await startMetaEmulator({ ...FAST, apiVersion: "v23.0" });
    const input = testAccount();
    const oldReceiver = await startReceiver(input.appSecret);
    try {
      const account = old.provision({ ...input, callbackUrl: oldReceiver.url });
      await graphClient(old, input.accessToken).post(`/v23.0/${account.phoneNumbers[0]?.id}/messages`, orderUpdate({ to: "14155550100" }));
      await oldReceiver.waitFor((r) => r.length >= 1);
      expect(oldReceiver.statuses()[0].conversation).toEqual({ id: expect.stringMatching(/^[0-9a-f]{32}$/), origin: { type: "utility" }, expiration_timestamp: expect.any(String) });
    } finally {
      await oldReceiver.close();
      await old.close();
    }
  });

  it("omits recipient_id and the phone for a username user reached by BSUID, and adds the username after sent", async () => {
    const { input, phone, client, receiver } = await connected();
    const user = emulator.addUser({ wabaId: input.wabaId, username: "sara.codes", name: "Sara" });
    expect(user).toMatchObject({ phone: null, phoneWithheld: true, username: "sara.codes" });
    await client.post(`/v24.0/${phone.id}/messages`, orderUpdate({ recipient: user.bsuid }));
    await receiver.waitFor((r) => r.length >= 3);
    const [sent, delivered] = receiver.changes("messages");
    expect(sent.value.statuses[0]).not.toHaveProperty("recipient_id");
    expect(sent.value.statuses[0].recipient_user_id).toBe(user.bsuid);
    expect(sent.value.contacts).toEqual([{ user_id: user.bsuid }]);
    expect(delivered.value.contacts).toEqual([{ user_id: user.bsuid, profile: { username: "sara.codes" } }]);
  });

  it("prices service replies inside the customer service window as free", async () => {
    const { phone, client, receiver } = await connected();
    emulator.sendInbound({ phoneNumberId: phone.id, from: "14155550100", text: "Hi!" });
    await client.post(`/v24.0/${phone.id}/messages`, textMessage("14155550100", "Hello back"));
    await client.post(`/v24.0/${phone.id}/messages`, orderUpdate({ to: "14155550100" }));
    await receiver.waitFor(() => receiver.statuses().length >= 6);
    const pricing = receiver.statuses().filter((s) => s.status === "sent").map((s) => s.pricing);
    expect(pricing).toEqual([
      { billable: false, pricing_model: "PMP", type: "free_customer_service", category: "service" },
      { billable: false, pricing_model: "PMP", type: "free_customer_service", category: "utility" },
    ]);
  });

  it("fails non-template messages outside the window with 131047 when the window is enforced", async () => {
    const { phone, client, receiver } = await connected();
    emulator.configure({ enforceCustomerServiceWindow: true });
    await client.post(`/v24.0/${phone.id}/messages`, textMessage("14155550100"));
    await receiver.waitFor((r) => r.length >= 1);
    expect(receiver.statuses()[0]).toMatchObject({ status: "failed", errors: [{ code: 131047, title: "Re-engagement message" }] });
  });
});

describe("injected trouble", () => {
  it("fails messages at the configured rate with Meta's error shape, without recipient_user_id for phone sends", async () => {
    const { phone, client, receiver } = await connected();
    emulator.configure({ failureRates: { "131049": 1 } });
    const reply = await client.post(`/v24.0/${phone.id}/messages`, orderUpdate({ to: "14155550100" }));
    expect(reply.status).toBe(200);
    await receiver.waitFor((r) => r.length >= 1);
    await emulator.settle();
    expect(receiver.received).toHaveLength(1);
    const change = receiver.changes("messages")[0];
    expect(change.value).not.toHaveProperty("contacts");
    expect(change.value.statuses[0]).toEqual({
      id: reply.body.messages[0].id,
      status: "failed",
      timestamp: expect.any(String),
      recipient_id: "14155550100",
      errors: [
        {
          code: 131049,
          title: "This message was not delivered to maintain healthy ecosystem engagement.",
          message: "This message was not delivered to maintain healthy ecosystem engagement.",
          error_data: { details: "In order to maintain a healthy ecosystem engagement, the message failed to be delivered." },
          href: "https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/",
        },
      ],
    });
  });

  it("mixes failure codes by rate", async () => {
    const { phone, client, receiver } = await connected();
    emulator.configure({ failureRates: { "131026": 0.25, "131050": 0.25 }, pairRateLimit: null });
    for (let i = 0; i < 40; i++) await client.post(`/v24.0/${phone.id}/messages`, textMessage(`1415555${String(1000 + i)}`));
    await emulator.settle();
    const codes = receiver.statuses().flatMap((s) => (s.status === "failed" ? [s.errors[0].code] : []));
    expect(codes.filter((c) => c === 131026).length).toBeGreaterThan(2);
    expect(codes.filter((c) => c === 131050).length).toBeGreaterThan(2);
    expect(codes.length).toBeLessThan(40);
  });

  it("answers 130429 above the number's throughput", async () => {
    const { phone, client } = await connected();
    emulator.setThroughput(phone.id, 5);
    const replies = await Promise.all(Array.from({ length: 8 }, (_, i) => client.post(`/v24.0/${phone.id}/messages`, textMessage(`1415555${2000 + i}`))));
    const limited = replies.filter((r) => r.status !== 200);
    expect(replies.filter((r) => r.status === 200)).toHaveLength(5);
    expect(limited[0]?.status).toBe(400);
    expect(limited[0]?.body.error).toMatchObject({
      message: "(#130429) Rate limit hit",
      type: "OAuthException",
      code: 130429,
      error_data: { messaging_product: "whatsapp", details: "Cloud API message throughput has been reached." },
    });
  });

  it("answers 131056 when one user gets too many messages too fast", async () => {
    const { phone, client } = await connected();
    emulator.configure({ pairRateLimit: { burst: 3, refillMs: 60_000 } });
    const codes: number[] = [];
    for (let i = 0; i < 4; i++) {
      const reply = await client.post(`/v24.0/${phone.id}/messages`, textMessage("14155550100"));
      codes.push(reply.status === 200 ? 200 : reply.body.error.code);
    }
    expect(codes).toEqual([200, 200, 200, 131056]);
    expect((await client.post(`/v24.0/${phone.id}/messages`, textMessage("14155550199"))).status).toBe(200);
  });

  it("duplicates webhooks byte for byte", async () => {
    const { phone, client, receiver } = await connected();
    emulator.configure({ duplicateRate: 1, statusDelaysMs: { sent: 5, delivered: null, read: null } });
    await client.post(`/v24.0/${phone.id}/messages`, textMessage("14155550100"));
    await receiver.waitFor((r) => r.length >= 2);
    expect(receiver.received[0]?.raw).toBe(receiver.received[1]?.raw);
    expect(receiver.received[1]?.signatureValid).toBe(true);
    expect(emulator.webhooks().filter((w) => w.duplicateOf !== undefined)).toHaveLength(1);
  });

  it("reorders read before delivered", async () => {
    const { phone, client, receiver } = await connected();
    emulator.configure({ reorderRate: 1, statusDelaysMs: { sent: 5, delivered: 20, read: 40 } });
    await client.post(`/v24.0/${phone.id}/messages`, textMessage("14155550100"));
    await receiver.waitFor((r) => r.length >= 3);
    expect(receiver.statuses().map((s) => s.status)).toEqual(["sent", "read", "delivered"]);
  });

  it("drops webhooks and logs them as dropped", async () => {
    const { phone, client, receiver } = await connected();
    emulator.configure({ dropRate: 1 });
    await client.post(`/v24.0/${phone.id}/messages`, textMessage("14155550100"));
    await emulator.settle();
    expect(receiver.received).toHaveLength(0);
    expect(emulator.webhooks().map((w) => w.outcome)).toEqual(["dropped", "dropped", "dropped"]);
  });

  it("injects faults on one number only, overriding the global rates there", async () => {
    const { account, phone, client, receiver } = await connected();
    const other = account.phoneNumbers[1] as { id: string };
    emulator.configure({ failureRates: { "131049": 1 }, pairRateLimit: null });
    emulator.updatePhoneNumber(phone.id, { failureRates: { "131026": 1 }, duplicateRate: 1 });
    await client.post(`/v24.0/${phone.id}/messages`, textMessage("14155550100"));
    await client.post(`/v24.0/${other.id}/messages`, textMessage("14155550101"));
    await emulator.settle();
    const failures = receiver.changes("messages").map((change) => [change.value.metadata.phone_number_id, change.value.statuses[0].errors[0].code]);
    // The faulty number's failure arrives twice (duplicated); the other number keeps the global rate.
    expect(failures.sort()).toEqual([[other.id, 131049], [phone.id, 131026], [phone.id, 131026]].sort());

    // null removes an override: the number follows the global values again.
    emulator.configure({ failureRates: {} });
    expect(emulator.updatePhoneNumber(phone.id, { failureRates: null, duplicateRate: null, reorderRate: 1, dropRate: 0 }).faults).toEqual({ reorderRate: 1, dropRate: 0 });
    receiver.received.length = 0;
    await client.post(`/v24.0/${phone.id}/messages`, textMessage("14155550102"));
    await emulator.settle();
    expect(receiver.statuses().map((s) => s.status)).toEqual(["sent", "read", "delivered"]);
  });

  it("drops one number's webhooks, and logs a duplicate even when the account has no callback", async () => {
    const input = testAccount();
    const account = emulator.provision(input);
    const [faulty, calm] = account.phoneNumbers.map((number) => number.id);
    const client = graphClient(emulator, input.accessToken);
    emulator.updatePhoneNumber(faulty ?? "", { dropRate: 1 });
    emulator.updatePhoneNumber(calm ?? "", { duplicateRate: 1 });
    await client.post(`/v24.0/${faulty}/messages`, textMessage("14155550100"));
    await client.post(`/v24.0/${calm}/messages`, textMessage("14155550101"));
    await emulator.settle();
    const outcomes = (id: string) =>
      emulator
        .webhooks({ wabaId: input.wabaId })
        .filter((w) => (w.body.entry[0]?.changes[0]?.value.metadata as { phone_number_id: string }).phone_number_id === id)
        .map((w) => `${w.outcome}${w.duplicateOf === undefined ? "" : " again"}`);
    expect(outcomes(faulty ?? "")).toEqual(["dropped", "dropped", "dropped"]);
    expect(outcomes(calm ?? "")).toEqual(["no_callback", "no_callback again", "no_callback", "no_callback again", "no_callback", "no_callback again"]);
  });

  it("batches one account's webhooks when asked, leaving other accounts one event per POST", async () => {
    const batched = await connected();
    const single = await connected();
    emulator.configure({ pairRateLimit: null, statusDelaysMs: { sent: 5, delivered: null, read: null } });
    expect(emulator.updateAccount(batched.input.wabaId, { webhookBatchSize: 10 }).webhookBatchSize).toBe(10);
    const sendFive = (client: typeof batched.client, phoneId: string) =>
      Promise.all(Array.from({ length: 5 }, (_, i) => client.post(`/v24.0/${phoneId}/messages`, textMessage(`1415555${3000 + i}`))));
    await Promise.all([sendFive(batched.client, batched.phone.id), sendFive(single.client, single.phone.id)]);
    await emulator.settle();
    expect(batched.receiver.statuses()).toHaveLength(5);
    expect(batched.receiver.received.length).toBeLessThan(5);
    expect(single.receiver.received).toHaveLength(5);
    expect(() => emulator.updateAccount(batched.input.wabaId, { webhookBatchSize: 0 })).toThrow("webhookBatchSize must be an integer >= 1, or null for the global value");
    expect(emulator.updateAccount(batched.input.wabaId, { webhookBatchSize: null }).webhookBatchSize).toBeNull();
  });

  it("retries a webhook the app answers with an error", async () => {
    const { phone, client, receiver } = await connected();
    emulator.configure({ statusDelaysMs: { sent: 5, delivered: null, read: null } });
    receiver.respondWith = 500;
    await client.post(`/v24.0/${phone.id}/messages`, textMessage("14155550100"));
    await emulator.settle();
    expect(receiver.received).toHaveLength(2);
    expect(emulator.webhooks()[0]).toMatchObject({ outcome: "failed", attempts: 2, responseStatus: 500 });
  });

  it("delays answers by the configured latency", async () => {
    const { phone, client } = await connected();
    emulator.configure({ latencyMs: 60 });
    const started = Date.now();
    await client.get(`/v24.0/${phone.id}`);
    expect(Date.now() - started).toBeGreaterThanOrEqual(55);
  });

  it("delays one number's answers only, and records a send whose caller left before the answer", async () => {
    const { input, phone, client } = await connected();
    emulator.setPhoneLatency(phone.id, 150);
    const other = input.phoneNumbers[1] as { id: string };
    const started = Date.now();
    await client.get(`/v24.0/${other.id}`);
    expect(Date.now() - started).toBeLessThan(100);
    const gone = new AbortController();
    const abandoned = fetch(`${emulator.url}/v24.0/${phone.id}/messages`, {
      method: "POST",
      headers: { authorization: `Bearer ${input.accessToken}`, "content-type": "application/json" },
      body: JSON.stringify(textMessage("14155550100")),
      signal: gone.signal,
    }).catch(() => "aborted");
    await new Promise((resolve) => setTimeout(resolve, 50));
    gone.abort();
    expect(await abandoned).toBe("aborted");
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(emulator.requests({ path: "/messages", method: "POST" })).toEqual([expect.objectContaining({ status: 200, answered: false })]);
  });
});

describe("Marketing Messages API", () => {
  const promo = (recipient: { to: string } | { recipient: string }) => ({
    messaging_product: "whatsapp",
    recipient_type: "individual",
    ...recipient,
    type: "template",
    template: {
      name: "promo",
      language: { code: "en_US" },
      components: [
        { type: "header", parameters: [{ type: "image", image: { link: "https://example.com/sale.png" } }] },
        { type: "body", parameters: [{ type: "text", text: "Sara" }, { type: "text", text: "20%" }] },
      ],
    },
    message_activity_sharing: true,
  });

  it("sends marketing templates for an onboarded WABA and prices them as marketing_lite", async () => {
    const { phone, client, receiver } = await connected({ marketingMessagesEnabled: true });
    const reply = await client.post(`/v24.0/${phone.id}/marketing_messages`, promo({ to: "14155550100" }));
    expect(reply.body).toEqual({
      messaging_product: "whatsapp",
      contacts: [{ input: "14155550100", wa_id: "14155550100" }],
      messages: [{ id: expect.stringMatching(/^wamid\./), message_status: "accepted" }],
    });
    await receiver.waitFor((r) => r.length >= 1);
    expect(receiver.statuses()[0].pricing).toEqual({ billable: true, pricing_model: "PMP", type: "regular", category: "marketing_lite" });
  });

  it("accepts only marketing template messages: 134100 from v23.0, 131055 before", async () => {
    const { phone, client } = await connected({ marketingMessagesEnabled: true });
    const text = await client.post(`/v24.0/${phone.id}/marketing_messages`, textMessage("14155550100"));
    expect(text.body.error).toMatchObject({ message: "(#100) Invalid parameter", code: 100, error_data: { details: "Message must be a template message." } });
    const utility = await client.post(`/v24.0/${phone.id}/marketing_messages`, orderUpdate({ to: "14155550100" }));
    expect(utility.status).toBe(400);
    expect(utility.body.error).toMatchObject({
      message: "(#134100) Only marketing templates can be sent with the Marketing Messages API",
      type: "OAuthException",
      code: 134100,
      error_data: { messaging_product: "whatsapp", details: expect.stringContaining("UTILITY template") },
      fbtrace_id: expect.any(String),
    });
    const older = await client.post(`/v22.0/${phone.id}/marketing_messages`, orderUpdate({ to: "14155550100" }));
    expect(older.body.error).toMatchObject({ message: "(#131055) Method not allowed", code: 131055 });
  });

  it("answers a BSUID recipient on /marketing_messages like /messages: contacts[].user_id", async () => {
    const { phone, client } = await connected({ marketingMessagesEnabled: true });
    const reply = await client.post(`/v24.0/${phone.id}/marketing_messages`, promo({ recipient: "US.13491208655302741918" }));
    expect(reply.body).toEqual({
      messaging_product: "whatsapp",
      contacts: [{ input: "US.13491208655302741918", user_id: "US.13491208655302741918" }],
      messages: [{ id: expect.stringMatching(/^wamid\./), message_status: "accepted" }],
    });
  });

  it("falls back to Cloud API pricing when not onboarded, and refuses under product_policy STRICT", async () => {
    const { phone, client, receiver } = await connected();
    const fallback = await client.post(`/v24.0/${phone.id}/marketing_messages`, promo({ to: "14155550100" }));
    expect(fallback.status).toBe(200);
    await receiver.waitFor((r) => r.length >= 1);
    expect(receiver.statuses()[0].pricing.category).toBe("marketing");
    const strict = await client.post(`/v24.0/${phone.id}/marketing_messages`, { ...promo({ to: "14155550100" }), product_policy: "STRICT" });
    expect(strict.body.error).toMatchObject({ code: 131055 });
  });

  it("refuses a template the ads sync has not caught up with: 134101 from v23.0, 131009 before", async () => {
    const { input, phone, client } = await connected({ marketingMessagesEnabled: true });
    emulator.configure({ marketingAdsSyncMs: 60_000 });
    const created = await client.post(`/v24.0/${input.wabaId}/message_templates`, {
      name: "brand_new_promo",
      language: "en_US",
      category: "MARKETING",
      components: [{ type: "BODY", text: "New!" }],
    });
    emulator.reviewTemplate(created.body.id, "APPROVED");
    const send = (version: string) =>
      client.post(`/${version}/${phone.id}/marketing_messages`, {
        messaging_product: "whatsapp",
        to: "14155550100",
        type: "template",
        template: { name: "brand_new_promo", language: { code: "en_US" } },
      });
    expect((await send("v24.0")).body.error).toMatchObject({ code: 134101, error_data: { details: expect.stringContaining("Ads syncing") } });
    expect((await send("v22.0")).body.error.code).toBe(131009);
  });
});

describe("inbound messages", () => {
  it("delivers a text from a username user with a withheld phone: no wa_id, no from", async () => {
    const { phone, receiver } = await connected();
    const result = emulator.sendInbound({ phoneNumberId: phone.id, username: "quiet.user", name: "Quiet", withholdPhone: true, text: "Do you ship to Oslo?" });
    expect(result.userId).toMatch(/^US\.\d+$/);
    expect(result.phone).toBeUndefined();
    await receiver.waitFor((r) => r.length >= 1);
    expect(receiver.received[0]?.signatureValid).toBe(true);
    expect(receiver.changes("messages")[0].value).toEqual({
      messaging_product: "whatsapp",
      metadata: { display_phone_number: "15550200001", phone_number_id: phone.id },
      contacts: [{ profile: { name: "Quiet", username: "quiet.user" }, user_id: result.userId }],
      messages: [{ from_user_id: result.userId, id: result.messageId, timestamp: expect.any(String), type: "text", text: { body: "Do you ship to Oslo?" } }],
    });
  });

  it("delivers a button reply from a phone user, with wa_id, from and context", async () => {
    const { input, phone, client, receiver } = await connected();
    const sent = await client.post(`/v24.0/${phone.id}/messages`, orderUpdate({ to: "14155550100" }));
    emulator.configure({ statusDelaysMs: { sent: 5, delivered: null, read: null } });
    emulator.sendInbound({ phoneNumberId: phone.id, from: "14155550100", name: "Sara", type: "button", button: { text: "Stop promotions" }, contextMessageId: sent.body.messages[0].id });
    await receiver.waitFor(() => receiver.changes("messages").some((c) => c.value.messages));
    const value = receiver.changes("messages").find((c) => c.value.messages).value;
    const bsuid = emulator.bsuidFor(input.wabaId, "14155550100");
    expect(value.contacts).toEqual([{ profile: { name: "Sara" }, wa_id: "14155550100", user_id: bsuid }]);
    expect(value.messages[0]).toMatchObject({
      from: "14155550100",
      from_user_id: bsuid,
      type: "button",
      button: { payload: "Stop promotions", text: "Stop promotions" },
      context: { from: "15550200001", id: sent.body.messages[0].id },
    });
  });

  it("delivers an image whose media the app can fetch with its token", async () => {
    const { input, phone, receiver } = await connected();
    const result = emulator.sendInbound({ phoneNumberId: phone.id, from: "14155550100", type: "image", image: { caption: "the dent", base64: Buffer.from("jpeg!").toString("base64"), mimeType: "image/jpeg" } });
    await receiver.waitFor((r) => r.length >= 1);
    const image = receiver.changes("messages")[0].value.messages[0].image;
    expect(image).toMatchObject({ caption: "the dent", mime_type: "image/jpeg", id: result.mediaId });
    const meta = await graphClient(emulator, input.accessToken).get(`/v24.0/${image.id}`);
    const bytes = await fetch(meta.body.url, { headers: { authorization: `Bearer ${input.accessToken}` } });
    expect(await bytes.text()).toBe("jpeg!");
  });
});
