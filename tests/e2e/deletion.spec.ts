// The data deletion workflow as people meet it: the requester reads the privacy policy, asks for
// deletion, confirms by email and follows the status page; staff approve; the account is gone.
import { execFileSync } from "node:child_process";
import { expect, test } from "@playwright/test";
import { linkFromMailbox, logIn, logOut, newUser, signUp, verifyEmail } from "./helpers";

/** Staff rights come only from the operator's script, never from the product's own pages. */
function makeStaff(email: string) {
  execFileSync("npx", ["tsx", "scripts/staff.ts", email], { env: process.env, stdio: "pipe" });
}

test("a deletion request is confirmed by email, approved by staff and executed", async ({ page, browser }) => {
  // Given a business owner with a workspace, and a staff member
  const owner = newUser("owner");
  const slug = await signUp(page, owner);
  await logOut(page);
  const staffContext = await browser.newContext();
  const staffPage = await staffContext.newPage();
  const staff = newUser("staff");
  await signUp(staffPage, staff);
  makeStaff(staff.email);

  // When the owner reads the privacy policy and follows it to the deletion request form
  await page.goto("/privacy");
  await expect(page.getByRole("heading", { name: "Privacy Policy", level: 1 })).toBeVisible();
  await page.getByRole("contentinfo").getByRole("link", { name: "Data deletion" }).click();
  await page.getByRole("link", { name: /request form|request deletion online/i }).first().click();
  await expect(page).toHaveURL(/\/data-deletion\/request$/);
  await page.getByLabel("Email of the account").fill(owner.email);
  await page.getByLabel("Admin username").fill(owner.username);
  await page.getByLabel("Panel URL or workspace address").fill(`http://localhost/w/${slug}`);
  await page.getByLabel("Business or workspace name").fill(owner.workspaceName);
  await page.getByRole("button", { name: "Send the request" }).click();
  await expect(page.getByRole("heading", { name: "Check your email" })).toBeVisible();

  // and confirms it from the emailed link
  const confirm = await linkFromMailbox(page, owner.email, "Confirm your data deletion request", "/data-deletion/verify/");
  await page.goto(confirm);
  await expect(page).toHaveURL(/\/data-deletion\/status\/[A-Z2-7]{20}\?confirmed=1$/);
  await expect(page.getByText("Confirmed, waiting for review", { exact: true })).toBeVisible();
  const statusUrl = new URL(page.url()).pathname;

  // Then staff find it in the console, see the matching workspace and approve it
  await staffPage.goto("/staff/deletion-requests");
  await staffPage.getByRole("link", { name: `Review the request of ${owner.email}` }).click();
  await staffPage.getByLabel(new RegExp(`${owner.workspaceName}.*matches .*admin username`)).check();
  await staffPage.getByLabel("Reason or note for the requester").fill("Verified by email");
  await staffPage.getByRole("button", { name: "Approve and delete" }).click();

  // and the requester sees it complete, and can no longer log in
  await expect(async () => {
    await page.goto(statusUrl);
    await expect(page.getByText("Completed: the data was deleted").first()).toBeVisible({ timeout: 250 });
  }).toPass({ timeout: 20_000, intervals: [500, 1000] });
  await logIn(page, owner.email, owner.password);
  await expect(page.getByText("That email or username and password do not match an account")).toBeVisible();
  await staffContext.close();
});

test("bad input on the request form keeps what was typed and says what is wrong", async ({ page }) => {
  await page.goto("/data-deletion/request");
  await page.getByLabel("Email of the account").fill("not-an-email");
  await page.getByLabel("Business or workspace name").fill("Kept Business Name");
  await page.getByRole("button", { name: "Send the request" }).click();
  await expect(page.getByText("Enter a valid email address")).toBeVisible();
  await expect(page.getByText("Enter the admin username of the account")).toBeVisible();
  await expect(page.getByLabel("Business or workspace name")).toHaveValue("Kept Business Name");
  await page.goto("/data-deletion/status/NOTAREALCODE");
  await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
});

test("an owner downloads an export and requests deletion from settings with their password", async ({ page }) => {
  const owner = newUser("exporter");
  const slug = await signUp(page, owner);
  await verifyEmail(page, owner);
  await page.goto(`/w/${slug}`);
  await page.getByRole("link", { name: "Data and deletion" }).click();
  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "Download the export" }).click();
  expect((await download).suggestedFilename()).toMatch(new RegExp(`^${slug}-export-\\d{4}-\\d{2}-\\d{2}\\.zip$`));
  await page.getByLabel("Type the workspace name to confirm").fill(owner.workspaceName);
  await page.getByLabel("Your password").fill("not-my-password");
  await page.getByRole("button", { name: "Request deletion of this workspace" }).click();
  await expect(page.getByText("That password is not correct")).toBeVisible();
  await page.getByLabel("Your password").fill(owner.password);
  await page.getByRole("button", { name: "Request deletion of this workspace" }).click();
  await expect(page).toHaveURL(/\/data-deletion\/status\/[A-Z2-7]{20}$/);
  await expect(page.getByText("Confirmed, waiting for review", { exact: true })).toBeVisible();
});
