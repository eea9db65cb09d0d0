import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useId } from "react";
import { SafeForm, SelectField, SubmitButton } from "~/components/forms";
import { readForm, readUploadForm } from "~/lib/csrf.server";
import { formatDate } from "~/lib/dates";
import { defaultCountryOf } from "~/modules/contacts/default-country.server";
import { maxImportLabel } from "~/modules/contacts/import-limits";
import { listContactImports } from "~/modules/contacts/read-contact-import.server";
import { drain, storeContactUpload, type StoredUpload } from "~/modules/contacts/store-contact-upload.server";
import { countryOptions, updateDefaultCountry } from "~/modules/contacts/update-default-country.server";
import { inWorkspace, requireWorkspace } from "~/modules/workspaces/memberships.server";

export const meta: MetaFunction = () => [{ title: "Import contacts · Kiana WhatsApp Panel" }];

const statusLabels: Record<string, string> = {
  uploaded: "Waiting for you to map the columns",
  queued: "Waiting to start",
  running: "Importing",
  completed: "Done",
  failed: "Stopped",
};

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireWorkspace(request, params, "admin");
  const { imports, defaultCountry } = await inWorkspace(access, async (tx) => ({
    imports: await listContactImports(tx),
    defaultCountry: await defaultCountryOf(tx, access.workspace.id),
  }));
  return json({
    defaultCountry,
    countries: countryOptions(),
    imports: imports.map((entry) => ({
      id: entry.id,
      filename: entry.filename,
      status: statusLabels[entry.status] ?? entry.status,
      when: formatDate(entry.createdAt, "dateTime", access.workspace.timezone),
      summary: entry.status === "completed" || entry.status === "failed" ? `${entry.createdCount} created, ${entry.updatedCount} updated, ${entry.skippedCount} skipped, ${entry.failedCount} failed` : "",
    })),
  });
}

type ActionData = { error?: string; notice?: string; errors?: Record<string, string | undefined> };

export async function action({ request, params, context }: ActionFunctionArgs) {
  const access = await requireWorkspace(request, params, "admin");
  // The country setting is a plain form; anything else posted here is the file upload.
  if (!/^multipart\/form-data;/i.test(request.headers.get("Content-Type") ?? "")) {
    const result = await updateDefaultCountry(access, Object.fromEntries(await readForm(request, context)));
    if (!result.ok) return json<ActionData>({ errors: result.errors }, { status: 400 });
    return json<ActionData>({ notice: result.defaultCountry ? `Numbers without a country code are now read as numbers of ${result.defaultCountry}.` : "Every number now needs its country code." });
  }
  const declared = Number(request.headers.get("Content-Length"));
  const outcome: { stored?: StoredUpload } = {};
  await readUploadForm(request, context, async (file) => {
    if (file.field !== "file" || outcome.stored) {
      await drain(file.data);
      return "";
    }
    outcome.stored = await storeContactUpload(access, file, Number.isFinite(declared) && declared > 0 ? declared : null);
    return outcome.stored.ok ? outcome.stored.importId : "";
  });
  const stored = outcome.stored;
  if (!stored) return json<ActionData>({ error: "Choose a CSV file to upload." }, { status: 400 });
  if (!stored.ok) return json<ActionData>({ error: stored.error }, { status: 400 });
  return redirect(`/w/${access.workspace.slug}/contacts/import/${stored.importId}`);
}

export default function ImportContacts() {
  const { imports, defaultCountry, countries } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const id = useId();
  return (
    <section>
      <p><Link to=".." relative="path">← Contacts</Link></p>
      <h1>Import contacts from a CSV</h1>
      <p>
        The first row names the columns (like <em>phone</em>, <em>name</em>, <em>tags</em>). Commas or semicolons both work. From a spreadsheet, choose
        File › Download (or Save as) › CSV. Next you will see the first rows and choose what each column is.
      </p>
      <SafeForm encType="multipart/form-data" className="card">
        <div className="field">
          <label htmlFor={id}>CSV file</label>
          <input id={id} type="file" name="file" accept=".csv,.txt,text/csv" required aria-invalid={data?.error ? true : undefined} aria-describedby={`${id}-hint${data?.error ? ` ${id}-error` : ""}`} />
          <p className="hint" id={`${id}-hint`}>Up to {maxImportLabel}.</p>
          {data?.error ? <p className="field-error" id={`${id}-error`} role="alert">{data.error}</p> : null}
        </div>
        <SubmitButton>Upload and preview</SubmitButton>
      </SafeForm>

      <h2>Phone numbers without a country code</h2>
      {data?.notice ? <p className="notice" role="status">{data.notice}</p> : null}
      <SafeForm className="inline-form">
        <SelectField
          label="Read numbers typed or imported without a +country code as numbers of"
          name="defaultCountry"
          defaultValue={defaultCountry ?? ""}
          options={[{ value: "", label: "No country: every number needs its +country code" }, ...countries]}
          error={data?.errors?.defaultCountry ?? data?.errors?.form}
        />
        <div className="field"><SubmitButton>Save</SubmitButton></div>
      </SafeForm>

      <h2>Recent imports</h2>
      {imports.length === 0 ? (
        <p className="empty-state">No imports yet. Upload a CSV above.</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead><tr><th>File</th><th>Status</th><th className="optional">Uploaded</th></tr></thead>
            <tbody>
              {imports.map((entry) => (
                <tr key={entry.id}>
                  <td><Link to={entry.id}>{entry.filename}</Link></td>
                  <td>{entry.status}{entry.summary ? <><br /><span className="muted">{entry.summary}</span></> : null}</td>
                  <td className="optional">{entry.when}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
