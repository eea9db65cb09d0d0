// Task revive-replies (cron, every minute): gives replies left behind by a dead worker their job again.
import type { Task } from "graphile-worker";
import { reviveReplies } from "../app/modules/inbox/revive-replies.server";

export const reviveRepliesTask: Task = async (_payload, helpers) => {
  const revived = await reviveReplies();
  if (revived > 0) helpers.logger.warn(`requeued ${revived} reply(ies) a dead worker left behind`);
};
