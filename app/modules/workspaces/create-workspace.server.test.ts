import { describe, expect, it } from "vitest";
import { slugify } from "./create-workspace.server";

describe("slugify", () => {
  it("makes a readable URL part from a business name", () => {
    expect(slugify("Café Délice & Co.")).toBe("cafe-delice-co");
    expect(slugify("  Muscat   Traders  ")).toBe("muscat-traders");
  });

  it("pads names too short or without latin letters into a valid slug", () => {
    expect(slugify("A")).toBe("workspace-a");
    expect(slugify("شركة")).toBe("workspace");
  });

  it("keeps slugs at most 30 characters without a trailing dash", () => {
    const slug = slugify("The Very Long Business Name Of Some Trading Company");
    expect(slug.length).toBeLessThanOrEqual(30);
    expect(slug.endsWith("-")).toBe(false);
  });
});
