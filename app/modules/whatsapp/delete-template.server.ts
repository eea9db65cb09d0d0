// Deletes a template at Meta (that language only, by name and id) and then here, so the list never
// shows a template that cannot be sent nor hides one that still exists at Meta.
import { z } from "zod";
import { inWorkspace, roleRank, type WorkspaceAccess } from "../workspaces/memberships.server";
import { GraphApiError, GraphUnreachableError, callGraph, describeGraphFailure, listAll } from "./graph.server";
import { readCredentials, type WhatsAppCredentials } from "./read-connection.server";

export type DeleteTemplateResult = { ok: true; name: string } | { ok: false; error: string };

const TemplateId = z.string().uuid();
const ListedTemplate = z.object({ id: z.string() });

/**
 * Whether Meta's refusal only means the template is already gone (deleted in WhatsApp Manager, or
 * by an earlier attempt whose answer was lost). Meta's wording is not a contract, so its list is asked.
 */
async function goneAtMeta(credentials: WhatsAppCredentials, name: string, metaTemplateId: string, error: unknown): Promise<boolean> {
  if (!(error instanceof GraphApiError) || error.code !== 100) return false;
  try {
    const listed = await listAll(credentials, `${credentials.wabaId}/message_templates`, ListedTemplate, { name, fields: "id" });
    return !listed.some((template) => template.id === metaTemplateId);
  } catch (checkError) {
    if (checkError instanceof GraphApiError || checkError instanceof GraphUnreachableError) return false;
    throw checkError;
  }
}

export async function deleteTemplate(access: WorkspaceAccess, id: string): Promise<DeleteTemplateResult> {
  if (roleRank[access.role] < roleRank.admin) return { ok: false, error: "Only owners and admins can delete templates" };
  if (!TemplateId.safeParse(id).success) return { ok: false, error: "This template no longer exists" };
  const { credentials, template } = await inWorkspace(access, async (tx) => {
    const [row] = await tx<{ name: string; metaTemplateId: string | null }[]>`select name, meta_template_id from message_templates where id = ${id}`;
    return { credentials: await readCredentials(tx), template: row };
  });
  if (!template) return { ok: false, error: "This template no longer exists" };
  if (!credentials) return { ok: false, error: "Connect WhatsApp again to delete templates at Meta" };

  if (template.metaTemplateId) {
    try {
      await callGraph(credentials, `${credentials.wabaId}/message_templates`, { method: "DELETE", query: { name: template.name, hsm_id: template.metaTemplateId } });
    } catch (error) {
      if (!(await goneAtMeta(credentials, template.name, template.metaTemplateId, error))) return { ok: false, error: describeGraphFailure(error) };
    }
  }
  await inWorkspace(access, (tx) => tx`delete from message_templates where id = ${id}`);
  return { ok: true, name: template.name };
}
