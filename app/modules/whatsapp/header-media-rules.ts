// What WhatsApp accepts as a template header's image, video or document: the same rules for a
// campaign's header file and for the sample a new template is reviewed with.
import type { MediaFormat } from "./template-variables";

const megabyte = 1024 * 1024;
export const maxHeaderMediaBytes = 16 * megabyte;

const accepted: Record<MediaFormat, { types: string[]; maxBytes: number; words: string }> = {
  IMAGE: { types: ["image/jpeg", "image/png"], maxBytes: 5 * megabyte, words: "a JPEG or PNG image up to 5 MB" },
  VIDEO: { types: ["video/mp4", "video/3gpp"], maxBytes: 16 * megabyte, words: "an MP4 or 3GP video up to 16 MB" },
  DOCUMENT: { types: ["application/pdf"], maxBytes: 16 * megabyte, words: "a PDF up to 16 MB" },
};

/** The `accept` attribute of the file input for a header of this format. */
export function headerMediaAccept(format: MediaFormat): string {
  return accepted[format].types.join(",");
}

/** What is wrong with a file for a header of this format, in words for the field; null when it fits. */
export function headerFileProblem(format: MediaFormat, file: { mimeType: string; size: number }): string | null {
  const rule = accepted[format];
  return rule.types.includes(file.mimeType) && file.size > 0 && file.size <= rule.maxBytes ? null : `The header needs ${rule.words}.`;
}
