import { describe, expect, it } from "vitest";
import { recipientValues } from "./recipient-values";

const sara = { name: "Sara Al Balushi", phone: "+96891234567", attributes: { order: "1042", points: 30 } };

describe("recipientValues", () => {
  it("takes each value from its source", () => {
    const values = recipientValues(
      {
        "body.1": { source: "first_name", value: "", fallback: "" },
        "body.2": { source: "attribute", value: "order", fallback: "" },
        "body.3": { source: "attribute", value: "points", fallback: "" },
        "header.media": { source: "text", value: "https://example.com/sale.png", fallback: "" },
      },
      sara,
    );
    expect(values).toEqual({ "body.1": "Sara", "body.2": "1042", "body.3": "30", "header.media": "https://example.com/sale.png" });
  });

  it("uses the fallback when the contact has no value, and leaves the variable out when there is none", () => {
    const mapping = { "body.1": { source: "name" as const, value: "", fallback: "there" }, "body.2": { source: "attribute" as const, value: "city", fallback: "" } };
    expect(recipientValues(mapping, { name: null, phone: null, attributes: {} })).toEqual({ "body.1": "there" });
  });
});
