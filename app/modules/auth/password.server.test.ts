import { describe, expect, it } from "vitest";
import { hashPassword, NewPassword, verifyPassword } from "./password.server";

describe("the password policy", () => {
  it("accepts a long, varied password", () => {
    expect(NewPassword.safeParse("Correct-Horse-9-battery").success).toBe(true);
  });

  it.each([
    ["short1", "Use at least 10 characters"],
    ["password123", "This password is too common; choose another"],
    ["aaaaaaaaaaaa", "Use more varied characters"],
    ["x".repeat(1001), "Use at most 1000 characters"],
  ])("refuses %s", (value, message) => {
    const result = NewPassword.safeParse(value);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe(message);
  });
});

describe("argon2id hashing", () => {
  it("uses OWASP's parameters and verifies only the right password", async () => {
    const hash = await hashPassword("Correct-Horse-9-battery");
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await verifyPassword(hash, "Correct-Horse-9-battery")).toBe(true);
    expect(await verifyPassword(hash, "Correct-Horse-9-batterz")).toBe(false);
    expect(await verifyPassword(hash, "x".repeat(1001))).toBe(false);
  });
});
