import type { LoaderFunctionArgs } from "@remix-run/node";
import { exportWorkspace } from "~/modules/deletion/export-workspace.server";
import { requireWorkspace } from "~/modules/workspaces/memberships.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireWorkspace(request, params, "owner");
  const zip = await exportWorkspace(access);
  const date = new Date().toISOString().slice(0, 10);
  return new Response(zip, {
    headers: {
      "Content-Type": "application/zip",
      "Content-Disposition": `attachment; filename="${access.workspace.slug}-export-${date}.zip"`,
      "Cache-Control": "no-store",
    },
  });
}
