import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireWorkspace } from "~/modules/workspaces/memberships.server";
import { formatDate } from "~/lib/dates";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.name ?? "Workspace"} · Kiana WhatsApp Panel` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { workspace, role } = await requireWorkspace(request, params);
  return json({ name: workspace.name, slug: workspace.slug, role, trialEndsAt: workspace.trialEndsAt.toISOString(), timezone: workspace.timezone });
}

export default function Overview() {
  const data = useLoaderData<typeof loader>();
  return (
    <section>
      <h1>{data.name}</h1>
      <p>You are {data.role === "agent" ? "an agent" : `an ${data.role}`} in this workspace.</p>
      {data.role === "agent" ? <p><Link to={`/w/${data.slug}/inbox`}>Open the inbox</Link> to answer your customers.</p> : null}
      <p className="muted">
        Trial ends {formatDate(data.trialEndsAt, "longDate", data.timezone)}.
      </p>
      {data.role !== "agent" ? (
        <div className="card">
          <h2>Get started</h2>
          <ol>
            <li><Link to={`/w/${data.slug}/settings/team`}>Invite your team</Link> and give each person a role.</li>
            <li>Review who signed in and what changed in the <Link to={`/w/${data.slug}/settings/security`}>security log</Link>.</li>
          </ol>
        </div>
      ) : null}
    </section>
  );
}
