import { readFile } from "node:fs/promises";
import { expect, test } from "@playwright/test";
import { metaAdmin, provisionMetaAccount } from "../helpers/meta-emulator";
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

const weeklyOffer = {
  name: "weekly_offer",
  language: "en_US",
  category: "MARKETING",
  components: [{ type: "BODY", text: "Hi {{1}}, this week's offer is in store.", example: { body_text: [["Ana"]] } }],
};

test("an owner pauses a slow campaign and resumes it, then opens its failures and exports them", async ({ page }) => {
  test.setTimeout(120_000);
  // Given a number limited to one message a second, an approved template and eight imported contacts
  await signUp(page, newUser());
  const account = await provisionMetaAccount([weeklyOffer]);
  await connectWhatsAppInSettings(page, account);
  await page.getByLabel(`Messages per second for ${account.phoneNumbers[0]?.displayPhoneNumber}`, { exact: true }).fill("1");
  await page.getByRole("button", { name: "Save rate" }).first().click();
  await expect(page.getByRole("status").filter({ hasText: "Sending rate saved." })).toBeVisible();
  await page.getByRole("link", { name: "Templates", exact: true }).click();
  await page.getByRole("button", { name: "Sync from Meta" }).click();
  await expect(page.getByRole("status").filter({ hasText: /Synced 1 template/ })).toBeVisible();
  const csv = ["name,phone", ...Array.from({ length: 8 }, (_, index) => `Customer ${index + 1},+1415555062${index}`)].join("\n");
  await page.getByRole("link", { name: "Contacts", exact: true }).click();
  await page.getByRole("link", { name: "Import a CSV" }).click();
  await page.getByLabel("CSV file").setInputFiles({ name: "customers.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
  await page.getByRole("button", { name: "Upload and preview" }).click();
  await page.getByRole("button", { name: "Start the import" }).click();
  await expect(page.getByRole("heading", { name: "Import finished" })).toBeVisible({ timeout: 20_000 });

  // When the owner launches a campaign to all of them and pauses it at once
  await page.getByRole("link", { name: "Campaigns", exact: true }).click();
  await page.getByRole("link", { name: "New campaign" }).first().click();
  await page.getByLabel("Template", { exact: true }).selectOption({ label: "weekly_offer (English (US), marketing)" });
  await page.getByRole("button", { name: "Use this template" }).click();
  await page.getByLabel("Campaign name", { exact: true }).fill("Weekly offer");
  await page.getByRole("button", { name: "Save draft" }).click();
  await expect(page.getByText("Launching sends to 8 contacts")).toBeVisible();
  await page.getByRole("button", { name: "Launch now" }).click();
  await page.getByRole("button", { name: "Pause" }).click();

  // Then it stops part-way and stays stopped
  await expect(page.getByRole("button", { name: "Resume" })).toBeVisible();
  const handled = async () => Number((await page.getByText(/\d+ of 8 handled/).innerText()).split(" ")[0]);
  await page.waitForTimeout(3_000);
  await page.reload();
  const whilePaused = await handled();
  expect(whilePaused).toBeLessThan(8);
  await page.waitForTimeout(2_000);
  await page.reload();
  expect(await handled()).toBe(whilePaused);

  // And once resumed, the rest go out; Meta now refuses every one of them as undeliverable
  await metaAdmin("PATCH", "config", { failureRates: { "131026": 1 } });
  try {
    await page.getByRole("button", { name: "Resume" }).click();
    await expect(page.getByText("Completed", { exact: true })).toBeVisible({ timeout: 30_000 });
    await expect(page.locator(".funnel-failed dd")).toHaveText(String(8 - whilePaused), { timeout: 15_000 });
  } finally {
    await metaAdmin("PATCH", "config", { failureRates: {} });
  }

  // And the failures say why and what to do, list who, and go into the report
  const reasons = page.getByRole("table").filter({ has: page.getByRole("columnheader", { name: "What to do" }) });
  await expect(reasons.getByRole("row").filter({ hasText: "131026" })).toContainText(String(8 - whilePaused));
  await page.getByLabel("Status", { exact: true }).selectOption("failed");
  await page.getByRole("button", { name: "Show" }).click();
  await expect(page.getByRole("row").filter({ hasText: "Customer" })).toHaveCount(8 - whilePaused);
  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "Download report (CSV)" }).click();
  const report = await readFile((await (await download).path()) ?? "", "utf8");
  expect(report.split("\n").filter((line) => line.includes(",Failed,"))).toHaveLength(8 - whilePaused);
});
