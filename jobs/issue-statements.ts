// Tasks "issue-monthly-statements" (cron, 1st of the month) and "issue-statement" (one workspace,
// one month). Issuing is idempotent: a statement already issued is kept as it is, and a workspace
// deleted since the job was queued has nothing to issue.
import type { Task } from "graphile-worker";
import { z } from "zod";
import { issueStatement } from "../app/modules/billing/issue-statement.server";
import { queueMonthlyStatements } from "../app/modules/billing/queue-monthly-statements.server";
import { StatementMonth } from "../app/modules/billing/statement-month";

const IssueStatementPayload = z.object({ workspaceId: z.string().uuid(), month: StatementMonth });

export const issueMonthlyStatementsTask: Task = async (_payload, helpers) => {
  const count = await queueMonthlyStatements();
  helpers.logger.info(`queued last month's statement for ${count} workspaces`);
};

export const issueStatementTask: Task = async (payload) => {
  const { workspaceId, month } = IssueStatementPayload.parse(payload);
  await issueStatement(workspaceId, month);
};
