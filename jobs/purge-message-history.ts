// Task purge-message-history (daily cron): applies every workspace's retention period.
import type { Task } from "graphile-worker";
import { purgeMessageHistory } from "../app/modules/workspaces/purge-message-history.server";

export const purgeMessageHistoryTask: Task = async (_payload, helpers) => {
  const purged = await purgeMessageHistory();
  helpers.logger.info(`retention: ${Object.entries(purged).map(([table, count]) => `${table} ${count}`).join(", ")}`);
};
