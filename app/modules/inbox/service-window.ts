// WhatsApp's customer-service window: for 24 hours after a contact's last message, the business may
// answer with free-form messages (text, images, documents); outside it only approved templates go
// out. Each inbound message re-opens the window for another 24 hours. One rule, read by the composer,
// by the reply action and by the sender just before it calls Meta.

export const serviceWindowMs = 24 * 60 * 60 * 1000;
/** Under this much time left, the composer warns that the window is closing. */
export const closingSoonMs = 60 * 60 * 1000;

export type ServiceWindow =
  | { state: "open" | "closing"; closesAt: Date; remainingMs: number }
  | { state: "closed"; closedAt: Date | null };

export function serviceWindow(lastInboundAt: Date | null, now: Date): ServiceWindow {
  if (!lastInboundAt) return { state: "closed", closedAt: null };
  const closesAt = new Date(lastInboundAt.getTime() + serviceWindowMs);
  const remainingMs = closesAt.getTime() - now.getTime();
  if (remainingMs <= 0) return { state: "closed", closedAt: closesAt };
  return { state: remainingMs <= closingSoonMs ? "closing" : "open", closesAt, remainingMs };
}

/** "23 h 5 min left", "12 min left", "less than a minute left". */
export function describeTimeLeft(remainingMs: number): string {
  const minutes = Math.floor(remainingMs / 60_000);
  if (minutes < 1) return "less than a minute left";
  const hours = Math.floor(minutes / 60);
  return hours > 0 ? `${hours} h ${minutes % 60} min left` : `${minutes} min left`;
}
