// The monotonic state machine every campaign message follows: queued → sending → sent → delivered →
// read, or failed. Statuses arrive from the sender and from Meta's webhooks in any order and any
// number of times; applying one never moves a message back, and a later status implies the earlier
// ones (a read that arrives before its delivered marks the message delivered too).

export const messageStates = ["queued", "sending", "sent", "delivered", "read", "failed"] as const;
export type MessageState = (typeof messageStates)[number];

/** What Meta reports in a status webhook, plus the sender's own steps. */
export type MessageEvent = MessageState;

const progress: Record<Exclude<MessageState, "failed">, number> = { queued: 0, sending: 1, sent: 2, delivered: 3, read: 4 };

/** The timestamps a transition stamps, so a read that skips delivered still says when it was delivered. */
export type StampedStep = "sent" | "delivered" | "read" | "failed";

export interface Transition {
  state: MessageState;
  stamp: StampedStep[];
}

/**
 * The state after `event` reaches a message in `current`, or null when the event changes nothing
 * (a duplicate, or a step the message has already passed). Failure ends a message that was not yet
 * delivered; once a recipient's phone has it, a late failure cannot undo that.
 */
export function applyMessageEvent(current: MessageState, event: MessageEvent): Transition | null {
  if (current === "failed") return null;
  if (event === "failed") return progress[current] >= progress.delivered ? null : { state: "failed", stamp: ["failed"] };
  if (progress[event] <= progress[current]) return null;
  const stamp = (["sent", "delivered", "read"] as const).filter((step) => progress[step] > progress[current] && progress[step] <= progress[event]);
  return { state: event, stamp };
}
