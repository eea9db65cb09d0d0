import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type MetaEmulator, startMetaEmulator } from "./server";
import { FAST, graphClient, testAccount } from "./test-helpers";

let emulator: MetaEmulator;
beforeAll(async () => {
  emulator = await startMetaEmulator({ ...FAST });
});
afterAll(() => emulator.close());

describe("authentication", () => {
  it("answers a missing token with Graph's 104 error", async () => {
    const account = emulator.provision(testAccount());
    const reply = await graphClient(emulator).get(`/v24.0/${account.phoneNumbers[0]?.id}`);
    expect(reply.status).toBe(400);
    expect(reply.body).toEqual({
      error: { message: "An access token is required to request this resource.", type: "OAuthException", code: 104, fbtrace_id: expect.any(String) },
    });
  });

  it("answers an unknown token with 190 and a WWW-Authenticate header", async () => {
    const account = emulator.provision(testAccount());
    const reply = await graphClient(emulator, "EAAnot-a-real-token").get(`/v24.0/${account.phoneNumbers[0]?.id}`);
    expect(reply.status).toBe(401);
    expect(reply.body.error).toMatchObject({ message: "Invalid OAuth access token - Cannot parse access token", type: "OAuthException", code: 190 });
    expect(reply.body.error).not.toHaveProperty("error_subcode");
    expect(reply.headers.get("www-authenticate")).toContain("invalid_token");
  });

  it("answers an expired token with 190, subcode 463 and Graph's session-expired message", async () => {
    const input = testAccount();
    const account = emulator.provision(input);
    emulator.expireToken(input.accessToken);
    const reply = await graphClient(emulator, input.accessToken).get(`/v24.0/${account.phoneNumbers[0]?.id}`);
    expect(reply.status).toBe(401);
    expect(Object.keys(reply.body.error).sort()).toEqual(["code", "error_subcode", "fbtrace_id", "message", "type"]);
    expect(reply.body.error).toMatchObject({ type: "OAuthException", code: 190, error_subcode: 463 });
    expect(reply.body.error.message).toMatch(/^Error validating access token: Session has expired on \w+day, \d\d-\w{3}-\d\d .*\. The current time is .*\.$/);
    expect(reply.body.error.fbtrace_id).toMatch(/^[\w-]{27}$/);
  });

  it("accepts the token as an access_token query parameter too", async () => {
    const input = testAccount();
    const account = emulator.provision(input);
    const reply = await graphClient(emulator).get(`/v24.0/${account.phoneNumbers[0]?.id}?access_token=${input.accessToken}`);
    expect(reply.status).toBe(200);
  });

  it("hides another account's objects behind Graph's unsupported-request error", async () => {
    const mine = testAccount();
    emulator.provision(mine);
    const theirs = emulator.provision(testAccount());
    const reply = await graphClient(emulator, mine.accessToken).get(`/v24.0/${theirs.phoneNumbers[0]?.id}`);
    expect(reply.status).toBe(400);
    expect(reply.body.error).toMatchObject({ type: "GraphMethodException", code: 100, error_subcode: 33 });
    expect(reply.body.error.message).toContain(`Unsupported get request. Object with ID '${theirs.phoneNumbers[0]?.id}' does not exist`);
  });
});

describe("phone numbers and the business account", () => {
  it("describes a phone number: display number, verified name, quality rating, messaging limit tier", async () => {
    const input = testAccount({
      phoneNumbers: [{ id: "399000000000101", displayPhoneNumber: "+1 555-030-0001", verifiedName: "Corner Bakery", qualityRating: "YELLOW", messagingLimitTier: "TIER_10K" }],
    });
    emulator.provision(input);
    const reply = await graphClient(emulator, input.accessToken).get("/v24.0/399000000000101");
    expect(reply.status).toBe(200);
    expect(reply.headers.get("facebook-api-version")).toBe("v24.0");
    expect(reply.body).toEqual({
      verified_name: "Corner Bakery",
      code_verification_status: "VERIFIED",
      display_phone_number: "+1 555-030-0001",
      quality_rating: "YELLOW",
      platform_type: "CLOUD_API",
      throughput: { level: "STANDARD" },
      messaging_limit_tier: "TIER_10K",
      id: "399000000000101",
    });
  });

  it("selects fields and rejects unknown ones", async () => {
    const input = testAccount();
    const account = emulator.provision(input);
    const client = graphClient(emulator, input.accessToken);
    const phoneId = account.phoneNumbers[0]?.id;
    expect((await client.get(`/v24.0/${phoneId}?fields=display_phone_number,messaging_limit_tier`)).body).toEqual({
      display_phone_number: "+1 555-020-0001",
      messaging_limit_tier: "TIER_1K",
      id: phoneId,
    });
    const bad = await client.get(`/v24.0/${phoneId}?fields=nonsense`);
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toBe("(#100) Tried accessing nonexisting field (nonsense) on node type (WhatsAppBusinessPhoneNumber)");
  });

  it("lists the WABA's phone numbers with Graph paging", async () => {
    const input = testAccount();
    const account = emulator.provision(input);
    const client = graphClient(emulator, input.accessToken);
    const first = await client.get(`/v21.0/${input.wabaId}/phone_numbers?limit=1`);
    expect(first.body.data).toHaveLength(1);
    expect(first.body.data[0].id).toBe(account.phoneNumbers[0]?.id);
    expect(first.body.paging.cursors).toEqual({ before: expect.any(String), after: expect.any(String) });
    expect(first.body.paging.next).toContain(`/v21.0/${input.wabaId}/phone_numbers?`);
    const second = await client.get(`/v21.0/${input.wabaId}/phone_numbers?limit=1&after=${first.body.paging.cursors.after}`);
    expect(second.body.data[0].id).toBe(account.phoneNumbers[1]?.id);
    expect(second.body.paging.next).toBeUndefined();
    expect(second.body.paging.previous).toBeDefined();
  });

  it("subscribes and unsubscribes the app", async () => {
    const input = testAccount();
    emulator.provision(input);
    const client = graphClient(emulator, input.accessToken);
    expect((await client.del(`/v24.0/${input.wabaId}/subscribed_apps`)).body).toEqual({ success: true });
    expect((await client.get(`/v24.0/${input.wabaId}/subscribed_apps`)).body).toEqual({ data: [] });
    expect((await client.post(`/v24.0/${input.wabaId}/subscribed_apps`, {})).body).toEqual({ success: true });
    const listed = await client.get(`/v24.0/${input.wabaId}/subscribed_apps`);
    expect(listed.body.data[0].whatsapp_business_api_data).toMatchObject({ id: expect.any(String), name: expect.any(String) });
  });

  it("answers unknown path components with 2500", async () => {
    const input = testAccount();
    emulator.provision(input);
    const reply = await graphClient(emulator, input.accessToken).get(`/v24.0/${input.wabaId}/nonsense_edge`);
    expect(reply.body.error).toMatchObject({ message: "Unknown path components: /nonsense_edge", code: 2500 });
  });
});

describe("resumable uploads", () => {
  it("names the token's app, takes a file in two pieces at their offsets and answers a handle", async () => {
    const input = testAccount();
    emulator.provision(input);
    const graph = graphClient(emulator, input.accessToken);
    const app = await graph.get("/v24.0/app");
    expect(app).toMatchObject({ status: 200, body: { id: expect.stringMatching(/^\d+$/), name: expect.any(String) } });
    const appId = (app.body as { id: string }).id;
    const file = Buffer.from("%PDF-1.4 a sample of a template's document header");
    const started = await graph.post(`/v24.0/${appId}/uploads?file_name=sample.pdf&file_length=${file.length}&file_type=application/pdf`, {});
    expect(started).toMatchObject({ status: 200, body: { id: expect.stringMatching(/^upload:/) } });
    const session = (started.body as { id: string }).id;
    const send = (offset: number, bytes: Buffer) =>
      fetch(`${emulator.url}/v24.0/${session}`, { method: "POST", headers: { authorization: `OAuth ${input.accessToken}`, file_offset: String(offset) }, body: new Uint8Array(bytes) }).then((response) => response.json());
    expect(await send(0, file.subarray(0, 10))).toEqual({ id: session, file_offset: 10 });
    expect(await graph.get(`/v24.0/${session}`)).toMatchObject({ status: 200, body: { id: session, file_offset: 10 } });
    expect(await send(0, file.subarray(10))).toMatchObject({ error: { code: 100, message: "(#100) Param file_offset must be 10, where this upload session stands" } });
    expect(await send(10, file.subarray(10))).toEqual({ h: expect.stringMatching(/^4::/) });
  });

  it("refuses a file type Meta does not take, and another account's session", async () => {
    const input = testAccount();
    emulator.provision(input);
    const other = testAccount();
    emulator.provision(other);
    const graph = graphClient(emulator, input.accessToken);
    const appId = ((await graph.get("/v24.0/app")).body as { id: string }).id;
    const refused = await graph.post(`/v24.0/${appId}/uploads?file_length=10&file_type=text/plain`, {});
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ error: { code: 100, message: expect.stringContaining("Param file_type must be one of") } });
    const session = ((await graph.post(`/v24.0/${appId}/uploads?file_length=10&file_type=image/png`, {})).body as { id: string }).id;
    const foreign = await graphClient(emulator, other.accessToken).get(`/v24.0/${session}`);
    expect(foreign.status).toBe(400);
    expect(foreign.body).toMatchObject({ error: { code: 100 } });
  });
});

describe("media", () => {
  it("uploads, describes, downloads (bearer only) and deletes a file", async () => {
    const input = testAccount();
    const account = emulator.provision(input);
    const phoneId = account.phoneNumbers[0]?.id;
    const form = new FormData();
    form.set("messaging_product", "whatsapp");
    form.set("type", "image/png");
    form.set("file", new Blob([Buffer.from("fake-png-bytes")], { type: "image/png" }), "photo.png");
    const upload = await fetch(`${emulator.url}/v24.0/${phoneId}/media`, { method: "POST", headers: { authorization: `Bearer ${input.accessToken}` }, body: form });
    expect(upload.status).toBe(200);
    const { id } = (await upload.json()) as { id: string };
    expect(id).toMatch(/^\d+$/);

    const client = graphClient(emulator, input.accessToken);
    const described = await client.get(`/v24.0/${id}`);
    expect(described.body).toEqual({
      messaging_product: "whatsapp",
      url: expect.stringContaining(`${emulator.url}/whatsapp_business/attachments/?mid=${id}`),
      mime_type: "image/png",
      sha256: createHash("sha256").update("fake-png-bytes").digest("hex"),
      file_size: 14,
      id,
    });

    const anonymous = await fetch(described.body.url);
    expect(anonymous.status).toBe(400);
    const download = await fetch(described.body.url, { headers: { authorization: `Bearer ${input.accessToken}` } });
    expect(download.status).toBe(200);
    expect(download.headers.get("content-type")).toBe("image/png");
    expect(Buffer.from(await download.arrayBuffer()).toString()).toBe("fake-png-bytes");

    const recorded = emulator.requests({ path: `/${phoneId}/media` })[0];
    expect(recorded?.body).toMatchObject({ messaging_product: "whatsapp", type: "image/png", file: { filename: "photo.png", size: 14 } });

    expect((await client.del(`/v24.0/${id}`)).body).toEqual({ success: true });
    expect((await client.get(`/v24.0/${id}`)).body.error.error_subcode).toBe(33);
  });

  it("sends an uploaded image and a document by link; rejects a foreign media id", async () => {
    const input = testAccount();
    const account = emulator.provision(input);
    const client = graphClient(emulator, input.accessToken);
    const phoneId = account.phoneNumbers[0]?.id;
    const image = await client.post(`/v24.0/${phoneId}/messages`, { messaging_product: "whatsapp", to: "447700900123", type: "image", image: { id: "123456789" } });
    expect(image.body.error).toMatchObject({ code: 131009 });
    const document = await client.post(`/v24.0/${phoneId}/messages`, {
      messaging_product: "whatsapp",
      to: "447700900123",
      type: "document",
      document: { link: "https://example.com/invoice.pdf", filename: "invoice.pdf" },
    });
    expect(document.status).toBe(200);
    expect(document.body.messages[0].id).toMatch(/^wamid\./);
  });
});
