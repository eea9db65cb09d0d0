import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useRefreshWhile } from "~/components/use-refresh-while";
import { formatDate } from "~/lib/dates";
import { campaignStatusLabel } from "~/modules/campaigns/campaign-labels";
import { listCampaigns } from "~/modules/campaigns/read-campaigns.server";
import { inWorkspace, requireWorkspace } from "~/modules/workspaces/memberships.server";

export const meta: MetaFunction = () => [{ title: "Campaigns · Kiana WhatsApp Panel" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireWorkspace(request, params, "admin");
  const campaigns = await inWorkspace(access, listCampaigns);
  return json({
    campaigns: campaigns.map((campaign) => ({ ...campaign, createdAt: campaign.createdAt.toISOString(), launchedAt: campaign.launchedAt?.toISOString() ?? null })),
    timezone: access.workspace.timezone,
  });
}

export default function Campaigns() {
  const { campaigns, timezone } = useLoaderData<typeof loader>();
  useRefreshWhile(campaigns.some((campaign) => campaign.status === "running"));
  return (
    <section>
      <div className="page-head">
        <h1>Campaigns</h1>
        <Link className="button" to="new">New campaign</Link>
      </div>
      {campaigns.length === 0 ? (
        <p className="empty-state">
          No campaigns yet. A campaign sends an approved template to your contacts, at the pace your number allows. Start with <Link to="new">New campaign</Link>.
        </p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr><th>Name</th><th>Status</th><th>Progress</th><th className="optional">Template</th><th className="optional">Created</th></tr>
            </thead>
            <tbody>
              {campaigns.map((campaign) => (
                <tr key={campaign.id}>
                  <td><Link to={campaign.id}>{campaign.name}</Link></td>
                  <td><span className={`badge campaign-${campaign.status}`}>{campaignStatusLabel(campaign.status)}</span></td>
                  <td>{campaign.total > 0 ? `${campaign.done} of ${campaign.total}` : "—"}</td>
                  <td className="optional">{campaign.templateName}</td>
                  <td className="optional">{formatDate(campaign.createdAt, "dateTime", timezone)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
