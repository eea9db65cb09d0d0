// Media through the Cloud API: uploading a file to send (POST /{phone-number-id}/media, answering an
// id), uploading a template's sample (the Resumable Upload API, answering a handle), and fetching
// what a customer sent (GET /{media-id} for a short-lived URL, then the bytes with the same bearer
// token), refusing anything larger than the caller keeps.
import { z } from "zod";
import { GraphUnreachableError, callGraph, type GraphCredentials } from "./graph.server";

export interface MediaFile {
  data: Buffer;
  mimeType: string;
  filename: string | null;
}

export async function uploadMedia(credentials: GraphCredentials, phoneNumberId: string, file: MediaFile): Promise<string> {
  const form = new FormData();
  form.set("messaging_product", "whatsapp");
  form.set("type", file.mimeType);
  form.set("file", new Blob([new Uint8Array(file.data)], { type: file.mimeType }), file.filename ?? "file");
  const { id } = z.object({ id: z.string() }).parse(await callGraph(credentials, `${phoneNumberId}/media`, { method: "POST", body: form }));
  return id;
}

/**
 * A template's sample file through Meta's Resumable Upload API: the app the token belongs to opens an
 * upload session, the file goes up whole from offset 0, and the answer is the handle a template's
 * media header names as its example.
 */
export async function uploadTemplateSample(credentials: GraphCredentials, file: MediaFile): Promise<string> {
  const app = z.object({ id: z.string() }).parse(await callGraph(credentials, "app"));
  const query = { file_name: file.filename ?? "sample", file_length: String(file.data.length), file_type: file.mimeType };
  const session = z.object({ id: z.string().startsWith("upload:") }).parse(await callGraph(credentials, `${app.id}/uploads`, { method: "POST", query }));
  const headers = { Authorization: `OAuth ${credentials.accessToken}`, file_offset: "0" };
  const { h } = z.object({ h: z.string().min(1) }).parse(await callGraph(credentials, session.id, { method: "POST", body: file.data, headers }));
  return h;
}

const MediaInfo = z.object({ url: z.string().url(), mime_type: z.string(), file_size: z.coerce.number().optional() });

export type FetchedMedia = { ok: true; file: MediaFile } | { ok: false; tooLarge: number };

export async function fetchMedia(credentials: GraphCredentials, mediaId: string, maxBytes: number): Promise<FetchedMedia> {
  const info = MediaInfo.parse(await callGraph(credentials, mediaId));
  if (info.file_size !== undefined && info.file_size > maxBytes) return { ok: false, tooLarge: info.file_size };
  let response: Response;
  try {
    response = await fetch(info.url, { headers: { Authorization: `Bearer ${credentials.accessToken}` }, signal: AbortSignal.timeout(60_000) });
  } catch (error) {
    throw new GraphUnreachableError(error instanceof Error ? error.message : String(error));
  }
  if (!response.ok || !response.body) throw new GraphUnreachableError(`the media download answered ${response.status}`);
  const pieces: Buffer[] = [];
  let size = 0;
  const reader = response.body.getReader();
  for (let read = await reader.read(); !read.done; read = await reader.read()) {
    size += read.value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      return { ok: false, tooLarge: size };
    }
    pieces.push(Buffer.from(read.value));
  }
  return { ok: true, file: { data: Buffer.concat(pieces), mimeType: info.mime_type, filename: null } };
}
