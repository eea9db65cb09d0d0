// Applies Meta's template webhooks inside the webhook job's workspace transaction: status changes
// (approved, rejected with a reason, paused, deleted…), recategorisations and quality ratings. All
// are idempotent.
import { z } from "zod";
import { enqueueJob } from "../../../jobs/enqueue";
import type { Tx } from "../../../db/transactions";
import { templateCategories } from "./template-variables";

// Webhooks carry the template id as a JSON number, which JSON.parse rounds above 2^53. So a row is
// also found by name and language, and an id already stored (read as a string from the Graph API)
// is never replaced by the event's.
const TemplateId = z.union([z.number().int().nonnegative(), z.string().regex(/^[0-9]+$/)]).transform(String);
const Category = z.preprocess((value) => (typeof value === "string" ? value.toUpperCase() : value), z.enum(templateCategories));

/** The `value` of a `message_template_status_update` change. */
export const TemplateStatusUpdate = z.object({
  event: z.string().min(1).transform((event) => event.toUpperCase()),
  message_template_id: TemplateId,
  message_template_name: z.string(),
  message_template_language: z.string(),
  reason: z.string().nullish(),
  message_template_category: Category.optional(),
});
export type TemplateStatusUpdate = z.infer<typeof TemplateStatusUpdate>;

/**
 * The `value` of a `template_category_update` change: a completed change carries previous_category
 * and new_category; an announced one carries correct_category, the current category as
 * new_category, and when the change will happen.
 */
export const TemplateCategoryUpdate = z.object({
  message_template_id: TemplateId,
  message_template_name: z.string(),
  message_template_language: z.string(),
  new_category: Category,
  previous_category: Category.optional(),
  correct_category: Category.optional(),
  category_update_timestamp: z.number().optional(),
});
export type TemplateCategoryUpdate = z.infer<typeof TemplateCategoryUpdate>;

/** The `value` of a `message_template_quality_update` change. */
export const TemplateQualityUpdate = z.object({
  message_template_id: TemplateId,
  message_template_name: z.string(),
  message_template_language: z.string(),
  new_quality_score: z.string().min(1).transform((score) => score.toUpperCase()),
});

/** What an update did: changed the row, found it already current, or found no row and queued a sync. */
export type TemplateUpdateOutcome = "applied" | "unchanged" | "sync-requested";

// Events that are not a status of their own: a lock only stops edits, a flag warns before a pause.
const eventsWithoutStatus = new Set(["LOCKED", "UNLOCKED", "FLAGGED"]);
// Events that return a template to service.
const eventsMeaningApproved = new Set(["UNARCHIVED", "REINSTATED", "UNPAUSED"]);

interface TemplateRef {
  message_template_id: string;
  message_template_name: string;
  message_template_language: string;
}

interface LocalTemplate {
  id: string;
  workspaceId: string;
  status: string;
  category: string;
  qualityScore: string | null;
  rejectedReason: string | null;
}

/** The row an event is about: by Meta's id, or by name and language for a row stored before its id was known. */
async function findTemplate(tx: Tx, ref: TemplateRef): Promise<LocalTemplate | undefined> {
  const [row] = await tx<LocalTemplate[]>`
    select id, workspace_id, status, category, quality_score, rejected_reason from message_templates
     where meta_template_id = ${ref.message_template_id}
        or (name = ${ref.message_template_name} and language = ${ref.message_template_language})
     order by (meta_template_id = ${ref.message_template_id}) desc nulls last
     limit 1
     for update`;
  return row;
}

// Meta does not promise to deliver webhooks in order, so a late event may have just undone a newer
// one. A sync shortly after each change (one per workspace, pushed back by every further change)
// brings the rows back to Meta's truth whatever the order was.
const confirmAfterMs = 60_000;

/**
 * A template this workspace has not stored yet (made in WhatsApp Manager, or a webhook faster than
 * our own insert): rather than guess its content from the event, sync it from Meta now.
 */
async function requestSync(tx: Tx): Promise<TemplateUpdateOutcome> {
  const [account] = await tx<{ workspaceId: string }[]>`select workspace_id from whatsapp_accounts`;
  if (!account) return "unchanged";
  await enqueueJob(tx, "sync-templates", { workspaceId: account.workspaceId }, { jobKey: `sync-templates:${account.workspaceId}` });
  return "sync-requested";
}

async function applied(tx: Tx, workspaceId: string): Promise<TemplateUpdateOutcome> {
  const runAt = new Date(Date.now() + confirmAfterMs);
  await enqueueJob(tx, "sync-templates", { workspaceId }, { jobKey: `sync-templates-confirm:${workspaceId}`, runAt });
  return "applied";
}

export async function applyTemplateStatusUpdate(tx: Tx, value: unknown): Promise<TemplateUpdateOutcome> {
  const update = TemplateStatusUpdate.parse(value);
  const template = await findTemplate(tx, update);
  if (!template) return update.event === "DELETED" ? "unchanged" : requestSync(tx);
  if (update.event === "DELETED") {
    await tx`delete from message_templates where id = ${template.id}`;
    return applied(tx, template.workspaceId);
  }
  const status = eventsWithoutStatus.has(update.event) ? template.status : eventsMeaningApproved.has(update.event) ? "APPROVED" : update.event;
  const rejectedReason = status === "REJECTED" ? update.reason || "UNKNOWN" : null;
  const category = update.message_template_category ?? template.category;
  if (status === template.status && rejectedReason === template.rejectedReason && category === template.category) return "unchanged";
  await tx`
    update message_templates set
      meta_template_id = coalesce(meta_template_id, ${update.message_template_id}), status = ${status}, rejected_reason = ${rejectedReason},
      previous_category = case when category <> ${category} then category else previous_category end,
      category = ${category}, updated_at = now()
     where id = ${template.id}`;
  return applied(tx, template.workspaceId);
}

export async function applyTemplateCategoryUpdate(tx: Tx, value: unknown): Promise<TemplateUpdateOutcome> {
  const update = TemplateCategoryUpdate.parse(value);
  // An announced change takes effect later; its completion (or the next sync) brings the new category.
  if (update.correct_category && !update.previous_category) return "unchanged";
  const template = await findTemplate(tx, update);
  if (!template) return requestSync(tx);
  if (template.category === update.new_category) return "unchanged";
  await tx`
    update message_templates set
      meta_template_id = coalesce(meta_template_id, ${update.message_template_id}), previous_category = ${update.previous_category ?? template.category},
      category = ${update.new_category}, updated_at = now()
     where id = ${template.id}`;
  return applied(tx, template.workspaceId);
}

export async function applyTemplateQualityUpdate(tx: Tx, value: unknown): Promise<TemplateUpdateOutcome> {
  const update = TemplateQualityUpdate.parse(value);
  const template = await findTemplate(tx, update);
  if (!template) return requestSync(tx);
  if (template.qualityScore === update.new_quality_score) return "unchanged";
  await tx`
    update message_templates set meta_template_id = coalesce(meta_template_id, ${update.message_template_id}),
                                 quality_score = ${update.new_quality_score}, updated_at = now()
     where id = ${template.id}`;
  return applied(tx, template.workspaceId);
}
