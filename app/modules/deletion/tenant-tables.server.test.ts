import { describe, expect, it } from "vitest";
import { orderChildrenFirst } from "./tenant-tables.server";

describe("orderChildrenFirst", () => {
  it("puts every referencing table before the table it references", () => {
    const order = orderChildrenFirst(
      ["contacts", "messages", "campaigns", "memberships"],
      [
        { child: "messages", parent: "campaigns" },
        { child: "messages", parent: "contacts" },
        { child: "campaigns", parent: "contacts" },
        { child: "memberships", parent: "users" },
      ],
    );
    expect(order.indexOf("messages")).toBeLessThan(order.indexOf("campaigns"));
    expect(order.indexOf("campaigns")).toBeLessThan(order.indexOf("contacts"));
    expect(order).toHaveLength(4);
  });

  it("refuses a cycle instead of looping", () => {
    expect(() => orderChildrenFirst(["a", "b"], [{ child: "a", parent: "b" }, { child: "b", parent: "a" }])).toThrow(/cycle/);
  });
});
