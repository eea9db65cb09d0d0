import { expect, test } from "@playwright/test";
import { metaAdmin, provisionMetaAccount } from "../helpers/meta-emulator";
import { connectWhatsAppInSettings, newUser, signUp, uniqueId } from "./helpers";

const orderShipped = {
  name: "order_shipped",
  language: "en_US",
  category: "UTILITY",
  components: [
    { type: "BODY", text: "Hello {{1}}, order {{2}} has shipped.", example: { body_text: [["Ana", "#1042"]] } },
    { type: "FOOTER", text: "Kiana Shop" },
  ],
};

test("an owner connects WhatsApp, syncs templates, creates one that Meta approves and previews it", async ({ page }) => {
  // The longest story of the suite: two Meta reviews and a dozen pages.
  test.setTimeout(120_000);
  // Given a new workspace and a WhatsApp Business Account at Meta with one approved template
  const slug = await signUp(page, newUser());
  const account = await provisionMetaAccount();
  await metaAdmin("POST", "accounts", { ...account, templates: [orderShipped] });

  // When the owner connects it in Settings › WhatsApp (pasting the webhook into Meta's dashboard) and tests the connection
  await connectWhatsAppInSettings(page, account);
  await expect(page).toHaveURL(`/w/${slug}/settings/whatsapp`);
  await page.getByRole("button", { name: "Test connection" }).click();
  await expect(page.getByText("Meta answered:")).toBeVisible();
  await expect(page.getByText("+1 555-010-0001 · Test Shop · quality GREEN")).toBeVisible();

  // Then the templates page syncs Meta's templates on demand and says when
  await page.getByRole("link", { name: "Templates", exact: true }).click();
  await expect(page).toHaveURL(`/w/${slug}/templates`);
  await page.getByRole("button", { name: "Sync from Meta" }).click();
  await expect(page.getByRole("status").filter({ hasText: /Synced 1 template from Meta/ })).toBeVisible();
  await expect(page.getByText(/Last synced from Meta: (?!never)/)).toBeVisible();
  const synced = page.getByRole("row").filter({ hasText: "order_shipped" });
  await expect(synced).toContainText("English (US)");
  await expect(synced).toContainText("Utility");
  await expect(synced).toContainText("Approved");

  // And the search finds it by words of its name
  await page.getByLabel("Search by name", { exact: true }).fill("order shipped");
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page).toHaveURL(/q=order\+shipped/);
  await expect(synced).toBeVisible();
  await page.getByLabel("Search by name", { exact: true }).fill("no such template");
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page).toHaveURL(/q=no\+such\+template/);
  await expect(page.getByText("No template matches these filters.")).toBeVisible();

  // When the owner creates a template whose sample values do not match its variables
  await page.getByRole("link", { name: "Clear" }).click();
  await expect(page).toHaveURL(`/w/${slug}/templates`);
  await page.getByRole("link", { name: "New template" }).click();
  await expect(page).toHaveURL(`/w/${slug}/templates/new`);
  const name = `delivery_update_${uniqueId()}`;
  await page.getByLabel("Name", { exact: true }).fill(name);
  await page.getByLabel("Language", { exact: true }).selectOption("en_US");
  await page.getByLabel("Category", { exact: true }).selectOption("UTILITY");
  await page.getByLabel("Header type", { exact: true }).selectOption("IMAGE");
  await page.getByLabel("Header sample image", { exact: true }).setInputFiles({ name: "parcel.png", mimeType: "image/png", buffer: Buffer.from("PNG sample of a parcel") });
  await page.getByLabel("Body", { exact: true }).fill("Hi {{1}}, your parcel {{2}} arrives today.");
  await page.getByLabel("Body sample values", { exact: true }).fill("Ana");
  await page.getByLabel("Footer (optional)", { exact: true }).fill("Kiana Shop");
  await page.getByLabel("Button 1 type", { exact: true }).selectOption("QUICK_REPLY");
  await page.getByLabel("Button 1 text", { exact: true }).fill("Thanks");
  const preview = page.getByRole("figure", { name: "Preview" });
  await expect(preview).toContainText("Hi Ana, your parcel {{2}} arrives today.");
  await page.getByRole("button", { name: "Submit to Meta for review" }).click();

  // Then the error shows next to the sample values, and nothing typed is lost
  await expect(page.getByText("The body has 2 variables ({{1}}, {{2}}) but 1 sample value")).toBeVisible();
  await expect(page.getByLabel("Name", { exact: true })).toHaveValue(name);
  await expect(page.getByLabel("Button 1 text", { exact: true })).toHaveValue("Thanks");
  // and the header's sample image, already uploaded to Meta, need not be chosen again
  await expect(page.getByText("parcel.png is uploaded to Meta; choose another file only to replace it.")).toBeVisible();

  // When the sample values are completed and the template submitted
  await page.getByLabel("Body sample values", { exact: true }).fill("Ana\nPX-77");
  await expect(preview).toContainText("Hi Ana, your parcel PX-77 arrives today.");
  await page.getByRole("button", { name: "Submit to Meta for review" }).click();

  // Then its page shows Meta's approval as soon as the webhook arrives, and previews it with its samples
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  await expect(page.getByRole("status").filter({ hasText: "Submitted to Meta for review." })).toBeVisible();
  await expect(page.getByTestId("template-status")).toHaveText("Approved", { timeout: 20_000 });
  const saved = page.getByRole("figure", { name: "Preview" });
  await expect(saved).toContainText("Hi Ana, your parcel PX-77 arrives today.");
  await expect(saved).toContainText("Kiana Shop");
  await expect(saved).toContainText("Thanks");
  await page.getByLabel("Body {{1}}", { exact: true }).fill("Sam");
  await page.getByRole("button", { name: "Update the preview" }).click();
  await expect(saved).toContainText("Hi Sam, your parcel PX-77 arrives today.");

  // And the list shows it approved too
  await page.getByRole("link", { name: "← All templates" }).click();
  await expect(page.getByRole("row").filter({ hasText: name })).toContainText("Approved");

  // When a template Meta refuses is submitted, its page shows the refusal and Meta's reason
  await page.getByRole("link", { name: "New template" }).click();
  await expect(page).toHaveURL(`/w/${slug}/templates/new`);
  const refused = `please_reject_${uniqueId()}`;
  await page.getByLabel("Name", { exact: true }).fill(refused);
  await page.getByLabel("Body", { exact: true }).fill("Thanks for shopping with us.");
  await page.getByRole("button", { name: "Submit to Meta for review" }).click();
  await expect(page.getByRole("heading", { level: 1, name: refused })).toBeVisible();
  await expect(page.getByTestId("template-status")).toHaveText("Rejected", { timeout: 20_000 });
  await expect(page.getByText("The variables or their sample values are not formatted the way Meta expects (INVALID_FORMAT)")).toBeVisible();
  await page.getByRole("link", { name: "← All templates" }).click();

  // When the owner deletes the synced template and confirms
  await page.getByRole("link", { name: "order_shipped" }).click();
  page.once("dialog", (dialog) => void dialog.accept());
  await page.getByRole("button", { name: "Delete template" }).click();

  // Then it is gone here and at Meta
  await expect(page.getByRole("status").filter({ hasText: "Deleted order_shipped here and at Meta." })).toBeVisible();
  await expect(page.getByRole("row").filter({ hasText: "order_shipped" })).toHaveCount(0);
  const atMeta = await metaAdmin<{ templates: { name: string }[] }>("GET", `accounts/${account.wabaId}`);
  expect(atMeta.templates.map((template) => template.name).sort()).toEqual([name, refused].sort());
});
