// The inbox's tabs and the words for message statuses, shared by the server and the browser.

export const inboxTabs = ["open", "mine", "unassigned", "resolved"] as const;
export type InboxTab = (typeof inboxTabs)[number];

export const inboxTabLabels: Record<InboxTab, string> = {
  open: "Open",
  mine: "Assigned to me",
  unassigned: "Unassigned",
  resolved: "Resolved",
};

export function inboxTabFrom(value: string | null): InboxTab {
  return inboxTabs.find((tab) => tab === value) ?? "open";
}

/** Ticks as WhatsApp shows them, with words for screen readers and tests. */
export const statusTicks: Record<string, { ticks: string; label: string }> = {
  queued: { ticks: "🕓", label: "Queued" },
  sending: { ticks: "🕓", label: "Sending" },
  sent: { ticks: "✓", label: "Sent" },
  delivered: { ticks: "✓✓", label: "Delivered" },
  read: { ticks: "✓✓", label: "Read" },
  failed: { ticks: "!", label: "Failed" },
  skipped: { ticks: "–", label: "Skipped" },
};
