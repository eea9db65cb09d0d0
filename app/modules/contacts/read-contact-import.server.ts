// An import as its page shows it (status, counts, progress) and its stored file read back piece by
// piece, each piece in its own short transaction so no reader holds one open for the whole file.
import { parse } from "csv-parse/sync";
import { withWorkspace, type Tx } from "../../../db/transactions";
import { guessMapping, ImportMapping, type ColumnMapping } from "./csv-mapping";
import type { Delimiter } from "./sniff-csv";

export type ImportStatus = "uploading" | "uploaded" | "queued" | "running" | "completed" | "failed";

export interface ContactImport {
  id: string;
  filename: string;
  byteSize: number;
  status: ImportStatus;
  delimiter: Delimiter | null;
  columns: string[] | null;
  mapping: ImportMapping | null;
  mode: "update" | "skip" | null;
  processedRows: number;
  processedBytes: number;
  createdCount: number;
  updatedCount: number;
  skippedCount: number;
  failedCount: number;
  emptyCount: number;
  error: string | null;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
}

type StoredImport = Omit<ContactImport, "byteSize" | "processedBytes" | "mapping"> & { byteSize: string; processedBytes: string; mapping: unknown };

function selectImports(tx: Tx, where: ReturnType<Tx>, limit: number) {
  return tx<StoredImport[]>`
    select id, filename, byte_size, status, delimiter, columns, mapping, mode, processed_rows, processed_bytes, created_count, updated_count,
           skipped_count, failed_count, empty_count, error, created_at, started_at, finished_at
      from contact_imports where ${where} order by created_at desc limit ${limit}`;
}

function fromRow(row: StoredImport): ContactImport {
  return { ...row, mapping: row.mapping ? ImportMapping.parse(row.mapping) : null, byteSize: Number(row.byteSize), processedBytes: Number(row.processedBytes) };
}

export async function readContactImport(tx: Tx, importId: string): Promise<ContactImport | null> {
  const [row] = await selectImports(tx, tx`id = ${importId}`, 1);
  return row ? fromRow(row) : null;
}

/** The latest imports past their upload, newest first. */
export async function listContactImports(tx: Tx, limit = 10): Promise<ContactImport[]> {
  return (await selectImports(tx, tx`status <> 'uploading'`, limit)).map(fromRow);
}

/** The stored file, piece by piece in order. */
export async function* readImportFile(workspaceId: string, importId: string): AsyncGenerator<Buffer> {
  for (let seq = 0; ; seq++) {
    const [chunk] = await withWorkspace(workspaceId, null, (tx) => tx<{ data: Buffer }[]>`
      select data from contact_import_chunks where import_id = ${importId} and seq = ${seq}`);
    if (!chunk) return;
    yield chunk.data;
  }
}

export interface ImportPreview {
  rows: string[][];
  suggested: ColumnMapping[];
  unknown: string[];
}

/** The first rows under the header, for the mapping page, and the mapping guessed from the header. */
export async function previewContactImport(tx: Tx, contactImport: ContactImport, count = 5): Promise<ImportPreview> {
  const columns = contactImport.columns ?? [];
  const [first] = await tx<{ data: Buffer; last: boolean }[]>`
    select data, not exists (select 1 from contact_import_chunks n where n.import_id = c.import_id and n.seq = 1) as last
      from contact_import_chunks c where import_id = ${contactImport.id} and seq = 0`;
  let text = first ? first.data.toString("utf8") : "";
  if (first && !first.last) text = text.slice(0, Math.max(text.lastIndexOf("\n"), 0));
  let rows: string[][] = [];
  try {
    rows = (parse(text, { delimiter: contactImport.delimiter ?? ",", bom: true, relax_column_count: true, relax_quotes: true, skip_empty_lines: true, to: count + 1 }) as string[][]).slice(1);
  } catch {
    // A broken quote in the first rows: the preview shows none, and the import reports the row.
  }
  const guess = guessMapping(columns);
  return { rows, suggested: guess.mapping, unknown: guess.unknown };
}
