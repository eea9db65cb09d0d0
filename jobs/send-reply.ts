// Task "send-reply": sends one reply written in the inbox, queued in the same transaction that stored it.
import type { Task } from "graphile-worker";
import { z } from "zod";
import { sendReply } from "../app/modules/inbox/send-reply.server";

const Payload = z.object({ workspaceId: z.string().uuid(), messageId: z.string().uuid() });

export const sendReplyTask: Task = async (payload) => {
  const { workspaceId, messageId } = Payload.parse(payload);
  await sendReply(workspaceId, messageId);
};
