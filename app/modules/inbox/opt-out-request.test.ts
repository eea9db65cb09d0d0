import { describe, expect, it } from "vitest";
import { isOptOutRequest } from "./opt-out-request";

describe("isOptOutRequest", () => {
  it("reads STOP, UNSUBSCRIBE and the Arabic equivalents as the whole message", () => {
    for (const text of ["STOP", "stop", " Stop. ", "Unsubscribe", "إيقاف", "الغاء الاشتراك"]) expect(isOptOutRequest({ kind: "text", text })).toBe(true);
  });

  it("does not read a sentence that merely contains the word", () => {
    expect(isOptOutRequest({ kind: "text", text: "Please don't stop sending offers" })).toBe(false);
    expect(isOptOutRequest({ kind: "text", text: "Where is my order?" })).toBe(false);
  });

  it("reads an opt-out quick reply by its text or payload", () => {
    expect(isOptOutRequest({ kind: "button", text: "Stop promotions", payload: "Stop promotions" })).toBe(true);
    expect(isOptOutRequest({ kind: "button", text: "No more offers", payload: "OPT_OUT" })).toBe(true);
    expect(isOptOutRequest({ kind: "button", text: "Show me", payload: "Show me" })).toBe(false);
  });
});
