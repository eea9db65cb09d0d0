import { describe, expect, it } from "vitest";
import { decodeCursor, encodeCursor } from "./keyset-cursor";

describe("keyset cursors", () => {
  it("carry the time to the microsecond and the id", () => {
    const cursor = { at: "2026-12-01T03:44:13.934250Z", id: "9f279936-7901-4b6e-9612-2d42eadf2450" };
    const token = encodeCursor(cursor);
    expect(token).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(token)).toEqual(cursor);
  });

  it("start the list over when missing or tampered with", () => {
    expect(decodeCursor(null)).toBeNull();
    expect(decodeCursor("not-a-cursor")).toBeNull();
    expect(decodeCursor(Buffer.from("2026-12-01 9f279936").toString("base64url"))).toBeNull();
  });
});
