import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { Field, SafeForm, SubmitButton } from "~/components/forms";
import { useRefreshWhile } from "~/components/use-refresh-while";
import { readForm } from "~/lib/csrf.server";
import { formatDate } from "~/lib/dates";
import { countAudience } from "~/modules/campaigns/audience.server";
import { campaignStatusLabel, describeAudience, funnelLabels, funnelSteps } from "~/modules/campaigns/campaign-labels";
import { RecipientFilter, listRecipients } from "~/modules/campaigns/campaign-recipients.server";
import { campaignActions, changeCampaignState } from "~/modules/campaigns/change-campaign-state.server";
import { duplicateCampaign } from "~/modules/campaigns/duplicate-campaign.server";
import { retryFailedMessages } from "~/modules/campaigns/retry-failed-messages.server";
import { scheduleCampaign } from "~/modules/campaigns/schedule-campaign.server";
import { launchCampaign } from "~/modules/campaigns/launch-campaign.server";
import { readCampaign } from "~/modules/campaigns/read-campaigns.server";
import { inWorkspace, requireWorkspace } from "~/modules/workspaces/memberships.server";

export const meta: MetaFunction = () => [{ title: "Campaign · Kiana WhatsApp Panel" }];

const statusFollowMs = 60 * 60_000;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireWorkspace(request, params, "admin");
  const campaign = await inWorkspace(access, (tx) => readCampaign(tx, params.id ?? ""));
  if (!campaign) throw new Response("There is no such campaign in this workspace", { status: 404 });
  const audience = campaign.status === "draft" || campaign.status === "scheduled" ? await inWorkspace(access, (tx) => countAudience(tx, access.workspace.id, campaign.audience)) : null;
  const filter = RecipientFilter.parse(Object.fromEntries(new URL(request.url).searchParams));
  const recipients = await inWorkspace(access, (tx) => listRecipients(tx, campaign.id, filter));
  // Meta's statuses keep coming after the last send: the page follows them while messages are still
  // only sent or delivered, for up to an hour after the campaign finished (some are never read).
  const { sent, delivered } = campaign.funnel;
  const awaitingStatuses = sent + delivered > 0 && (campaign.finishedAt === null || Date.now() - campaign.finishedAt.getTime() < statusFollowMs);
  return json({
    live: campaign.status === "running" || awaitingStatuses,
    filter,
    recipients: { ...recipients, rows: recipients.rows.map((row) => ({ ...row, at: row.at?.toISOString() ?? null })) },
    campaign: {
      ...campaign,
      createdAt: campaign.createdAt.toISOString(),
      scheduledAt: campaign.scheduledAt?.toISOString() ?? null,
      launchedAt: campaign.launchedAt?.toISOString() ?? null,
      finishedAt: campaign.finishedAt?.toISOString() ?? null,
    },
    audience,
    timezone: access.workspace.timezone,
  });
}

type ActionData = { error?: string; upgradeUrl?: string; notice?: string; scheduleError?: string };

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
  if (intent === "schedule") {
    const result = await inWorkspace(access, (tx) => scheduleCampaign(tx, access.workspace.id, id, String(form.get("sendAt") ?? ""), access.workspace.timezone));
    return result.ok ? json<ActionData>({}) : json<ActionData>({ scheduleError: result.error }, { status: 400 });
  }
  if (intent === "retry") {
    const result = await inWorkspace(access, (tx) => retryFailedMessages(tx, access.workspace.id, id));
    return result.ok ? json<ActionData>({ notice: `${result.requeued} failed message(s) are being sent again.` }) : json<ActionData>({ error: result.error }, { status: 400 });
  }
  if (intent === "duplicate") {
    const copy = await inWorkspace(access, (tx) => duplicateCampaign(tx, id, access.user.id));
    if (!copy) throw new Response("There is no such campaign in this workspace", { status: 404 });
    return redirect(`/w/${access.workspace.slug}/campaigns/${copy}`);
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
  const { live, campaign, audience, timezone, filter, recipients } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  useRefreshWhile(live, 2_000);
  const { funnel } = campaign;
  const total = funnelSteps.reduce((sum, step) => sum + funnel[step], 0);
  const done = total - funnel.queued - funnel.sending;

  return (
    <section>
      <p><Link to=".." relative="path">← Campaigns</Link></p>
      <div className="page-head">
        <h1>{campaign.name}</h1>
        <div className="row-actions">
          {campaign.status === "draft" || campaign.status === "scheduled" ? <IntentButton intent="launch" label="Launch now" /> : null}
          {campaign.status === "running" ? <IntentButton intent="pause" label="Pause" className="button secondary" /> : null}
          {campaign.status === "paused" ? <IntentButton intent="resume" label="Resume" /> : null}
          {["completed", "failed", "paused"].includes(campaign.status) && funnel.failed > 0 ? <IntentButton intent="retry" label="Retry failed messages" className="button secondary" /> : null}
          {campaign.status !== "draft" ? <IntentButton intent="duplicate" label="Duplicate" className="button secondary" /> : null}
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

      {campaign.status === "scheduled" && campaign.scheduledAt ? (
        <p className="notice" role="status">Scheduled to start {formatDate(campaign.scheduledAt, "longDateTime", timezone)} ({timezone}).</p>
      ) : null}
      {campaign.status === "draft" || campaign.status === "scheduled" ? (
        <SafeForm className="inline-form schedule-form" noValidate>
          <input type="hidden" name="intent" value="schedule" />
          <Field label="Send at" name="sendAt" type="datetime-local" error={data?.scheduleError} hint={`In the workspace's time zone, ${timezone}.`} required />
          <SubmitButton className="button secondary">{campaign.status === "scheduled" ? "Reschedule" : "Schedule"}</SubmitButton>
        </SafeForm>
      ) : null}

      {audience ? (
        <p>
          Audience: {describeAudience(campaign.audience)}. Launching sends to <strong>{audience.eligible}</strong> contact{audience.eligible === 1 ? "" : "s"}
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

      {total > 0 ? (
        <>
          <div className="page-head">
            <h2>Recipients</h2>
            <a className="button secondary" href={`${campaign.id}/report`} download>Download report (CSV)</a>
          </div>
          <Form method="get" className="filters" aria-label="Filter recipients">
            <div className="field">
              <label htmlFor="recipient-status">Status</label>
              <select id="recipient-status" name="status" defaultValue={filter.status ?? ""}>
                <option value="">Any status</option>
                {funnelSteps.map((step) => <option key={step} value={step}>{funnelLabels[step]}</option>)}
              </select>
            </div>
            <button type="submit" className="button secondary">Show</button>
          </Form>
          {recipients.rows.length === 0 ? (
            <p className="empty">No recipient has this status.</p>
          ) : (
            <div className="table-wrap">
              <table>
                <thead><tr><th>Recipient</th><th>Status</th><th className="optional">Time</th><th className="optional">Error</th></tr></thead>
                <tbody>
                  {recipients.rows.map((row) => (
                    <tr key={row.id}>
                      <td>{row.name ? `${row.name} · ` : ""}{row.recipient}</td>
                      <td><span className={`badge message-${row.status}`}>{funnelLabels[row.status] ?? row.status}</span></td>
                      <td className="optional">{row.at ? formatDate(row.at, "dateTime", timezone) : "—"}</td>
                      <td className="optional">{row.errorTitle ?? ""}{row.errorCode ? ` (${row.errorCode})` : ""}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {recipients.next ? (
            <p><Link to={`?${new URLSearchParams({ ...(filter.status ? { status: filter.status } : {}), after: recipients.next })}`}>Next page →</Link></p>
          ) : null}
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
