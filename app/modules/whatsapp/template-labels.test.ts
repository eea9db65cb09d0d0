import { describe, expect, it } from "vitest";
import { awaitingReview, categoryLabel, qualityLabel, rejectionReason, statusLabel } from "./template-labels";

describe("template labels", () => {
  it("words statuses, and shows a status Meta adds later as Meta spells it", () => {
    expect(statusLabel("PENDING")).toBe("In review");
    expect(statusLabel("APPROVED")).toBe("Approved");
    expect(statusLabel("SOMETHING_NEW")).toBe("SOMETHING_NEW");
    expect([awaitingReview("PENDING"), awaitingReview("IN_APPEAL"), awaitingReview("REJECTED")]).toEqual([true, true, false]);
  });

  it("explains a rejection in plain words with Meta's code", () => {
    expect(rejectionReason("INVALID_FORMAT")).toBe("The variables or their sample values are not formatted the way Meta expects (INVALID_FORMAT)");
    expect(rejectionReason("NEW_REASON")).toBe("Meta gave the reason NEW_REASON");
  });

  it("words categories and quality ratings", () => {
    expect(categoryLabel("AUTHENTICATION")).toBe("Authentication");
    expect([qualityLabel("GREEN"), qualityLabel("RED"), qualityLabel("UNKNOWN"), qualityLabel(null)]).toEqual(["High", "Low", "Not rated yet", "Not rated yet"]);
  });
});
