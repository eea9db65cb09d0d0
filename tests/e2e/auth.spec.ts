import { expect, test } from "@playwright/test";
import { linkFromMailbox, logIn, logOut, newUser, signUp, verifyEmail } from "./helpers";

const wrongCredentials = "That email or username and password do not match an account";

test("signing up opens the new workspace and the emailed link confirms the address", async ({ page }) => {
  // Given a new visitor
  const user = newUser();

  // When they sign up
  const slug = await signUp(page, user);

  // Then they are in their workspace and asked to confirm their email
  await expect(page.getByRole("heading", { level: 1, name: user.workspaceName })).toBeVisible();
  await expect(page.getByRole("status").filter({ hasText: `Confirm your email address: we sent a link to ${user.email}` })).toBeVisible();

  // When they open the link from the verification email
  await verifyEmail(page, user);

  // Then the banner is gone from the workspace
  await page.goto(`/w/${slug}`);
  await expect(page.getByRole("heading", { level: 1, name: user.workspaceName })).toBeVisible();
  await expect(page.getByText("Confirm your email address")).toHaveCount(0);
});

test("a user logs out and back in with their email or admin username, but not a wrong password", async ({ page }) => {
  // Given a signed-up user who logs out
  const user = newUser();
  await signUp(page, user);
  await logOut(page);

  // When they log in with a wrong password, then they are refused
  await logIn(page, user.email, "Wrong-Horse-9-battery");
  await expect(page.getByRole("alert")).toHaveText(wrongCredentials);
  await expect(page).toHaveURL(/\/login$/);

  // When they log in with their email, then they see their workspaces
  await logIn(page, user.email, user.password);
  await expect(page).toHaveURL(/\/workspaces$/);
  await expect(page.getByRole("link", { name: user.workspaceName })).toBeVisible();

  // When they log out and log in with their admin username, then they are in again
  await logOut(page);
  await logIn(page, user.username, user.password);
  await expect(page).toHaveURL(/\/workspaces$/);
  await expect(page.getByRole("link", { name: user.workspaceName })).toBeVisible();
});

test("a forgotten password is reset through the emailed link, which then stops working", async ({ page }) => {
  // Given a signed-out user
  const user = newUser();
  await signUp(page, user);
  await logOut(page);

  // When they ask for a reset link from the login page
  await page.getByRole("link", { name: "Forgot your password?" }).click();
  await expect(page).toHaveURL(/\/forgot-password$/);
  await page.getByLabel("Email", { exact: true }).fill(user.email);
  await page.getByRole("button", { name: "Send the reset link" }).click();
  await expect(page.getByRole("status")).toContainText("we sent it a link to choose a new password");

  // And choose a new password through the emailed link
  const link = await linkFromMailbox(page, user.email, "Reset your Kiana WhatsApp Panel password", "/reset-password/");
  const newPassword = "Staple-Battery-7-horse";
  await page.goto(link);
  await page.getByLabel("New password", { exact: true }).fill(newPassword);
  await page.getByLabel("Repeat the new password", { exact: true }).fill(newPassword);
  await page.getByRole("button", { name: "Save the new password" }).click();

  // Then they are signed in
  await expect(page).toHaveURL(/\/workspaces$/);
  await expect(page.getByRole("heading", { name: "Your workspaces" })).toBeVisible();

  // And only the new password works from now on
  await logOut(page);
  await logIn(page, user.email, user.password);
  await expect(page.getByRole("alert")).toHaveText(wrongCredentials);
  await logIn(page, user.email, newPassword);
  await expect(page).toHaveURL(/\/workspaces$/);

  // And the reset link cannot be used twice
  await page.goto(link);
  await expect(page.getByRole("heading", { name: "This link no longer works" })).toBeVisible();
  await expect(page.getByLabel("New password", { exact: true })).toHaveCount(0);
});
