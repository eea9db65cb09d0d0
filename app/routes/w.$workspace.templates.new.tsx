import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useMemo, useState } from "react";
import { Field, FormError, SafeForm, SelectField, SubmitButton, TextAreaField } from "~/components/forms";
import { TemplatePreview } from "~/components/template-preview";
import { readSmallUploadForm } from "~/lib/small-upload.server";
import { createTemplate } from "~/modules/whatsapp/create-template.server";
import { headerMediaAccept, maxHeaderMediaBytes } from "~/modules/whatsapp/header-media-rules";
import { readConnection } from "~/modules/whatsapp/read-connection.server";
import {
  buttonField,
  buttonTypeOptions,
  categoryOptions,
  headerTypeOptions,
  initialButtonRows,
  languageOptions,
  maxButtonRows,
  readDraft,
} from "~/modules/whatsapp/template-form";
import { draftComponents, limits, mediaFormats, previewTemplate } from "~/modules/whatsapp/template-variables";
import { inWorkspace, requireWorkspace } from "~/modules/workspaces/memberships.server";

export const meta: MetaFunction = () => [{ title: "New template · Templates · Kiana WhatsApp Panel" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireWorkspace(request, params, "admin");
  const connection = await inWorkspace(access, readConnection);
  return json({ connected: connection !== null });
}

type Values = Record<string, string>;
type ActionData = { errors: Record<string, string | undefined>; values: Values };

export async function action({ request, params, context }: ActionFunctionArgs) {
  const access = await requireWorkspace(request, params, "admin");
  const { form, files } = await readSmallUploadForm(request, context, maxHeaderMediaBytes);
  const input = Object.fromEntries(form);
  const result = await createTemplate(access, input, files.get("headerSample"));
  if (result.ok) return redirect(`/w/${access.workspace.slug}/templates/${result.id}?created=1`);
  const values: Values = {};
  for (const [name, value] of form) if (name !== "csrf" && name !== "headerSample" && typeof value === "string") values[name] = value;
  // A sample Meta took is kept by its handle, so the form need not ask for the file again.
  if (result.sample) Object.assign(values, { headerHandle: result.sample.handle, headerSampleName: result.sample.name });
  return json<ActionData>({ errors: result.errors, values }, { status: 400 });
}

const blank: Values = { language: "en_US", category: "UTILITY", headerType: "NONE" };

/** How many button rows to show: enough for every row that has a value, at least the initial few. */
function rowsFor(values: Values): number {
  let rows = initialButtonRows;
  for (let row = 1; row <= maxButtonRows; row++) if (values[buttonField("Type", row)]) rows = Math.max(rows, row);
  return rows;
}

/**
 * The form's current values over the previous ones: fields hidden for now (say, the body while the
 * category is authentication) keep what was typed, and an unchecked checkbox reads as empty.
 */
function readFields(form: HTMLFormElement, previous: Values): Values {
  const values: Values = { ...previous };
  for (const element of Array.from(form.elements)) {
    const name = element.getAttribute("name");
    if (name && name !== "csrf") values[name] = "";
  }
  for (const [name, value] of new FormData(form)) if (name !== "csrf" && typeof value === "string") values[name] = value;
  return values;
}

export default function NewTemplate() {
  const { connected } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const errors: Record<string, string | undefined> = data?.errors ?? {};
  const [values, setValues] = useState<Values>(() => data?.values ?? blank);
  const [rows, setRows] = useState(() => rowsFor(data?.values ?? blank));
  const preview = useMemo(() => previewTemplate(draftComponents(readDraft(values)).components), [values]);
  const value = (name: string) => values[name] ?? "";
  const authentication = value("category") === "AUTHENTICATION";
  const headerType = value("headerType") || "NONE";
  const mediaFormat = mediaFormats.find((format) => format === headerType);
  // The sample Meta took on the last submission, while the header keeps that format.
  const sent = data?.values;
  const sample = sent?.headerHandle && sent.headerType === headerType ? { handle: sent.headerHandle, name: sent.headerSampleName ?? "" } : null;

  return (
    <section>
      <p><Link to=".." relative="path">← All templates</Link></p>
      <h1>New template</h1>
      <p className="muted">Meta reviews every new template before it can be sent, usually within minutes. Use {"{{1}}"}, {"{{2}}"}… (or names like {"{{first_name}}"}) where each message gets its own value, and give a sample value for each.</p>
      {!connected ? (
        <p className="empty-state">Connect WhatsApp in <Link to="../../settings/whatsapp" relative="path">Settings › WhatsApp</Link> before creating templates.</p>
      ) : null}
      <div className="template-layout">
        <SafeForm noValidate encType={mediaFormat ? "multipart/form-data" : undefined} onChange={(event) => {
            const form = event.currentTarget;
            setValues((previous) => readFields(form, previous));
          }}>
          <FormError error={errors.form} />
          <Field label="Name" name="name" defaultValue={value("name")} autoComplete="off" hint="Lowercase letters, digits and underscores, like order_shipped." error={errors.name} required />
          <SelectField label="Language" name="language" options={languageOptions} defaultValue={value("language")} error={errors.language} />
          <SelectField label="Category" name="category" options={categoryOptions} defaultValue={value("category")} error={errors.category} />

          {authentication ? (
            <fieldset className="field">
              <legend>One-time code message</legend>
              <p className="hint">WhatsApp writes the text of authentication templates itself, in the template's language, with a Copy code button.</p>
              <div className="field">
                <label className="checkbox">
                  <input type="checkbox" name="securityRecommendation" value="on" defaultChecked={value("securityRecommendation") === "on"} />
                  Add "For your security, do not share this code."
                </label>
              </div>
              <Field
                label="Code expires after (minutes)"
                name="codeExpirationMinutes"
                inputMode="numeric"
                defaultValue={value("codeExpirationMinutes")}
                hint={`Optional, 1 to ${limits.codeExpirationMinutes}.`}
                error={errors.codeExpirationMinutes}
              />
            </fieldset>
          ) : (
            <>
              <fieldset className="field">
                <legend>Header</legend>
                <SelectField label="Header type" name="headerType" options={headerTypeOptions} defaultValue={headerType} error={errors.headerType} />
                {headerType === "TEXT" ? (
                  <>
                    <Field label="Header text" name="headerText" defaultValue={value("headerText")} maxLength={limits.headerText} hint="At most one variable." error={errors.headerText} />
                    <Field label="Header sample value" name="headerExample" defaultValue={value("headerExample")} hint="Only when the header has a variable." error={errors.headerExample} />
                  </>
                ) : null}
                {mediaFormat ? (
                  <>
                    <input type="hidden" name="headerHandle" value={sample?.handle ?? ""} />
                    <input type="hidden" name="headerSampleName" value={sample?.name ?? ""} />
                    <Field
                      label={`Header sample ${mediaFormat.toLowerCase()}`}
                      name="headerSample"
                      type="file"
                      accept={headerMediaAccept(mediaFormat)}
                      hint={
                        sample
                          ? `${sample.name || "The sample"} is uploaded to Meta; choose another file only to replace it.`
                          : "Meta's reviewers see this file; it is uploaded to Meta when you submit. Each message will carry its own."
                      }
                      error={errors.headerHandle}
                    />
                  </>
                ) : null}
              </fieldset>
              <TextAreaField label="Body" name="body" rows={5} maxLength={limits.body} defaultValue={value("body")} hint="Start and end with words, not a variable." error={errors.body} />
              <TextAreaField
                label="Body sample values"
                name="bodyExamples"
                rows={3}
                defaultValue={value("bodyExamples")}
                hint="One per line, in order: the value for {{1}} on the first line, and so on."
                error={errors.bodyExamples}
              />
              <Field label="Footer (optional)" name="footer" defaultValue={value("footer")} maxLength={limits.footer} error={errors.footer} />
              <fieldset className="field">
                <legend>Buttons (optional)</legend>
                {Array.from({ length: rows }, (_, index) => index + 1).map((row) => {
                  const type = value(buttonField("Type", row));
                  return (
                    <div className="button-row" key={row}>
                      <SelectField label={`Button ${row} type`} name={buttonField("Type", row)} options={buttonTypeOptions} defaultValue={type} error={errors[buttonField("Type", row)]} />
                      {type ? <Field label={`Button ${row} text`} name={buttonField("Text", row)} defaultValue={value(buttonField("Text", row))} maxLength={limits.buttonText} error={errors[buttonField("Text", row)]} /> : null}
                      {type === "URL" ? (
                        <>
                          <Field label={`Button ${row} web address`} name={buttonField("Url", row)} type="url" defaultValue={value(buttonField("Url", row))} hint="May end with {{1}} for a per-message value." error={errors[buttonField("Url", row)]} />
                          <Field label={`Button ${row} sample for {{1}}`} name={buttonField("UrlExample", row)} defaultValue={value(buttonField("UrlExample", row))} error={errors[buttonField("UrlExample", row)]} />
                        </>
                      ) : null}
                      {type === "PHONE_NUMBER" ? (
                        <Field label={`Button ${row} phone number`} name={buttonField("Phone", row)} type="tel" defaultValue={value(buttonField("Phone", row))} hint="With the country code, like +14155550123." error={errors[buttonField("Phone", row)]} />
                      ) : null}
                    </div>
                  );
                })}
                <FormError error={errors.buttons} />
                {rows < maxButtonRows ? (
                  <button type="button" className="link-button" onClick={() => setRows(rows + 1)}>Add another button</button>
                ) : null}
              </fieldset>
            </>
          )}
          <SubmitButton>Submit to Meta for review</SubmitButton>
        </SafeForm>
        <div>
          <h2>Preview</h2>
          <p className="hint">With your sample values filled in.</p>
          <TemplatePreview template={preview} />
        </div>
      </div>
    </section>
  );
}
