import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { Field, SafeForm, SubmitButton } from "~/components/forms";
import { TemplatePreview } from "~/components/template-preview";
import { useRefreshWhile } from "~/components/use-refresh-while";
import { readForm } from "~/lib/csrf.server";
import { formatDate } from "~/lib/dates";
import { deleteTemplate } from "~/modules/whatsapp/delete-template.server";
import { findTemplate } from "~/modules/whatsapp/list-templates.server";
import { languageLabel } from "~/modules/whatsapp/template-form";
import { awaitingReview, categoryLabel, qualityLabel, rejectionReason, statusLabel } from "~/modules/whatsapp/template-labels";
import { fillTemplate, parseComponents, previewValues, templateVariables } from "~/modules/whatsapp/template-variables";
import { requireWorkspace, roleRank } from "~/modules/workspaces/memberships.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.template.name ?? "Template"} · Templates · Kiana WhatsApp Panel` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireWorkspace(request, params, "admin");
  const template = await findTemplate(access, params.id ?? "");
  if (!template) throw new Response("Not found", { status: 404 });
  const { components: stored, ...summary } = template;
  const components = parseComponents(stored);
  const query = new URL(request.url).searchParams;
  const values = previewValues(components, (key) => query.get(key));
  return json({
    template: { ...summary, createdAt: summary.createdAt.toISOString(), updatedAt: summary.updatedAt.toISOString() },
    preview: fillTemplate(components, values),
    variables: templateVariables(components).map((variable) => ({ ...variable, value: values[variable.key] ?? "" })),
    canManage: roleRank[access.role] >= roleRank.admin,
    timezone: access.workspace.timezone,
  });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const access = await requireWorkspace(request, params, "admin");
  const form = await readForm(request, context);
  if (form.get("intent") !== "delete") throw new Response("Unknown action", { status: 400 });
  const result = await deleteTemplate(access, params.id ?? "");
  if (!result.ok) return json({ error: result.error }, { status: 400 });
  return redirect(`/w/${access.workspace.slug}/templates?deleted=${encodeURIComponent(result.name)}`);
}

export default function TemplatePage() {
  const { template, preview, variables, canManage, timezone } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  useRefreshWhile(awaitingReview(template.status));

  return (
    <section>
      <p><Link to=".." relative="path">← All templates</Link></p>
      <h1>{template.name}</h1>
      {searchParams.get("created") ? (
        <p className="notice" role="status">Submitted to Meta for review. This page shows Meta's decision as soon as it arrives.</p>
      ) : null}
      {data?.error ? <p className="form-error" role="alert">{data.error}</p> : null}
      <div className="template-layout">
        <dl className="facts card">
          <dt>Status</dt>
          <dd>
            <span className={`badge status-${template.status.toLowerCase()}`} data-testid="template-status">{statusLabel(template.status)}</span>
            {awaitingReview(template.status) ? <span className="hint"> Meta is reviewing it; this usually takes minutes, at most 24 hours.</span> : null}
          </dd>
          {template.rejectedReason ? (
            <>
              <dt>Why it was rejected</dt>
              <dd>{rejectionReason(template.rejectedReason)}</dd>
            </>
          ) : null}
          <dt>Language</dt>
          <dd>{languageLabel(template.language)}</dd>
          <dt>Category</dt>
          <dd>
            {categoryLabel(template.category)}
            {template.previousCategory && template.previousCategory !== template.category ? (
              <span className="hint"> Meta changed it from {categoryLabel(template.previousCategory)}; messages are sent and priced as {categoryLabel(template.category)}.</span>
            ) : null}
          </dd>
          <dt>Quality</dt>
          <dd><span className={`badge quality-${(template.qualityScore ?? "unknown").toLowerCase()}`}>{qualityLabel(template.qualityScore)}</span></dd>
          <dt>Meta template id</dt>
          <dd>{template.metaTemplateId ? <code>{template.metaTemplateId}</code> : "—"}</dd>
          <dt>Created</dt>
          <dd>{formatDate(template.createdAt, "dateTime", timezone)}{template.createdByName ? ` by ${template.createdByName}` : " (synced from Meta)"}</dd>
          <dt>Updated</dt>
          <dd>{formatDate(template.updatedAt, "dateTime", timezone)}</dd>
        </dl>
        <div>
          <h2>Preview</h2>
          <p className="hint">With the sample values filled in, or the values you try below.</p>
          <TemplatePreview template={preview} />
        </div>
      </div>

      <h2>Variables</h2>
      {variables.length === 0 ? (
        <p className="muted">This template has no variables: every customer receives the same text.</p>
      ) : (
        <Form method="get" className="card" preventScrollReset>
          <p className="hint">Each message fills these in. Try your own values in the preview; nothing is sent or saved.</p>
          {variables.map((variable) => (
            <Field
              key={variable.key}
              label={variable.label}
              name={variable.key}
              defaultValue={variable.value}
              hint={variable.example ? `Sample: ${variable.example}` : undefined}
            />
          ))}
          <button type="submit" className="button secondary">Update the preview</button>
        </Form>
      )}

      {canManage ? (
        <SafeForm
          className="danger-zone"
          onSubmit={(event) => {
            if (!confirm(`Delete ${template.name} (${languageLabel(template.language)}) here and at Meta? Campaigns can no longer send it.`)) event.preventDefault();
          }}
        >
          <input type="hidden" name="intent" value="delete" />
          <h2>Delete</h2>
          <p>Deletes this language of the template at Meta too. Meta does not let you reuse the name in this language for 30 days.</p>
          <SubmitButton className="button danger">Delete template</SubmitButton>
        </SafeForm>
      ) : null}
    </section>
  );
}
