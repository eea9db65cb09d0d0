import type { ActionFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useActionData } from "@remix-run/react";
import { AuthCard } from "~/components/auth-card";
import { Field, FormError, SafeForm, SubmitButton } from "~/components/forms";
import { readForm } from "~/lib/csrf.server";
import { submitDeletionRequest } from "~/modules/deletion/requests.server";

export const meta: MetaFunction = () => [{ title: "Request data deletion · Kiana WhatsApp Panel" }];

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readForm(request, context);
  const values = Object.fromEntries(form);
  const result = await submitDeletionRequest(values, context);
  if (!result.ok) {
    const { csrf: _csrf, website: _website, ...kept } = values;
    return json({ sent: false as const, errors: result.errors, values: kept }, { status: 400 });
  }
  return json({ sent: true as const, errors: {}, values: {} });
}

export default function DeletionRequestForm() {
  const data = useActionData<typeof action>();
  if (data?.sent) {
    return (
      <AuthCard title="Check your email">
        <p role="status">
          If the details are complete, we sent a confirmation link to the address you gave. Nothing is deleted until you
          follow it. The link expires in 24 hours.
        </p>
        <p>After you confirm, you get a confirmation code and a page where you can follow the request.</p>
        <p><Link to="/data-deletion">Back to the data deletion instructions</Link></p>
      </AuthCard>
    );
  }
  const errors: Record<string, string | undefined> = data?.errors ?? {};
  const values = (data?.values ?? {}) as Record<string, string>;
  return (
    <AuthCard title="Request deletion of your data">
      <p>
        Tell us which account and workspace to delete. We answer within one month (GDPR) and confirm receipt within 10
        business days (CCPA). You can also email <a href="mailto:info@kianallc.com?subject=Data%20Deletion%20Request">info@kianallc.com</a> with
        the subject "Data Deletion Request".
      </p>
      <SafeForm noValidate>
        <FormError error={errors.form} />
        <Field label="Email of the account" name="email" type="email" autoComplete="email" defaultValue={values.email} error={errors.email} required />
        <Field label="Admin username" name="adminUsername" defaultValue={values.adminUsername} error={errors.adminUsername} required />
        <Field
          label="Panel URL or workspace address"
          name="panelUrl"
          defaultValue={values.panelUrl}
          error={errors.panelUrl}
          hint="For example https://panel.example.com/w/your-business"
          required
        />
        <Field label="Business or workspace name" name="businessName" defaultValue={values.businessName} error={errors.businessName} required />
        <div className="field">
          <label htmlFor="details">Details (optional)</label>
          <textarea id="details" name="details" rows={4} maxLength={5000} defaultValue={values.details} aria-invalid={errors.details ? true : undefined} />
          {errors.details ? <p className="field-error" role="alert">{errors.details}</p> : null}
        </div>
        <div className="honeypot" aria-hidden="true">
          <label htmlFor="website">Leave this empty</label>
          <input id="website" name="website" tabIndex={-1} autoComplete="off" />
        </div>
        <SubmitButton>Send the request</SubmitButton>
      </SafeForm>
    </AuthCard>
  );
}
