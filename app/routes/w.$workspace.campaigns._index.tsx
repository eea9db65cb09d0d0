import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { MessagesChart } from "~/components/messages-chart";
import { useRefreshWhile } from "~/components/use-refresh-while";
import { formatDate } from "~/lib/dates";
import { campaignStatusLabel } from "~/modules/campaigns/campaign-labels";
import { activityRange, messageActivity } from "~/modules/campaigns/message-activity.server";
import { listCampaigns } from "~/modules/campaigns/read-campaigns.server";
import { inWorkspace, requireWorkspace } from "~/modules/workspaces/memberships.server";

export const meta: MetaFunction = () => [{ title: "Campaigns · Kiana WhatsApp Panel" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireWorkspace(request, params, "admin");
  const timezone = access.workspace.timezone;
  const today = new Intl.DateTimeFormat("en-CA", { timeZone: timezone }).format(new Date());
  const range = activityRange(new URL(request.url).searchParams, today);
  const { campaigns, activity } = await inWorkspace(access, async (tx) => ({ campaigns: await listCampaigns(tx), activity: await messageActivity(tx, range, timezone) }));
  return json({
    range,
    activity,
    campaigns: campaigns.map((campaign) => ({ ...campaign, createdAt: campaign.createdAt.toISOString(), launchedAt: campaign.launchedAt?.toISOString() ?? null })),
    timezone,
  });
}

export default function Campaigns() {
  const { campaigns, timezone, range, activity } = useLoaderData<typeof loader>();
  useRefreshWhile(campaigns.some((campaign) => campaign.status === "running"));
  return (
    <section>
      <div className="page-head">
        <h1>Campaigns</h1>
        <Link className="button" to="new">New campaign</Link>
      </div>
      <h2>Messages per day</h2>
      <Form method="get" className="filters" aria-label="Date range">
        <div className="field">
          <label htmlFor="activity-from">From</label>
          <input id="activity-from" name="from" type="date" defaultValue={range.from} />
        </div>
        <div className="field">
          <label htmlFor="activity-to">To</label>
          <input id="activity-to" name="to" type="date" defaultValue={range.to} />
        </div>
        <button type="submit" className="button secondary">Show</button>
      </Form>
      <MessagesChart days={activity} />
      <p className="hint">Days in the workspace's time zone, {timezone}; each message counted on the day it was sent, by its latest status.</p>

      <h2>All campaigns</h2>
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
