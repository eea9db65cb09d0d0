import type { LoaderFunctionArgs } from "@remix-run/node";
import { issueStatement } from "~/modules/billing/issue-statement.server";
import { isPastMonth, StatementMonth } from "~/modules/billing/statement-month";
import { requireWorkspace } from "~/modules/workspaces/memberships.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireWorkspace(request, params, "admin");
  const month = StatementMonth.safeParse(params.month);
  if (!month.success || !isPastMonth(month.data, new Date())) throw new Response("Statements exist for months that are over, written YYYY-MM", { status: 404 });
  const pdf = await issueStatement(access.workspace.id, month.data);
  if (!pdf) throw new Response("Not found", { status: 404 });
  return new Response(new Uint8Array(pdf), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": `attachment; filename="statement-${access.workspace.slug}-${month.data}.pdf"`,
      "Cache-Control": "private, no-store",
    },
  });
}
