// The rows an import could not save, as CSV: the row number in the uploaded file, the row as it was,
// and the reason, so the user can fix those rows and import just them again.
import { withWorkspace } from "../../../db/transactions";
import type { WorkspaceAccess } from "../workspaces/memberships.server";
import { csvText, spreadsheetSafe } from "./csv-download.server";

const pageSize = 5_000;

export async function* importFailuresCsv(access: WorkspaceAccess, importId: string, columns: readonly string[]): AsyncGenerator<string> {
  yield csvText([["row", ...columns.map(spreadsheetSafe), "reason"]]);
  let after = 0;
  for (;;) {
    const rows = await withWorkspace(access.workspace.id, access.user.id, (tx) => tx<{ rowNumber: number; values: string[]; reason: string }[]>`
      select row_number, "values", reason from contact_import_failures
       where import_id = ${importId} and row_number > ${after} order by row_number limit ${pageSize}`);
    if (rows.length === 0) return;
    yield csvText(rows.map((row) => [row.rowNumber, ...columns.map((_, index) => spreadsheetSafe(row.values[index] ?? "")), row.reason]));
    after = rows[rows.length - 1]?.rowNumber ?? after;
  }
}
