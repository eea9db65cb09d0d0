// Campaign and message states in words for the pages.
const campaignStatuses: Record<string, string> = {
  draft: "Draft",
  scheduled: "Scheduled",
  running: "Sending",
  paused: "Paused",
  completed: "Completed",
  cancelled: "Cancelled",
  failed: "Failed",
};

export function campaignStatusLabel(status: string): string {
  return campaignStatuses[status] ?? status;
}

export const funnelLabels: Record<string, string> = {
  queued: "Waiting",
  sending: "Sending",
  sent: "Sent",
  delivered: "Delivered",
  read: "Read",
  failed: "Failed",
  skipped: "Skipped",
};
