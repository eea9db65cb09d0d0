import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { Field, FormError, SafeForm, SubmitButton } from "~/components/forms";
import { PlanLimitNotice } from "~/components/plan-limit-notice";
import { randomToken } from "~/lib/crypto.server";
import { readForm } from "~/lib/csrf.server";
import { appUrl, env } from "~/lib/env.server";
import { inWorkspace, requireWorkspace } from "~/modules/workspaces/memberships.server";
import { connectWhatsApp } from "~/modules/whatsapp/connect-whatsapp.server";
import { disconnectWhatsApp } from "~/modules/whatsapp/disconnect-whatsapp.server";
import { readConnection } from "~/modules/whatsapp/read-connection.server";
import { setSendingRate } from "~/modules/whatsapp/set-sending-rate.server";
import { testConnection } from "~/modules/whatsapp/test-connection.server";
import { formatDate } from "~/lib/dates";

export const meta: MetaFunction = () => [{ title: "WhatsApp · Kiana WhatsApp Panel" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireWorkspace(request, params, "admin");
  const connection = await inWorkspace(access, readConnection);
  return json({
    connection: connection
      ? {
          ...connection,
          webhookUrl: appUrl(`/webhooks/meta/${connection.webhookKey}`),
          connectedAt: connection.connectedAt.toISOString(),
          lastCheckedAt: connection.lastCheckedAt?.toISOString() ?? null,
        }
      : null,
    suggestedVerifyToken: randomToken(24),
    defaultApiVersion: env.META_API_VERSION,
    timezone: access.workspace.timezone,
  });
}

type ActionData = {
  notice?: string;
  check?: { ok: boolean; lines: string[] };
  errors: Record<string, string | undefined>;
  limit?: { message: string; upgradeUrl: string } | null;
  rateFor?: string;
};

export async function action({ request, params, context }: ActionFunctionArgs) {
  const access = await requireWorkspace(request, params, "admin");
  const form = await readForm(request, context);
  switch (form.get("intent")) {
    case "connect": {
      const result = await connectWhatsApp(access, Object.fromEntries(form), context);
      if (!result.ok) return json<ActionData>({ errors: result.errors, limit: result.limit ?? null }, { status: 400 });
      return json<ActionData>({ notice: `Connected ${result.numbers.length} number(s). Templates are being synced from Meta.`, errors: {} });
    }
    case "rate": {
      const result = await setSendingRate(access, Object.fromEntries(form));
      const rateFor = String(form.get("phoneNumberId") ?? "");
      if (!result.ok) return json<ActionData>({ errors: result.errors, rateFor }, { status: 400 });
      return json<ActionData>({ notice: "Sending rate saved. Campaigns from this number keep to it from their next batch.", errors: {} });
    }
    case "test": {
      const result = await testConnection(access);
      const lines = result.ok
        ? result.numbers.map((number) => `${number.display_phone_number} · ${number.verified_name} · quality ${number.quality_rating} · limit ${number.messaging_limit_tier ?? "unknown"}`)
        : [result.error];
      return json<ActionData>({ check: { ok: result.ok, lines }, errors: {} }, { status: result.ok ? 200 : 400 });
    }
    case "disconnect": {
      const done = await disconnectWhatsApp(access, context);
      return json<ActionData>({ notice: done ? "WhatsApp disconnected. The token and app secret were erased." : "WhatsApp was not connected.", errors: {} });
    }
    default:
      throw new Response("Unknown action", { status: 400 });
  }
}

function formatTime(iso: string | null, timeZone: string): string {
  return iso ? formatDate(iso, "dateTime", timeZone) : "never";
}

export default function WhatsAppSettings() {
  const { connection, suggestedVerifyToken, defaultApiVersion, timezone } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const errors: Record<string, string | undefined> = data?.errors ?? {};
  return (
    <section>
      <h1>WhatsApp</h1>
      {data?.notice ? <p className="notice" role="status">{data.notice}</p> : null}
      {connection ? (
        <>
          <div className="card">
            <h2>Connected account</h2>
            <p>WhatsApp Business Account <strong>{connection.wabaId}</strong> · Graph API {connection.graphApiVersion}</p>
            <p className="muted">Connected {formatTime(connection.connectedAt, timezone)} · last checked {formatTime(connection.lastCheckedAt, timezone)}</p>
            <div className="table-wrap">
              <table>
                <thead>
                  <tr><th>Number</th><th>Verified name</th><th>Quality</th><th className="optional">Messaging limit</th><th className="optional">Phone number id</th><th>Sending rate</th></tr>
                </thead>
                <tbody>
                  {connection.numbers.map((number) => (
                    <tr key={number.phoneNumberId}>
                      <td>{number.displayPhoneNumber}</td>
                      <td>{number.verifiedName}</td>
                      <td><span className={`badge quality-${number.qualityRating.toLowerCase()}`}>{number.qualityRating}</span></td>
                      <td className="optional">{number.messagingLimitTier ?? "unknown"}</td>
                      <td className="optional"><code>{number.phoneNumberId}</code></td>
                      <td>
                        <SafeForm className="inline-form rate-form" noValidate>
                          <input type="hidden" name="intent" value="rate" />
                          <input type="hidden" name="phoneNumberId" value={number.phoneNumberId} />
                          <Field
                            label={`Messages per second for ${number.displayPhoneNumber}`}
                            name="throughputPerSecond"
                            type="number"
                            min={1}
                            max={1000}
                            defaultValue={number.throughputPerSecond}
                            error={data?.rateFor === number.phoneNumberId ? data.errors.throughputPerSecond : undefined}
                          />
                          <SubmitButton className="button secondary">Save rate</SubmitButton>
                        </SafeForm>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <SafeForm className="inline-form">
              <input type="hidden" name="intent" value="test" />
              <SubmitButton>Test connection</SubmitButton>
            </SafeForm>
            {data?.check ? (
              <div className={data.check.ok ? "notice" : "form-error"} role={data.check.ok ? "status" : "alert"}>
                <strong>{data.check.ok ? "Meta answered:" : "The connection failed:"}</strong>
                <ul>{data.check.lines.map((line) => <li key={line}>{line}</li>)}</ul>
              </div>
            ) : null}
          </div>
          <div className="card">
            <h2>Webhook</h2>
            <p>In Meta's App Dashboard, under WhatsApp › Configuration, set the callback URL and verify token below, then subscribe to the <code>messages</code>, <code>message_template_status_update</code>, <code>message_template_quality_update</code>, <code>template_category_update</code> and <code>phone_number_quality_update</code> fields.</p>
            <dl className="facts">
              <dt>Callback URL</dt><dd><code className="copyable">{connection.webhookUrl}</code></dd>
              <dt>Verify token</dt><dd><code className="copyable">{connection.verifyToken}</code></dd>
            </dl>
          </div>
        </>
      ) : (
        <p className="empty-state">Connect your WhatsApp Business Account to sync templates and send messages. You need its id, the phone number ids and a permanent access token from Meta Business Suite (System users), plus your Meta app's secret.</p>
      )}

      <h2>{connection ? "Change the connection" : "Connect WhatsApp"}</h2>
      <SafeForm noValidate>
        <input type="hidden" name="intent" value="connect" />
        <FormError error={errors.form} />
        <PlanLimitNotice limit={data?.limit} />
        <Field label="WhatsApp Business Account id" name="wabaId" inputMode="numeric" autoComplete="off" defaultValue={connection?.wabaId ?? ""} error={errors.wabaId} required />
        <Field
          label="Phone number ids"
          name="phoneNumberIds"
          autoComplete="off"
          defaultValue={connection?.numbers.map((number) => number.phoneNumberId).join(", ") ?? ""}
          hint="One or more, separated by commas. Meta lists them under WhatsApp › API Setup."
          error={errors.phoneNumberIds}
          required
        />
        <Field
          label="Access token"
          name="accessToken"
          type="password"
          autoComplete="off"
          hint={connection ? "Stored encrypted and never shown. Leave empty to keep the current token." : "A permanent system-user token with whatsapp_business_messaging and whatsapp_business_management."}
          error={errors.accessToken}
          required={!connection}
        />
        <Field
          label="App secret"
          name="appSecret"
          type="password"
          autoComplete="off"
          hint={connection ? "Stored encrypted and never shown. Leave empty to keep the current secret." : "From your Meta app's Settings › Basic; it verifies that webhooks come from Meta."}
          error={errors.appSecret}
          required={!connection}
        />
        <Field label="Webhook verify token" name="verifyToken" autoComplete="off" defaultValue={connection?.verifyToken ?? suggestedVerifyToken} hint="Generated for you; paste the same value in Meta's dashboard." error={errors.verifyToken} required />
        <Field label="Graph API version" name="apiVersion" autoComplete="off" defaultValue={connection?.graphApiVersion ?? defaultApiVersion} error={errors.apiVersion} required />
        <div className="field">
          <label className="checkbox">
            <input type="checkbox" name="marketingMessages" value="on" defaultChecked={connection?.marketingMessagesEnabled ?? false} />
            Send marketing templates through Meta's Marketing Messages API
          </label>
          <p className="hint">Meta routes marketing templates there and ends marketing sends through the regular endpoint on 13 October 2027. Accept its terms in Meta Business Suite first.</p>
        </div>
        <SubmitButton>{connection ? "Save and check with Meta" : "Connect and check with Meta"}</SubmitButton>
      </SafeForm>

      {connection ? (
        <SafeForm className="danger-zone" onSubmit={(event) => { if (!confirm("Disconnect WhatsApp? The stored token, app secret, numbers and templates are removed from this workspace.")) event.preventDefault(); }}>
          <input type="hidden" name="intent" value="disconnect" />
          <h2>Disconnect</h2>
          <p>Removes the token, app secret, numbers and synced templates from this workspace. Nothing changes at Meta.</p>
          <SubmitButton className="button danger">Disconnect WhatsApp</SubmitButton>
        </SafeForm>
      ) : null}
    </section>
  );
}
