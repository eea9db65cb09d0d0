import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { Field, FormError, SafeForm, SubmitButton } from "~/components/forms";
import { readForm } from "~/lib/csrf.server";
import { requestWorkspaceDeletion } from "~/modules/deletion/owner-request.server";
import type { FieldErrors } from "~/lib/forms";
import { requireWorkspace } from "~/modules/workspaces/memberships.server";
import { readMessageRetention, updateMessageRetention } from "~/modules/workspaces/message-retention.server";

export const meta: MetaFunction = () => [{ title: "Data and deletion · Kiana WhatsApp Panel" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireWorkspace(request, params, "owner");
  return json({ slug: access.workspace.slug, name: access.workspace.name, retentionDays: await readMessageRetention(access) });
}

type ActionData = { errors?: FieldErrors; retentionErrors?: FieldErrors; retentionSaved?: number };

export async function action({ request, params, context }: ActionFunctionArgs) {
  const access = await requireWorkspace(request, params, "owner");
  const form = Object.fromEntries(await readForm(request, context));
  if (form.intent === "retention") {
    const saved = await updateMessageRetention(access, form);
    return saved.ok ? json<ActionData>({ retentionSaved: saved.days }) : json<ActionData>({ retentionErrors: saved.errors }, { status: 400 });
  }
  const result = await requestWorkspaceDeletion(access, form, context);
  if (!result.ok) return json<ActionData>({ errors: result.errors }, { status: 400 });
  return redirect(`/data-deletion/status/${result.code}`);
}

export default function DataSettings() {
  const { slug, name, retentionDays } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const errors: Record<string, string | undefined> = data?.errors ?? {};
  const retentionErrors: Record<string, string | undefined> = data?.retentionErrors ?? {};
  return (
    <section className="narrow">
      <h1>Data and deletion</h1>
      <h2>Export</h2>
      <p>Download everything this workspace holds: one JSON file per kind of record, in a zip.</p>
      <p><a className="button secondary" href={`/w/${slug}/settings/export`} download>Download the export</a></p>
      <h2>Message history</h2>
      <p>
        Raw webhook events from Meta and the contents of messages (what customers wrote, the values filled into templates) are
        removed after this many days. Delivery statuses, counts and times stay for your reports.
      </p>
      {data?.retentionSaved ? <p className="notice" role="status">Saved: message contents are kept {data.retentionSaved} days.</p> : null}
      <SafeForm noValidate className="inline-form">
        <input type="hidden" name="intent" value="retention" />
        <Field label="Keep message contents for (days)" name="retentionDays" type="number" min={7} max={3650} defaultValue={retentionDays} error={retentionErrors.retentionDays} required />
        <SubmitButton className="button secondary">Save</SubmitButton>
      </SafeForm>
      <h2>Delete this workspace</h2>
      <p>
        We review the request and then delete the workspace's accounts that belong to no other workspace, its sessions,
        WhatsApp configuration and tokens, templates, contacts, campaigns, messages, conversations and webhook events.
        Billing records the law requires us to keep are kept with personal details removed. This cannot be undone.
      </p>
      <SafeForm noValidate>
        <FormError error={errors.form} />
        <Field label="Type the workspace name to confirm" name="confirmName" hint={`Type: ${name}`} error={errors.confirmName} autoComplete="off" required />
        <Field label="Your password" name="password" type="password" autoComplete="current-password" error={errors.password} required />
        <SubmitButton className="button danger">Request deletion of this workspace</SubmitButton>
      </SafeForm>
    </section>
  );
}
