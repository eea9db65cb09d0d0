import { describe, expect, it } from "vitest";
import { classifySendError } from "./classify-send-error";

describe("classifySendError", () => {
  it("slows down and retries on the number's and the pair's rate limits", () => {
    expect(classifySendError(130429).action).toBe("throttle");
    expect(classifySendError(131056).action).toBe("throttle");
  });

  it("gives up on a recipient for permanent errors, without a retry", () => {
    for (const code of [131026, 131050]) expect(classifySendError(code)).toMatchObject({ action: "fail-message", retryable: false });
  });

  it("pauses the campaign when the token expired, and fails it when the template is gone or paused", () => {
    expect(classifySendError(190).action).toBe("pause-campaign");
    for (const code of [132001, 132015, 132016]) expect(classifySendError(code).action).toBe("fail-campaign");
  });

  it("treats an unknown code as one message's failure that may be retried", () => {
    expect(classifySendError(999_999)).toMatchObject({ action: "fail-message", retryable: true });
  });
});
