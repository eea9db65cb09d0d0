// Brings a workspace's message templates in line with Meta: lists every template of its WhatsApp
// Business Account, upserts them by name and language, and removes those Meta no longer has.
import type postgres from "postgres";
import { z } from "zod";
import { withWorkspace } from "../../../db/transactions";
import { GraphApiError, GraphUnreachableError, describeGraphFailure, listAll } from "./graph.server";
import { readCredentials } from "./read-connection.server";
import { templateCategories } from "./template-variables";

const Category = z.preprocess((value) => (typeof value === "string" ? value.toUpperCase() : value), z.enum(templateCategories));

/** One template as GET /{waba-id}/message_templates lists it. */
export const MetaTemplate = z.object({
  id: z.string(),
  name: z.string(),
  language: z.string(),
  category: Category,
  previous_category: Category.optional(),
  status: z.string(),
  quality_score: z.object({ score: z.string().optional() }).optional(),
  rejected_reason: z.string().optional(),
  components: z.array(z.record(z.unknown())).default([]),
});
export type MetaTemplate = z.infer<typeof MetaTemplate>;

const templateFields = "id,name,language,category,previous_category,status,quality_score,rejected_reason,components";

export type SyncResult =
  | { ok: true; total: number; added: number; updated: number; removed: number }
  | { ok: false; error: string; retryable: boolean };

// Meta's codes for "busy, try later"; any other refusal (a revoked token, a wrong id) needs a person.
const transientCodes = new Set([1, 2, 4, 17, 32, 613, 80008]);

function isTransient(error: unknown): boolean {
  return error instanceof GraphUnreachableError || (error instanceof GraphApiError && (transientCodes.has(error.code) || error.status >= 500));
}

/** A template's row values as Meta reports them; "NONE" is Meta's way of saying "not rejected". */
function rowOf(template: MetaTemplate) {
  return {
    meta_template_id: template.id,
    name: template.name,
    language: template.language,
    category: template.category,
    previous_category: template.previous_category ?? null,
    status: template.status.toUpperCase(),
    quality_score: template.quality_score?.score ?? null,
    rejected_reason: template.rejected_reason && template.rejected_reason !== "NONE" ? template.rejected_reason : null,
    components: template.components,
  };
}

/**
 * Syncs the workspace's templates from Meta. Meta is called outside any transaction; the rows are
 * then written in one. A template created here while the list was in flight is kept: only rows
 * older than the sync's start are removed for being absent from Meta's list.
 */
export async function syncTemplates(workspaceId: string): Promise<SyncResult> {
  const { credentials, startedAt } = await withWorkspace(workspaceId, null, async (tx) => {
    const [clock] = await tx<{ now: Date }[]>`select now()`;
    return { credentials: await readCredentials(tx), startedAt: clock!.now };
  });
  if (!credentials) return { ok: false, error: "WhatsApp is not connected for this workspace", retryable: false };

  let templates: MetaTemplate[];
  try {
    templates = await listAll(credentials, `${credentials.wabaId}/message_templates`, MetaTemplate, { fields: templateFields });
  } catch (error) {
    return { ok: false, error: describeGraphFailure(error), retryable: isTransient(error) };
  }
  const rows = templates.map(rowOf);

  return withWorkspace(workspaceId, null, async (tx): Promise<SyncResult> => {
    // The lock serialises concurrent syncs, and the check skips writing a list that belongs to an
    // account disconnected or replaced while Meta was answering.
    const [account] = await tx<{ wabaId: string }[]>`select waba_id from whatsapp_accounts for update`;
    if (account?.wabaId !== credentials.wabaId) return { ok: false, error: "The WhatsApp connection changed during the sync; sync again", retryable: true };

    const incoming = tx.json(rows as unknown as postgres.JSONValue);
    const removed = await tx`
      delete from message_templates m
       where m.created_at < ${startedAt}
         and not exists (select 1 from jsonb_to_recordset(${incoming}) as t(name text, language text)
                          where t.name = m.name and t.language = m.language)`;
    const written = await tx<{ inserted: boolean }[]>`
      insert into message_templates (workspace_id, meta_template_id, name, language, category, previous_category, status,
                                     quality_score, rejected_reason, components)
      select ${workspaceId}, t.meta_template_id, t.name, t.language, t.category, t.previous_category, t.status,
             t.quality_score, t.rejected_reason, coalesce(t.components, '[]')
        from jsonb_to_recordset(${incoming}) as t(meta_template_id text, name text, language text, category text, previous_category text,
                                                  status text, quality_score text, rejected_reason text, components jsonb)
      on conflict (workspace_id, name, language) do update set
        meta_template_id = excluded.meta_template_id,
        previous_category = case when message_templates.category <> excluded.category then message_templates.category
                                 else coalesce(message_templates.previous_category, excluded.previous_category) end,
        category = excluded.category, status = excluded.status, quality_score = excluded.quality_score,
        rejected_reason = excluded.rejected_reason, components = excluded.components, updated_at = now()
      where (message_templates.meta_template_id, message_templates.category, message_templates.status, message_templates.quality_score,
             message_templates.rejected_reason, message_templates.components)
            is distinct from (excluded.meta_template_id, excluded.category, excluded.status, excluded.quality_score,
                              excluded.rejected_reason, excluded.components)
      returning (xmax = 0) as inserted`;
    await tx`update whatsapp_accounts set templates_synced_at = now()`;
    const added = written.filter((row) => row.inserted).length;
    return { ok: true, total: rows.length, added, updated: written.length - added, removed: removed.count };
  });
}
