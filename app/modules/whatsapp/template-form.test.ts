import { describe, expect, it } from "vitest";
import { fieldErrors } from "~/lib/forms";
import { TemplateForm, readDraft } from "./template-form";

const posted = (overrides: Record<string, string> = {}) => ({
  name: "order_update",
  language: "en_US",
  category: "UTILITY",
  headerType: "NONE",
  body: "Hello {{1}}, your order {{2}} has shipped.",
  bodyExamples: "Ana\r\n#1042\n",
  footer: "",
  ...overrides,
});

const errorsOf = (input: Record<string, string>) => {
  const parsed = TemplateForm.safeParse(input);
  return parsed.success ? {} : fieldErrors(parsed.error);
};

describe("TemplateForm", () => {
  it("reads sample values one per line and gathers the numbered button fields into rows", () => {
    const form = TemplateForm.parse(
      posted({ buttonType2: "PHONE_NUMBER", buttonText2: "Call us", buttonPhone2: "+1 (415) 555-0123", buttonType3: "", buttonText3: "ignored" }),
    );
    expect(form.bodyExamples).toEqual(["Ana", "#1042"]);
    expect(form.buttons).toEqual([{ row: 2, type: "PHONE_NUMBER", text: "Call us", url: "", urlExample: "", phoneNumber: "+14155550123" }]);
  });

  it("puts a sample count that does not match the variables on the sample field", () => {
    expect(errorsOf(posted({ bodyExamples: "Ana" }))).toEqual({
      bodyExamples: "The body has 2 variables ({{1}}, {{2}}) but 1 sample value: give exactly one per variable, one per line, in order",
    });
  });

  it("puts a button's problem on that button's own numbered field", () => {
    expect(errorsOf(posted({ buttonType2: "URL", buttonText2: "Track", buttonUrl2: "https://shop.example/t/{{1}}" }))).toEqual({
      buttonUrlExample2: "Give a sample value for the {{1}} at the end of the web address",
    });
  });

  it("asks for a name, a known language and a category in plain words", () => {
    expect(errorsOf(posted({ name: "Order Update", language: "xx", category: "" }))).toEqual({
      name: "Use only lowercase letters, digits and underscores, like order_shipped",
      language: "Choose the template's language",
      category: "Choose a category",
    });
  });
});

describe("readDraft", () => {
  it("reads an unfinished form for the preview without failing", () => {
    expect(readDraft({ category: "nonsense", headerType: "TEXT", headerText: "Hi", buttonType1: "BOGUS" })).toMatchObject({
      category: "MARKETING",
      headerType: "TEXT",
      body: "",
      bodyExamples: [],
      buttons: [{ row: 1, type: "QUICK_REPLY", text: "" }],
    });
  });
});
