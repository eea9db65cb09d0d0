import { describe, expect, it } from "vitest";
import { parseContactSearch, prefixUpperBound } from "./contact-search";

describe("parseContactSearch", () => {
  it("reads digits as the start of an E.164 number, national digits in the default country", () => {
    expect(parseContactSearch("+44 79", null)).toEqual({ kind: "phone", prefix: "+4479" });
    expect(parseContactSearch("07911 12", "GB")).toEqual({ kind: "phone", prefix: "+44791112" });
    expect(parseContactSearch("0044 79", null)).toEqual({ kind: "phone", prefix: "+4479" });
  });

  it("reads a user id, a username and a name", () => {
    expect(parseContactSearch("us.1349", null)).toEqual({ kind: "bsuid", prefix: "US.1349" });
    expect(parseContactSearch("@Grace.H", null)).toEqual({ kind: "text", prefix: "grace.h" });
    expect(parseContactSearch("  Ada   LOVE ", null)).toEqual({ kind: "text", prefix: "ada love" });
    expect(parseContactSearch("   ", null)).toBeNull();
  });

  it("bounds a prefix range above every string that starts with it", () => {
    const upper = prefixUpperBound("ada");
    expect("ada lovelace" < upper && "adb" > upper).toBe(true);
  });
});
