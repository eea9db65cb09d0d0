import type { LoaderFunctionArgs } from "@remix-run/node";
import { recipientsCsv } from "~/modules/campaigns/campaign-recipients.server";
import { readCampaign } from "~/modules/campaigns/read-campaigns.server";
import { csvDownload } from "~/modules/contacts/csv-download.server";
import { inWorkspace, requireWorkspace } from "~/modules/workspaces/memberships.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireWorkspace(request, params, "admin");
  const campaign = await inWorkspace(access, (tx) => readCampaign(tx, params.id ?? ""));
  if (!campaign) throw new Response("There is no such campaign in this workspace", { status: 404 });
  return csvDownload(`campaign-${campaign.name}-recipients.csv`, recipientsCsv(access.workspace.id, access.user.id, campaign.id));
}
