import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { Field, FormError, SafeForm, SubmitButton } from "~/components/forms";
import { readForm } from "~/lib/csrf.server";
import { requireStaff } from "~/modules/auth/staff.server";
import { listDeletionRequests } from "~/modules/deletion/console.server";
import { submitDeletionRequest } from "~/modules/deletion/requests.server";
import { statusLabels } from "~/modules/deletion/status";
import { formatDate } from "~/lib/dates";

export const meta: MetaFunction = () => [{ title: "Deletion requests · Staff · Kiana WhatsApp Panel" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request);
  return json({ requests: await listDeletionRequests() });
}

export async function action({ request, context }: ActionFunctionArgs) {
  await requireStaff(request);
  const form = await readForm(request, context);
  const result = await submitDeletionRequest(Object.fromEntries(form), context, "email");
  if (!result.ok) return json({ errors: result.errors }, { status: 400 });
  return redirect("/staff/deletion-requests?opened=1");
}

const day = (value: string | null) => (value ? formatDate(value) : "—");

export default function StaffDeletionRequests() {
  const { requests } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const errors: Record<string, string | undefined> = data?.errors ?? {};
  return (
    <section>
      <h1>Data deletion requests</h1>
      <p className="muted">Open requests first, soonest due first. Requests are due 30 days after the requester confirmed them.</p>
      {requests.length === 0 ? (
        <p className="empty">No deletion requests yet.</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead><tr><th>Due</th><th>Status</th><th>Requester</th><th className="optional">Workspace named</th><th className="optional">Source</th><th>Open</th></tr></thead>
            <tbody>
              {requests.map((row) => (
                <tr key={row.id} className={row.overdue ? "overdue" : undefined}>
                  <td>{day(row.dueAt)}{row.overdue ? <strong> · overdue</strong> : null}</td>
                  <td>{statusLabels[row.status]}</td>
                  <td>{row.requesterEmail ?? `Meta user ${row.metaUserId}`}</td>
                  <td className="optional">{row.businessName ?? "—"}</td>
                  <td className="optional">{row.source.replace("_", " ")}</td>
                  <td><Link to={row.id} aria-label={`Review the request of ${row.requesterEmail ?? row.metaUserId}`}>Review</Link></td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h2>Open a request from an email</h2>
      <p className="muted">For requests sent to info@kianallc.com with the subject "Data Deletion Request". The requester still confirms by the emailed link.</p>
      <SafeForm noValidate>
        <FormError error={errors.form} />
        <Field label="Email of the account" name="email" type="email" error={errors.email} required />
        <Field label="Admin username" name="adminUsername" error={errors.adminUsername} required />
        <Field label="Panel URL or workspace address" name="panelUrl" error={errors.panelUrl} required />
        <Field label="Business or workspace name" name="businessName" error={errors.businessName} required />
        <Field label="Details (optional)" name="details" error={errors.details} />
        <SubmitButton>Open the request</SubmitButton>
      </SafeForm>
    </section>
  );
}
