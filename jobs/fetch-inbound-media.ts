// Task "fetch-inbound-media": stores the bytes of media a customer sent, queued when the message is recorded.
import type { Task } from "graphile-worker";
import { z } from "zod";
import { fetchInboundMedia } from "../app/modules/inbox/fetch-inbound-media.server";

const Payload = z.object({ workspaceId: z.string().uuid(), mediaId: z.string().uuid() });

export const fetchInboundMediaTask: Task = async (payload, helpers) => {
  const { workspaceId, mediaId } = Payload.parse(payload);
  const outcome = await fetchInboundMedia(workspaceId, mediaId);
  helpers.logger.info(`inbound media ${mediaId}: ${outcome}`);
};
