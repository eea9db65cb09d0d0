// A CSV file sent as it is produced: rows are pulled from the generator only as fast as the client
// reads, so a million-row file never sits in memory. The BOM makes spreadsheet apps read UTF-8.
import { stringify } from "csv-stringify/sync";

/**
 * Text from contacts (a name, an attribute, a row as uploaded) made inert for spreadsheet apps: a
 * cell starting with = + - @ or a control character would run as a formula, so it gets a leading
 * apostrophe, which the apps hide. Phone numbers are E.164 and written as they are.
 */
export function spreadsheetSafe(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

export function csvText(rows: readonly (readonly unknown[])[]): string {
  return stringify(rows as unknown[][], { record_delimiter: "\r\n" });
}

export function csvDownload(filename: string, lines: AsyncGenerator<string>): Response {
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode("\uFEFF"));
    },
    async pull(controller) {
      const next = await lines.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value));
    },
    async cancel() {
      await lines.return(undefined);
    },
  });
  return new Response(body, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${filename.replace(/[^\w.-]+/g, "-")}"`,
      "Cache-Control": "no-store",
    },
  });
}
