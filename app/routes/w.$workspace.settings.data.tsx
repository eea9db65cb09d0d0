import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { Field, FormError, SafeForm, SubmitButton } from "~/components/forms";
import { readForm } from "~/lib/csrf.server";
import { requestWorkspaceDeletion } from "~/modules/deletion/owner-request.server";
import { requireWorkspace } from "~/modules/workspaces/memberships.server";

export const meta: MetaFunction = () => [{ title: "Data and deletion · Kiana WhatsApp Panel" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { workspace } = await requireWorkspace(request, params, "owner");
  return json({ slug: workspace.slug, name: workspace.name });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const access = await requireWorkspace(request, params, "owner");
  const form = await readForm(request, context);
  const result = await requestWorkspaceDeletion(access, Object.fromEntries(form), context);
  if (!result.ok) return json({ errors: result.errors }, { status: 400 });
  return redirect(`/data-deletion/status/${result.code}`);
}

export default function DataSettings() {
  const { slug, name } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const errors: Record<string, string | undefined> = data?.errors ?? {};
  return (
    <section className="narrow">
      <h1>Data and deletion</h1>
      <h2>Export</h2>
      <p>Download everything this workspace holds: one JSON file per kind of record, in a zip.</p>
      <p><a className="button secondary" href={`/w/${slug}/settings/export`} download>Download the export</a></p>
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
