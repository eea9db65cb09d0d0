import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { AuthCard } from "~/components/auth-card";
import { SafeForm, SubmitButton } from "~/components/forms";
import { readForm } from "~/lib/csrf.server";
import { resendDeletionVerification, verifyDeletionRequest } from "~/modules/deletion/requests.server";

export const meta: MetaFunction = () => [{ title: "Confirm your deletion request · Kiana WhatsApp Panel" }];

export async function loader({ params }: LoaderFunctionArgs) {
  const result = await verifyDeletionRequest(params.token ?? "");
  if (result.status === "verified") throw redirect(`/data-deletion/status/${result.code}?confirmed=1`);
  return json({ status: result.status });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  await readForm(request, context);
  return json({ resent: await resendDeletionVerification(params.token ?? "") });
}

export default function VerifyDeletion() {
  const { status } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  if (data) {
    return (
      <AuthCard title={data.resent ? "Check your email" : "This link no longer works"}>
        <p role="status">{data.resent ? "We sent a new confirmation link. It expires in 24 hours." : "This request cannot be confirmed any more. Send a new request."}</p>
        <p><Link to="/data-deletion/request">Request data deletion</Link></p>
      </AuthCard>
    );
  }
  return (
    <AuthCard title="This link no longer works">
      {status === "expired" ? (
        <>
          <p>The confirmation link expired (links last 24 hours). Nothing was deleted.</p>
          <SafeForm>
            <SubmitButton>Send a new link</SubmitButton>
          </SafeForm>
        </>
      ) : (
        <>
          <p>The link is not valid. It may have been copied incompletely.</p>
          <p><Link to="/data-deletion/request">Send a new request</Link></p>
        </>
      )}
    </AuthCard>
  );
}
