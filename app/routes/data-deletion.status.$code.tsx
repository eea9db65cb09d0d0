import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { AuthCard } from "~/components/auth-card";
import { requestStatus } from "~/modules/deletion/requests.server";
import { statusLabels } from "~/modules/deletion/status";
import { formatDate } from "~/lib/dates";

export const meta: MetaFunction = () => [{ title: "Deletion request status · Kiana WhatsApp Panel" }, { name: "robots", content: "noindex" }];

export async function loader({ params }: LoaderFunctionArgs) {
  const status = await requestStatus(params.code ?? "");
  if (!status) throw new Response("Not found", { status: 404 });
  return json(status);
}

const when = (value: string | null) => (value ? `${formatDate(value, "longDateTime")} UTC` : "—");
const actors: Record<string, string> = { requester: "you", staff: "our team", owner: "the workspace owner", system: "the system", meta: "Meta" };

export default function DeletionStatus() {
  const status = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  return (
    <AuthCard title="Your data deletion request">
      {params.get("confirmed") ? <p className="notice" role="status">Thank you: your request is confirmed. Keep this page's address to follow it.</p> : null}
      <dl className="facts">
        <dt>Confirmation code</dt>
        <dd><code>{status.code}</code></dd>
        <dt>Status</dt>
        <dd><strong>{statusLabels[status.status]}</strong></dd>
        <dt>Requested</dt>
        <dd>{when(status.createdAt)}</dd>
        <dt>Confirmed</dt>
        <dd>{when(status.verifiedAt)}</dd>
        <dt>Answer due by</dt>
        <dd>{when(status.dueAt)}</dd>
        {status.completedAt ? (<><dt>Completed</dt><dd>{when(status.completedAt)}</dd></>) : null}
        {status.decisionReason ? (<><dt>Reason</dt><dd>{status.decisionReason}</dd></>) : null}
      </dl>
      <h2>History</h2>
      <ol>
        {status.events.map((event, index) => (
          <li key={index}>{when(event.createdAt)}: {statusLabels[event.toStatus]} (by {actors[event.actor] ?? event.actor})</li>
        ))}
      </ol>
      <p className="muted">Questions? Email <a href="mailto:info@kianallc.com">info@kianallc.com</a> with your confirmation code.</p>
      <p><Link to="/data-deletion">Data deletion instructions</Link></p>
    </AuthCard>
  );
}
