import type { LoaderFunctionArgs } from "@remix-run/node";
import { csvDownload } from "~/modules/contacts/csv-download.server";
import { importFailuresCsv } from "~/modules/contacts/import-failures.server";
import { readContactImport } from "~/modules/contacts/read-contact-import.server";
import { inWorkspace, requireWorkspace } from "~/modules/workspaces/memberships.server";
import { z } from "zod";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireWorkspace(request, params, "admin");
  const importId = z.string().uuid().safeParse(params.importId);
  const contactImport = importId.success ? await inWorkspace(access, (tx) => readContactImport(tx, importId.data)) : null;
  if (!contactImport?.columns) throw new Response("Not found", { status: 404 });
  const name = contactImport.filename.replace(/\.csv$/i, "");
  return csvDownload(`${name}-failed-rows.csv`, importFailuresCsv(access, contactImport.id, contactImport.columns));
}
