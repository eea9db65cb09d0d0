// Shared steps for the end-to-end suite: unique test people, signup, login and reading links out
// of the dev mailbox. Every helper drives the UI the way a person would, by visible labels.
import { expect, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { metaAdmin } from "../helpers/meta-emulator";

export const password = "Correct-Horse-9-battery";

export interface TestUser {
  name: string;
  email: string;
  username: string;
  password: string;
  workspaceName: string;
}

/** A short id, unique across tests and runs, safe in emails, usernames and slugs. */
export function uniqueId(): string {
  return `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
}

export function newUser(label = "owner"): TestUser {
  const id = uniqueId();
  return {
    name: `${label} ${id}`,
    email: `${label}-${id}@example.test`,
    username: `${label.slice(0, 8)}.${id}`,
    password,
    workspaceName: `Shop ${id}`,
  };
}

/** The slug of the workspace page the browser is on. */
export function workspaceSlug(page: Page): string {
  const slug = new URL(page.url()).pathname.match(/^\/w\/([^/]+)/)?.[1];
  if (!slug) throw new Error(`Not on a workspace page: ${page.url()}`);
  return slug;
}

/** Signs up through /signup and returns the new workspace's slug. */
export async function signUp(page: Page, user: TestUser): Promise<string> {
  await page.goto("/signup");
  await page.getByLabel("Your name", { exact: true }).fill(user.name);
  await page.getByLabel("Email", { exact: true }).fill(user.email);
  await page.getByLabel("Admin username", { exact: true }).fill(user.username);
  await page.getByLabel("Business or workspace name", { exact: true }).fill(user.workspaceName);
  await page.getByLabel("Password", { exact: true }).fill(user.password);
  await page.getByLabel("I am at least 18 and accept the terms and the privacy policy").check();
  await page.getByRole("button", { name: "Create workspace" }).click();
  await expect(page).toHaveURL(/\/w\/[^/]+$/);
  return workspaceSlug(page);
}

/** Submits the login form; the caller asserts where it lands. */
export async function logIn(page: Page, login: string, secret: string): Promise<void> {
  await page.goto("/login");
  await page.getByLabel("Email or admin username", { exact: true }).fill(login);
  await page.getByLabel("Password", { exact: true }).fill(secret);
  await page.getByRole("button", { name: "Log in" }).click();
}

export async function logOut(page: Page): Promise<void> {
  await page.getByRole("button", { name: "Log out" }).click();
  await expect(page).toHaveURL(/\/login$/);
}

/**
 * Waits for an email to `to` whose subject matches, and returns the path of the link in it that
 * starts with `pathPrefix`. The background worker sends emails, so the mailbox is reloaded until
 * the email arrives.
 */
export async function linkFromMailbox(page: Page, to: string, subject: string | RegExp, pathPrefix: string): Promise<string> {
  const email = page.getByRole("article").filter({ has: page.getByRole("heading", { name: subject }) }).first();
  await expect(async () => {
    await page.goto(`/dev/mailbox?to=${encodeURIComponent(to)}`);
    await expect(email).toBeVisible({ timeout: 250 });
  }).toPass({ timeout: 15_000, intervals: [250, 500, 1000] });
  const body = await email.locator("pre").innerText();
  const url = body.match(new RegExp(`https?://\\S+${pathPrefix}[A-Za-z0-9_-]+`))?.[0];
  if (!url) throw new Error(`No ${pathPrefix} link in the email to ${to}:\n${body}`);
  return new URL(url).pathname;
}

/** Confirms the user's email through the link in the verification email. */
export async function verifyEmail(page: Page, user: TestUser): Promise<void> {
  const link = await linkFromMailbox(page, user.email, "Confirm your email for Kiana WhatsApp Panel", "/verify-email/");
  await page.goto(link);
  await expect(page.getByRole("heading", { name: "Email confirmed" })).toBeVisible();
}

/**
 * Connects the open workspace to an emulated WhatsApp Business Account in Settings › WhatsApp, as an
 * owner would, and points the account's webhooks at the workspace as Meta's dashboard would.
 */
export async function connectWhatsAppInSettings(page: Page, account: { wabaId: string; accessToken: string; appSecret: string; phoneNumbers: { id: string }[] }): Promise<void> {
  await page.getByRole("link", { name: "WhatsApp", exact: true }).click();
  await page.getByLabel("WhatsApp Business Account id", { exact: true }).fill(account.wabaId);
  await page.getByLabel("Phone number ids", { exact: true }).fill(account.phoneNumbers.map((number) => number.id).join(", "));
  await page.getByLabel("Access token", { exact: true }).fill(account.accessToken);
  await page.getByLabel("App secret", { exact: true }).fill(account.appSecret);
  await page.getByRole("button", { name: "Connect and check with Meta" }).click();
  await expect(page.getByRole("status").filter({ hasText: /Connected \d+ number\(s\)\./ })).toBeVisible();
  const callbackUrl = await page.locator("dt:has-text('Callback URL') + dd").innerText();
  const verifyToken = await page.locator("dt:has-text('Verify token') + dd").innerText();
  await metaAdmin("POST", `accounts/${account.wabaId}/webhook`, { callbackUrl, verifyToken });
}

/**
 * Invites a teammate from the owner's open workspace (Settings › Team) and has them accept in a
 * browser context of their own; returns their page, signed in and on the workspace.
 */
export async function inviteTeammate(ownerPage: Page, owner: TestUser, browser: Browser, role: "admin" | "agent"): Promise<{ user: TestUser; page: Page; context: BrowserContext }> {
  const teammate = newUser(role);
  await ownerPage.getByRole("link", { name: "Team", exact: true }).click();
  await ownerPage.getByLabel("Teammate's email", { exact: true }).fill(teammate.email);
  await ownerPage.getByLabel("Role", { exact: true }).selectOption(role);
  await ownerPage.getByRole("button", { name: "Send invitation" }).click();
  await expect(ownerPage.getByRole("status").filter({ hasText: `Invitation sent to ${teammate.email}.` })).toBeVisible();
  const context = await browser.newContext();
  const page = await context.newPage();
  const link = await linkFromMailbox(page, teammate.email, `${owner.name} invited you to ${owner.workspaceName} on Kiana WhatsApp Panel`, "/invitations/");
  await page.goto(link);
  await page.getByLabel("Your name", { exact: true }).fill(teammate.name);
  await page.getByLabel("Admin username", { exact: true }).fill(teammate.username);
  await page.getByLabel("Password", { exact: true }).fill(teammate.password);
  await page.getByLabel("I am at least 18 and accept the terms and the privacy policy").check();
  await page.getByRole("button", { name: "Create account and join" }).click();
  await expect(page).toHaveURL(/\/workspaces\?joined=1$/);
  await page.getByRole("link", { name: owner.workspaceName }).click();
  return { user: teammate, page, context };
}
