import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { SafeForm } from "~/components/forms";
import { readForm } from "~/lib/csrf.server";
import { describeDevice } from "~/lib/user-agent";
import { requireUser } from "~/modules/auth/sessions.server";
import { mySessions, revokeMySession } from "~/modules/auth/account.server";
import { formatDate } from "~/lib/dates";

export const meta: MetaFunction = () => [{ title: "Sessions · Kiana WhatsApp Panel" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return json({ sessions: await mySessions(user), current: user.sessionId });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readForm(request, context);
  const user = await requireUser(request);
  const revoked = await revokeMySession(user, String(form.get("id") ?? ""), context);
  return json({ notice: revoked ? "Session revoked: that device is logged out." : "That session had already ended." });
}

export default function Sessions() {
  const { sessions, current } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  return (
    <section>
      <h1>Your sessions</h1>
      <p className="muted">Devices where you are logged in. Revoke any you do not recognise.</p>
      {data?.notice ? <p className="notice" role="status">{data.notice}</p> : null}
      <div className="table-wrap">
        <table>
          <thead><tr><th>Device</th><th className="optional">IP</th><th>Last seen</th><th>Action</th></tr></thead>
          <tbody>
            {sessions.map((session) => (
              <tr key={session.id}>
                <td>{describeDevice(session.userAgent)}{session.id === current ? <strong> (this device)</strong> : null}</td>
                <td className="optional">{session.ip ?? "unknown"}</td>
                <td>{`${formatDate(session.lastSeenAt, "dateTime")} UTC`}</td>
                <td>
                  <SafeForm>
                    <input type="hidden" name="id" value={session.id} />
                    <button type="submit" className="button secondary" aria-label={`Revoke session on ${describeDevice(session.userAgent)} last seen ${`${formatDate(session.lastSeenAt, "dateTime")} UTC`}`}>
                      {session.id === current ? "Log out here" : "Revoke"}
                    </button>
                  </SafeForm>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
