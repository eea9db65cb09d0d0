import { expect, test } from "@playwright/test";
import { logIn, newUser, signUp } from "./helpers";

test("revoking a session from another device logs that device out", async ({ page, browser }) => {
  // Given a user signed in on two devices
  const user = newUser();
  const slug = await signUp(page, user);
  const other = await browser.newContext();
  try {
    const otherPage = await other.newPage();
    await logIn(otherPage, user.email, user.password);
    await expect(otherPage).toHaveURL(/\/workspaces$/);
    await otherPage.goto(`/w/${slug}`);
    await expect(otherPage.getByRole("heading", { level: 1, name: user.workspaceName })).toBeVisible();

    // When the first device revokes the other session
    await page.getByRole("link", { name: "Sessions" }).click();
    await expect(page).toHaveURL(/\/account\/sessions$/);
    // Both rows are "Revoke session on …"; the other device's button reads "Revoke", this one "Log out here".
    const revokeOther = page.getByRole("button", { name: /^Revoke session on / }).filter({ hasText: /^Revoke$/ });
    await expect(revokeOther).toHaveCount(1);
    await revokeOther.click();
    await expect(page.getByRole("status").filter({ hasText: "Session revoked: that device is logged out." })).toBeVisible();
    await expect(page.getByRole("button", { name: /^Revoke session on / })).toHaveCount(1);

    // Then the other device is sent to the login page on its next request
    await otherPage.reload();
    await expect(otherPage).toHaveURL(/\/login\?redirectTo=/);
    await expect(otherPage.getByRole("button", { name: "Log in" })).toBeVisible();
  } finally {
    await other.close();
  }
});

test("a user cannot open another tenant's workspace", async ({ page, browser }) => {
  // Given two users, each with their own workspace
  const alice = newUser("alice");
  const aliceSlug = await signUp(page, alice);
  const bob = newUser("bob");
  const bobContext = await browser.newContext();
  try {
    const bobPage = await bobContext.newPage();
    await signUp(bobPage, bob);

    // When Bob opens Alice's workspace URL
    const response = await bobPage.goto(`/w/${aliceSlug}`);

    // Then he gets a 404 that reveals nothing of Alice's workspace
    expect(response?.status()).toBe(404);
    await expect(bobPage.getByRole("heading", { name: "Page not found" })).toBeVisible();
    await expect(bobPage.getByText(alice.workspaceName)).toHaveCount(0);
    expect(await bobPage.content()).not.toContain(alice.workspaceName);

    // And the same goes for its team page
    const team = await bobPage.goto(`/w/${aliceSlug}/settings/team`);
    expect(team?.status()).toBe(404);
    expect(await bobPage.content()).not.toContain(alice.email);
  } finally {
    await bobContext.close();
  }
});

test("a form post without the CSRF token is refused", async ({ page, context }) => {
  // Given a visitor who has the login page (and so a CSRF cookie)
  const user = newUser();
  await page.goto("/login");
  const csrf = (await context.cookies()).find((cookie) => cookie.name === "kiana_csrf")?.value;
  expect(csrf).toBeTruthy();

  // When a login is posted without the token, or with a forged one, then it is refused
  const withoutToken = await page.request.post("/login", { form: { login: user.email, password: user.password } });
  expect(withoutToken.status()).toBe(403);
  const forged = await page.request.post("/login", { form: { login: user.email, password: user.password, csrf: "x".repeat(43) } });
  expect(forged.status()).toBe(403);

  // But the same post with the token reaches the login check (unknown account: 400)
  const genuine = await page.request.post("/login", { form: { login: user.email, password: user.password, csrf: csrf ?? "" } });
  expect(genuine.status()).toBe(400);
});
