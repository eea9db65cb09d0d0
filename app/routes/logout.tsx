import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { readForm } from "~/lib/csrf.server";
import { clearSessionCookie, logout } from "~/modules/auth/sessions.server";

export async function action({ request, context }: ActionFunctionArgs) {
  await readForm(request, context);
  await logout(request, context);
  return redirect("/login", { headers: { "Set-Cookie": clearSessionCookie() } });
}

export async function loader() {
  return redirect("/");
}
