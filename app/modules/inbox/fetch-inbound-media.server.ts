// Fetches the bytes of a photo, document, voice message or video a customer sent (Meta keeps them
// for a limited time and serves them only with the business's token), and stores them with the
// message, up to a size limit; a larger file, or one Meta no longer has, is recorded with the reason.
import { withWorkspace } from "../../../db/transactions";
import { GraphApiError } from "../whatsapp/graph.server";
import { fetchMedia } from "../whatsapp/media.server";
import { readCredentials } from "../whatsapp/read-connection.server";
import { notifyInboxChange } from "./inbox-events.server";

export const storedMediaMaxBytes = 16 * 1024 * 1024;

/** Stores the media's bytes, or why they are not there; Meta being unreachable throws, so the job retries. */
export async function fetchInboundMedia(workspaceId: string, mediaId: string): Promise<"stored" | "unavailable" | "nothing to do"> {
  const pending = await withWorkspace(workspaceId, null, async (tx) => {
    const [media] = await tx<{ metaMediaId: string }[]>`
      select meta_media_id from conversation_media where id = ${mediaId} and data is null and unavailable_reason is null and meta_media_id is not null`;
    const credentials = media ? await readCredentials(tx) : null;
    return media && credentials ? { metaMediaId: media.metaMediaId, credentials } : null;
  });
  if (!pending) return "nothing to do";
  let outcome: { data: Buffer; mimeType: string } | { reason: string };
  try {
    const fetched = await fetchMedia(pending.credentials, pending.metaMediaId, storedMediaMaxBytes);
    outcome = fetched.ok
      ? { data: fetched.file.data, mimeType: fetched.file.mimeType }
      : { reason: `The file is larger than ${storedMediaMaxBytes / 1024 / 1024} MB, so it was not stored. Ask the customer to send a smaller one.` };
  } catch (error) {
    if (!(error instanceof GraphApiError)) throw error;
    outcome = { reason: `WhatsApp no longer has this file (${error.describe()}).` };
  }
  await withWorkspace(workspaceId, null, async (tx) => {
    if ("data" in outcome) {
      await tx`update conversation_media set data = ${outcome.data}, byte_size = ${outcome.data.length}, mime_type = ${outcome.mimeType} where id = ${mediaId}`;
    } else {
      await tx`update conversation_media set unavailable_reason = ${outcome.reason} where id = ${mediaId}`;
    }
    await notifyInboxChange(tx);
  });
  return "data" in outcome ? "stored" : "unavailable";
}
