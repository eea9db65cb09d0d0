// What an agent may attach to a reply, checked in the browser before the upload and again on the
// server: the types WhatsApp accepts for images and documents, within Meta's size limits.

export interface AttachmentKind {
  kind: "image" | "document";
  maxBytes: number;
}

const megabyte = 1024 * 1024;
const imageTypes = new Set(["image/jpeg", "image/png"]);
const documentTypes = new Set([
  "application/pdf",
  "text/plain",
  "application/msword",
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  "application/vnd.ms-excel",
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  "application/vnd.ms-powerpoint",
  "application/vnd.openxmlformats-officedocument.presentationml.presentation",
]);

/** For the file input's `accept`. */
export const acceptedAttachmentTypes = [...imageTypes, ...documentTypes].join(",");
export const maxAttachmentBytes = 16 * megabyte;

export function attachmentKind(mimeType: string): AttachmentKind | null {
  if (imageTypes.has(mimeType)) return { kind: "image", maxBytes: 5 * megabyte };
  if (documentTypes.has(mimeType)) return { kind: "document", maxBytes: maxAttachmentBytes };
  return null;
}

/** The field error for a chosen file, or null when it may be sent. */
export function checkAttachment(file: { type: string; size: number }): string | null {
  const kind = attachmentKind(file.type);
  if (!kind) return "Attach a JPEG or PNG image, or a PDF, Word, Excel, PowerPoint or text document.";
  if (file.size === 0) return "The file is empty.";
  if (file.size > kind.maxBytes) return `The file is too large: ${kind.kind === "image" ? "images" : "documents"} may be up to ${kind.maxBytes / megabyte} MB.`;
  return null;
}
