import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { AuthCard } from "~/components/auth-card";
import { Field, FormError, SafeForm, SubmitButton } from "~/components/forms";
import { readForm } from "~/lib/csrf.server";
import { passwordMinLength } from "~/modules/auth/password.server";
import { getSessionUser } from "~/modules/auth/sessions.server";
import { signUp } from "~/modules/auth/sign-up.server";

export const meta: MetaFunction = () => [{ title: "Sign up · Kiana WhatsApp Panel" }];

export async function loader({ request }: LoaderFunctionArgs) {
  if (await getSessionUser(request)) throw redirect("/workspaces");
  return json({ minLength: passwordMinLength });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readForm(request, context);
  const values = Object.fromEntries(form);
  const result = await signUp(values, context);
  if (!result.ok) {
    const { password: _password, csrf: _csrf, ...kept } = values;
    return json({ errors: result.errors, values: kept }, { status: 400 });
  }
  return redirect(`/w/${result.workspaceSlug}`, { headers: { "Set-Cookie": result.cookie } });
}

export default function Signup() {
  const { minLength } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const errors = data?.errors ?? {};
  const values = (data?.values ?? {}) as Record<string, string>;
  return (
    <AuthCard title="Create your workspace">
      <p className="muted">Start a 14-day trial. No card needed.</p>
      <SafeForm noValidate>
        <FormError error={errors.form} />
        <Field label="Your name" name="name" autoComplete="name" defaultValue={values.name} error={errors.name} required />
        <Field label="Email" name="email" type="email" autoComplete="email" defaultValue={values.email} error={errors.email} required />
        <Field
          label="Admin username"
          name="username"
          autoComplete="username"
          defaultValue={values.username}
          error={errors.username}
          hint="Letters, digits, dots, dashes or underscores. You can log in with it."
          required
        />
        <Field label="Business or workspace name" name="workspaceName" defaultValue={values.workspaceName} error={errors.workspaceName} required />
        <Field
          label="Password"
          name="password"
          type="password"
          autoComplete="new-password"
          error={errors.password}
          hint={`At least ${minLength} characters.`}
          required
        />
        <div className="field">
          <label className="checkbox">
            <input type="checkbox" name="acceptTerms" defaultChecked={values.acceptTerms === "on"} aria-invalid={errors.acceptTerms ? true : undefined} />
            <span>
              I am at least 18 and accept the <Link to="/terms" target="_blank" rel="noopener">terms</Link> and the{" "}
              <Link to="/privacy" target="_blank" rel="noopener">privacy policy</Link>
            </span>
          </label>
          {errors.acceptTerms ? <p className="field-error" role="alert">{errors.acceptTerms}</p> : null}
        </div>
        <SubmitButton>Create workspace</SubmitButton>
      </SafeForm>
      <p>Already have an account? <Link to="/login">Log in</Link></p>
    </AuthCard>
  );
}
