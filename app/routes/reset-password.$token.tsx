import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { AuthCard } from "~/components/auth-card";
import { Field, FormError, SafeForm, SubmitButton } from "~/components/forms";
import { readForm } from "~/lib/csrf.server";
import { resetLinkStatus, resetPassword } from "~/modules/auth/passwords.server";

export const meta: MetaFunction = () => [{ title: "Choose a new password · Kiana WhatsApp Panel" }];

export async function loader({ params }: LoaderFunctionArgs) {
  const status = await resetLinkStatus(params.token ?? "");
  return json({ status });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const form = await readForm(request, context);
  const result = await resetPassword(params.token ?? "", Object.fromEntries(form), context);
  if (result.ok) return redirect("/workspaces", { headers: { "Set-Cookie": result.cookie } });
  return json(result, { status: 400 });
}

function InvalidLink({ status }: { status: string }) {
  return (
    <AuthCard title="This link no longer works">
      <p>
        {status === "expired"
          ? "The reset link expired (links last 1 hour)."
          : status === "used"
            ? "The reset link was already used."
            : "The reset link is not valid."}
      </p>
      <p><Link className="button" to="/forgot-password">Send a new link</Link></p>
    </AuthCard>
  );
}

export default function ResetPassword() {
  const { status } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  if (data && "link" in data) return <InvalidLink status={data.link} />;
  if (status !== "valid") return <InvalidLink status={status} />;
  const errors = data && "errors" in data ? data.errors : {};
  return (
    <AuthCard title="Choose a new password">
      <SafeForm noValidate>
        <FormError error={errors.form} />
        <Field label="New password" name="password" type="password" autoComplete="new-password" error={errors.password} required />
        <Field label="Repeat the new password" name="confirmPassword" type="password" autoComplete="new-password" error={errors.confirmPassword} required />
        <SubmitButton>Save the new password</SubmitButton>
      </SafeForm>
      <p className="muted">Saving signs you out everywhere else.</p>
    </AuthCard>
  );
}
