// Receives an uploaded contacts file as it streams in: recognises it from its first bytes, stores it
// in the database in 1 MB pieces (so any worker can read it back), and refuses anything over the
// size limit without keeping a byte of it.
import type { UploadedFile } from "~/lib/csrf.server";
import { withWorkspace } from "../../../db/transactions";
import type { WorkspaceAccess } from "../workspaces/memberships.server";
import { importChunkBytes, importSampleBytes, maxImportBytes, maxImportLabel } from "./import-limits";
import { sniffCsv, type CsvSniff } from "./sniff-csv";

export type StoredUpload = { ok: true; importId: string } | { ok: false; error: string };

function cleanFilename(name: string): string {
  const base = name.split(/[\\/]/).pop()?.trim().slice(0, 255) ?? "";
  return base || "contacts.csv";
}

async function discard(access: WorkspaceAccess, importId: string): Promise<void> {
  await withWorkspace(access.workspace.id, access.user.id, (tx) => tx`delete from contact_imports where id = ${importId}`);
}

/** Drains what is left of a refused file, so the rest of the form can still be read. */
export async function drain(data: AsyncIterable<Uint8Array>): Promise<void> {
  for await (const piece of data) void piece;
}

export async function storeContactUpload(access: WorkspaceAccess, file: UploadedFile, declaredBytes: number | null): Promise<StoredUpload> {
  if (!file.filename) {
    await drain(file.data);
    return { ok: false, error: "Choose a CSV file to upload." };
  }
  if (declaredBytes !== null && declaredBytes > maxImportBytes + 64 * 1024) {
    await drain(file.data);
    return { ok: false, error: `The file is larger than ${maxImportLabel}. Split it into smaller files and import them one after another.` };
  }
  const workspaceId = access.workspace.id;
  const [created] = await withWorkspace(workspaceId, access.user.id, (tx) => tx<{ id: string }[]>`
    insert into contact_imports (workspace_id, created_by, filename) values (${workspaceId}, ${access.user.id}, ${cleanFilename(file.filename)}) returning id`);
  const importId = (created as { id: string }).id;
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let total = 0;
  let seq = 0;
  let sniff: CsvSniff | null = null;
  const flush = async (upTo: number) => {
    const all = Buffer.concat(pending);
    const chunk = all.subarray(0, upTo);
    pending = upTo < all.length ? [all.subarray(upTo)] : [];
    pendingBytes = all.length - chunk.length;
    const index = seq++;
    await withWorkspace(workspaceId, access.user.id, (tx) => tx`
      insert into contact_import_chunks (workspace_id, import_id, seq, data) values (${workspaceId}, ${importId}, ${index}, ${chunk})`);
  };
  try {
    for await (const piece of file.data) {
      total += piece.byteLength;
      if (total > maxImportBytes) {
        await discard(access, importId);
        await drain(file.data);
        return { ok: false, error: `The file is larger than ${maxImportLabel}. Split it into smaller files and import them one after another.` };
      }
      pending.push(Buffer.from(piece));
      pendingBytes += piece.byteLength;
      if (!sniff && total >= importSampleBytes) {
        sniff = sniffCsv(Buffer.concat(pending).subarray(0, importSampleBytes), false);
        if (!sniff.ok) {
          await discard(access, importId);
          await drain(file.data);
          return { ok: false, error: sniff.reason };
        }
      }
      while (pendingBytes >= importChunkBytes) await flush(importChunkBytes);
    }
    sniff ??= sniffCsv(Buffer.concat(pending), true);
    if (!sniff.ok) {
      await discard(access, importId);
      return { ok: false, error: total === 0 ? "The file is empty." : sniff.reason };
    }
    if (pendingBytes > 0) await flush(pendingBytes);
  } catch (error) {
    await discard(access, importId);
    throw error;
  }
  const { delimiter, columns } = sniff;
  await withWorkspace(workspaceId, access.user.id, (tx) => tx`
    update contact_imports set status = 'uploaded', byte_size = ${total}, delimiter = ${delimiter}, columns = ${columns}, updated_at = now()
     where id = ${importId}`);
  return { ok: true, importId };
}
