import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { SafeForm, SubmitButton } from "~/components/forms";
import { useRefreshWhile } from "~/components/use-refresh-while";
import { readForm } from "~/lib/csrf.server";
import { formatDate } from "~/lib/dates";
import { countAudience } from "~/modules/campaigns/audience.server";
import { campaignStatusLabel, funnelLabels } from "~/modules/campaigns/campaign-labels";
import { campaignActions, changeCampaignState } from "~/modules/campaigns/change-campaign-state.server";
import { launchCampaign } from "~/modules/campaigns/launch-campaign.server";
import { funnelSteps, readCampaign } from "~/modules/campaigns/read-campaigns.server";
import { inWorkspace, requireWorkspace } from "~/modules/workspaces/memberships.server";

export const meta: MetaFunction = () => [{ title: "Campaign · Kiana WhatsApp Panel" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireWorkspace(request, params, "admin");
  const campaign = await inWorkspace(access, (tx) => readCampaign(tx, params.id ?? ""));
  if (!campaign) throw new Response("There is no such campaign in this workspace", { status: 404 });
  const audience = campaign.status === "draft" ? await inWorkspace(access, (tx) => countAudience(tx, access.workspace.id, campaign.audience)) : null;
  return json({
    campaign: {
      ...campaign,
      createdAt: campaign.createdAt.toISOString(),
      launchedAt: campaign.launchedAt?.toISOString() ?? null,
      finishedAt: campaign.finishedAt?.toISOString() ?? null,
    },
    audience,
    timezone: access.workspace.timezone,
  });
}

type ActionData = { error?: string; upgradeUrl?: string; notice?: string };

export async function action({ request, params, context }: ActionFunctionArgs) {
  const access = await requireWorkspace(request, params, "admin");
  const form = await readForm(request, context);
  const intent = String(form.get("intent") ?? "");
  const id = params.id ?? "";
  if (intent === "launch") {
    const result = await launchCampaign(access.workspace.id, id);
    if (!result.ok) return json<ActionData>({ error: result.error, upgradeUrl: result.upgradeUrl }, { status: 400 });
    const skipped = result.skipped > 0 ? ` ${result.skipped} contact(s) were skipped: see why below.` : "";
    return json<ActionData>({ notice: `Launched: ${result.queued} message(s) queued.${skipped}` });
  }
  const action = campaignActions.find((candidate) => candidate === intent);
  if (!action) throw new Response("Unknown action", { status: 400 });
  const result = await inWorkspace(access, (tx) => changeCampaignState(tx, access.workspace.id, id, action));
  return result.ok ? json<ActionData>({}) : json<ActionData>({ error: result.error }, { status: 400 });
}

function IntentButton({ intent, label, className = "button" }: { intent: string; label: string; className?: string }) {
  return (
    <SafeForm className="inline-form">
      <input type="hidden" name="intent" value={intent} />
      <SubmitButton className={className}>{label}</SubmitButton>
    </SafeForm>
  );
}

export default function Campaign() {
  const { campaign, audience, timezone } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  useRefreshWhile(campaign.status === "running" || campaign.funnel.sent > campaign.funnel.read, 2_000);
  const { funnel } = campaign;
  const total = funnelSteps.reduce((sum, step) => sum + funnel[step], 0);
  const done = total - funnel.queued - funnel.sending;

  return (
    <section>
      <p><Link to=".." relative="path">← Campaigns</Link></p>
      <div className="page-head">
        <h1>{campaign.name}</h1>
        <div className="row-actions">
          {campaign.status === "draft" ? <IntentButton intent="launch" label="Launch now" /> : null}
          {campaign.status === "running" ? <IntentButton intent="pause" label="Pause" className="button secondary" /> : null}
          {campaign.status === "paused" ? <IntentButton intent="resume" label="Resume" /> : null}
          {["draft", "scheduled", "running", "paused"].includes(campaign.status) ? <IntentButton intent="cancel" label="Cancel campaign" className="button danger" /> : null}
        </div>
      </div>
      <p>
        <span className={`badge campaign-${campaign.status}`}>{campaignStatusLabel(campaign.status)}</span>{" "}
        <span className="muted">
          Template {campaign.templateName} ({campaign.templateLanguage}) · created {formatDate(campaign.createdAt, "dateTime", timezone)}
          {campaign.launchedAt ? ` · launched ${formatDate(campaign.launchedAt, "dateTime", timezone)}` : ""}
        </span>
      </p>
      {campaign.statusReason ? <p className="notice" role="status">{campaign.statusReason}</p> : null}
      {data?.notice ? <p className="notice" role="status">{data.notice}</p> : null}
      {data?.error ? (
        <p className="form-error" role="alert">
          {data.error} {data.upgradeUrl ? <Link to={data.upgradeUrl}>See plans</Link> : null}
        </p>
      ) : null}

      {audience ? (
        <p>
          Launching sends to <strong>{audience.eligible}</strong> contact{audience.eligible === 1 ? "" : "s"}
          {audience.optedOut > 0 ? ` (${audience.optedOut} of the ${audience.matching} matching have opted out and are left out)` : ""}.
        </p>
      ) : null}

      {total > 0 ? (
        <>
          <progress className="progress" aria-label="Campaign progress" max={total} value={done} />
          <p className="muted">{done} of {total} handled</p>
          <dl className="funnel">
            {funnelSteps.map((step) => (
              <div key={step} className={`funnel-step funnel-${step}`}>
                <dt>{funnelLabels[step]}</dt>
                <dd>{funnel[step]}</dd>
              </div>
            ))}
          </dl>
        </>
      ) : null}

      {campaign.failures.length > 0 ? (
        <>
          <h2>Failures and skipped contacts</h2>
          <div className="table-wrap">
            <table>
              <thead><tr><th>Reason</th><th>Contacts</th><th className="optional">What to do</th></tr></thead>
              <tbody>
                {campaign.failures.map((failure) => (
                  <tr key={`${failure.code}-${failure.title}`}>
                    <td>{failure.explanation}{failure.code !== null ? <span className="hint"> ({failure.code})</span> : null}</td>
                    <td>{failure.count}</td>
                    <td className="optional">{failure.advice}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ) : null}
    </section>
  );
}
