import { describe, expect, it } from "vitest";
import { applyMessageEvent, messageStates, type MessageState } from "./message-status";

function replay(events: MessageState[]): MessageState {
  return events.reduce<MessageState>((state, event) => applyMessageEvent(state, event)?.state ?? state, "queued");
}

describe("applyMessageEvent", () => {
  it("moves forward through the steps, stamping each", () => {
    expect(applyMessageEvent("queued", "sending")).toEqual({ state: "sending", stamp: [] });
    expect(applyMessageEvent("sending", "sent")).toEqual({ state: "sent", stamp: ["sent"] });
    expect(applyMessageEvent("sent", "delivered")).toEqual({ state: "delivered", stamp: ["delivered"] });
    expect(applyMessageEvent("delivered", "read")).toEqual({ state: "read", stamp: ["read"] });
  });

  it("lets a read that arrives before delivered imply the delivery", () => {
    expect(applyMessageEvent("sent", "read")).toEqual({ state: "read", stamp: ["delivered", "read"] });
    expect(applyMessageEvent("sending", "delivered")).toEqual({ state: "delivered", stamp: ["sent", "delivered"] });
  });

  it("never moves back, and ignores duplicates", () => {
    expect(applyMessageEvent("read", "delivered")).toBeNull();
    expect(applyMessageEvent("delivered", "sent")).toBeNull();
    expect(applyMessageEvent("sent", "sent")).toBeNull();
    expect(applyMessageEvent("sent", "sending")).toBeNull();
  });

  it("fails a message only before it reached the phone, and keeps a failure final", () => {
    expect(applyMessageEvent("sending", "failed")).toEqual({ state: "failed", stamp: ["failed"] });
    expect(applyMessageEvent("sent", "failed")).toEqual({ state: "failed", stamp: ["failed"] });
    expect(applyMessageEvent("delivered", "failed")).toBeNull();
    expect(applyMessageEvent("read", "failed")).toBeNull();
    for (const event of messageStates) expect(applyMessageEvent("failed", event)).toBeNull();
  });

  it("ends in the same state whatever order the webhooks arrive in", () => {
    const orders: MessageState[][] = [
      ["sending", "sent", "delivered", "read"],
      ["sending", "read", "delivered", "sent"],
      ["sending", "delivered", "sent", "read", "read", "delivered"],
    ];
    for (const order of orders) expect(replay(order)).toBe("read");
  });
});
