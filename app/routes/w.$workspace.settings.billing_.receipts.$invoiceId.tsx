import type { LoaderFunctionArgs } from "@remix-run/node";
import { readReceipt } from "~/modules/billing/read-receipt.server";
import { requireWorkspace } from "~/modules/workspaces/memberships.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireWorkspace(request, params, "admin");
  const invoiceId = params.invoiceId ?? "";
  const receipt = /^in_[A-Za-z0-9_]{1,200}$/.test(invoiceId) ? await readReceipt(access, invoiceId) : null;
  if (!receipt) throw new Response("No paid invoice with this id", { status: 404 });
  return new Response(new Uint8Array(receipt.pdf), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": `attachment; filename="${receipt.filename}"`,
      "Cache-Control": "private, no-store",
    },
  });
}
