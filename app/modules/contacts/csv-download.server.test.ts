import { describe, expect, it } from "vitest";
import { csvDownload, csvText, spreadsheetSafe } from "./csv-download.server";

describe("CSV downloads", () => {
  it("make text that a spreadsheet would run as a formula inert", () => {
    expect(spreadsheetSafe('=HYPERLINK("http://x.test","Click")')).toBe('\'=HYPERLINK("http://x.test","Click")');
    expect(spreadsheetSafe("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(spreadsheetSafe("-1+2")).toBe("'-1+2");
    expect(spreadsheetSafe("Ada Lovelace")).toBe("Ada Lovelace");
  });

  it("quote fields and end lines with CRLF", () => {
    expect(csvText([["a,b", 'say "hi"', 3]])).toBe('"a,b","say ""hi""",3\r\n');
  });

  it("stream rows as they are produced, after a BOM", async () => {
    async function* lines() {
      yield "a\r\n";
      yield "b\r\n";
    }
    const response = csvDownload("my list.csv", lines());
    expect(response.headers.get("Content-Disposition")).toBe('attachment; filename="my-list.csv"');
    expect(Buffer.from(await response.arrayBuffer()).toString("utf8")).toBe("\uFEFFa\r\nb\r\n");
  });
});
