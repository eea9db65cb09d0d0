import type { ActionFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { readSignedCallbackForm } from "~/lib/csrf.server";
import { openMetaDeletionRequest } from "~/modules/deletion/meta-callback.server";

// Meta's data deletion callback: answers { url, confirmation_code } as Meta expects.
export async function action({ request }: ActionFunctionArgs) {
  if (request.method !== "POST") return json({ error: "Use POST" }, { status: 405 });
  const form = await readSignedCallbackForm(request).catch(() => null);
  const result = await openMetaDeletionRequest(form?.get("signed_request"));
  if (!result.ok) return json({ error: result.error }, { status: result.status });
  return json({ url: result.url, confirmation_code: result.confirmationCode });
}

export async function loader() {
  return json({ error: "Use POST with a signed_request" }, { status: 405 });
}
