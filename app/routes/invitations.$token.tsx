import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useParams } from "@remix-run/react";
import { AuthCard } from "~/components/auth-card";
import { Field, FormError, SafeForm, SubmitButton } from "~/components/forms";
import { readForm } from "~/lib/csrf.server";
import { getSessionUser } from "~/modules/auth/sessions.server";
import { findInvitation } from "~/modules/workspaces/find-invitation.server";
import { acceptInvitation, acceptInvitationAsNewUser } from "~/modules/workspaces/team.server";

export const meta: MetaFunction = () => [{ title: "Invitation · Kiana WhatsApp Panel" }];

export async function loader({ params, request }: LoaderFunctionArgs) {
  const [invitation, user] = await Promise.all([findInvitation(params.token ?? ""), getSessionUser(request)]);
  if (!invitation || invitation.status !== "open") {
    return json({ state: "invalid" as const, reason: invitation?.status ?? "unknown" });
  }
  return json({
    state: "open" as const,
    workspaceName: invitation.workspaceName,
    inviterName: invitation.inviterName,
    role: invitation.role,
    email: invitation.email,
    signedInAs: user?.email ?? null,
  });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const form = await readForm(request, context);
  const token = params.token ?? "";
  const user = await getSessionUser(request);
  const result = user ? await acceptInvitation(token, user, context) : await acceptInvitationAsNewUser(token, Object.fromEntries(form), context);
  if (!result.ok) return json({ errors: result.errors }, { status: 400 });
  return redirect("/workspaces?joined=1", result.cookie ? { headers: { "Set-Cookie": result.cookie } } : undefined);
}

export default function Invitation() {
  const data = useLoaderData<typeof loader>();
  const { token } = useParams();
  const submitted = useActionData<typeof action>();
  const errors: Record<string, string | undefined> = submitted?.errors ?? {};
  if (data.state === "invalid") {
    return (
      <AuthCard title="This invitation no longer works">
        <p>{data.reason === "expired" ? "The invitation expired (they last 7 days)." : "The invitation was already used, withdrawn, or the link is wrong."}</p>
        <p>Ask the person who invited you to send a new invitation.</p>
      </AuthCard>
    );
  }
  const intro = `${data.inviterName ?? "A teammate"} invited ${data.email} to join ${data.workspaceName} as ${data.role}.`;
  if (data.signedInAs) {
    return (
      <AuthCard title={`Join ${data.workspaceName}`}>
        <p>{intro}</p>
        <p className="muted">You are logged in as {data.signedInAs}.</p>
        <SafeForm>
          <FormError error={errors.form} />
          <SubmitButton>Accept the invitation</SubmitButton>
        </SafeForm>
      </AuthCard>
    );
  }
  return (
    <AuthCard title={`Join ${data.workspaceName}`}>
      <p>{intro}</p>
      <p>
        Already have an account? <Link to={`/login?redirectTo=${encodeURIComponent(`/invitations/${token}`)}`}>Log in</Link> first, to accept with it.
      </p>
      <h2>Create your account</h2>
      <SafeForm noValidate>
        <FormError error={errors.form} />
        <Field label="Email" name="email" value={data.email} readOnly />
        <Field label="Your name" name="name" autoComplete="name" error={errors.name} required />
        <Field label="Admin username" name="username" autoComplete="username" error={errors.username} required />
        <Field label="Password" name="password" type="password" autoComplete="new-password" error={errors.password} required />
        <div className="field">
          <label className="checkbox">
            <input type="checkbox" name="acceptTerms" aria-invalid={errors.acceptTerms ? true : undefined} />
            <span>
              I am at least 18 and accept the <Link to="/terms" target="_blank" rel="noopener">terms</Link> and the{" "}
              <Link to="/privacy" target="_blank" rel="noopener">privacy policy</Link>
            </span>
          </label>
          {errors.acceptTerms ? <p className="field-error" role="alert">{errors.acceptTerms}</p> : null}
        </div>
        <SubmitButton>Create account and join</SubmitButton>
      </SafeForm>
    </AuthCard>
  );
}
