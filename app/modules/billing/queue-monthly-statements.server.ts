// The monthly fan-out: queues the previous month's statement for every workspace that existed
// during it. Crosses tenants, so it runs as the system role (db/system-modules.ts).
import { withSystem } from "../../../db/transactions";
import { enqueueJob } from "../../../jobs/enqueue";
import { previousMonth, statementPeriod } from "./statement-month";

export async function queueMonthlyStatements(now = new Date()): Promise<number> {
  const month = previousMonth(now);
  const { end } = statementPeriod(month);
  return withSystem(async (tx) => {
    const workspaces = await tx<{ id: string }[]>`select id from workspaces where created_at < ${end}`;
    for (const workspace of workspaces) {
      await enqueueJob(tx, "issue-statement", { workspaceId: workspace.id, month }, { jobKey: `statement:${workspace.id}:${month}` });
    }
    return workspaces.length;
  });
}
