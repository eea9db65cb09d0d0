import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Outlet, useLoaderData } from "@remix-run/react";
import { AppShell } from "~/components/app-shell";
import { requireStaff } from "~/modules/auth/staff.server";
import { shellData } from "~/modules/workspaces/shell.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireStaff(request);
  return json(await shellData(user));
}

export default function StaffLayout() {
  const shell = useLoaderData<typeof loader>();
  return (
    <AppShell {...shell}>
      <Outlet />
    </AppShell>
  );
}
