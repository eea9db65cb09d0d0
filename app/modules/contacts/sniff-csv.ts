// Decides from the first bytes of an upload whether it is a CSV we can read, and how: the
// delimiter (comma, semicolon or tab, whichever splits the first lines consistently) and the header.
import { parse } from "csv-parse/sync";
import { normalizePhone } from "./normalize-phone";

export const delimiters = [",", ";", "\t"] as const;
export type Delimiter = (typeof delimiters)[number];

export type CsvSniff = { ok: true; delimiter: Delimiter; columns: string[] } | { ok: false; reason: string };

const saveAsCsv = "In your spreadsheet choose File › Save as (or Download) › CSV UTF-8, and upload that file.";

const signatures: [number[], string][] = [
  [[0x50, 0x4b, 0x03, 0x04], `This is an Excel or other zipped file, not a CSV. ${saveAsCsv}`],
  [[0xd0, 0xcf, 0x11, 0xe0], `This is an old Excel (.xls) file, not a CSV. ${saveAsCsv}`],
  [[0x25, 0x50, 0x44, 0x46], "This is a PDF, not a CSV file."],
];

function startsWith(bytes: Uint8Array, signature: number[]): boolean {
  return signature.every((byte, index) => bytes[index] === byte);
}

function records(text: string, delimiter: Delimiter): string[][] {
  try {
    return parse(text, { delimiter, bom: true, relax_column_count: true, relax_quotes: true, skip_empty_lines: true, skip_records_with_error: true, to: 50 }) as string[][];
  } catch {
    return [];
  }
}

/**
 * `sample` is the start of the file (all of it when `complete`). A sample that ends mid-line is cut
 * back to its last line break so a half record does not skew the delimiter count.
 */
export function sniffCsv(sample: Uint8Array, complete: boolean): CsvSniff {
  const known = signatures.find(([signature]) => startsWith(sample, signature));
  if (known) return { ok: false, reason: known[1] };
  if (sample.includes(0)) return { ok: false, reason: `This is not a text file, so it cannot be a CSV. ${saveAsCsv}` };
  let text: string;
  try {
    // stream: true tolerates a character cut in half at the end of the sample.
    text = new TextDecoder("utf-8", { fatal: true }).decode(sample, { stream: !complete });
  } catch {
    return { ok: false, reason: `The file is not UTF-8 text. ${saveAsCsv}` };
  }
  const lastBreak = Math.max(text.lastIndexOf("\n"), text.lastIndexOf("\r"));
  if (!complete) {
    if (lastBreak < 0) return { ok: false, reason: "The first line is too long to be a CSV header." };
    text = text.slice(0, lastBreak);
  }
  const candidates = delimiters.map((delimiter) => {
    const parsed = records(text, delimiter);
    const width = parsed[0]?.length ?? 0;
    const consistent = parsed.filter((record) => record.length === width).length / Math.max(1, parsed.length);
    return { delimiter, parsed, width, consistent };
  });
  const splitting = candidates.filter((candidate) => candidate.width > 1);
  const best = splitting.sort((a, b) => b.consistent - a.consistent || b.width - a.width)[0] ?? candidates[0];
  const header = best?.parsed[0]?.map((name) => name.trim());
  if (!best || !header || header.every((name) => name === "")) {
    return { ok: false, reason: complete ? "The file is empty." : "The first line of the file is empty; it should name the columns." };
  }
  if (header.some((name) => /\d{5}/.test(name) && normalizePhone(name, null).ok)) {
    return { ok: false, reason: 'The first row should name the columns (like "phone" and "name") but it holds a phone number. Add a header row and upload again.' };
  }
  const columns = header.map((name, index) => name || `Column ${index + 1}`);
  if (complete && best.parsed.length < 2) return { ok: false, reason: "The file names its columns but has no rows." };
  return { ok: true, delimiter: best.delimiter, columns };
}
