import type { ActionFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useActionData } from "@remix-run/react";
import { Field, FormError, SafeForm, SubmitButton } from "~/components/forms";
import { readForm } from "~/lib/csrf.server";
import { changePassword } from "~/modules/auth/passwords.server";
import { requireUser } from "~/modules/auth/sessions.server";

export const meta: MetaFunction = () => [{ title: "Change password · Kiana WhatsApp Panel" }];

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readForm(request, context);
  const user = await requireUser(request);
  const result = await changePassword(user, Object.fromEntries(form), context);
  return json(result.ok ? { done: true, errors: {} } : { done: false, errors: result.errors }, { status: result.ok ? 200 : 400 });
}

export default function ChangePassword() {
  const data = useActionData<typeof action>();
  const errors: Record<string, string | undefined> = data?.errors ?? {};
  return (
    <section className="narrow">
      <h1>Change password</h1>
      {data?.done ? <p className="notice" role="status">Password changed. Your other sessions were logged out.</p> : null}
      <SafeForm noValidate key={data?.done ? "done" : "form"}>
        <FormError error={errors.form} />
        <Field label="Current password" name="currentPassword" type="password" autoComplete="current-password" error={errors.currentPassword} required />
        <Field label="New password" name="password" type="password" autoComplete="new-password" error={errors.password} required />
        <Field label="Repeat the new password" name="confirmPassword" type="password" autoComplete="new-password" error={errors.confirmPassword} required />
        <SubmitButton>Change password</SubmitButton>
      </SafeForm>
    </section>
  );
}
