import { readFile } from "node:fs/promises";
import { expect, test } from "@playwright/test";
import { provisionMetaAccount } from "../helpers/meta-emulator";
import { connectWhatsAppInSettings, newUser, signUp } from "./helpers";

const shippingNotice = {
  name: "shipping_notice",
  language: "en_US",
  category: "UTILITY",
  components: [{ type: "BODY", text: "Hi {{1}}, order {{2}} is on its way.", example: { body_text: [["Ana", "#1042"]] } }],
};

test("an owner sends a campaign with per-contact variables, follows it to read, sees the skipped contact and downloads the report", async ({ page }) => {
  test.setTimeout(120_000);
  // Given a workspace connected to WhatsApp with one approved template and three contacts
  await signUp(page, newUser());
  const account = await provisionMetaAccount([shippingNotice]);
  await connectWhatsAppInSettings(page, account);
  await page.getByRole("link", { name: "Templates", exact: true }).click();
  await page.getByRole("button", { name: "Sync from Meta" }).click();
  await expect(page.getByRole("status").filter({ hasText: /Synced 1 template/ })).toBeVisible();
  for (const [name, phone, attributes] of [
    ["Ana Silva", "+14155550301", "order = #301"],
    ["Ben Ali", "+14155550302", "order = #302"],
    ["Chen Wu", "+14155550303", ""],
  ] as const) {
    await page.getByRole("link", { name: "Contacts", exact: true }).click();
    await page.getByRole("link", { name: "Add a contact" }).first().click();
    await page.getByLabel("Name", { exact: true }).fill(name);
    await page.getByLabel("Phone number", { exact: true }).fill(phone);
    if (attributes) await page.getByLabel("Attributes", { exact: true }).fill(attributes);
    await page.getByRole("button", { name: "Add contact" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Contact added." })).toBeVisible();
  }

  // When the owner drafts a campaign: first names and each contact's order number
  await page.getByRole("link", { name: "Campaigns", exact: true }).click();
  await page.getByRole("link", { name: "New campaign" }).first().click();
  await page.getByLabel("Template", { exact: true }).selectOption({ label: "shipping_notice (English (US), utility)" });
  await page.getByRole("button", { name: "Use this template" }).click();
  await page.getByLabel("Campaign name", { exact: true }).fill("Shipping notices");
  await page.getByLabel("Body {{1}}: value from", { exact: true }).selectOption("first_name");
  await page.getByLabel("Body {{2}}: value from", { exact: true }).selectOption("attribute");
  await page.getByLabel("Body {{2}}: attribute name or text", { exact: true }).fill("order");
  await page.getByRole("button", { name: "Save draft" }).click();

  // Then the draft says who it will reach, and launching sends it
  await expect(page.getByRole("heading", { name: "Shipping notices" })).toBeVisible();
  await expect(page.getByText("Launching sends to 3 contacts")).toBeVisible();
  await page.getByRole("button", { name: "Launch now" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Launched: 2 message(s) queued. 1 contact(s) were skipped" })).toBeVisible();

  // And the progress follows Meta's statuses without a reload, to read
  await expect(page.getByText("Completed", { exact: true })).toBeVisible({ timeout: 30_000 });
  await expect(page.locator(".funnel-read dd")).toHaveText("2", { timeout: 30_000 });
  await expect(page.getByRole("row").filter({ hasText: "Chen Wu" })).toContainText("Skipped");
  await expect(page.getByRole("row").filter({ hasText: "Chen Wu" })).toContainText("Missing variable: Body {{2}}");
  const reasons = page.getByRole("table").filter({ has: page.getByRole("columnheader", { name: "What to do" }) });
  await expect(reasons.getByRole("row").filter({ hasText: "Missing variable: Body {{2}}" })).toContainText("1");

  // And the report lists every recipient with its status
  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "Download report (CSV)" }).click();
  const csv = await readFile((await (await download).path()) ?? "", "utf8");
  expect(csv).toContain("name,recipient,status,time,error_code,error");
  expect(csv).toContain("Ana Silva,+14155550301,Read");
  expect(csv).toMatch(/Chen Wu,\+14155550303,Skipped,,,Missing variable/);
});
