// Reads a workspace's stored templates: the list with search by name and filters by status,
// category and language, and one template with its components for the detail page.
import { z } from "zod";
import { inWorkspace, type WorkspaceAccess } from "../workspaces/memberships.server";
import { readConnection } from "./read-connection.server";
import { templateCategories, type TemplateCategory } from "./template-variables";

/** The list's search and filters, from the page's query string; a value that makes no sense is dropped. */
export const TemplateFilters = z.object({
  q: z.string().trim().max(100).catch(""),
  status: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z_]{0,40}$/)
    .catch(""),
  category: z.enum(templateCategories).or(z.literal("")).catch(""),
  language: z
    .string()
    .regex(/^([a-z]{2,3}(_[A-Za-z]{2,4})?)?$/)
    .catch(""),
});
export type TemplateFilters = z.infer<typeof TemplateFilters>;

export interface TemplateSummary {
  id: string;
  name: string;
  language: string;
  category: TemplateCategory;
  previousCategory: TemplateCategory | null;
  status: string;
  qualityScore: string | null;
  rejectedReason: string | null;
  updatedAt: Date;
}

export interface TemplateList {
  connected: boolean;
  syncedAt: Date | null;
  /** How many templates the workspace has at all, so an empty search reads differently from none. */
  total: number;
  templates: TemplateSummary[];
  /** The languages and statuses present, for the filter choices. */
  languages: string[];
  statuses: string[];
}

/** Template names use underscores, so "order update" finds order_update; % and _ are matched literally. */
function namePattern(search: string): string {
  return `%${search.replace(/\s+/g, "_").replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
}

export function listTemplates(access: WorkspaceAccess, filters: TemplateFilters): Promise<TemplateList> {
  return inWorkspace(access, async (tx) => {
    const connection = await readConnection(tx);
    const [counts] = await tx<{ total: number; languages: string[] | null; statuses: string[] | null }[]>`
      select count(*)::int as total, array_agg(distinct language order by language) as languages,
             array_agg(distinct status order by status) as statuses
        from message_templates`;
    const templates = await tx<TemplateSummary[]>`
      select id, name, language, category, previous_category, status, quality_score, rejected_reason, updated_at
        from message_templates
       where (${filters.q} = '' or name ilike ${namePattern(filters.q)})
         and (${filters.status} = '' or status = ${filters.status})
         and (${filters.category} = '' or category = ${filters.category})
         and (${filters.language} = '' or language = ${filters.language})
       order by name, language`;
    return {
      connected: connection !== null,
      syncedAt: connection?.templatesSyncedAt ?? null,
      total: counts?.total ?? 0,
      templates,
      languages: counts?.languages ?? [],
      statuses: counts?.statuses ?? [],
    };
  });
}

export interface TemplateDetail extends TemplateSummary {
  metaTemplateId: string | null;
  components: unknown;
  createdAt: Date;
  createdByName: string | null;
}

/** One template of the workspace, or null when there is no such template (or the id is malformed). */
export async function findTemplate(access: WorkspaceAccess, id: string): Promise<TemplateDetail | null> {
  if (!z.string().uuid().safeParse(id).success) return null;
  const [template] = await inWorkspace(access, (tx) => tx<TemplateDetail[]>`
    select t.id, t.name, t.language, t.category, t.previous_category, t.status, t.quality_score, t.rejected_reason, t.updated_at,
           t.meta_template_id, t.components, t.created_at, u.name as created_by_name
      from message_templates t left join users u on u.id = t.created_by
     where t.id = ${id}`);
  return template ?? null;
}
