// The bytes of a photo or document in a conversation, for members who may see that conversation.
// Served as stored, never sniffed: images inline, everything else as a download.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { readConversationMedia } from "~/modules/inbox/read-inbox.server";
import { inWorkspace, requireWorkspace } from "~/modules/workspaces/memberships.server";

const inlineTypes = new Set(["image/jpeg", "image/png", "image/webp"]);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireWorkspace(request, params);
  const media = await inWorkspace(access, (tx) => readConversationMedia(tx, access, params.mediaId ?? ""));
  if (!media) throw new Response("Not found", { status: 404 });
  const inline = inlineTypes.has(media.mimeType);
  const filename = (media.filename ?? (inline ? "image" : "attachment")).replace(/[^\w.\- ]/g, "_");
  return new Response(new Uint8Array(media.data), {
    headers: {
      "Content-Type": media.mimeType,
      "Content-Length": String(media.data.length),
      "Content-Disposition": `${inline ? "inline" : "attachment"}; filename="${filename}"`,
      "Cache-Control": "private, max-age=3600",
      "Content-Security-Policy": "default-src 'none'; sandbox",
    },
  });
}
