import { describe, expect, it } from "vitest";
import {
  buildSendComponents,
  checkDraft,
  checkVariables,
  draftComponents,
  fillTemplate,
  parseComponents,
  previewTemplate,
  previewValues,
  sampleValues,
  templateVariables,
  variableNames,
  type TemplateDraft,
} from "./template-variables";

const draft = (overrides: Partial<TemplateDraft> = {}): TemplateDraft => ({
  category: "UTILITY",
  headerType: "NONE",
  headerText: "",
  headerExample: "",
  headerHandle: "",
  body: "Hello {{1}}, your order {{2}} has shipped.",
  bodyExamples: ["Ana", "#1042"],
  footer: "",
  buttons: [],
  securityRecommendation: false,
  codeExpirationMinutes: null,
  ...overrides,
});

const messages = (candidate: TemplateDraft) => checkDraft(candidate).map((issue) => [issue.path.join("."), issue.message]);

describe("checkVariables", () => {
  it("accepts numbered variables first used in order, repeats included", () => {
    expect(checkVariables("Hi {{1}}, order {{2}} for {{1}}")).toEqual({ ok: true, names: ["1", "2"], format: "POSITIONAL" });
  });

  it("accepts text without variables and named variables", () => {
    expect(checkVariables("Thanks for your order.")).toEqual({ ok: true, names: [], format: null });
    expect(checkVariables("Hi {{first_name}}, see you {{visit_date}}")).toEqual({ ok: true, names: ["first_name", "visit_date"], format: "NAMED" });
  });

  it("refuses a gap in the numbering", () => {
    expect(checkVariables("Hi {{1}}, order {{3}}")).toEqual({ ok: false, error: "Number the variables from {{1}} with no gaps: {{2}} is missing" });
    expect(checkVariables("Order {{2}}")).toEqual({ ok: false, error: "Number the variables from {{1}} with no gaps: {{1}} is missing" });
  });

  it("refuses numbers used out of order", () => {
    expect(checkVariables("Order {{2}} for {{1}}")).toEqual({ ok: false, error: "Number the variables in the order they appear: {{2}} comes before {{1}}" });
  });

  it("refuses mixed, malformed and unclosed variables", () => {
    expect(checkVariables("Hi {{1}} and {{name}}")).toMatchObject({ ok: false, error: expect.stringContaining("not both") });
    expect(checkVariables("Hi {{ 1 }}")).toMatchObject({ ok: false, error: expect.stringContaining("{{ 1 }} is not a variable") });
    expect(checkVariables("Hi {{First}}")).toMatchObject({ ok: false, error: expect.stringContaining("{{First}} is not a variable") });
    expect(checkVariables("Hi {{0}}")).toMatchObject({ ok: false, error: expect.stringContaining("{{0}} is not a variable") });
    expect(checkVariables("Hi {{1}")).toEqual({ ok: false, error: "Write each variable between double braces, like {{1}}" });
  });

  it("reads stored text tolerantly", () => {
    expect(variableNames("Hi {{ 1 }} and {{2}} and {{1}}")).toEqual(["1", "2"]);
  });
});

describe("checkDraft", () => {
  it("passes a complete template", () => {
    expect(checkDraft(draft())).toEqual([]);
  });

  it("reports a body whose sample values do not match its variables", () => {
    expect(messages(draft({ bodyExamples: ["Ana"] }))).toEqual([
      ["bodyExamples", "The body has 2 variables ({{1}}, {{2}}) but 1 sample value: give exactly one per variable, one per line, in order"],
    ]);
    expect(messages(draft({ body: "Thanks for your order.", bodyExamples: ["Ana"] }))).toEqual([["bodyExamples", "The body has no variables, so leave its sample values empty"]]);
  });

  it("allows one header variable, with its sample", () => {
    expect(checkDraft(draft({ headerType: "TEXT", headerText: "Order {{1}}", headerExample: "#1042" }))).toEqual([]);
    expect(messages(draft({ headerType: "TEXT", headerText: "Order {{1}}" }))).toEqual([
      ["headerExample", "The header has 1 variable ({{1}}) but 0 sample values: give exactly one per variable, one per line, in order"],
    ]);
    expect(messages(draft({ headerType: "TEXT", headerText: "{{1}} and {{2}}", headerExample: "x" }))).toEqual([["headerText", "A header can have at most one variable"]]);
  });

  it("refuses a body that starts or ends with a variable, and variables in the footer", () => {
    expect(messages(draft({ body: "{{1}} has shipped", bodyExamples: ["Order"] }))[0]?.[0]).toBe("body");
    expect(messages(draft({ body: "Shipped: {{1}}", bodyExamples: ["Order"] }))[0]?.[0]).toBe("body");
    expect(messages(draft({ footer: "Bye {{1}}" }))).toEqual([["footer", "The footer cannot have variables; move them to the body"]]);
  });

  it("refuses named header and numbered body variables together", () => {
    expect(messages(draft({ headerType: "TEXT", headerText: "Hi {{name}}", headerExample: "Ana" }))).toEqual([
      ["body", "Use the same kind of variables in the header and the body: all numbered or all named"],
    ]);
  });

  it("checks each button next to its own field", () => {
    const issues = messages(
      draft({
        buttons: [
          { type: "URL", text: "Track", url: "https://shop.example/track/{{1}}", urlExample: "", phoneNumber: "" },
          { type: "URL", text: "Shop", url: "https://shop.example/{{1}}/x", urlExample: "a", phoneNumber: "" },
          { type: "PHONE_NUMBER", text: "Call us", url: "", urlExample: "", phoneNumber: "555" },
          { type: "QUICK_REPLY", text: "", url: "", urlExample: "", phoneNumber: "" },
        ],
      }),
    );
    expect(issues).toEqual([
      ["buttons.0.urlExample", "Give a sample value for the {{1}} at the end of the web address"],
      ["buttons.1.url", "A web address can have one variable, {{1}}, at its very end"],
      ["buttons.2.phoneNumber", "Enter the phone number with its country code, like +14155550123"],
      ["buttons.3.text", "Enter the button's text"],
    ]);
  });

  it("checks only the code expiry of an authentication template", () => {
    expect(checkDraft(draft({ category: "AUTHENTICATION", body: "", bodyExamples: [], codeExpirationMinutes: 10 }))).toEqual([]);
    expect(messages(draft({ category: "AUTHENTICATION", codeExpirationMinutes: 120 }))[0]?.[0]).toBe("codeExpirationMinutes");
  });
});

describe("draftComponents", () => {
  it("builds Meta's creation payload with examples for every variable", () => {
    const payload = draftComponents(
      draft({
        headerType: "TEXT",
        headerText: "Order {{1}}",
        headerExample: "#1042",
        footer: "Reply STOP to opt out",
        buttons: [
          { type: "QUICK_REPLY", text: "Thanks", url: "", urlExample: "", phoneNumber: "" },
          { type: "URL", text: "Track", url: "https://shop.example/track/{{1}}", urlExample: "1042", phoneNumber: "" },
          { type: "PHONE_NUMBER", text: "Call us", url: "", urlExample: "", phoneNumber: "+14155550123" },
        ],
      }),
    );
    expect(payload).toEqual({
      parameterFormat: "POSITIONAL",
      components: [
        { type: "HEADER", format: "TEXT", text: "Order {{1}}", example: { header_text: ["#1042"] } },
        { type: "BODY", text: "Hello {{1}}, your order {{2}} has shipped.", example: { body_text: [["Ana", "#1042"]] } },
        { type: "FOOTER", text: "Reply STOP to opt out" },
        {
          type: "BUTTONS",
          buttons: [
            { type: "QUICK_REPLY", text: "Thanks" },
            { type: "URL", text: "Track", url: "https://shop.example/track/{{1}}", example: ["https://shop.example/track/1042"] },
            { type: "PHONE_NUMBER", text: "Call us", phone_number: "+14155550123" },
          ],
        },
      ],
    });
  });

  it("uses named examples for named variables and a handle for media headers", () => {
    const payload = draftComponents(draft({ headerType: "IMAGE", headerHandle: "4::aW1hZ2U=", body: "Hi {{first_name}}, welcome!", bodyExamples: ["Ana"] }));
    expect(payload.parameterFormat).toBe("NAMED");
    expect(payload.components).toEqual([
      { type: "HEADER", format: "IMAGE", example: { header_handle: ["4::aW1hZ2U="] } },
      { type: "BODY", text: "Hi {{first_name}}, welcome!", example: { body_text_named_params: [{ param_name: "first_name", example: "Ana" }] } },
    ]);
  });

  it("builds the fixed layout of an authentication template", () => {
    expect(draftComponents(draft({ category: "AUTHENTICATION", securityRecommendation: true, codeExpirationMinutes: 10 })).components).toEqual([
      { type: "BODY", add_security_recommendation: true },
      { type: "FOOTER", code_expiration_minutes: 10 },
      { type: "BUTTONS", buttons: [{ type: "OTP", otp_type: "COPY_CODE", text: "Copy code" }] },
    ]);
  });
});

// A template as GET /{waba-id}/message_templates returns it.
const stored = [
  { type: "HEADER", format: "TEXT", text: "Order {{1}}", example: { header_text: ["#1042"] } },
  { type: "BODY", text: "Hello {{1}}, your order {{2}} ships {{3}}.", example: { body_text: [["Ana", "#1042", "today"]] } },
  { type: "FOOTER", text: "Kiana Shop" },
  {
    type: "BUTTONS",
    buttons: [
      { type: "URL", text: "Track", url: "https://shop.example/track/{{1}}", example: ["https://shop.example/track/1042"] },
      { type: "PHONE_NUMBER", text: "Call us", phone_number: "+14155550123" },
      { type: "QUICK_REPLY", text: "Stop promotions" },
    ],
  },
];

describe("filling a template", () => {
  it("lists the variables a send needs, with the template's examples", () => {
    expect(templateVariables(parseComponents(stored)).map(({ key, example }) => [key, example])).toEqual([
      ["header.1", "#1042"],
      ["body.1", "Ana"],
      ["body.2", "#1042"],
      ["body.3", "today"],
      ["button.0", "1042"],
    ]);
  });

  it("previews with sample values filled in", () => {
    expect(previewTemplate(stored)).toEqual({
      header: { kind: "text", text: "Order #1042" },
      body: "Hello Ana, your order #1042 ships today.",
      footer: "Kiana Shop",
      buttons: [
        { kind: "URL", text: "Track", url: "https://shop.example/track/1042" },
        { kind: "PHONE_NUMBER", text: "Call us", phoneNumber: "+14155550123" },
        { kind: "QUICK_REPLY", text: "Stop promotions" },
      ],
    });
  });

  it("previews with the values a person typed in place of the samples, ignoring blanks and unknown keys", () => {
    const components = parseComponents(stored);
    const typed: Record<string, string> = { "body.1": "  Sam ", "body.2": "", "body.9": "nobody" };
    const values = previewValues(components, (key) => typed[key]);
    expect(values).toEqual({ "header.1": "#1042", "body.1": "Sam", "body.2": "#1042", "body.3": "today", "button.0": "1042" });
    expect(fillTemplate(components, values).body).toBe("Hello Sam, your order #1042 ships today.");
  });

  it("keeps a variable without a value visible", () => {
    const components = parseComponents(stored);
    expect(fillTemplate(components, { "body.1": "Sam" }).body).toBe("Hello Sam, your order {{2}} ships {{3}}.");
  });

  it("skips parts it does not know instead of failing", () => {
    const components = parseComponents([{ type: "CAROUSEL", cards: [] }, { type: "body", text: "Hi" }]);
    expect(fillTemplate(components, {})).toEqual({ header: null, body: "Hi", footer: null, buttons: [] });
  });

  it("renders an authentication template in WhatsApp's words with a sample code", () => {
    const preview = previewTemplate(draftComponents(draft({ category: "AUTHENTICATION", securityRecommendation: true, codeExpirationMinutes: 5 })).components);
    expect(preview).toEqual({
      header: null,
      body: "123456 is your verification code. For your security, do not share this code.",
      footer: "This code expires in 5 minutes.",
      buttons: [{ kind: "COPY_CODE", text: "Copy code", code: "123456" }],
    });
  });

  it("builds the send components in Meta's order, or names what is missing", () => {
    const components = parseComponents(stored);
    expect(buildSendComponents(components, { ...sampleValues(components), "body.3": "" })).toMatchObject({ ok: false, missing: [{ key: "body.3" }] });
    expect(buildSendComponents(components, { "header.1": "#7", "body.2": "#7", "body.1": "Sam", "body.3": "now", "button.0": "7" })).toEqual({
      ok: true,
      components: [
        { type: "header", parameters: [{ type: "text", text: "#7" }] },
        { type: "body", parameters: [{ type: "text", text: "Sam" }, { type: "text", text: "#7" }, { type: "text", text: "now" }] },
        { type: "button", sub_type: "url", index: "0", parameters: [{ type: "text", text: "7" }] },
      ],
    });
  });

  it("names named parameters and sends media headers by link", () => {
    const components = parseComponents([
      { type: "HEADER", format: "IMAGE", example: { header_handle: ["https://cdn.example/sample.jpg"] } },
      { type: "BODY", text: "Hi {{first_name}}!", example: { body_text_named_params: [{ param_name: "first_name", example: "Ana" }] } },
    ]);
    expect(buildSendComponents(components, { "header.media": "https://cdn.example/promo.jpg", "body.first_name": "Sam" })).toEqual({
      ok: true,
      components: [
        { type: "header", parameters: [{ type: "image", image: { link: "https://cdn.example/promo.jpg" } }] },
        { type: "body", parameters: [{ type: "text", text: "Sam", parameter_name: "first_name" }] },
      ],
    });
  });
});
