import type { LoaderFunctionArgs } from "@remix-run/node";
import { csvDownload } from "~/modules/contacts/csv-download.server";
import { exportContacts } from "~/modules/contacts/export-contacts.server";
import { contactFilterFrom } from "~/modules/contacts/schemas";
import { requireWorkspace } from "~/modules/workspaces/memberships.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireWorkspace(request, params, "admin");
  const filter = contactFilterFrom(new URL(request.url).searchParams);
  const day = new Date().toISOString().slice(0, 10);
  return csvDownload(`contacts-${access.workspace.slug}-${day}.csv`, exportContacts(access, filter));
}
