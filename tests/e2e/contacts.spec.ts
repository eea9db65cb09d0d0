import { readFile } from "node:fs/promises";
import { expect, test } from "@playwright/test";
import { newUser, signUp } from "./helpers";

const csv = [
  "Phone;Name;Order ID;Shoe size",
  "+44 7911 123456;Ada Lovelace;A-1;38",
  "12345;Too Short;A-2;40",
  ";;;",
  "+1 212 736 5000;Grace Hopper;A-3;39",
  "not a phone;Nobody;A-4;41",
  "+44 7400 123456;\"Turing; Alan\";A-5;44",
].join("\r\n");

test("an owner imports a CSV with some bad rows, sees the summary and downloads the failures", async ({ page }) => {
  // Given a new workspace with no contacts
  const slug = await signUp(page, newUser());
  await page.getByRole("link", { name: "Contacts", exact: true }).click();
  await expect(page).toHaveURL(`/w/${slug}/contacts`);
  await expect(page.getByText("No contacts yet.")).toBeVisible();

  // When they upload a semicolon CSV and map its columns
  await page.getByRole("link", { name: "Import a CSV" }).click();
  await page.getByLabel("CSV file").setInputFiles({ name: "fair.csv", mimeType: "text/csv", buffer: Buffer.from(`\uFEFF${csv}`) });
  await page.getByRole("button", { name: "Upload and preview" }).click();
  await expect(page.getByRole("heading", { name: "Import fair.csv" })).toBeVisible();
  await expect(page.getByRole("cell", { name: "Ada Lovelace" })).toBeVisible();
  await expect(page.getByText("Not recognised: Order ID, Shoe size.")).toBeVisible();
  await expect(page.getByLabel("Column 1: Phone")).toHaveValue("phone");
  await page.getByLabel("Column 3: Order ID").selectOption("attribute");
  await expect(page.getByLabel("Attribute name for Order ID")).toHaveValue("order_id");
  await page.getByLabel("Tag every imported contact with").fill("Fair 2026");
  await page.getByRole("button", { name: "Start the import" }).click();

  // Then the background job finishes and the summary counts every row
  await expect(page.getByRole("heading", { name: "Import finished" })).toBeVisible({ timeout: 20_000 });
  const facts = page.locator("dl.facts");
  await expect(facts).toContainText("Created3");
  await expect(facts).toContainText("Failed2");
  await expect(facts).toContainText("(and 1 empty row)");

  // And the failed rows download as a CSV that says why each failed
  const downloading = page.waitForEvent("download");
  await page.getByRole("link", { name: "Download the failed rows (CSV)" }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe("fair-failed-rows.csv");
  const failures = (await readFile(await download.path(), "utf8")).replace(/^\uFEFF/, "");
  expect(failures.split("\r\n").filter(Boolean)).toEqual([
    "row,Phone,Name,Order ID,Shoe size,reason",
    '3,12345,Too Short,A-2,40,"""12345"" needs its country code (like +44 7911 123456): the workspace has no default country"',
    '6,not a phone,Nobody,A-4,41,"""not a phone"" needs its country code (like +44 7911 123456): the workspace has no default country"',
  ]);

  // And the imported contacts are listed, tagged, and found by search
  await page.getByRole("link", { name: "See your contacts" }).click();
  await expect(page.getByRole("link", { name: "Turing; Alan" })).toBeVisible();
  await page.getByLabel("Search").fill("grace");
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page.getByRole("link", { name: "Grace Hopper" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Ada Lovelace" })).toHaveCount(0);
  await page.getByRole("link", { name: "Grace Hopper" }).click();
  await expect(page.getByLabel("Tags")).toHaveValue("fair 2026");
  await expect(page.getByLabel("Attributes")).toHaveValue("order_id = A-3");
});

test("a file that is not a CSV is refused with a clear message", async ({ page }) => {
  const slug = await signUp(page, newUser());
  await page.goto(`/w/${slug}/contacts/import`);
  await page.getByLabel("CSV file").setInputFiles({ name: "contacts.xlsx", mimeType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", buffer: Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0, 0, 0]) });
  await page.getByRole("button", { name: "Upload and preview" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "This is an Excel or other zipped file, not a CSV." })).toBeVisible();
  await expect(page.getByText("No imports yet.")).toBeVisible();
});

test("a contact is added by hand, a duplicate number is refused next to the field, and a tag is applied to a search", async ({ page }) => {
  // Given a workspace with one contact added through the form
  const slug = await signUp(page, newUser());
  await page.goto(`/w/${slug}/contacts`);
  await page.getByRole("link", { name: "Add a contact" }).click();
  await page.getByLabel("Name", { exact: true }).fill("Ada Lovelace");
  await page.getByLabel("Phone number", { exact: true }).fill("+44 7911 123456");
  await page.getByLabel("Tags", { exact: true }).fill("VIP");
  await page.getByRole("button", { name: "Add contact" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Contact added." })).toBeVisible();

  // When a second contact reuses the number, the error sits next to the field and nothing typed is lost
  await page.goto(`/w/${slug}/contacts/new`);
  await page.getByLabel("Name", { exact: true }).fill("Ada Again");
  await page.getByLabel("Phone number", { exact: true }).fill("+447911123456");
  await page.getByLabel("Attributes", { exact: true }).fill("city = London");
  await page.getByRole("button", { name: "Add contact" }).click();
  await expect(page.getByLabel("Phone number", { exact: true })).toHaveAccessibleDescription(/Another contact already has this phone number/);
  await expect(page.getByLabel("Name", { exact: true })).toHaveValue("Ada Again");
  await expect(page.getByLabel("Attributes", { exact: true })).toHaveValue("city = London");
  await page.getByLabel("Phone number", { exact: true }).fill("+1 212 736 5000");
  await page.getByRole("button", { name: "Add contact" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Contact added." })).toBeVisible();

  // Then every contact matching a search can be tagged at once
  await page.goto(`/w/${slug}/contacts?q=ada`);
  await page.getByLabel("Action", { exact: true }).selectOption("add-tag");
  await page.getByLabel("Tag to add or remove", { exact: true }).fill("newsletter");
  await page.getByLabel("Apply to", { exact: true }).selectOption("filter");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Tagged 2 contacts." })).toBeVisible();
  await page.goto(`/w/${slug}/contacts?tag=newsletter`);
  await expect(page.getByRole("link", { name: "Ada Lovelace" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Ada Again" })).toBeVisible();
});
