// Saves a campaign draft from the new-campaign form: the template must be one of the workspace's
// approved templates and the number one of its connected numbers; every variable must have a source.
import { fieldErrors, type FieldErrors } from "~/lib/forms";
import { inWorkspace, type WorkspaceAccess } from "../workspaces/memberships.server";
import { parseComponents, templateVariables } from "../whatsapp/template-variables";
import { findSavedFilter } from "../contacts/saved-filters.server";
import type { Audience } from "./audience.server";
import { CampaignForm, readVariableMapping } from "./campaign-form";

export type CreateCampaignResult = { ok: true; id: string } | { ok: false; errors: FieldErrors };

export async function createCampaign(access: WorkspaceAccess, input: Record<string, unknown>): Promise<CreateCampaignResult> {
  const parsed = CampaignForm.safeParse(input);
  if (!parsed.success) return { ok: false, errors: fieldErrors(parsed.error) };
  const form = parsed.data;
  return inWorkspace(access, async (tx) => {
    const [number] = await tx`select 1 from whatsapp_phone_numbers where phone_number_id = ${form.phoneNumberId}`;
    if (!number) return { ok: false, errors: { phoneNumberId: "This number is not connected to the workspace" } };
    const [template] = await tx<{ name: string; language: string; category: string; status: string; components: unknown }[]>`
      select name, language, category, status, components from message_templates where id = ${form.templateId}`;
    if (!template) return { ok: false, errors: { templateId: "Pick one of the workspace's templates" } };
    if (template.status !== "APPROVED") return { ok: false, errors: { templateId: `This template is ${template.status.toLowerCase()}; only approved templates can be sent` } };
    const components = parseComponents(template.components);
    const { mapping, errors } = readVariableMapping(input, templateVariables(components));
    if (Object.keys(errors).length > 0) return { ok: false, errors };
    let audience: Audience = { tag: form.audienceTag, q: form.audienceQuery };
    if (form.audienceFilterId) {
      const saved = await findSavedFilter(tx, form.audienceFilterId);
      if (!saved) return { ok: false, errors: { audienceFilterId: "This saved filter no longer exists" } };
      if (saved.status === "opted_out") return { ok: false, errors: { audienceFilterId: "This filter holds only opted-out contacts, who are never messaged" } };
      audience = { tag: saved.tag, q: saved.q, savedFilter: saved.name };
    }
    const [campaign] = await tx<{ id: string }[]>`
      insert into campaigns (workspace_id, name, phone_number_id, template_id, template_name, template_language, template_category,
                             template_components, audience, variables, created_by)
      values (${access.workspace.id}, ${form.name}, ${form.phoneNumberId}, ${form.templateId}, ${template.name}, ${template.language},
              ${template.category}, ${tx.json(template.components as never)}, ${tx.json(audience as never)}, ${tx.json(mapping as never)}, ${access.user.id})
      returning id`;
    if (!campaign) throw new Error("campaign insert returned no row");
    return { ok: true, id: campaign.id };
  });
}
