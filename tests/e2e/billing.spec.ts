import { readFile } from "node:fs/promises";
import { expect, test, type Page } from "@playwright/test";
import Stripe from "stripe";
import { newUser, signUp } from "./helpers";

/** The e2e Stripe emulator, reached as the app reaches it (playwright.config.ts sets the variables). */
function stripeAdmin(): Stripe {
  const base = new URL(process.env.STRIPE_API_BASE ?? "http://127.0.0.1:3102");
  return new Stripe(process.env.STRIPE_SECRET_KEY ?? "sk_test_kiana_e2e", { host: base.hostname, port: Number(base.port), protocol: "http" });
}

async function payOnCheckout(page: Page, card: string) {
  await page.getByLabel("Card number", { exact: true }).fill(card);
  await page.getByLabel("Expiry", { exact: true }).fill("12 / 34");
  await page.getByLabel("CVC", { exact: true }).fill("123");
  await page.getByLabel("Name on card", { exact: true }).fill("Test Owner");
  await page.getByRole("button", { name: "Subscribe" }).click();
}

/** From a fresh trial workspace to an active Growth plan through Stripe Checkout, a declined card first. */
async function subscribeToGrowth(page: Page, slug: string) {
  await page.goto(`/w/${slug}`);
  await page.getByRole("link", { name: "Billing", exact: true }).click();
  await expect(page).toHaveURL(`/w/${slug}/settings/billing`);
  await expect(page.getByText("Free trial until")).toBeVisible();
  await page.getByRole("button", { name: "Subscribe to Growth monthly" }).click();
  await expect(page).toHaveURL(/\/c\/pay\/cs_test_/);

  await payOnCheckout(page, "4000 0000 0000 0002");
  await expect(page.getByText(/declined/i).first()).toBeVisible();
  await payOnCheckout(page, "4242 4242 4242 4242");

  await expect(page).toHaveURL(`/w/${slug}/settings/billing?checkout=success`);
  await expect(page.getByRole("status").filter({ hasText: "Thank you: your payment went through and the plan is active." })).toBeVisible();
  await expect(page.getByText("Growth plan is active")).toBeVisible();
  await expect(page.getByText(/^Trial: \d+ days? left/)).toHaveCount(0);
}

test("a trial workspace subscribes through Checkout, sees its plan active, downloads a receipt and a statement, and cancels in the portal", async ({ page }) => {
  const owner = newUser();
  const slug = await signUp(page, owner);
  await expect(page.getByText("Trial: 14 days left")).toBeVisible();

  await subscribeToGrowth(page, slug);
  await expect(page.getByText(/^Renews on/)).toBeVisible();

  // The invoice arrives with Stripe's webhooks, applied by the worker.
  await expect(async () => {
    await page.reload();
    await expect(page.getByRole("link", { name: "Download receipt" })).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 30_000 });
  await expect(page.getByRole("cell", { name: "USD 49.00" }).first()).toBeVisible();

  const receiptDownload = page.waitForEvent("download");
  await page.getByRole("link", { name: "Download receipt" }).click();
  const receipt = await receiptDownload;
  expect(receipt.suggestedFilename()).toMatch(/^receipt-.+\.pdf$/);
  expect((await readFile((await receipt.path())!)).subarray(0, 5).toString()).toBe("%PDF-");

  const statementDownload = page.waitForEvent("download");
  await page.getByRole("link", { name: /^Statement for .+ \(PDF\)$/ }).first().click();
  const statement = await statementDownload;
  expect(statement.suggestedFilename()).toMatch(new RegExp(`^statement-${slug}-\\d{4}-\\d{2}\\.pdf$`));
  expect((await readFile((await statement.path())!)).subarray(0, 5).toString()).toBe("%PDF-");

  // Managing the plan happens in Stripe's portal: cancelling there keeps the plan until the period ends.
  await page.getByRole("button", { name: "Manage subscription" }).click();
  await page.getByRole("button", { name: "Cancel plan" }).click();
  await page.getByRole("link", { name: /Return to/ }).click();
  await expect(page).toHaveURL(`/w/${slug}/settings/billing`);
  await expect(async () => {
    await page.reload();
    await expect(page.getByText(/^Ends on/)).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 30_000 });
  await expect(page.getByText("Growth plan is active")).toBeVisible();
});

test("a workspace whose subscription was canceled is sent to the billing page", async ({ page }) => {
  const owner = newUser();
  const slug = await signUp(page, owner);
  await subscribeToGrowth(page, slug);

  // Canceled at Stripe (as from the dashboard); the webhook reaches the app and the worker applies it.
  const stripe = stripeAdmin();
  const [customer] = (await stripe.customers.list({ email: owner.email, limit: 1 })).data;
  const [subscription] = (await stripe.subscriptions.list({ customer: customer!.id, limit: 1 })).data;
  await stripe.subscriptions.cancel(subscription!.id);

  await expect(async () => {
    await page.goto(`/w/${slug}`);
    await expect(page).toHaveURL(`/w/${slug}/settings/billing`, { timeout: 1_000 });
  }).toPass({ timeout: 30_000 });
  await expect(page.getByRole("alert").filter({ hasText: "The Growth plan was canceled. Choose a plan to keep using the workspace." })).toBeVisible();
  await expect(page.getByRole("button", { name: "Subscribe to Growth monthly" })).toBeVisible();
  await page.goto(`/w/${slug}/settings/team`);
  await expect(page).toHaveURL(`/w/${slug}/settings/team`);
});
