// CSRF protection for every state-changing form: the server issues a random token in an HttpOnly
// SameSite cookie and renders it into each form; an action reads its form only through readForm,
// which refuses the post (403) unless the two match.
import type { AppLoadContext } from "@remix-run/node";
import { safeEqual } from "./crypto.server";

export const csrfFieldName = "csrf";

export async function readForm(request: Request, context: AppLoadContext): Promise<FormData> {
  const form = await request.formData();
  const submitted = form.get(csrfFieldName);
  if (typeof submitted !== "string" || !context.csrfToken || !safeEqual(submitted, context.csrfToken)) {
    throw new Response("The form expired or was sent from another site. Reload the page and try again.", {
      status: 403,
      statusText: "Invalid CSRF token",
    });
  }
  return form;
}

/**
 * Reads the form of a server-to-server callback that carries no CSRF token because it proves
 * itself otherwise (Meta's signed_request). Only for such callbacks; browsers' forms use readForm.
 */
export function readSignedCallbackForm(request: Request): Promise<FormData> {
  return request.formData();
}
