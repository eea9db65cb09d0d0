import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { Field, FormError, SafeForm, SelectField, SubmitButton } from "~/components/forms";
import { readSmallUploadForm } from "~/lib/small-upload.server";
import { variableField } from "~/modules/campaigns/campaign-form";
import { createCampaign } from "~/modules/campaigns/create-campaign.server";
import { mediaHeaderFormat, uploadTemplateHeader } from "~/modules/campaigns/header-media.server";
import { headerMediaAccept, maxHeaderMediaBytes } from "~/modules/whatsapp/header-media-rules";
import { valueSourceLabels, valueSources } from "~/modules/campaigns/recipient-values";
import { languageLabel } from "~/modules/whatsapp/template-form";
import { mediaVariableKey, parseComponents, templateVariables } from "~/modules/whatsapp/template-variables";
import { inWorkspace, requireWorkspace } from "~/modules/workspaces/memberships.server";
import { listSendingNumbers } from "~/modules/whatsapp/read-connection.server";
import { listTags } from "~/modules/contacts/list-tags.server";
import { listSavedFilters } from "~/modules/contacts/saved-filters.server";

export const meta: MetaFunction = () => [{ title: "New campaign · Kiana WhatsApp Panel" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireWorkspace(request, params, "admin");
  const chosen = new URL(request.url).searchParams.get("template") ?? "";
  return inWorkspace(access, async (tx) => {
    const templates = await tx<{ id: string; name: string; language: string; category: string; components: unknown }[]>`
      select id, name, language, category, components from message_templates where status = 'APPROVED' order by name, language`;
    const numbers = await listSendingNumbers(tx);
    const savedFilters = await listSavedFilters(tx);
    const tags = await listTags(tx, access.workspace.id);
    const template = templates.find((candidate) => candidate.id === chosen) ?? null;
    return json({
      templates: templates.map(({ id, name, language, category }) => ({ id, name, language, category })),
      numbers,
      savedFilters: savedFilters.filter((saved) => saved.status !== "opted_out").map((saved) => ({ value: saved.id, label: saved.name })),
      tags,
      importPath: `/w/${access.workspace.slug}/contacts/import`,
      template: template ? templateChoice(template) : null,
    });
  });
}

function templateChoice(template: { id: string; name: string; components: unknown }) {
  const headerFormat = mediaHeaderFormat(template.components);
  const variables = templateVariables(parseComponents(template.components));
  return { id: template.id, name: template.name, variables, headerFormat, headerAccept: headerFormat ? headerMediaAccept(headerFormat) : "" };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const access = await requireWorkspace(request, params, "admin");
  const { form: posted, files } = await readSmallUploadForm(request, context, maxHeaderMediaBytes);
  const form: Record<string, unknown> = Object.fromEntries(posted);
  const headerFile = files.get("headerFile");
  const uploaded = headerFile ? await uploadTemplateHeader(access, form.templateId, String(form.phoneNumberId ?? ""), headerFile) : null;
  if (uploaded) {
    const field = variableField(mediaVariableKey, "value");
    if (!uploaded.ok) return json({ errors: { [field]: uploaded.error }, values: form }, { status: 400 });
    form[variableField(mediaVariableKey, "source")] = "text";
    form[field] = uploaded.mediaId;
  }
  const result = await createCampaign(access, form);
  if (!result.ok) return json({ errors: result.errors, values: form }, { status: 400 });
  return redirect(`/w/${access.workspace.slug}/campaigns/${result.id}`);
}

export default function NewCampaign() {
  const { templates, numbers, template, savedFilters, tags, importPath } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const errors: Record<string, string | undefined> = data?.errors ?? {};
  const values: Record<string, unknown> = data?.values ?? {};
  const value = (name: string, fallback = "") => (typeof values[name] === "string" ? (values[name] as string) : fallback);

  if (templates.length === 0 || numbers.length === 0) {
    return (
      <section className="narrow">
        <p><Link to=".." relative="path">← Campaigns</Link></p>
        <h1>New campaign</h1>
        <p className="empty-state">
          {numbers.length === 0 ? <>Connect WhatsApp in <Link to="../../settings/whatsapp" relative="path">Settings › WhatsApp</Link> first. </> : null}
          {templates.length === 0 ? <>A campaign sends an approved template: create one or sync them on the <Link to="../../templates" relative="path">Templates</Link> page.</> : null}
        </p>
      </section>
    );
  }

  return (
    <section className="narrow">
      <p><Link to=".." relative="path">← Campaigns</Link></p>
      <h1>New campaign</h1>
      <Form method="get" className="stack">
        <SelectField
          label="Template"
          name="template"
          defaultValue={template?.id ?? ""}
          options={[{ value: "", label: "Choose an approved template" }, ...templates.map((t) => ({ value: t.id, label: `${t.name} (${languageLabel(t.language)}, ${t.category.toLowerCase()})` }))]}
        />
        <button type="submit" className="button secondary">Use this template</button>
      </Form>

      {template ? (
        <SafeForm noValidate className="stack" encType={template.headerFormat ? "multipart/form-data" : undefined}>
          <FormError error={errors.form ?? errors.templateId} />
          <input type="hidden" name="templateId" value={template.id} />
          <Field label="Campaign name" name="name" defaultValue={value("name")} error={errors.name} required maxLength={200} />
          <SelectField
            label="Send from"
            name="phoneNumberId"
            defaultValue={value("phoneNumberId", numbers[0]?.phoneNumberId)}
            error={errors.phoneNumberId}
            options={numbers.map((number) => ({ value: number.phoneNumberId, label: `${number.displayPhoneNumber} (${number.verifiedName})` }))}
          />
          <fieldset>
            <legend>Audience</legend>
            <p className="hint">All contacts, those with a tag and/or matching a search, or a saved filter. Opted-out contacts are always left out.</p>
            {savedFilters.length > 0 ? (
              <SelectField
                label="Saved filter"
                name="audienceFilterId"
                defaultValue={value("audienceFilterId")}
                error={errors.audienceFilterId}
                options={[{ value: "", label: "None: use the tag and search below" }, ...savedFilters]}
              />
            ) : null}
            <Field label="Only contacts tagged" name="audienceTag" defaultValue={value("audienceTag")} error={errors.audienceTag} placeholder="vip" list="audience-tags" autoComplete="off" />
            <datalist id="audience-tags">{tags.map((tag) => <option key={tag} value={tag} />)}</datalist>
            <Field label="Only contacts matching" name="audienceQuery" defaultValue={value("audienceQuery")} error={errors.audienceQuery} placeholder="A name or +968…" />
            <p className="hint">
              Sending to a list from a file? <Link to={importPath}>Import the CSV</Link> with “Tag every imported contact with” set (say, december-list), then choose that tag here.
            </p>
          </fieldset>
          {template.variables.length > 0 ? (
            <fieldset>
              <legend>Variables</legend>
              {template.variables.map((variable) => (
                <div key={variable.key} className="variable-source">
                  <SelectField
                    label={`${variable.label}: value from`}
                    name={variableField(variable.key, "source")}
                    defaultValue={value(variableField(variable.key, "source"), "name")}
                    error={errors[variableField(variable.key, "source")]}
                    options={valueSources.map((source) => ({ value: source, label: valueSourceLabels[source] }))}
                  />
                  <Field
                    label={`${variable.label}: attribute name or text`}
                    name={variableField(variable.key, "value")}
                    defaultValue={value(variableField(variable.key, "value"))}
                    error={errors[variableField(variable.key, "value")]}
                    hint={variable.example ? `Example: ${variable.example}` : undefined}
                  />
                  <Field
                    label={`${variable.label}: fallback`}
                    name={variableField(variable.key, "fallback")}
                    defaultValue={value(variableField(variable.key, "fallback"))}
                    hint="Used when a contact has no value; without one, that contact is skipped."
                  />
                  {variable.key === mediaVariableKey && template.headerFormat ? (
                    <Field
                      label={`Header ${template.headerFormat.toLowerCase()} file`}
                      name="headerFile"
                      type="file"
                      accept={template.headerAccept}
                      hint="Or upload the file here instead of a link: it is sent to Meta once and every recipient gets it. Meta keeps it 30 days."
                    />
                  ) : null}
                </div>
              ))}
            </fieldset>
          ) : null}
          <SubmitButton>Save draft</SubmitButton>
        </SafeForm>
      ) : null}
    </section>
  );
}
