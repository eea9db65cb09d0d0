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

/** A campaign's messages by state, in the order the funnel shows them. */
export const funnelSteps = ["queued", "sending", "sent", "delivered", "read", "failed", "skipped"] as const;

export const funnelLabels: Record<string, string> = {
  queued: "Waiting",
  sending: "Sending",
  sent: "Sent",
  delivered: "Delivered",
  read: "Read",
  failed: "Failed",
  skipped: "Skipped",
};

/** The audience in words: a saved filter by name, else the tag and search, else everyone. */
export function describeAudience(audience: { tag: string; q: string; savedFilter?: string }): string {
  if (audience.savedFilter) return `contacts in the saved filter “${audience.savedFilter}”`;
  const parts = [audience.tag ? `tagged “${audience.tag}”` : null, audience.q ? `matching “${audience.q}”` : null].filter(Boolean);
  return parts.length > 0 ? `contacts ${parts.join(" and ")}` : "all contacts";
}
