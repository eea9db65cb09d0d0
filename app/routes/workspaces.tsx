import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { AppShell } from "~/components/app-shell";
import { Field, SafeForm, SubmitButton } from "~/components/forms";
import { readForm } from "~/lib/csrf.server";
import { requireUser } from "~/modules/auth/sessions.server";
import { createWorkspaceForUser } from "~/modules/workspaces/workspaces.server";
import { shellData } from "~/modules/workspaces/shell.server";

export const meta: MetaFunction = () => [{ title: "Your workspaces · Kiana WhatsApp Panel" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return json(await shellData(user));
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readForm(request, context);
  const user = await requireUser(request);
  const result = await createWorkspaceForUser(user.id, Object.fromEntries(form), context);
  if (!result.ok) return json({ errors: result.errors }, { status: 400 });
  return redirect(`/w/${result.slug}`);
}

export default function Workspaces() {
  const shell = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const [params] = useSearchParams();
  return (
    <AppShell {...shell}>
      <h1>Your workspaces</h1>
      {params.get("joined") ? <p className="notice" role="status">You joined the workspace.</p> : null}
      {shell.workspaces.length === 0 ? (
        <p className="empty">You do not belong to any workspace yet. Create one below, or accept an invitation from your team.</p>
      ) : (
        <ul>
          {shell.workspaces.map((workspace) => (
            <li key={workspace.slug}><Link to={`/w/${workspace.slug}`}>{workspace.name}</Link></li>
          ))}
        </ul>
      )}
      <h2>Create another workspace</h2>
      <SafeForm className="inline-form" noValidate>
        <Field label="Workspace name" name="name" error={data?.errors.name} required />
        <div className="field"><SubmitButton>Create workspace</SubmitButton></div>
      </SafeForm>
    </AppShell>
  );
}
