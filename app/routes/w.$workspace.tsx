import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Outlet, useLoaderData } from "@remix-run/react";
import { AppShell } from "~/components/app-shell";
import { BillingBanner } from "~/components/billing-banner";
import { describeBillingNotice } from "~/modules/billing/describe-billing-notice";
import { requireWorkspace, roleRank } from "~/modules/workspaces/memberships.server";
import { workspaceShellData } from "~/modules/workspaces/shell.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireWorkspace(request, params);
  const shell = workspaceShellData(access);
  const notice = describeBillingNotice(access.billing.decision, access.workspace.trialEndsAt, access.billing.upgradeUrl);
  return json({
    // The shell counts the free trial's days only while the workspace is on it, not once it subscribed.
    shell: { ...shell, current: shell.current && { ...shell.current, trialDaysLeft: notice.trialDaysLeft ?? -1 } },
    billing: { banner: notice.banner, billingPath: notice.billingPath, canManage: roleRank[access.role] >= roleRank.admin },
  });
}

export default function WorkspaceLayout() {
  const { shell, billing } = useLoaderData<typeof loader>();
  return (
    <AppShell {...shell}>
      <BillingBanner {...billing} />
      <Outlet />
    </AppShell>
  );
}
