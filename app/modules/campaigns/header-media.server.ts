// A campaign's header image, video or document given as a file: checked against what WhatsApp
// accepts for that header, uploaded once to Meta's media endpoint from the sending number, and sent
// by the id Meta answers (every recipient gets the same media). Meta keeps uploaded media for 30
// days, so a campaign scheduled further out should use a link instead.
import type { SmallFile } from "~/lib/small-upload.server";
import { withWorkspace } from "../../../db/transactions";
import { describeGraphFailure } from "../whatsapp/graph.server";
import { headerFileProblem } from "../whatsapp/header-media-rules";
import { uploadMedia } from "../whatsapp/media.server";
import { readCredentials } from "../whatsapp/read-connection.server";
import { z } from "zod";
import { fillTemplate, parseComponents, type MediaFormat } from "../whatsapp/template-variables";
import { inWorkspace, type WorkspaceAccess } from "../workspaces/memberships.server";

export type HeaderUpload = { ok: true; mediaId: string } | { ok: false; error: string };

export async function uploadHeaderMedia(workspaceId: string, phoneNumberId: string, format: MediaFormat, file: SmallFile): Promise<HeaderUpload> {
  const problem = headerFileProblem(format, file);
  if (problem) return { ok: false, error: problem };
  const credentials = await withWorkspace(workspaceId, null, readCredentials);
  if (!credentials) return { ok: false, error: "Connect WhatsApp before uploading media." };
  try {
    return { ok: true, mediaId: await uploadMedia(credentials, phoneNumberId, file) };
  } catch (error) {
    return { ok: false, error: `Meta did not take the file: ${describeGraphFailure(error)}` };
  }
}

/** The header's media format (image, video, document) when the template has one. */
export function mediaHeaderFormat(components: unknown): MediaFormat | null {
  const header = fillTemplate(parseComponents(components), {}).header;
  return header?.kind === "media" ? header.format : null;
}

/** Uploads a file for the media header of one of the workspace's templates; null when it has none. */
export async function uploadTemplateHeader(access: WorkspaceAccess, templateId: unknown, phoneNumberId: string, file: SmallFile): Promise<HeaderUpload | null> {
  const id = z.string().uuid().safeParse(templateId);
  if (!id.success) return null;
  const [template] = await inWorkspace(access, (tx) => tx<{ components: unknown }[]>`select components from message_templates where id = ${id.data}`);
  const format = template ? mediaHeaderFormat(template.components) : null;
  return format ? uploadHeaderMedia(access.workspace.id, phoneNumberId, format, file) : null;
}
