// A form that may carry a small file (an attachment, a header image), read whole into memory up to a
// limit; past the limit the rest is drained and only the true size kept, so the caller answers with
// a field error instead of the request failing. Plain forms are read as usual. CSRF is checked
// either way (csrf.server.ts).
import type { AppLoadContext } from "@remix-run/node";
import { readForm, readUploadForm } from "./csrf.server";

export interface SmallFile {
  data: Buffer;
  /** The size sent, which exceeds data.length when the file was over the limit. */
  size: number;
  mimeType: string;
  filename: string;
}

export async function readSmallUploadForm(request: Request, context: AppLoadContext, maxBytes: number): Promise<{ form: FormData; files: Map<string, SmallFile> }> {
  const files = new Map<string, SmallFile>();
  if (!/^multipart\/form-data/i.test(request.headers.get("Content-Type") ?? "")) return { form: await readForm(request, context), files };
  const form = await readUploadForm(request, context, async (upload) => {
    const pieces: Buffer[] = [];
    let size = 0;
    for await (const piece of upload.data) {
      size += piece.byteLength;
      if (size <= maxBytes) pieces.push(Buffer.from(piece));
    }
    // A file input left empty still posts a part with no name and no bytes.
    if (size > 0 || upload.filename) files.set(upload.field, { data: Buffer.concat(pieces), size, mimeType: upload.contentType, filename: upload.filename });
    return upload.field;
  });
  return { form, files };
}
