import { expect, test } from "@playwright/test";
import { linkFromMailbox, newUser, signUp, uniqueId, verifyEmail, workspaceSlug } from "./helpers";

test("an owner invites a teammate who creates an account and joins the workspace", async ({ page, browser }) => {
  // Given a verified owner on the team page
  const owner = newUser();
  const slug = await signUp(page, owner);
  await verifyEmail(page, owner);
  await page.goto(`/w/${slug}`);
  await page.getByRole("link", { name: "Team", exact: true }).click();
  await expect(page).toHaveURL(`/w/${slug}/settings/team`);

  // When they invite a teammate as an agent
  const teammate = newUser("agent");
  await page.getByLabel("Teammate's email", { exact: true }).fill(teammate.email);
  await page.getByLabel("Role", { exact: true }).selectOption("agent");
  await page.getByRole("button", { name: "Send invitation" }).click();
  await expect(page.getByRole("status").filter({ hasText: `Invitation sent to ${teammate.email}.` })).toBeVisible();

  // And the teammate accepts the emailed invitation in their own browser
  const invitee = await browser.newContext();
  try {
    const inviteePage = await invitee.newPage();
    const link = await linkFromMailbox(inviteePage, teammate.email, `${owner.name} invited you to ${owner.workspaceName} on Kiana WhatsApp Panel`, "/invitations/");
    await inviteePage.goto(link);
    await expect(inviteePage.getByRole("heading", { name: `Join ${owner.workspaceName}` })).toBeVisible();
    await inviteePage.getByLabel("Your name", { exact: true }).fill(teammate.name);
    await inviteePage.getByLabel("Admin username", { exact: true }).fill(teammate.username);
    await inviteePage.getByLabel("Password", { exact: true }).fill(teammate.password);
    await inviteePage.getByLabel("I am at least 18 and accept the terms and the privacy policy").check();
    await inviteePage.getByRole("button", { name: "Create account and join" }).click();

    // Then the teammate sees the workspace in their list and can open it
    await expect(inviteePage).toHaveURL(/\/workspaces\?joined=1$/);
    await expect(inviteePage.getByRole("status").filter({ hasText: "You joined the workspace." })).toBeVisible();
    await inviteePage.getByRole("link", { name: owner.workspaceName }).click();
    await expect(inviteePage).toHaveURL(`/w/${slug}`);
    await expect(inviteePage.getByRole("heading", { level: 1, name: owner.workspaceName })).toBeVisible();
    await expect(inviteePage.getByText("You are an agent in this workspace.")).toBeVisible();
  } finally {
    await invitee.close();
  }

  // And the owner sees the new member in the team table
  await page.reload();
  const row = page.getByRole("row").filter({ hasText: teammate.email });
  await expect(row).toContainText(teammate.name);
  await expect(row).toContainText(`@${teammate.username}`);
  await expect(row.getByRole("cell", { name: "agent", exact: true })).toBeVisible();
});

test("a member of two workspaces switches between them from the sidebar", async ({ page }) => {
  // Given a user with a second workspace
  const user = newUser();
  const firstSlug = await signUp(page, user);
  const secondName = `Second ${uniqueId()}`;
  await page.getByRole("link", { name: "All workspaces" }).click();
  await page.getByLabel("Workspace name", { exact: true }).fill(secondName);
  await page.getByRole("button", { name: "Create workspace" }).click();
  await expect(page.getByRole("heading", { level: 1, name: secondName })).toBeVisible();
  const secondSlug = workspaceSlug(page);
  expect(secondSlug).not.toBe(firstSlug);

  // When they pick the first workspace in the switcher
  await page.getByRole("combobox", { name: "Workspace", exact: true }).selectOption({ label: user.workspaceName });

  // Then the first workspace opens
  await expect(page).toHaveURL(`/w/${firstSlug}`);
  await expect(page.getByRole("heading", { level: 1, name: user.workspaceName })).toBeVisible();

  // And switching back opens the second one
  await page.getByRole("combobox", { name: "Workspace", exact: true }).selectOption({ label: secondName });
  await expect(page).toHaveURL(`/w/${secondSlug}`);
  await expect(page.getByRole("heading", { level: 1, name: secondName })).toBeVisible();
});
