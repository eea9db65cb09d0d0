import type { ActionFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useActionData } from "@remix-run/react";
import { AuthCard } from "~/components/auth-card";
import { Field, SafeForm, SubmitButton } from "~/components/forms";
import { readForm } from "~/lib/csrf.server";
import { requestPasswordReset } from "~/modules/auth/passwords.server";

export const meta: MetaFunction = () => [{ title: "Reset your password · Kiana WhatsApp Panel" }];

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readForm(request, context);
  const result = await requestPasswordReset(Object.fromEntries(form));
  if (!result.ok) return json({ sent: false, errors: result.errors }, { status: 400 });
  return json({ sent: true, errors: {} as Record<string, string | undefined> });
}

export default function ForgotPassword() {
  const data = useActionData<typeof action>();
  return (
    <AuthCard title="Reset your password">
      {data?.sent ? (
        <p className="notice" role="status">
          If an account uses that address, we sent it a link to choose a new password. The link expires in 1 hour.
        </p>
      ) : null}
      <SafeForm noValidate>
        <Field label="Email" name="email" type="email" autoComplete="email" error={data?.errors.email} required />
        <SubmitButton>Send the reset link</SubmitButton>
      </SafeForm>
      <p><Link to="/login">Back to log in</Link></p>
    </AuthCard>
  );
}
