import type { ActionFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useActionData } from "@remix-run/react";
import { AuthCard } from "~/components/auth-card";
import { readForm } from "~/lib/csrf.server";
import { requireUser } from "~/modules/auth/sessions.server";
import { resendVerification } from "~/modules/auth/verify-email.server";

export async function action({ request, context }: ActionFunctionArgs) {
  await readForm(request, context);
  const user = await requireUser(request);
  if (!user.emailVerifiedAt) await resendVerification(user);
  return json({ email: user.email, alreadyVerified: Boolean(user.emailVerifiedAt) });
}

export default function ResendVerification() {
  const data = useActionData<typeof action>();
  return (
    <AuthCard title="Check your inbox">
      <p role="status">
        {data?.alreadyVerified ? "Your email address is already confirmed." : `We sent a new confirmation link to ${data?.email ?? "your address"}.`}
      </p>
      <p><a href="/workspaces">Back to your workspaces</a></p>
    </AuthCard>
  );
}
