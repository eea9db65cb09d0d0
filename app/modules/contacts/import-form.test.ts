import { describe, expect, it } from "vitest";
import { parseImportForm } from "./import-form";

const columns = ["Phone", "Other phone", "Name", "Order ID", "Ref"];

describe("parseImportForm", () => {
  it("builds the mapping the job follows", () => {
    expect(parseImportForm(columns, { column_0: "phone", column_2: "name", column_3: "attribute", attribute_3: "order_id", mode: "skip", tag: " Spring Fair ", defaultCountry: "GB" })).toEqual({
      ok: true,
      mode: "skip",
      mapping: { columns: [{ field: "phone" }, { field: "ignore" }, { field: "name" }, { field: "attribute", key: "order_id" }, { field: "ignore" }], tag: "spring fair", defaultCountry: "GB" },
    });
  });

  it("puts each mistake next to its field", () => {
    const result = parseImportForm(columns, { column_0: "phone", column_1: "phone", column_3: "attribute", attribute_3: "Order ID", column_4: "attribute", attribute_4: "ref", tag: "a,b" });
    expect(result).toEqual({
      ok: false,
      errors: {
        attribute_3: "Use lower-case letters, digits and _ (up to 40), starting with a letter",
        column_1: "Only one column can hold this",
        mode: "Choose what to do with contacts that already exist",
        tag: "A tag cannot contain , ; or |",
      },
    });
  });

  it("needs a column with a phone number or a user id", () => {
    expect(parseImportForm(columns, { column_2: "name", mode: "update" })).toEqual({ ok: false, errors: { form: "Choose the column that holds the phone number (or the WhatsApp user id)" } });
  });
});
