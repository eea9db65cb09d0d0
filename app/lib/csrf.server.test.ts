import type { AppLoadContext } from "@remix-run/node";
import { describe, expect, it } from "vitest";
import { readForm } from "./csrf.server";

const context = { csrfToken: "a".repeat(43), cspNonce: "n", ip: null, userAgent: null } as AppLoadContext;

function post(body: Record<string, string>) {
  return new Request("http://localhost/login", { method: "POST", body: new URLSearchParams(body) });
}

describe("readForm", () => {
  it("returns the form when the token matches the cookie's", async () => {
    const form = await readForm(post({ csrf: "a".repeat(43), login: "demo" }), context);
    expect(form.get("login")).toBe("demo");
  });

  it.each<Record<string, string>>([{}, { csrf: "" }, { csrf: "b".repeat(43) }])("answers 403 for a missing or wrong token (%o)", async (body) => {
    await expect(readForm(post(body), context)).rejects.toMatchObject({ status: 403 });
  });
});
