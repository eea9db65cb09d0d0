import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type MetaEmulator, startMetaEmulator } from "./server";
import { FAST, graphClient, orderUpdate, startReceiver, testAccount } from "./test-helpers";

let emulator: MetaEmulator;
beforeAll(async () => {
  emulator = await startMetaEmulator({ ...FAST });
});
afterEach(() => {
  emulator.configure({ ...FAST, templateReviewOutcome: "auto" });
});
afterAll(() => emulator.close());

const welcome = (name: string) => ({
  name,
  language: "en_US",
  category: "MARKETING",
  components: [
    { type: "HEADER", format: "TEXT", text: "Hi {{1}}", example: { header_text: ["Sara"] } },
    { type: "BODY", text: "Thanks for joining, {{1}}! Use code {{2}}.", example: { body_text: [["Sara", "WELCOME10"]] } },
    { type: "FOOTER", text: "Reply STOP to opt out" },
    { type: "BUTTONS", buttons: [{ type: "URL", text: "Shop", url: "https://shop.example/{{1}}", example: ["spring"] }, { type: "QUICK_REPLY", text: "Stop" }] },
  ],
});

describe("template submission and review", () => {
  it("creates a PENDING template, then approves it and signs the status webhook with the app secret", async () => {
    const input = testAccount();
    const receiver = await startReceiver(input.appSecret);
    try {
      emulator.provision({ ...input, callbackUrl: receiver.url });
      const client = graphClient(emulator, input.accessToken);
      const created = await client.post(`/v24.0/${input.wabaId}/message_templates`, welcome("spring_welcome"));
      expect(created.status).toBe(200);
      expect(created.body).toEqual({ id: expect.stringMatching(/^\d+$/), status: "PENDING", category: "MARKETING" });

      await receiver.waitFor((r) => r.length >= 1);
      const webhook = receiver.received[0];
      expect(webhook?.signatureValid).toBe(true);
      expect(webhook?.signature).toMatch(/^sha256=[0-9a-f]{64}$/);
      expect(webhook?.body).toEqual({
        object: "whatsapp_business_account",
        entry: [
          {
            id: input.wabaId,
            time: expect.any(Number),
            changes: [
              {
                field: "message_template_status_update",
                value: {
                  event: "APPROVED",
                  message_template_id: Number(created.body.id),
                  message_template_name: "spring_welcome",
                  message_template_language: "en_US",
                  reason: "NONE",
                  message_template_category: "MARKETING",
                },
              },
            ],
          },
        ],
      });
      const fetched = await client.get(`/v24.0/${created.body.id}`);
      expect(fetched.body).toMatchObject({ id: created.body.id, name: "spring_welcome", status: "APPROVED", category: "MARKETING", parameter_format: "POSITIONAL", language: "en_US" });
      expect(fetched.body.components).toEqual(welcome("x").components);
    } finally {
      await receiver.close();
    }
  });

  it("rejects a template whose name contains 'reject', with reason INVALID_FORMAT", async () => {
    const input = testAccount();
    const receiver = await startReceiver(input.appSecret);
    try {
      emulator.provision({ ...input, callbackUrl: receiver.url });
      const created = await graphClient(emulator, input.accessToken).post(`/v24.0/${input.wabaId}/message_templates`, welcome("please_reject_me"));
      await receiver.waitFor((r) => r.length >= 1);
      const value = receiver.changes("message_template_status_update")[0].value;
      expect(value).toMatchObject({ event: "REJECTED", reason: "INVALID_FORMAT", message_template_id: Number(created.body.id) });
      expect(value.rejection_info).toEqual({ reason: expect.any(String), recommendation: expect.any(String) });
    } finally {
      await receiver.close();
    }
  });

  it("refuses a body whose examples do not match its variables, with a helpful error_user_msg", async () => {
    const input = testAccount();
    emulator.provision(input);
    const reply = await graphClient(emulator, input.accessToken).post(`/v24.0/${input.wabaId}/message_templates`, {
      name: "bad_examples",
      language: "en_US",
      category: "UTILITY",
      components: [{ type: "BODY", text: "Hi {{1}}, order {{2}} is ready.", example: { body_text: [["Sara"]] } }],
    });
    expect(reply.status).toBe(400);
    expect(reply.body.error).toMatchObject({ message: "Invalid parameter", type: "OAuthException", code: 100, error_subcode: 2388043, is_transient: false });
    expect(reply.body.error.error_user_msg).toBe("The body has 2 variables but 1 example value. Add exactly one example value per variable, in order.");
  });

  it("refuses variables out of sequence, named variables without examples, and a missing body", async () => {
    const input = testAccount();
    emulator.provision(input);
    const client = graphClient(emulator, input.accessToken);
    const path = `/v24.0/${input.wabaId}/message_templates`;
    const gap = await client.post(path, { name: "gap", language: "en_US", category: "UTILITY", components: [{ type: "BODY", text: "Hi {{1}} {{3}}", example: { body_text: [["a", "b"]] } }] });
    expect(gap.body.error.error_user_msg).toContain("starting at {{1}} and without gaps");
    const named = await client.post(path, {
      name: "named",
      language: "en_US",
      category: "UTILITY",
      parameter_format: "NAMED",
      components: [{ type: "BODY", text: "Hi {{first_name}}", example: { body_text_named_params: [{ param_name: "last_name", example: "X" }] } }],
    });
    expect(named.body.error.error_user_msg).toContain("{{first_name}}");
    const noBody = await client.post(path, { name: "no_body", language: "en_US", category: "UTILITY", components: [{ type: "FOOTER", text: "x" }] });
    expect(noBody.body.error.code).toBe(100);
    const badCategory = await client.post(path, { name: "cat", language: "en_US", category: "SPAM", components: [{ type: "BODY", text: "x" }] });
    expect(badCategory.body.error.message).toBe('(#100) Param category must be one of {AUTHENTICATION, MARKETING, UTILITY} - got "SPAM".');
  });

  it("refuses a second template with the same name and language (2388024)", async () => {
    const input = testAccount();
    emulator.provision(input);
    const reply = await graphClient(emulator, input.accessToken).post(`/v24.0/${input.wabaId}/message_templates`, {
      name: "order_update",
      language: "en_US",
      category: "UTILITY",
      components: [{ type: "BODY", text: "Hello" }],
    });
    expect(reply.body.error).toMatchObject({ code: 100, error_subcode: 2388024, error_user_title: "Content in This Language Already Exists" });
    const otherLanguage = await graphClient(emulator, input.accessToken).post(`/v24.0/${input.wabaId}/message_templates`, {
      name: "order_update",
      language: "fr",
      category: "UTILITY",
      components: [{ type: "BODY", text: "Bonjour" }],
    });
    expect(otherLanguage.body.status).toBe("PENDING");
  });

  it("keeps templates PENDING under manual review until an admin decides", async () => {
    const manual = await startMetaEmulator({ ...FAST, templateReviewOutcome: "manual" });
    try {
      const input = testAccount();
      manual.provision(input);
      const created = await graphClient(manual, input.accessToken).post(`/v24.0/${input.wabaId}/message_templates`, welcome("waits"));
      await new Promise((resolve) => setTimeout(resolve, 60));
      expect((await graphClient(manual, input.accessToken).get(`/v24.0/${created.body.id}?fields=status`)).body).toEqual({ status: "PENDING", id: created.body.id });
      expect(manual.reviewTemplate(created.body.id, "REJECTED", "TAG_CONTENT_MISMATCH")).toMatchObject({ status: "REJECTED", rejectedReason: "TAG_CONTENT_MISMATCH" });
    } finally {
      await manual.close();
    }
  });
});

describe("template lists", () => {
  it("filters by name and status, selects fields and pages with cursors", async () => {
    // Under manual review the new templates stay PENDING however slowly this test runs.
    emulator.configure({ templateReviewOutcome: "manual" });
    const input = testAccount();
    emulator.provision(input);
    const client = graphClient(emulator, input.accessToken);
    for (const name of ["promo_one", "promo_two", "promo_three"]) await client.post(`/v24.0/${input.wabaId}/message_templates`, welcome(name));
    const path = `/v24.0/${input.wabaId}/message_templates`;

    const pending = await client.get(`${path}?status=PENDING&fields=name,status&limit=2`);
    expect(pending.body.data).toEqual([
      { name: "promo_three", status: "PENDING", id: expect.any(String) },
      { name: "promo_two", status: "PENDING", id: expect.any(String) },
    ]);
    const next = await client.get(`${path}?status=PENDING&fields=name,status&limit=2&after=${pending.body.paging.cursors.after}`);
    expect(next.body.data.map((t: { name: string }) => t.name)).toEqual(["promo_one"]);
    expect(next.body.paging.next).toBeUndefined();

    const byName = await client.get(`${path}?name=order`);
    expect(byName.body.data.map((t: { name: string }) => t.name)).toEqual(["order_update"]);
    expect(byName.body.data[0]).toMatchObject({ status: "APPROVED", category: "UTILITY", language: "en_US", components: expect.any(Array) });
  });

  it("deletes a template by name at Meta", async () => {
    const input = testAccount();
    emulator.provision(input);
    const client = graphClient(emulator, input.accessToken);
    expect((await client.del(`/v24.0/${input.wabaId}/message_templates?name=promo`)).body).toEqual({ success: true });
    expect((await client.get(`/v24.0/${input.wabaId}/message_templates?name=promo`)).body.data).toEqual([]);
    const again = await client.del(`/v24.0/${input.wabaId}/message_templates?name=promo`);
    expect(again.body.error).toMatchObject({ code: 100, error_user_title: "Message template not found" });
  });
});

describe("sending templates", () => {
  it("answers 132001 for an unknown name or language, and for a template still PENDING", async () => {
    emulator.configure({ templateReviewOutcome: "manual" });
    const input = testAccount();
    const account = emulator.provision(input);
    const client = graphClient(emulator, input.accessToken);
    const phone = account.phoneNumbers[0]?.id;
    const unknown = await client.post(`/v24.0/${phone}/messages`, { ...orderUpdate({ to: "14155550100" }), template: { name: "nope", language: { code: "en_US" } } });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toMatchObject({
      message: "(#132001) Template name does not exist in the translation",
      type: "OAuthException",
      code: 132001,
      error_data: { messaging_product: "whatsapp", details: "template name (nope) does not exist in en_US" },
    });
    const wrongLanguage = await client.post(`/v24.0/${phone}/messages`, { ...orderUpdate({ to: "14155550100" }), template: { name: "order_update", language: { code: "pt_BR" } } });
    expect(wrongLanguage.body.error.error_data.details).toBe("template name (order_update) does not exist in pt_BR");
    const created = await client.post(`/v24.0/${input.wabaId}/message_templates`, {
      name: "fresh",
      language: "en_US",
      category: "UTILITY",
      components: [{ type: "BODY", text: "Fresh" }],
    });
    expect(created.body.status).toBe("PENDING");
    const pending = await client.post(`/v24.0/${phone}/messages`, { messaging_product: "whatsapp", to: "14155550100", type: "template", template: { name: "fresh", language: { code: "en_US" } } });
    expect(pending.body.error.code).toBe(132001);
  });

  it("answers 132000 when the body parameters do not match the variables", async () => {
    const input = testAccount();
    const account = emulator.provision(input);
    const message = orderUpdate({ to: "14155550100" });
    message.template.components = [{ type: "body", parameters: [{ type: "text", text: "Sara" }] }];
    const reply = await graphClient(emulator, input.accessToken).post(`/v24.0/${account.phoneNumbers[0]?.id}/messages`, message);
    expect(reply.status).toBe(400);
    expect(reply.body.error).toMatchObject({
      code: 132000,
      message: "(#132000) Number of parameters does not match the expected number of params",
      error_data: { details: "body: number of localizable_params (1) does not match the expected number of params (2)" },
    });
  });

  it("answers 132012 when an image header gets no image, and 132018 for a parameter with a newline", async () => {
    const input = testAccount();
    const account = emulator.provision(input);
    const client = graphClient(emulator, input.accessToken);
    const phone = account.phoneNumbers[0]?.id;
    const body = { type: "body", parameters: [{ type: "text", text: "Sara" }, { type: "text", text: "20%" }] };
    const noImage = await client.post(`/v24.0/${phone}/messages`, {
      messaging_product: "whatsapp",
      to: "14155550100",
      type: "template",
      template: { name: "promo", language: { code: "en_US" }, components: [body] },
    });
    expect(noImage.body.error).toMatchObject({ code: 132012, error_data: { details: "header: Format mismatch, expected IMAGE, received UNKNOWN" } });
    const newline = await client.post(`/v24.0/${phone}/messages`, {
      messaging_product: "whatsapp",
      to: "14155550100",
      type: "template",
      template: {
        name: "promo",
        language: { code: "en_US" },
        components: [{ type: "header", parameters: [{ type: "image", image: { link: "https://example.com/a.png" } }] }, { ...body, parameters: [{ type: "text", text: "Sara\nSmith" }, { type: "text", text: "20%" }] }],
      },
    });
    expect(newline.body.error.code).toBe(132018);
    const good = await client.post(`/v24.0/${phone}/messages`, {
      messaging_product: "whatsapp",
      to: "14155550100",
      type: "template",
      template: { name: "promo", language: { code: "en_US" }, components: [{ type: "header", parameters: [{ type: "image", image: { link: "https://example.com/a.png" } }] }, body] },
    });
    expect(good.body.messages[0]).toEqual({ id: expect.stringMatching(/^wamid\./), message_status: "accepted" });
  });

  it("answers 132015 for a paused template and 132016 for a disabled one", async () => {
    const input = testAccount();
    const account = emulator.provision(input);
    const promo = account.templates.find((t) => t.name === "order_update");
    const client = graphClient(emulator, input.accessToken);
    const phone = account.phoneNumbers[0]?.id;
    emulator.reviewTemplate(promo?.id ?? "", "PAUSED");
    expect((await client.post(`/v24.0/${phone}/messages`, orderUpdate({ to: "14155550100" }))).body.error.code).toBe(132015);
    emulator.reviewTemplate(promo?.id ?? "", "DISABLED");
    expect((await client.post(`/v24.0/${phone}/messages`, orderUpdate({ to: "14155550100" }))).body.error.code).toBe(132016);
  });
});

describe("template category changes", () => {
  it("sends template_category_update and lists the previous category", async () => {
    const input = testAccount();
    const receiver = await startReceiver(input.appSecret);
    try {
      const account = emulator.provision({ ...input, callbackUrl: receiver.url });
      const template = account.templates.find((t) => t.name === "order_update");
      emulator.changeTemplateCategory(template?.id ?? "", "MARKETING");
      await receiver.waitFor((r) => r.length >= 1);
      expect(receiver.received[0]?.signatureValid).toBe(true);
      expect(receiver.changes("template_category_update")[0].value).toEqual({
        message_template_id: Number(template?.id),
        message_template_name: "order_update",
        message_template_language: "en_US",
        previous_category: "UTILITY",
        new_category: "MARKETING",
      });
      const listed = await graphClient(emulator, input.accessToken).get(`/v24.0/${template?.id}`);
      expect(listed.body).toMatchObject({ category: "MARKETING", previous_category: "UTILITY" });
    } finally {
      await receiver.close();
    }
  });
});
