import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Outlet, useLoaderData } from "@remix-run/react";
import { AppShell } from "~/components/app-shell";
import { requireWorkspace } from "~/modules/workspaces/memberships.server";
import { shellData } from "~/modules/workspaces/shell.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireWorkspace(request, params);
  return json(await shellData(access.user, access.workspace));
}

export default function WorkspaceLayout() {
  const shell = useLoaderData<typeof loader>();
  return (
    <AppShell {...shell}>
      <Outlet />
    </AppShell>
  );
}
