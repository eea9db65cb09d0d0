import { describe, expect, it } from "vitest";
import { safeRedirectPath } from "./sessions.server";

describe("safeRedirectPath", () => {
  it("keeps in-app paths", () => {
    expect(safeRedirectPath("/w/acme/settings/team?tab=1")).toBe("/w/acme/settings/team?tab=1");
  });

  it.each(["https://evil.example", "//evil.example", "/\\evil.example", "", null, 42])("replaces %s with the default", (value) => {
    expect(safeRedirectPath(value)).toBe("/workspaces");
  });
});
