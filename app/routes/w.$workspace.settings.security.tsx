import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireWorkspace } from "~/modules/workspaces/memberships.server";
import { securityLog } from "~/modules/audit/security-log.server";
import { formatDate } from "~/lib/dates";

export const meta: MetaFunction = () => [{ title: "Security log · Kiana WhatsApp Panel" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireWorkspace(request, params, "admin");
  const before = new URL(request.url).searchParams.get("before");
  const page = await securityLog(access, before);
  return json({ ...page, timezone: access.workspace.timezone });
}

const labels: Record<string, string> = {
  signup: "Signed up", login: "Logged in", login_failed: "Failed login", logout: "Logged out",
  password_changed: "Changed password", password_reset: "Reset password", email_verified: "Confirmed email",
  session_revoked: "Revoked a session", invitation_sent: "Sent an invitation", invitation_revoked: "Withdrew an invitation",
  invitation_accepted: "Accepted an invitation", role_changed: "Changed a role", member_removed: "Removed a member",
  member_left: "Left the workspace", workspace_created: "Created the workspace", deletion_requested: "Requested deletion of the workspace",
};

export default function SecurityLog() {
  const { events, next, timezone } = useLoaderData<typeof loader>();
  return (
    <section>
      <h1>Security log</h1>
      <p className="muted">Logins, failed logins, password changes, invitations and role changes in this workspace. Times in {timezone}.</p>
      {events.length === 0 ? (
        <p className="empty">Nothing recorded yet.</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead><tr><th>When</th><th>Event</th><th>Who</th><th className="optional">IP</th><th className="optional">Device</th></tr></thead>
            <tbody>
              {events.map((event) => (
                <tr key={event.id}>
                  <td>{formatDate(event.createdAt, "dateTime", timezone)}</td>
                  <td>
                    {labels[event.kind] ?? event.kind}
                    {Object.keys(event.details).length ? <span className="muted"> · {Object.entries(event.details).map(([key, value]) => `${key}: ${String(value)}`).join(", ")}</span> : null}
                  </td>
                  <td>{event.actorName ?? "—"}{event.subjectName && event.subjectName !== event.actorName ? ` → ${event.subjectName}` : ""}</td>
                  <td className="optional">{event.ip ?? "—"}</td>
                  <td className="optional">{event.userAgent ?? "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {next ? <p><Link to={`?before=${encodeURIComponent(next)}`}>Older events</Link></p> : null}
    </section>
  );
}
