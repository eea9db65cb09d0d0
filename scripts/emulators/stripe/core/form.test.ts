// Stripe's form encoding as the SDK and curl send it.
import { describe, expect, it } from "vitest";
import { paramName, parseForm, splitKey } from "./form";
import { formArray, parseParams, params, positiveInteger, text } from "./params";

describe("parseForm", () => {
  it("nests bracketed keys and decodes values", () => {
    const form = parseForm("metadata[workspace_id]=w%201&email=a%40b.c&name=Ada+Lovelace&line_items[0][price]=price_1&line_items[0][quantity]=2");
    expect(JSON.parse(JSON.stringify(form))).toEqual({
      metadata: { workspace_id: "w 1" },
      email: "a@b.c",
      name: "Ada Lovelace",
      line_items: { "0": { price: "price_1", quantity: "2" } },
    });
  });

  it("collects `key[]` into arrays, starting a new element when a key repeats", () => {
    const form = parseForm("expand[]=customer&expand[]=latest_invoice&items[][price]=a&items[][quantity]=1&items[][price]=b");
    expect(JSON.parse(JSON.stringify(form))).toEqual({ expand: ["customer", "latest_invoice"], items: [{ price: "a", quantity: "1" }, { price: "b" }] });
  });

  it("keeps keys such as __proto__ as plain data", () => {
    const form = parseForm("metadata[__proto__]=x&metadata[constructor]=y");
    expect(Object.keys(form.metadata as object)).toEqual(["__proto__", "constructor"]);
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });

  it("splits keys and names parameters in Stripe's bracket notation", () => {
    expect(splitKey("a[b][0][]")).toEqual(["a", "b", "0", ""]);
    expect(splitKey("broken[")).toEqual(["broken["]);
    expect(paramName(["items", 0, "price"])).toBe("items[0][price]");
  });
});

describe("parseParams", () => {
  const Schema = params({ items: formArray(params({ price: text, quantity: positiveInteger.optional() })) });

  it("reads indexed arrays as the SDK sends them", () => {
    expect(parseParams(Schema, parseForm("items[1][price]=b&items[0][price]=a&items[0][quantity]=3"))).toEqual({
      items: [{ price: "a", quantity: 3 }, { price: "b" }],
    });
  });

  it("names the parameter at fault", () => {
    expect(() => parseParams(Schema, parseForm("items[0][quantity]=x&items[0][price]=a"))).toThrow(expect.objectContaining({ body: expect.objectContaining({ param: "items[0][quantity]", code: "parameter_invalid_integer" }) }));
    expect(() => parseParams(Schema, parseForm("items[0][price]="))).toThrow(expect.objectContaining({ body: expect.objectContaining({ param: "items[0][price]", code: "parameter_invalid_empty" }) }));
    expect(() => parseParams(Schema, parseForm("items[0][cost]=1&items[0][price]=a"))).toThrow(expect.objectContaining({ body: expect.objectContaining({ param: "items[0][cost]", code: "parameter_unknown" }) }));
    expect(() => parseParams(Schema, parseForm(""))).toThrow(expect.objectContaining({ status: 400, body: expect.objectContaining({ param: "items", code: "parameter_missing" }) }));
  });
});
