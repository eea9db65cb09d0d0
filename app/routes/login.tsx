import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useActionData, useSearchParams } from "@remix-run/react";
import { AuthCard } from "~/components/auth-card";
import { Field, FormError, SafeForm, SubmitButton } from "~/components/forms";
import { readForm } from "~/lib/csrf.server";
import { logIn } from "~/modules/auth/log-in.server";
import { getSessionUser, safeRedirectPath } from "~/modules/auth/sessions.server";

export const meta: MetaFunction = () => [{ title: "Log in · Kiana WhatsApp Panel" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  if (await getSessionUser(request)) throw redirect(safeRedirectPath(url.searchParams.get("redirectTo")));
  return json({});
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readForm(request, context);
  const result = await logIn(Object.fromEntries(form), context);
  if (!result.ok) return json({ errors: result.errors, login: String(form.get("login") ?? "") }, { status: 400 });
  return redirect(safeRedirectPath(form.get("redirectTo")), { headers: { "Set-Cookie": result.cookie } });
}

export default function Login() {
  const data = useActionData<typeof action>();
  const [params] = useSearchParams();
  const errors = data?.errors ?? {};
  return (
    <AuthCard title="Log in">
      {params.get("reset") ? <p className="notice">Your password was changed. Log in with the new one.</p> : null}
      <SafeForm noValidate>
        <FormError error={errors.form} />
        <input type="hidden" name="redirectTo" value={params.get("redirectTo") ?? ""} />
        <Field label="Email or admin username" name="login" autoComplete="username" defaultValue={data?.login} error={errors.login} required />
        <Field label="Password" name="password" type="password" autoComplete="current-password" error={errors.password} required />
        <SubmitButton>Log in</SubmitButton>
      </SafeForm>
      <p><Link to="/forgot-password">Forgot your password?</Link></p>
      <p>New here? <Link to="/signup">Create a workspace</Link></p>
    </AuthCard>
  );
}
