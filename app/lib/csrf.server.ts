// CSRF protection for every state-changing form: the server issues a random token in an HttpOnly
// SameSite cookie and renders it into each form; an action reads its form only through readForm
// (or readUploadForm for file uploads), which refuse the post (403) unless the two match.
import { unstable_parseMultipartFormData, type AppLoadContext } from "@remix-run/node";
import { safeEqual } from "./crypto.server";

export const csrfFieldName = "csrf";

function requireCsrfToken(submitted: unknown, context: AppLoadContext): void {
  if (typeof submitted !== "string" || !context.csrfToken || !safeEqual(submitted, context.csrfToken)) {
    throw new Response("The form expired or was sent from another site. Reload the page and try again.", {
      status: 403,
      statusText: "Invalid CSRF token",
    });
  }
}

export async function readForm(request: Request, context: AppLoadContext): Promise<FormData> {
  const form = await request.formData();
  requireCsrfToken(form.get(csrfFieldName), context);
  return form;
}

/** A file part of a multipart post, as it arrives: nothing of it is held in memory unless the receiver keeps it. */
export interface UploadedFile {
  field: string;
  filename: string;
  contentType: string;
  data: AsyncIterable<Uint8Array>;
}

const maxTextFieldBytes = 64 * 1024;

async function readTextField(data: AsyncIterable<Uint8Array>): Promise<string> {
  const pieces: Uint8Array[] = [];
  let size = 0;
  for await (const piece of data) {
    size += piece.byteLength;
    if (size > maxTextFieldBytes) throw new Response("A form field is too large.", { status: 413 });
    pieces.push(piece);
  }
  return Buffer.concat(pieces).toString("utf8");
}

/**
 * Reads a multipart (file upload) form, streaming each file to `receive`, whose answer (say, the id
 * the file was stored under) takes the file's place in the returned form. The CSRF field must come
 * before any file (SafeForm renders it first), so a forged post is refused before a byte of its
 * file is read.
 */
export async function readUploadForm(request: Request, context: AppLoadContext, receive: (file: UploadedFile) => Promise<string>): Promise<FormData> {
  if (!/^multipart\/form-data;/i.test(request.headers.get("Content-Type") ?? "")) {
    throw new Response("Expected a file upload form.", { status: 415 });
  }
  let checked = false;
  const form = await unstable_parseMultipartFormData(request, async (part) => {
    if (part.filename === undefined) {
      const value = await readTextField(part.data);
      if (part.name === csrfFieldName) {
        requireCsrfToken(value, context);
        checked = true;
      }
      return value;
    }
    if (!checked) requireCsrfToken(undefined, context);
    return receive({ field: part.name, filename: part.filename, contentType: part.contentType, data: part.data });
  });
  if (!checked) requireCsrfToken(undefined, context);
  return form;
}

/**
 * Reads the form of a server-to-server callback that carries no CSRF token because it proves
 * itself otherwise (Meta's signed_request). Only for such callbacks; browsers' forms use readForm.
 */
export function readSignedCallbackForm(request: Request): Promise<FormData> {
  return request.formData();
}
