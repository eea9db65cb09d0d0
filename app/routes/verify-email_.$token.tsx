import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { AuthCard } from "~/components/auth-card";
import { SafeForm } from "~/components/forms";
import { getSessionUser } from "~/modules/auth/sessions.server";
import { verifyEmail } from "~/modules/auth/verify-email.server";

export const meta: MetaFunction = () => [{ title: "Confirm your email · Kiana WhatsApp Panel" }];

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const status = await verifyEmail(params.token ?? "", context);
  const user = await getSessionUser(request);
  return json({ status, signedIn: Boolean(user) });
}

export default function VerifyEmail() {
  const { status, signedIn } = useLoaderData<typeof loader>();
  if (status === "valid") {
    return (
      <AuthCard title="Email confirmed">
        <p>Thank you: your email address is confirmed.</p>
        <p><Link className="button" to={signedIn ? "/workspaces" : "/login"}>{signedIn ? "Continue" : "Log in"}</Link></p>
      </AuthCard>
    );
  }
  const reason = status === "expired" ? "The link expired (links last 24 hours)." : status === "used" ? "The link was already used." : "The link is not valid.";
  return (
    <AuthCard title="This link no longer works">
      <p>{reason}</p>
      {signedIn ? (
        <SafeForm action="/verify-email">
          <button type="submit" className="button">Send a new link</button>
        </SafeForm>
      ) : (
        <p><Link to="/login?redirectTo=/workspaces">Log in</Link> to get a new link.</p>
      )}
    </AuthCard>
  );
}
