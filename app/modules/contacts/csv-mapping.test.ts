import { describe, expect, it } from "vitest";
import { attributeKeyFor, guessMapping, mapCsvRow, type ImportMapping } from "./csv-mapping";

const mapping: ImportMapping = {
  columns: [{ field: "phone" }, { field: "name" }, { field: "tags" }, { field: "attribute", key: "order_id" }, { field: "opted_out" }, { field: "ignore" }],
  tag: "fair",
  defaultCountry: "GB",
};

describe("guessMapping", () => {
  it("recognises common headers in several languages and reports the rest as unknown", () => {
    const { mapping: guessed, unknown } = guessMapping(["Mobile Number", "Nombre", "Labels", "attributes.Order ID", "Unsubscribed", "Favourite colour", "Phone"]);
    expect(guessed).toEqual([
      { field: "phone" },
      { field: "name" },
      { field: "tags" },
      { field: "attribute", key: "order_id" },
      { field: "opted_out" },
      { field: "ignore" },
      { field: "ignore" },
    ]);
    expect(unknown).toEqual(["Favourite colour"]);
  });

  it("maps the columns of our own export back without questions", () => {
    const header = ["phone", "bsuid", "username", "name", "tags", "opted_out", "opted_out_at", "opt_out_source", "created_at", "attributes.city"];
    const { mapping: guessed, unknown } = guessMapping(header);
    expect(guessed.map((column) => column.field)).toEqual(["phone", "bsuid", "username", "name", "tags", "opted_out", "ignore", "ignore", "ignore", "attribute"]);
    expect(unknown).toEqual([]);
  });

  it("makes attribute names from headers", () => {
    expect(attributeKeyFor("Código Postal", 0)).toBe("codigo_postal");
    expect(attributeKeyFor("2nd line", 3)).toBe("nd_line");
    expect(attributeKeyFor("!!!", 3)).toBe("column_4");
  });
});

describe("mapCsvRow", () => {
  it("turns a row into a contact with normalised fields and the import's tag", () => {
    expect(mapCsvRow(["07911 123456", " Ada Lovelace ", "VIP; new", "A-17", "yes", "whatever"], mapping)).toEqual({
      kind: "contact",
      contact: { phone: "+447911123456", bsuid: null, username: null, name: "Ada Lovelace", tags: ["fair", "vip", "new"], attributes: { order_id: "A-17" }, optedOut: true },
    });
  });

  it("treats a row of blanks as empty, not as a failure", () => {
    expect(mapCsvRow(["", " ", "", "", "", ""], mapping)).toEqual({ kind: "empty" });
    expect(mapCsvRow([""], mapping)).toEqual({ kind: "empty" });
  });

  it("gives the reason a row cannot be imported", () => {
    expect(mapCsvRow(["12", "Ada", "", "", "", ""], mapping)).toEqual({ kind: "failed", reason: '"12" is not a valid phone number for GB' });
    expect(mapCsvRow(["", "Ada", "", "", "", ""], mapping)).toEqual({ kind: "failed", reason: "No phone number or WhatsApp user id" });
    expect(mapCsvRow(["07911 123456", "Ada", "", "", "maybe", ""], mapping)).toEqual({ kind: "failed", reason: 'Opted out should be "yes" or "no", not "maybe"' });
    expect(mapCsvRow(["07911 123456", "Ada", "", "", "", "", "extra"], mapping)).toEqual({ kind: "failed", reason: "The row has 7 values but the header names 6 columns" });
    expect(mapCsvRow(["07911 123456", "Ada", "", "x".repeat(501), "", ""], mapping)).toEqual({ kind: "failed", reason: "The order_id value is longer than 500 characters" });
  });

  it("accepts a WhatsApp user id and a username instead of a number", () => {
    const byId: ImportMapping = { columns: [{ field: "bsuid" }, { field: "username" }], tag: null, defaultCountry: null };
    expect(mapCsvRow(["US.13491208655302741918", "@ada"], byId)).toEqual({
      kind: "contact",
      contact: { phone: null, bsuid: "US.13491208655302741918", username: "ada", name: null, tags: [], attributes: {}, optedOut: false },
    });
    expect(mapCsvRow(["13491208655302741918", ""], byId)).toEqual({ kind: "failed", reason: '"13491208655302741918" is not a WhatsApp user id (like US.13491208655302741918)' });
  });
});
