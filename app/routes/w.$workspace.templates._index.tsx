import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useLocation, useSearchParams } from "@remix-run/react";
import { SafeForm, SubmitButton } from "~/components/forms";
import { useRefreshWhile } from "~/components/use-refresh-while";
import { readForm } from "~/lib/csrf.server";
import { formatDate } from "~/lib/dates";
import { TemplateFilters, listTemplates } from "~/modules/whatsapp/list-templates.server";
import { syncTemplates } from "~/modules/whatsapp/sync-templates.server";
import { languageLabel } from "~/modules/whatsapp/template-form";
import { templateCategories } from "~/modules/whatsapp/template-variables";
import { awaitingReview, categoryLabel, qualityLabel, rejectionReason, statusLabel } from "~/modules/whatsapp/template-labels";
import { requireWorkspace, roleRank } from "~/modules/workspaces/memberships.server";

export const meta: MetaFunction = () => [{ title: "Templates · Kiana WhatsApp Panel" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireWorkspace(request, params, "admin");
  const filters = TemplateFilters.parse(Object.fromEntries(new URL(request.url).searchParams));
  const list = await listTemplates(access, filters);
  return json({
    ...list,
    syncedAt: list.syncedAt?.toISOString() ?? null,
    templates: list.templates.map((template) => ({ ...template, updatedAt: template.updatedAt.toISOString() })),
    filters,
    canManage: roleRank[access.role] >= roleRank.admin,
    timezone: access.workspace.timezone,
  });
}

type ActionData = { notice?: string; error?: string };

export async function action({ request, params, context }: ActionFunctionArgs) {
  const access = await requireWorkspace(request, params, "admin");
  const form = await readForm(request, context);
  if (form.get("intent") !== "sync") throw new Response("Unknown action", { status: 400 });
  const result = await syncTemplates(access.workspace.id);
  if (!result.ok) return json<ActionData>({ error: `Templates were not synced: ${result.error}` }, { status: 400 });
  const changes = `${result.added} new, ${result.updated} updated, ${result.removed} removed`;
  return json<ActionData>({ notice: `Synced ${result.total} template${result.total === 1 ? "" : "s"} from Meta (${changes}).` });
}

export default function Templates() {
  const { connected, syncedAt, total, templates, languages, statuses, filters, canManage, timezone } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const { pathname } = useLocation();
  useRefreshWhile(templates.some((template) => awaitingReview(template.status)));
  const filtered = Boolean(filters.q || filters.status || filters.category || filters.language);

  return (
    <section>
      <div className="page-head">
        <h1>Templates</h1>
        {canManage && connected ? (
          <div className="row-actions">
            <Link className="button" to="new">New template</Link>
            <SafeForm className="inline-form">
              <input type="hidden" name="intent" value="sync" />
              <SubmitButton className="button secondary">Sync from Meta</SubmitButton>
            </SafeForm>
          </div>
        ) : null}
      </div>
      {connected ? (
        <p className="muted">Last synced from Meta: {syncedAt ? formatDate(syncedAt, "dateTime", timezone) : "never"}</p>
      ) : null}
      {searchParams.get("deleted") ? <p className="notice" role="status">Deleted {searchParams.get("deleted")} here and at Meta.</p> : null}
      {data?.notice ? <p className="notice" role="status">{data.notice}</p> : null}
      {data?.error ? <p className="form-error" role="alert">{data.error}</p> : null}

      {!connected && total === 0 ? (
        <p className="empty-state">
          {canManage ? (
            <>Connect WhatsApp in <Link to="../settings/whatsapp">Settings › WhatsApp</Link> first: your templates are then synced from Meta, and you can create new ones here.</>
          ) : (
            "No templates yet. An owner or admin of this workspace connects WhatsApp and manages templates; they will show here."
          )}
        </p>
      ) : (
        <>
          <Form method="get" className="filters" role="search" aria-label="Filter templates">
            <div className="field">
              <label htmlFor="template-search">Search by name</label>
              <input id="template-search" name="q" type="search" defaultValue={filters.q} placeholder="order_update" />
            </div>
            <div className="field">
              <label htmlFor="template-status">Status</label>
              <select id="template-status" name="status" defaultValue={filters.status}>
                <option value="">Any status</option>
                {statuses.map((status) => <option key={status} value={status}>{statusLabel(status)}</option>)}
              </select>
            </div>
            <div className="field">
              <label htmlFor="template-category">Category</label>
              <select id="template-category" name="category" defaultValue={filters.category}>
                <option value="">Any category</option>
                {templateCategories.map((category) => <option key={category} value={category}>{categoryLabel(category)}</option>)}
              </select>
            </div>
            <div className="field">
              <label htmlFor="template-language">Language</label>
              <select id="template-language" name="language" defaultValue={filters.language}>
                <option value="">Any language</option>
                {languages.map((language) => <option key={language} value={language}>{languageLabel(language)}</option>)}
              </select>
            </div>
            <div className="row-actions">
              <button type="submit" className="button secondary">Filter</button>
              {filtered ? <Link to={pathname}>Clear</Link> : null}
            </div>
          </Form>

          {templates.length === 0 ? (
            <p className="empty">
              {total === 0
                ? canManage
                  ? "No templates yet. Sync from Meta to bring in the ones made in WhatsApp Manager, or create a new one."
                  : "No templates yet. An owner or admin can sync them from Meta or create one."
                : "No template matches these filters. Clear them to see all templates."}
            </p>
          ) : (
            <div className="table-wrap">
              <table className="templates-table">
                <thead>
                  <tr><th>Name</th><th>Language</th><th>Category</th><th>Status</th><th className="optional">Quality</th></tr>
                </thead>
                <tbody>
                  {templates.map((template) => (
                    <tr key={template.id}>
                      <td><Link to={template.id}>{template.name}</Link></td>
                      <td>{languageLabel(template.language)}</td>
                      <td>
                        {categoryLabel(template.category)}
                        {template.previousCategory && template.previousCategory !== template.category ? (
                          <span className="hint"> (was {categoryLabel(template.previousCategory)})</span>
                        ) : null}
                      </td>
                      <td>
                        <span className={`badge status-${template.status.toLowerCase()}`}>{statusLabel(template.status)}</span>
                        {template.rejectedReason ? <p className="hint">{rejectionReason(template.rejectedReason)}</p> : null}
                      </td>
                      <td className="optional"><span className={`badge quality-${(template.qualityScore ?? "unknown").toLowerCase()}`}>{qualityLabel(template.qualityScore)}</span></td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
    </section>
  );
}
