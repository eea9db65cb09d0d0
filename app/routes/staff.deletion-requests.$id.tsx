import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { FormError, SafeForm, SubmitButton } from "~/components/forms";
import { readForm } from "~/lib/csrf.server";
import { requireStaff } from "~/modules/auth/staff.server";
import { decideDeletionRequest, deletionRequestForStaff, type Decision } from "~/modules/deletion/console.server";
import { statusLabels } from "~/modules/deletion/status";
import { formatDate } from "~/lib/dates";

export const meta: MetaFunction = () => [{ title: "Review a deletion request · Staff · Kiana WhatsApp Panel" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireStaff(request);
  const detail = await deletionRequestForStaff(params.id ?? "");
  if (!detail) throw new Response("Not found", { status: 404 });
  return json(detail);
}

function parseDecision(form: FormData): Decision | string {
  const reason = String(form.get("reason") ?? "").trim().slice(0, 2000);
  if (form.get("intent") === "deny") return reason ? { decision: "deny", reason } : "Give the reason for the denial; the requester sees it";
  const workspaceId = String(form.get("workspaceId") ?? "");
  return workspaceId ? { decision: "approve", workspaceId, reason: reason || null } : "Choose the workspace to delete";
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const staff = await requireStaff(request);
  const form = await readForm(request, context);
  const decision = parseDecision(form);
  if (typeof decision === "string") return json({ error: decision }, { status: 400 });
  const result = await decideDeletionRequest(staff, params.id ?? "", decision);
  return json({ error: result.ok ? null : result.error }, { status: result.ok ? 200 : 400 });
}

const when = (value: string | null) => (value ? `${formatDate(value, "dateTime")} UTC` : "—");

export default function ReviewDeletionRequest() {
  const { request, events, matches } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  return (
    <section>
      <p><Link to="/staff/deletion-requests">All deletion requests</Link></p>
      <h1>Deletion request {request.code}</h1>
      <dl className="facts">
        <dt>Status</dt><dd><strong>{statusLabels[request.status]}</strong>{request.overdue ? " · overdue" : ""}</dd>
        <dt>Source</dt><dd>{request.source.replace("_", " ")}</dd>
        <dt>Email</dt><dd>{request.requesterEmail ?? "—"}</dd>
        <dt>Admin username</dt><dd>{request.adminUsername ?? "—"}</dd>
        <dt>Panel URL</dt><dd>{request.panelUrl ?? "—"}</dd>
        <dt>Business or workspace</dt><dd>{request.businessName ?? "—"}</dd>
        <dt>Meta user id</dt><dd>{request.metaUserId ?? "—"}</dd>
        <dt>Details</dt><dd>{request.details ?? "—"}</dd>
        <dt>Confirmed</dt><dd>{when(request.verifiedAt)}</dd>
        <dt>Due</dt><dd>{when(request.dueAt)}</dd>
      </dl>
      <h2>History</h2>
      <ol>
        {events.map((event, index) => (
          <li key={index}>{when(event.createdAt)}: {statusLabels[event.toStatus as keyof typeof statusLabels]} by {event.actorName ?? event.actor}{event.note ? ` (${event.note})` : ""}</li>
        ))}
      </ol>
      {request.status === "pending_review" ? (
        <>
          <h2>Decide</h2>
          <SafeForm>
            <FormError error={data?.error ?? undefined} />
            <fieldset className="field">
              <legend>Workspace to delete</legend>
              {matches.length === 0 ? <p className="muted">No workspace matches the details given. Deny, or ask the requester for more information.</p> : null}
              {matches.map((match) => (
                <label key={match.workspaceId} className="checkbox">
                  <input type="radio" name="workspaceId" value={match.workspaceId} />
                  <span>{match.name} (/w/{match.slug}): matches {match.matchedOn.join(", ")}</span>
                </label>
              ))}
            </fieldset>
            <div className="field">
              <label htmlFor="reason">Reason or note for the requester</label>
              <textarea id="reason" name="reason" rows={3} maxLength={2000} />
            </div>
            <div className="row-actions">
              <SubmitButton name="intent" value="approve">Approve and delete</SubmitButton>
              <SubmitButton name="intent" value="deny" className="button danger">Deny</SubmitButton>
            </div>
          </SafeForm>
        </>
      ) : null}
    </section>
  );
}
