import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { Field, FormError, SafeForm, SelectField, SubmitButton } from "~/components/forms";
import { readForm } from "~/lib/csrf.server";
import { formatDate } from "~/lib/dates";
import { applyBulkAction, type BulkResult } from "~/modules/contacts/bulk-contacts.server";
import { defaultCountryOf } from "~/modules/contacts/default-country.server";
import { listContacts } from "~/modules/contacts/list-contacts.server";
import { listTags } from "~/modules/contacts/list-tags.server";
import { deleteSavedFilter, listSavedFilters, saveFilter } from "~/modules/contacts/saved-filters.server";
import { formatPhone } from "~/modules/contacts/normalize-phone";
import { contactFilterFrom, contactFilterParams, type ContactFilter } from "~/modules/contacts/schemas";
import { inWorkspace, requireWorkspace } from "~/modules/workspaces/memberships.server";

export const meta: MetaFunction = () => [{ title: "Contacts · Kiana WhatsApp Panel" }];

const pageSize = 50;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireWorkspace(request, params, "admin");
  const url = new URL(request.url);
  const filter = contactFilterFrom(url.searchParams);
  const workspaceId = access.workspace.id;
  const { page, tags, savedFilters } = await inWorkspace(access, async (tx) => {
    const country = await defaultCountryOf(tx, workspaceId);
    const [contacts, tagList, saved] = await Promise.all([
      listContacts(tx, { workspaceId, filter, defaultCountry: country, after: url.searchParams.get("after"), before: url.searchParams.get("before"), limit: pageSize }),
      listTags(tx, workspaceId),
      listSavedFilters(tx),
    ]);
    return { page: contacts, tags: tagList, savedFilters: saved };
  });
  const isAdmin = access.role !== "agent";
  return json({
    base: `/w/${access.workspace.slug}/contacts`,
    filter,
    filterQuery: contactFilterParams(filter).toString(),
    contacts: page.contacts.map((contact) => ({
      id: contact.id,
      phone: contact.phoneE164 ? formatPhone(contact.phoneE164) : null,
      bsuid: contact.bsuid,
      username: contact.username,
      name: contact.name,
      tags: contact.tags,
      optedOut: contact.optedOutAt ? `Opted out ${formatDate(contact.optedOutAt, "date", access.workspace.timezone)} (${contact.optOutSource})` : null,
    })),
    next: page.next,
    previous: page.previous,
    tags,
    isAdmin,
    savedFilters: savedFilters.map((saved) => ({ id: saved.id, name: saved.name, query: contactFilterParams(saved).toString() })),
  });
}

type ActionData = { notice?: string; errors: Record<string, string | undefined> };

function describeBulk(result: Extract<BulkResult, { ok: true }>): string {
  const contacts = `${result.count} contact${result.count === 1 ? "" : "s"}`;
  if (result.action === "delete") return `Deleted ${contacts}.`;
  return result.action === "add-tag" ? `Tagged ${contacts}.` : `Removed the tag from ${contacts}.`;
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const access = await requireWorkspace(request, params, "admin");
  const form = await readForm(request, context);
  switch (form.get("intent")) {
    case "bulk": {
      const result = await applyBulkAction(access, form);
      if (!result.ok) return json<ActionData>({ errors: result.errors }, { status: 400 });
      return json<ActionData>({ notice: describeBulk(result), errors: {} });
    }
    case "save-filter": {
      const result = await saveFilter(access, form.get("filterName"), contactFilterFrom(new URLSearchParams([...form.entries()].flatMap(([key, value]) => (typeof value === "string" ? [[key, value]] : [])))));
      if (!result.ok) return json<ActionData>({ errors: result.errors }, { status: 400 });
      return json<ActionData>({ notice: "Filter saved. Campaigns can use it as their audience.", errors: {} });
    }
    case "delete-filter": {
      if (!(await deleteSavedFilter(access, String(form.get("filterId") ?? "")))) throw new Response("Not found", { status: 404 });
      return json<ActionData>({ notice: "Saved filter deleted.", errors: {} });
    }
    default:
      throw new Response("Unknown action", { status: 400 });
  }
}

function pageLink(filterQuery: string, cursor: { after?: string; before?: string }): string {
  const params = new URLSearchParams(filterQuery);
  if (cursor.after) params.set("after", cursor.after);
  if (cursor.before) params.set("before", cursor.before);
  return `?${params.toString()}`;
}

function FilterHiddenFields({ filter }: { filter: ContactFilter }) {
  return (
    <>
      <input type="hidden" name="q" value={filter.q} />
      <input type="hidden" name="tag" value={filter.tag} />
      <input type="hidden" name="status" value={filter.status} />
    </>
  );
}

export default function Contacts() {
  const { base, filter, filterQuery, contacts, next, previous, tags, isAdmin, savedFilters } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const errors: Record<string, string | undefined> = data?.errors ?? {};
  const filtered = Boolean(filter.q || filter.tag || filter.status !== "all");
  return (
    <section>
      <h1>Contacts</h1>
      {data?.notice ? <p className="notice" role="status">{data.notice}</p> : null}
      <div className="row-actions">
        <Link className="button" to="new">Add a contact</Link>
        {isAdmin ? <Link className="button secondary" to="import">Import a CSV</Link> : null}
        {isAdmin ? <a className="button secondary" href={`${base}/export${filterQuery ? `?${filterQuery}` : ""}`} download>Export {filtered ? "these contacts" : "all"} as CSV</a> : null}
      </div>

      <Form method="get" className="inline-form" role="search">
        <Field label="Search" name="q" type="search" defaultValue={filter.q} hint="The start of a name, family name, username, phone number or WhatsApp user id" />
        <Field label="Tag" name="tag" defaultValue={filter.tag} list="contact-tags" autoComplete="off" />
        <datalist id="contact-tags">{tags.map((tag) => <option key={tag} value={tag} />)}</datalist>
        <SelectField label="Status" name="status" defaultValue={filter.status} options={[{ value: "all", label: "Everyone" }, { value: "subscribed", label: "Subscribed" }, { value: "opted_out", label: "Opted out" }]} />
        <div className="field">
          <button type="submit" className="button secondary">Search</button>{" "}
          {filtered ? <Link to=".">Clear</Link> : null}
        </div>
      </Form>

      {savedFilters.length > 0 ? (
        <nav aria-label="Saved filters" className="row-actions">
          <span className="muted">Saved filters:</span>
          {savedFilters.map((saved) => (
            <span key={saved.id} className="label-chip">
              <Link to={`?${saved.query}`} className="badge">{saved.name}</Link>
              <SafeForm>
                <input type="hidden" name="intent" value="delete-filter" />
                <input type="hidden" name="filterId" value={saved.id} />
                <button type="submit" className="link-button" aria-label={`Delete saved filter ${saved.name}`}>×</button>
              </SafeForm>
            </span>
          ))}
        </nav>
      ) : null}
      {filtered ? (
        <SafeForm className="inline-form" noValidate>
          <input type="hidden" name="intent" value="save-filter" />
          <FilterHiddenFields filter={filter} />
          <Field label="Save this filter as" name="filterName" maxLength={60} error={errors.filterName} placeholder="VIP customers" />
          <div className="field"><SubmitButton className="button secondary">Save filter</SubmitButton></div>
        </SafeForm>
      ) : null}

      {contacts.length === 0 ? (
        <p className="empty-state">
          {filtered || previous ? "No contacts match. Try the start of a name or number, or clear the filters." : "No contacts yet. Add one, or import a CSV with a phone column (a spreadsheet saved as CSV works)."}
        </p>
      ) : (
        <SafeForm id="bulk" onSubmit={(event) => {
          const action = new FormData(event.currentTarget).get("action");
          if (action === "delete" && !confirm("Delete these contacts? This cannot be undone.")) event.preventDefault();
        }}>
          <input type="hidden" name="intent" value="bulk" />
          <FilterHiddenFields filter={filter} />
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  {isAdmin ? <th><span className="visually-hidden">Select</span></th> : null}
                  <th>Name</th><th>Phone or user id</th><th className="optional">Tags</th><th className="optional">Status</th>
                </tr>
              </thead>
              <tbody>
                {contacts.map((contact) => (
                  <tr key={contact.id}>
                    {isAdmin ? <td><input type="checkbox" name="ids" value={contact.id} aria-label={`Select ${contact.name ?? contact.phone ?? contact.bsuid}`} /></td> : null}
                    <td>
                      <Link to={contact.id}>{contact.name ?? "(no name)"}</Link>
                      {contact.username ? <><br /><span className="muted">@{contact.username}</span></> : null}
                    </td>
                    <td>{contact.phone ?? <span className="muted">number withheld</span>}{contact.bsuid ? <><br /><code className="muted">{contact.bsuid}</code></> : null}</td>
                    <td className="optional">{contact.tags.map((tag) => <span key={tag} className="badge">{tag}</span>)}</td>
                    <td className="optional">{contact.optedOut ?? "Subscribed"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <nav className="row-actions" aria-label="Pages">
            {previous ? <Link to={pageLink(filterQuery, { before: previous })}>Newer</Link> : null}
            {next ? <Link to={pageLink(filterQuery, { after: next })}>Older</Link> : null}
            {previous ? <Link to={pageLink(filterQuery, {})}>First page</Link> : null}
          </nav>
          {isAdmin ? (
            <fieldset className="field">
              <legend>Change several contacts</legend>
              <FormError error={errors.form ?? errors.ids} />
              <div className="inline-form">
                <SelectField label="Action" name="action" options={[{ value: "add-tag", label: "Add a tag" }, { value: "remove-tag", label: "Remove a tag" }, { value: "delete", label: "Delete" }]} error={errors.action} />
                <Field label="Tag to add or remove" name="bulkTag" list="contact-tags" autoComplete="off" error={errors.bulkTag} />
                <SelectField label="Apply to" name="scope" options={[{ value: "selected", label: "The ticked contacts" }, { value: "filter", label: filtered ? "Every contact matching the search" : "Every contact" }]} />
                <div className="field"><SubmitButton>Apply</SubmitButton></div>
              </div>
            </fieldset>
          ) : null}
        </SafeForm>
      )}

    </section>
  );
}
