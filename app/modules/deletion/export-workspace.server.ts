// An owner's export of everything their workspace holds, before they ask for its deletion: one
// JSON file per tenant table (from the catalog, so new tables are included) in a zip. Secrets and
// token digests (binary columns) are left out. The zip is streamed as it is made, from one
// transaction that reads each table with one statement, a batch of rows at a time: a workspace of a
// million messages is never held in memory, and no batch keeps the process busy for long.
import { strToU8, Zip, ZipDeflate } from "fflate";
import { withWorkspace } from "../../../db/transactions";
import { log } from "~/lib/log.server";
import type { WorkspaceAccess } from "../workspaces/memberships.server";
import { quoteIdent, tenantTables } from "./tenant-tables.server";

/** Rows read, turned into JSON and compressed at a time. */
const rowsPerBatch = 500;

function withoutBinary(row: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(row).filter(([, value]) => !(value instanceof Uint8Array)));
}

/** A JSON array written in pieces: its rows as they come, then its end. */
function jsonArrayWriter(file: ZipDeflate) {
  let first = true;
  file.push(strToU8("["));
  return {
    rows(rows: readonly unknown[]) {
      if (rows.length === 0) return;
      file.push(strToU8((first ? "\n" : ",\n") + rows.map((row) => JSON.stringify(row, null, 2)).join(",\n")));
      first = false;
    },
    end() {
      file.push(strToU8(first ? "]\n" : "\n]\n"), true);
    },
  };
}

export async function exportWorkspace(access: WorkspaceAccess): Promise<ReadableStream<Uint8Array>> {
  if (access.role !== "owner") throw new Response("Only owners can export the workspace", { status: 403 });
  let cancelled = false;
  // The producer waits here whenever the reader has enough queued, and the reader's next pull wakes it.
  let wake: (() => void) | null = null;
  const wakeProducer = () => {
    wake?.();
    wake = null;
  };
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        const zip = new Zip((error, chunk, final) => {
          if (error) return controller.error(error);
          controller.enqueue(chunk);
          if (final) controller.close();
        });
        const addFile = (name: string) => {
          const file = new ZipDeflate(name, { level: 6 });
          zip.add(file);
          return file;
        };
        const readerCaughtUp = async () => {
          while (!cancelled && (controller.desiredSize ?? 1) <= 0) await new Promise<void>((resolve) => (wake = resolve));
          if (cancelled) throw new Error("the export's download was cancelled");
        };
        const produce = () =>
          withWorkspace(access.workspace.id, access.user.id, async (tx) => {
            for (const table of await tenantTables(tx)) {
              const json = jsonArrayWriter(addFile(`${table.name}.json`));
              const rows = tx.unsafe(`select * from ${quoteIdent(table.name)} where ${quoteIdent(table.key)} = $1`, [access.workspace.id]);
              for await (const batch of rows.cursor(rowsPerBatch)) {
                json.rows(batch.map((row) => withoutBinary(row as Record<string, unknown>)));
                await readerCaughtUp();
              }
              json.end();
            }
            const members = await tx`select u.name, u.email, u.username, m.role, m.created_at as joined_at
              from memberships m join users u on u.id = m.user_id order by m.created_at`;
            const json = jsonArrayWriter(addFile("members.json"));
            json.rows(members);
            json.end();
          });
        void produce().then(
          () => {
            const readme = addFile("README.txt");
            readme.push(
              strToU8(`Export of the workspace "${access.workspace.name}" (${access.workspace.slug}) from Kiana WhatsApp Panel, made ${new Date().toISOString()}.\nOne JSON file per table.\n`),
              true,
            );
            zip.end();
          },
          (error: unknown) => {
            if (cancelled) return;
            // The download ends unfinished, which the browser reports as a failed download.
            log.error("workspace export failed", { workspaceId: access.workspace.id, error });
            controller.error(error);
          },
        );
      },
      pull: wakeProducer,
      cancel() {
        cancelled = true;
        wakeProducer();
      },
    },
    // Compressed bytes the reader may fall behind by before reading more rows waits for it.
    new ByteLengthQueuingStrategy({ highWaterMark: 1_000_000 }),
  );
}
