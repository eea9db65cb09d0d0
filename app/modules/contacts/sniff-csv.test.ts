import { describe, expect, it } from "vitest";
import { sniffCsv } from "./sniff-csv";

const bytes = (text: string) => new TextEncoder().encode(text);

describe("sniffCsv", () => {
  it("finds the delimiter and the header, past a BOM and CRLF", () => {
    expect(sniffCsv(bytes("\uFEFFPhone;Name;City\r\n+447911123456;\"Lovelace, Ada\";London\r\n"), true)).toEqual({ ok: true, delimiter: ";", columns: ["Phone", "Name", "City"] });
    expect(sniffCsv(bytes("phone,name\n+447911123456,\"Ada; the first\"\n"), true)).toEqual({ ok: true, delimiter: ",", columns: ["phone", "name"] });
    expect(sniffCsv(bytes("phone\tname\n+447911123456\tAda\n"), true)).toEqual({ ok: true, delimiter: "\t", columns: ["phone", "name"] });
  });

  it("names blank header cells by position", () => {
    expect(sniffCsv(bytes("phone,,name\n1,2,3\n"), true)).toMatchObject({ columns: ["phone", "Column 2", "name"] });
  });

  it("reads only whole lines of a sample cut mid-line", () => {
    expect(sniffCsv(bytes("phone,name\n+447911123456,Ada\n+4479"), false)).toEqual({ ok: true, delimiter: ",", columns: ["phone", "name"] });
  });

  it("refuses what is not a CSV, with what to do instead", () => {
    expect(sniffCsv(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14]), false)).toMatchObject({ ok: false, reason: expect.stringMatching(/^This is an Excel or other zipped file, not a CSV\. In your spreadsheet choose/) });
    expect(sniffCsv(new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x2d]), false)).toEqual({ ok: false, reason: "This is a PDF, not a CSV file." });
    expect(sniffCsv(new Uint8Array([0x61, 0x00, 0x62]), true)).toMatchObject({ ok: false, reason: expect.stringMatching(/^This is not a text file/) });
    expect(sniffCsv(new Uint8Array([0x70, 0x68, 0xff, 0x0a]), true)).toMatchObject({ ok: false, reason: expect.stringMatching(/^The file is not UTF-8 text/) });
  });

  it("refuses a file without a header row, or without rows", () => {
    expect(sniffCsv(bytes("+447911123456,Ada\n+447400123456,Grace\n"), true)).toMatchObject({ ok: false, reason: expect.stringMatching(/^The first row should name the columns/) });
    expect(sniffCsv(bytes("phone,name\n"), true)).toEqual({ ok: false, reason: "The file names its columns but has no rows." });
    expect(sniffCsv(bytes("\n\n"), true)).toEqual({ ok: false, reason: "The file is empty." });
    expect(sniffCsv(bytes("x".repeat(100)), false)).toEqual({ ok: false, reason: "The first line is too long to be a CSV header." });
  });
});
