import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useRevalidator } from "@remix-run/react";
import { useEffect, useState } from "react";
import { z } from "zod";
import { Field, FormError, SafeForm, SelectField, SubmitButton } from "~/components/forms";
import { readForm } from "~/lib/csrf.server";
import { attributeKeyFor, columnFieldLabels, columnFields, type ColumnField } from "~/modules/contacts/csv-mapping";
import { defaultCountryOf } from "~/modules/contacts/default-country.server";
import { previewContactImport, readContactImport } from "~/modules/contacts/read-contact-import.server";
import { attributeFieldName, columnFieldName } from "~/modules/contacts/import-form-names";
import { startContactImport } from "~/modules/contacts/start-contact-import.server";
import { countryOptions } from "~/modules/contacts/update-default-country.server";
import { inWorkspace, requireWorkspace } from "~/modules/workspaces/memberships.server";

export const meta: MetaFunction = () => [{ title: "Import contacts · Kiana WhatsApp Panel" }];

function importId(params: { importId?: string }): string {
  const id = z.string().uuid().safeParse(params.importId);
  if (!id.success) throw new Response("Not found", { status: 404 });
  return id.data;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireWorkspace(request, params, "admin");
  const data = await inWorkspace(access, async (tx) => {
    const contactImport = await readContactImport(tx, importId(params));
    if (!contactImport || contactImport.status === "uploading") return null;
    const preview = contactImport.status === "uploaded" ? await previewContactImport(tx, contactImport) : null;
    return { contactImport, preview, defaultCountry: await defaultCountryOf(tx, access.workspace.id) };
  });
  if (!data) throw new Response("Not found", { status: 404 });
  const { contactImport, preview, defaultCountry } = data;
  const columns = contactImport.columns ?? [];
  return json({
    base: `/w/${access.workspace.slug}/contacts`,
    id: contactImport.id,
    filename: contactImport.filename,
    status: contactImport.status,
    columns,
    preview,
    // Built here so the browser bundle never loads the phone number metadata behind the mapping module.
    fieldOptions: columnFields.map((field) => ({ value: field, label: columnFieldLabels[field] })),
    attributeKeys: columns.map((column, index) => attributeKeyFor(column, index)),
    defaultCountry,
    countries: preview ? countryOptions() : [],
    progress: contactImport.byteSize > 0 ? Math.min(100, Math.round((contactImport.processedBytes / contactImport.byteSize) * 100)) : 0,
    counts: {
      processed: contactImport.processedRows,
      created: contactImport.createdCount,
      updated: contactImport.updatedCount,
      skipped: contactImport.skippedCount,
      failed: contactImport.failedCount,
      empty: contactImport.emptyCount,
    },
    error: contactImport.error,
  });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const access = await requireWorkspace(request, params, "admin");
  const form = await readForm(request, context);
  const id = importId(params);
  const result = await startContactImport(access, id, Object.fromEntries(form));
  if (!result.ok) return json({ errors: result.errors }, { status: 400 });
  return redirect(`/w/${access.workspace.slug}/contacts/import/${id}`);
}

function MappingForm() {
  const { columns, preview, defaultCountry, countries, fieldOptions, attributeKeys } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const errors: Record<string, string | undefined> = data?.errors ?? {};
  const [fields, setFields] = useState<ColumnField[]>(() => preview?.suggested.map((column) => column.field) ?? []);
  if (!preview) return null;
  return (
    <SafeForm noValidate>
      <h2>First rows</h2>
      {preview.rows.length === 0 ? <p className="muted">The first rows could not be shown; the import will report any row it cannot read.</p> : null}
      <div className="table-wrap">
        <table>
          <thead><tr>{columns.map((column, index) => <th key={index}>{column}</th>)}</tr></thead>
          <tbody>
            {preview.rows.map((row, rowIndex) => (
              <tr key={rowIndex}>{columns.map((_, index) => <td key={index}>{row[index] ?? ""}</td>)}</tr>
            ))}
          </tbody>
        </table>
      </div>
      {preview.unknown.length > 0 ? (
        <p className="notice" role="status">
          Not recognised: {preview.unknown.join(", ")}. These columns are ignored unless you choose a field for them below; choose Attribute to keep them for templates.
        </p>
      ) : null}
      <h2>What each column holds</h2>
      <FormError error={errors.form} />
      {columns.map((column, index) => (
        <div key={index} className="inline-form">
          <SelectField
            label={`Column ${index + 1}: ${column}`}
            name={columnFieldName(index)}
            options={fieldOptions}
            value={fields[index] ?? "ignore"}
            onChange={(event) => setFields((current) => current.map((field, at) => (at === index ? (event.target.value as ColumnField) : field)))}
            error={errors[columnFieldName(index)]}
          />
          {fields[index] === "attribute" ? (
            <Field
              label={`Attribute name for ${column}`}
              name={attributeFieldName(index)}
              defaultValue={attributeKeys[index]}
              error={errors[attributeFieldName(index)]}
              autoComplete="off"
            />
          ) : null}
        </div>
      ))}
      <h2>Options</h2>
      <fieldset className="field">
        <legend>Contacts that already exist (same phone number or user id)</legend>
        <label className="checkbox"><input type="radio" name="mode" value="update" defaultChecked /> Update them with the values in the file</label>
        <label className="checkbox"><input type="radio" name="mode" value="skip" /> Skip them and leave them as they are</label>
        {errors.mode ? <p className="field-error" role="alert">{errors.mode}</p> : null}
      </fieldset>
      <SelectField
        label="Country of numbers without a country code"
        name="defaultCountry"
        defaultValue={defaultCountry ?? ""}
        options={[{ value: "", label: "None: every number needs its +country code" }, ...countries]}
        error={errors.defaultCountry}
      />
      <Field label="Tag every imported contact with" name="tag" autoComplete="off" error={errors.tag} hint="Optional, like spring-fair-2026" />
      <SubmitButton>Start the import</SubmitButton>
    </SafeForm>
  );
}

function Progress() {
  const { status, progress, counts } = useLoaderData<typeof loader>();
  const revalidator = useRevalidator();
  const active = status === "queued" || status === "running";
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => {
      if (revalidator.state === "idle") revalidator.revalidate();
    }, 1000);
    return () => clearInterval(timer);
  }, [active, revalidator]);
  if (!active) return null;
  return (
    <div className="card" role="status" aria-live="polite">
      <label htmlFor="import-progress">{status === "queued" ? "Waiting to start…" : `Importing: ${counts.processed} rows read`}</label>
      <progress id="import-progress" max={100} value={progress} className="progress">{progress}%</progress>
      <p className="muted">{progress}% · You can leave this page; the import carries on.</p>
    </div>
  );
}

function Summary() {
  const { status, counts, error, id, base } = useLoaderData<typeof loader>();
  if (status !== "completed" && status !== "failed") return null;
  return (
    <div className="card">
      <h2>{status === "completed" ? "Import finished" : "Import stopped"}</h2>
      {error ? <p className="form-error" role="alert">{error}</p> : null}
      <dl className="facts">
        <dt>Created</dt><dd>{counts.created}</dd>
        <dt>Updated</dt><dd>{counts.updated}</dd>
        <dt>Skipped</dt><dd>{counts.skipped}{counts.empty > 0 ? ` (and ${counts.empty} empty row${counts.empty === 1 ? "" : "s"})` : ""}</dd>
        <dt>Failed</dt><dd>{counts.failed}</dd>
      </dl>
      {counts.failed > 0 ? (
        <p><a className="button secondary" href={`${base}/import/${id}/failures`} download>Download the failed rows (CSV)</a></p>
      ) : null}
      <p><Link to="../.." relative="path">See your contacts</Link> · <Link to=".." relative="path">Import another file</Link></p>
    </div>
  );
}

export default function ContactImport() {
  const { filename } = useLoaderData<typeof loader>();
  return (
    <section>
      <p><Link to=".." relative="path">← Imports</Link></p>
      <h1>Import {filename}</h1>
      <MappingForm />
      <Progress />
      <Summary />
    </section>
  );
}
