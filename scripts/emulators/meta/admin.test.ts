import { describe, expect, it } from "vitest";
import { emulatorForFile, graphClient, orderUpdate, testAccount, textMessage } from "./test-helpers";

const { emulator, receiverForTest } = emulatorForFile();

/** The admin API as an out-of-process test or `npm run dev` reaches it: JSON over HTTP. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function admin(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
  const response = await fetch(`${emulator.url}/__admin/${path}`, {
    method,
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}

/** An account provisioned through POST /__admin/accounts, in the shape the app's tests send. */
async function provisioned() {
  const input = testAccount();
  const receiver = await receiverForTest(input.appSecret, "verify-me");
  const account = {
    wabaId: input.wabaId,
    accessToken: input.accessToken,
    appSecret: input.appSecret,
    phoneNumbers: input.phoneNumbers.map(({ id, displayPhoneNumber, verifiedName }) => ({ id, displayPhoneNumber, verifiedName })),
  };
  const created = await admin("POST", "accounts", account);
  expect(created.status).toBe(201);
  const phone = account.phoneNumbers[0] as { id: string };
  return { account, phone, receiver, client: graphClient(emulator, account.accessToken) };
}

describe("the admin API over HTTP", () => {
  it("answers health and provisions an account the Graph API then serves", async () => {
    expect(await admin("GET", "health")).toEqual({ status: 200, body: { ok: true } });
    const { account, phone, client } = await provisioned();
    const listed = await admin("GET", "accounts");
    expect(listed.body.data.map((a: { wabaId: string }) => a.wabaId)).toContain(account.wabaId);
    const node = await client.get(`/v24.0/${phone.id}`);
    expect(node.body).toMatchObject({ id: phone.id, display_phone_number: "+1 555-020-0001", verified_name: "Test Shop", quality_rating: "GREEN" });
  });

  it("refuses a malformed account with a readable 400", async () => {
    const reply = await admin("POST", "accounts", { wabaId: "not-a-number", accessToken: "x", appSecret: "s", phoneNumbers: [] });
    expect(reply).toEqual({ status: 400, body: { error: "wabaId must be a numeric string" } });
  });

  it("points an account's webhooks at a callback after Meta's verification handshake", async () => {
    const { account, phone, client, receiver } = await provisioned();
    const set = await admin("POST", `accounts/${account.wabaId}/webhook`, { callbackUrl: receiver.url, verifyToken: "verify-me" });
    expect(set).toEqual({ status: 200, body: { ok: true, callbackUrl: receiver.url } });
    expect(receiver.verifications[0]?.get("hub.mode")).toBe("subscribe");
    await client.post(`/v24.0/${phone.id}/messages`, textMessage("14155550100"));
    await receiver.waitFor((r) => r.length >= 3);
    expect(receiver.received.every((w) => w.signatureValid)).toBe(true);
    const wrongToken = await admin("POST", `accounts/${account.wabaId}/webhook`, { callbackUrl: receiver.url, verifyToken: "guess" });
    expect(wrongToken.status).toBe(400);
    expect(wrongToken.body.error).toContain("HTTP Status Code = 403");
  });

  it("changes the runtime config, and refuses unknown keys", async () => {
    const { phone, client } = await provisioned();
    const patched = await admin("PATCH", "config", { throughputPerSecond: 1, latencyMs: 0 });
    expect(patched.body.throughputPerSecond).toBe(1);
    expect((await client.post(`/v24.0/${phone.id}/messages`, textMessage("14155550100"))).status).toBe(200);
    expect((await client.post(`/v24.0/${phone.id}/messages`, textMessage("14155550101"))).body.error.code).toBe(130429);
    expect(await admin("PATCH", "config", { nonsense: 1 })).toEqual({ status: 400, body: { error: "unknown config key: nonsense" } });
  });

  it("sets one number's throughput, latency and faults, and refuses bad values with a readable 400", async () => {
    const { phone, client } = await provisioned();
    const patched = await admin("PATCH", `phone-numbers/${phone.id}`, { throughputPerSecond: 1, failureRates: { "131026": 0.5 }, duplicateRate: 0.1, reorderRate: 0.2, dropRate: 0 });
    expect(patched).toMatchObject({ status: 200, body: { id: phone.id, throughputPerSecond: 1, latencyMs: 0, faults: { failureRates: { "131026": 0.5 }, duplicateRate: 0.1, reorderRate: 0.2, dropRate: 0 } } });
    expect((await client.post(`/v24.0/${phone.id}/messages`, textMessage("14155550100"))).status).toBe(200);
    expect((await client.post(`/v24.0/${phone.id}/messages`, textMessage("14155550101"))).body.error.code).toBe(130429);

    const refusals: [unknown, string][] = [
      [{}, "give at least one of throughputPerSecond, latencyMs, failureRates, duplicateRate, reorderRate, dropRate"],
      [{ failureRate: 0.1 }, "unknown phone number setting: failureRate (the settings are throughputPerSecond, latencyMs, failureRates, duplicateRate, reorderRate, dropRate)"],
      [{ throughputPerSecond: "fast" }, "throughputPerSecond must be a number >= 0"],
      [{ latencyMs: -5 }, "latencyMs must be a number >= 0"],
      [{ failureRates: { "131026": 2 } }, "failureRates.131026 must be a probability for a numeric error code"],
      [{ failureRates: { undeliverable: 0.1 } }, "failureRates.undeliverable must be a probability for a numeric error code"],
      [{ failureRates: { "131026": 0.6, "131049": 0.6 } }, "failureRates must add up to at most 1"],
      [{ failureRates: 0.1 }, 'failureRates must be an object of error codes to probabilities, e.g. {"131026": 0.05}'],
      [{ duplicateRate: 1.5 }, "duplicateRate must be between 0 and 1"],
      [{ reorderRate: "often" }, "reorderRate must be between 0 and 1"],
      [{ dropRate: -0.1 }, "dropRate must be between 0 and 1"],
    ];
    for (const [body, error] of refusals) expect(await admin("PATCH", `phone-numbers/${phone.id}`, body)).toEqual({ status: 400, body: { error } });
    // A refused patch changes nothing, not even its valid parts.
    expect(await admin("PATCH", `phone-numbers/${phone.id}`, { latencyMs: 50, dropRate: 2 })).toMatchObject({ status: 400 });
    const [account] = (await admin("GET", "accounts")).body.data.filter((a: { phoneNumbers: { id: string }[] }) => a.phoneNumbers.some((p) => p.id === phone.id));
    expect(account.phoneNumbers.find((p: { id: string }) => p.id === phone.id)).toMatchObject({ latencyMs: 0, faults: { dropRate: 0 } });
    expect((await admin("PATCH", "phone-numbers/999", { latencyMs: 1 })).body).toEqual({ error: "no phone number with id 999" });
  });

  it("lists the requests received, filtered by path and method", async () => {
    const { account, phone, client } = await provisioned();
    const before = await admin("GET", "requests");
    const since = Math.max(0, ...before.body.data.map((r: { seq: number }) => r.seq));
    await client.post(`/v24.0/${phone.id}/messages`, textMessage("14155550100"));
    // This account has no templates: the refusal is recorded as faithfully as a success.
    await client.post(`/v24.0/${phone.id}/messages`, orderUpdate({ to: "14155550100" }));
    await client.get(`/v24.0/${phone.id}`);
    const sends = await admin("GET", `requests?method=POST&path=${encodeURIComponent("/messages")}&since=${since}`);
    expect(sends.body.data).toHaveLength(2);
    expect(sends.body.data[0]).toMatchObject({
      method: "POST",
      path: `/v24.0/${phone.id}/messages`,
      headers: { authorization: `Bearer ${account.accessToken}` },
      status: 200,
      body: textMessage("14155550100"),
      response: { messages: [{ id: expect.stringMatching(/^wamid\./) }] },
    });
    expect(sends.body.data[1]).toMatchObject({ status: 404, body: orderUpdate({ to: "14155550100" }), response: { error: { code: 132001 } } });
  });

  it("delivers inbound messages, reviews templates, changes categories and quality, expires tokens", async () => {
    const { account, phone, client, receiver } = await provisioned();
    await admin("POST", `accounts/${account.wabaId}/webhook`, { callbackUrl: receiver.url, verifyToken: "verify-me" });

    const inbound = await admin("POST", "inbound", { phoneNumberId: phone.id, from: "14155550100", text: "Hi" });
    expect(inbound.body).toMatchObject({ messageId: expect.stringMatching(/^wamid\./), phone: "14155550100", userId: expect.stringMatching(/^US\.\d+$/) });

    const created = await client.post(`/v24.0/${account.wabaId}/message_templates`, {
      name: "manual_review",
      language: "en_US",
      category: "UTILITY",
      components: [{ type: "BODY", text: "Your code is ready." }],
    });
    await admin("PATCH", "config", { templateReviewOutcome: "manual" });
    const reviewed = await admin("POST", `templates/${created.body.id}/review`, { status: "REJECTED", reason: "INVALID_FORMAT" });
    expect(reviewed.body).toMatchObject({ id: created.body.id, status: "REJECTED", rejectedReason: "INVALID_FORMAT" });
    const recategorised = await admin("POST", `templates/${created.body.id}/category`, { category: "MARKETING" });
    expect(recategorised.body).toMatchObject({ category: "MARKETING", previousCategory: "UTILITY" });

    const quality = await admin("POST", `phone-numbers/${phone.id}/quality`, { qualityRating: "YELLOW", messagingLimitTier: "TIER_250" });
    expect(quality.body).toMatchObject({ qualityRating: "YELLOW", messagingLimitTier: "TIER_250" });

    await receiver.waitFor(() => receiver.changes("phone_number_quality_update").length > 0 && receiver.changes("template_category_update").length > 0);
    expect(receiver.changes("messages")[0].value.messages[0]).toMatchObject({ from: "14155550100", type: "text", text: { body: "Hi" } });
    expect(receiver.changes("message_template_status_update").map((c) => c.value.event)).toContain("REJECTED");
    expect(receiver.changes("phone_number_quality_update")[0].value).toEqual({
      display_phone_number: "15550200001",
      event: "DOWNGRADE",
      old_limit: "TIER_1K",
      current_limit: "TIER_250",
      max_daily_conversations_per_business: "TIER_250",
    });
    expect(receiver.received.every((w) => w.signatureValid)).toBe(true);

    expect((await admin("POST", "tokens/expire", { accessToken: account.accessToken })).body).toEqual({ ok: true });
    const expired = await client.get(`/v24.0/${phone.id}`);
    expect(expired.status).toBe(401);
    expect(expired.body.error).toMatchObject({ type: "OAuthException", code: 190, error_subcode: 463 });
  });

  it("resets to the start state", async () => {
    const { account, phone } = await provisioned();
    expect((await admin("POST", "reset")).body).toEqual({ ok: true });
    expect((await admin("GET", "accounts")).body.data).toEqual([]);
    expect((await admin("GET", "requests")).body.data).toEqual([]);
    const gone = await graphClient(emulator, account.accessToken).get(`/v24.0/${phone.id}`);
    expect(gone.body.error).toMatchObject({ code: 190 });
  });

  it("answers an unknown admin route with 404", async () => {
    expect((await admin("GET", "nothing-here")).status).toBe(404);
  });
});

describe("the request log", () => {
  it("keeps only the newest requestRecordCap requests, so a long run stays bounded", async () => {
    const { phone, client } = await provisioned();
    emulator.configure({ requestRecordCap: 5, pairRateLimit: null });
    for (let i = 0; i < 8; i++) await client.post(`/v24.0/${phone.id}/messages`, textMessage(`1415555${1000 + i}`));
    const log = emulator.requests();
    expect(log).toHaveLength(5);
    expect(log.map((r) => (r.body as { to: string }).to)).toEqual(["14155551003", "14155551004", "14155551005", "14155551006", "14155551007"]);
  });
});
