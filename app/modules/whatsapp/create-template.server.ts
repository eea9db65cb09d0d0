// Submits a new message template to Meta for review and stores it with Meta's id, status and
// category. Meta's refusals come back in plain words, next to the field they are about. A media
// header's sample file goes to Meta first (the Resumable Upload API), so a form sent back for another
// field keeps it as the handle Meta gave.
import type postgres from "postgres";
import { z } from "zod";
import { fieldErrors, type FieldErrors } from "~/lib/forms";
import type { SmallFile } from "~/lib/small-upload.server";
import { inWorkspace, roleRank, type WorkspaceAccess } from "../workspaces/memberships.server";
import { GraphApiError, callGraph, describeGraphFailure, type GraphCredentials } from "./graph.server";
import { headerFileProblem } from "./header-media-rules";
import { uploadTemplateSample } from "./media.server";
import { readCredentials } from "./read-connection.server";
import { TemplateForm, languageLabel } from "./template-form";
import { draftComponents, mediaFormats, templateCategories, type MediaFormat } from "./template-variables";

/** A sample file Meta took: the handle the template names, and the file's name to show. */
export interface UploadedSample {
  handle: string;
  name: string;
}

export type CreateTemplateResult = { ok: true; id: string; status: string } | { ok: false; errors: FieldErrors; sample?: UploadedSample };

/** Meta's answer to POST /{waba-id}/message_templates. */
const CreatedTemplate = z.object({
  id: z.string(),
  status: z.string().default("PENDING"),
  category: z.preprocess((value) => (typeof value === "string" ? value.toUpperCase() : value), z.enum(templateCategories)).optional(),
});

// Meta's subcodes for refusals about the name: already used in this language, still being
// deleted, or malformed. Everything else is about the template as a whole.
const nameSubcodes = new Set([2388023, 2388024, 2388042]);

function refusalField(error: unknown): string {
  return error instanceof GraphApiError && error.subcode !== undefined && nameSubcodes.has(error.subcode) ? "name" : "form";
}

async function uploadSample(credentials: GraphCredentials | null, format: MediaFormat, file: SmallFile): Promise<{ ok: true; sample: UploadedSample } | { ok: false; error: string }> {
  const problem = headerFileProblem(format, file);
  if (problem) return { ok: false, error: problem };
  if (!credentials) return { ok: false, error: "Connect WhatsApp before uploading a sample" };
  try {
    return { ok: true, sample: { handle: await uploadTemplateSample(credentials, file), name: file.filename } };
  } catch (error) {
    return { ok: false, error: `Meta did not take the sample: ${describeGraphFailure(error)}` };
  }
}

export async function createTemplate(access: WorkspaceAccess, input: Record<string, unknown>, sampleFile?: SmallFile): Promise<CreateTemplateResult> {
  if (roleRank[access.role] < roleRank.admin) return { ok: false, errors: { form: "Only owners and admins can create templates" } };
  const credentials = await inWorkspace(access, readCredentials);
  const format = mediaFormats.find((candidate) => candidate === input.headerType);
  const upload = format && sampleFile ? await uploadSample(credentials, format, sampleFile) : null;
  const sample = upload?.ok ? upload.sample : undefined;
  const parsed = TemplateForm.safeParse(sample ? { ...input, headerHandle: sample.handle } : input);
  if (!parsed.success || (upload && !upload.ok)) {
    const errors = parsed.success ? {} : fieldErrors(parsed.error);
    return { ok: false, errors: upload && !upload.ok ? { ...errors, headerHandle: upload.error } : errors, sample };
  }
  const form = parsed.data;

  const taken = await inWorkspace(access, async (tx) => (await tx`select 1 from message_templates where name = ${form.name} and language = ${form.language}`).length > 0);
  if (!credentials) return { ok: false, errors: { form: "Connect WhatsApp in Settings › WhatsApp before creating templates" } };
  if (taken) {
    return { ok: false, errors: { name: `There is already a template named ${form.name} in ${languageLabel(form.language)}: choose another name or language` }, sample };
  }

  const { components, parameterFormat } = draftComponents(form);
  let created: z.infer<typeof CreatedTemplate>;
  try {
    const answer = await callGraph(credentials, `${credentials.wabaId}/message_templates`, {
      method: "POST",
      body: { name: form.name, language: form.language, category: form.category, components, ...(parameterFormat === "NAMED" ? { parameter_format: "NAMED" } : {}) },
    });
    created = CreatedTemplate.parse(answer);
  } catch (error) {
    return { ok: false, errors: { [refusalField(error)]: describeGraphFailure(error) }, sample };
  }

  // Meta may file the template under another category than asked; the one asked for is kept as
  // the previous category so the change shows. A row that appeared meanwhile can only be a sync of
  // this very template from Meta, which is at least as current, so it is kept.
  const category = created.category ?? form.category;
  const [row] = await inWorkspace(access, (tx) => tx<{ id: string }[]>`
    insert into message_templates (workspace_id, meta_template_id, name, language, category, previous_category, status, components, created_by)
    values (${access.workspace.id}, ${created.id}, ${form.name}, ${form.language}, ${category},
            ${category === form.category ? null : form.category}, ${created.status.toUpperCase()},
            ${tx.json(components as unknown as postgres.JSONValue)}, ${access.user.id})
    on conflict (workspace_id, name, language) do update set created_by = coalesce(message_templates.created_by, excluded.created_by)
    returning id`);
  return { ok: true, id: row!.id, status: created.status.toUpperCase() };
}
