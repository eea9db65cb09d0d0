// The import job's work: streams the stored file through csv-parse, maps each row, saves rows in
// batches (each batch, its failures and the progress in one transaction) and finishes with the
// summary. A rerun after a crash or a shutdown continues after the last saved batch, so no row is
// lost or saved twice.
import { once } from "node:events";
import { setImmediate as nextTurn } from "node:timers/promises";
import { parse, CsvError } from "csv-parse";
import { withWorkspace } from "../../../db/transactions";
import { mapCsvRow, type ImportMapping, type ImportedContact } from "./csv-mapping";
import { readContactImport, readImportFile } from "./read-contact-import.server";
import { upsertContacts, type UpsertMode } from "./upsert-contacts.server";

export const importBatchSize = 5_000;
/** Rows mapped, or bytes parsed, between two turns of the event loop. */
const cpuSliceRows = 250;
const cpuSliceBytes = 16 * 1024;
/** A record longer than this is a quote left open, swallowing the rest of the file. */
const maxRecordBytes = 128 * 1024;

interface Failure {
  rowNumber: number;
  values: string[];
  reason: string;
}

interface CsvRow {
  rowNumber: number;
  values: string[];
  /** The parser's position in the file after this row. */
  bytes: number;
}

export type ImportRunResult = "completed" | "failed" | "interrupted" | "not-queued";

function describeParseError(error: unknown, rowNumber: number): string {
  const detail = error instanceof CsvError && error.code === "CSV_MAX_RECORD_SIZE" ? "a quote is opened and never closed" : error instanceof Error ? error.message : String(error);
  return `The file could not be read from row ${rowNumber} on (${detail}). The rows before it were imported.`;
}

interface MappedBatch {
  size: number;
  /** The parser's position after the batch's last row. */
  bytes: number;
  contacts: ImportedContact[];
  contactRows: CsvRow[];
  failures: Failure[];
  empty: number;
}

/**
 * The CPU half of a batch, run while the previous batch is still being saved. It gives way to the
 * event loop every few hundred rows, so the save's next statement goes out without waiting for the
 * whole batch to be mapped.
 */
async function mapBatch(rows: CsvRow[], mapping: ImportMapping): Promise<MappedBatch> {
  const batch: MappedBatch = { size: rows.length, bytes: rows[rows.length - 1]?.bytes ?? 0, contacts: [], contactRows: [], failures: [], empty: 0 };
  for (const [index, row] of rows.entries()) {
    if (index > 0 && index % cpuSliceRows === 0) await nextTurn();
    const mapped = mapCsvRow(row.values, mapping);
    if (mapped.kind === "empty") batch.empty++;
    else if (mapped.kind === "failed") batch.failures.push({ rowNumber: row.rowNumber, values: row.values, reason: mapped.reason });
    else {
      batch.contacts.push(mapped.contact);
      batch.contactRows.push(row);
    }
  }
  return batch;
}

async function saveBatch(workspaceId: string, importId: string, mode: UpsertMode, batch: MappedBatch, expectedProcessed: number): Promise<void> {
  await withWorkspace(workspaceId, null, async (tx) => {
    const failures = [...batch.failures];
    const outcomes = await upsertContacts(tx, workspaceId, batch.contacts, mode, "import");
    const counts = { created: 0, updated: 0, skipped: 0 };
    outcomes.forEach((outcome, index) => {
      const row = batch.contactRows[index] as CsvRow;
      if (outcome.kind === "failed") failures.push({ rowNumber: row.rowNumber, values: row.values, reason: outcome.reason });
      else counts[outcome.kind]++;
    });
    // Both statements go out together; the connection runs them in order.
    const stored = failures.length > 0
      ? tx`
        insert into contact_import_failures (workspace_id, import_id, row_number, "values", reason)
        select ${workspaceId}, ${importId}, f.row_number, array(select jsonb_array_elements_text(f.values)), f.reason
          from jsonb_to_recordset(${tx.json(failures.map((failure) => ({ row_number: failure.rowNumber, values: failure.values, reason: failure.reason })))}::jsonb)
            as f(row_number int, values jsonb, reason text)`
      : null;
    // The guard on processed_rows makes a second runner of the same import fail here instead of saving rows twice.
    const progress = tx`
      update contact_imports set
        processed_rows = processed_rows + ${batch.size}, processed_bytes = ${batch.bytes},
        created_count = created_count + ${counts.created}, updated_count = updated_count + ${counts.updated},
        skipped_count = skipped_count + ${counts.skipped}, failed_count = failed_count + ${failures.length},
        empty_count = empty_count + ${batch.empty}, updated_at = now()
       where id = ${importId} and status = 'running' and processed_rows = ${expectedProcessed}`;
    const [, advanced] = await Promise.all([stored, progress]);
    if (advanced.count !== 1) throw new Error(`import ${importId} was advanced by another run; this batch is rolled back`);
  });
}

/** Ends a running import: completed, or stopped with the reason shown to the user. The file is deleted either way. */
export async function finishContactImport(workspaceId: string, importId: string, error: string | null): Promise<void> {
  await withWorkspace(workspaceId, null, async (tx) => {
    await tx`update contact_imports set status = ${error ? "failed" : "completed"}, error = ${error}, finished_at = now(), updated_at = now()
              where id = ${importId} and status in ('queued', 'running')`;
    // The file has served its purpose; only the summary and the failed rows are kept.
    await tx`delete from contact_import_chunks where import_id = ${importId}`;
  });
}

export interface RunContactImportOptions {
  workspaceId: string;
  importId: string;
  /** Stops after the current batch (a worker shutting down); the next run continues from there. */
  signal?: AbortSignal;
  batchSize?: number;
}

export async function runContactImport({ workspaceId, importId, signal, batchSize = importBatchSize }: RunContactImportOptions): Promise<ImportRunResult> {
  const contactImport = await withWorkspace(workspaceId, null, async (tx) => {
    await tx`update contact_imports set status = 'running', started_at = coalesce(started_at, now()), updated_at = now()
              where id = ${importId} and status in ('queued', 'running')`;
    return readContactImport(tx, importId);
  });
  if (!contactImport || contactImport.status !== "running" || !contactImport.mapping || !contactImport.mode) return "not-queued";
  const { mapping, mode } = contactImport;
  const alreadySaved = contactImport.processedRows;
  let processed = alreadySaved;
  // Records are collected as the parser finds them (on_record), so a parse error later in a piece
  // never discards the good rows before it.
  let rowNumber = 0;
  const pending: CsvRow[] = [];
  const parser = parse({
    delimiter: contactImport.delimiter ?? ",",
    bom: true,
    relax_column_count: true,
    relax_quotes: true,
    max_record_size: maxRecordBytes,
    on_record: (record: string[], context: { bytes: number }) => {
      rowNumber++;
      // Row 1 is the header; data rows already saved by an earlier run are read past, not saved again.
      if (rowNumber > 1 && rowNumber - 1 > alreadySaved) pending.push({ rowNumber, values: record, bytes: context.bytes });
      return null;
    },
  });
  parser.on("error", () => undefined);
  // One batch is saved while the next is parsed and mapped; saves still run one after another, in order.
  let saving: Promise<void> | null = null;
  const settle = async () => {
    if (saving) await saving;
    saving = null;
  };
  const save = async (count: number) => {
    const batch = await mapBatch(pending.splice(0, count), mapping);
    const expected = processed;
    processed += batch.size;
    await settle();
    saving = saveBatch(workspaceId, importId, mode, batch, expected);
    // A failure surfaces at the next settle(); this only keeps it from being reported as unhandled meanwhile.
    saving.catch(() => undefined);
  };
  try {
    for await (const piece of readImportFile(workspaceId, importId)) {
      for (let start = 0; start < piece.length; start += cpuSliceBytes) {
        const slice = piece.subarray(start, start + cpuSliceBytes);
        await new Promise<void>((resolve, reject) => parser.write(slice, (error) => (error ? reject(error) : resolve())));
        await nextTurn();
      }
      while (pending.length >= batchSize) {
        await save(batchSize);
        if (signal?.aborted) {
          await settle();
          return "interrupted";
        }
      }
    }
    parser.end();
    await once(parser, "finish");
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    if (pending.length > 0) await save(pending.length);
    await settle();
    await finishContactImport(workspaceId, importId, describeParseError(error, rowNumber + 1));
    return "failed";
  }
  if (pending.length > 0) await save(pending.length);
  await settle();
  await finishContactImport(workspaceId, importId, null);
  return "completed";
}
