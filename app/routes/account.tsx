import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Outlet, useLoaderData } from "@remix-run/react";
import { AppShell } from "~/components/app-shell";
import { requireUser } from "~/modules/auth/sessions.server";
import { shellData } from "~/modules/workspaces/shell.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return json(await shellData(user));
}

export default function AccountLayout() {
  const shell = useLoaderData<typeof loader>();
  return (
    <AppShell {...shell}>
      <Outlet />
    </AppShell>
  );
}
