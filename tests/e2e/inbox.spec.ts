import { expect, test } from "@playwright/test";
import { metaAdmin, provisionMetaAccount } from "../helpers/meta-emulator";
import { connectWhatsAppInSettings, inviteTeammate, newUser, signUp, verifyEmail } from "./helpers";

test("an agent sees a customer's message arrive live, replies and watches the ticks; another agent cannot open it, nor billing or settings", async ({ page, browser }) => {
  test.setTimeout(120_000);
  // Given a workspace connected to WhatsApp, with two agents
  const owner = newUser();
  const slug = await signUp(page, owner);
  await verifyEmail(page, owner);
  await page.goto(`/w/${slug}`);
  const account = await provisionMetaAccount();
  await connectWhatsAppInSettings(page, account);
  const first = await inviteTeammate(page, owner, browser, "agent");
  const second = await inviteTeammate(page, owner, browser, "agent");
  try {
    const agent = first.page;
    // An agent's navigation offers the inbox, not the admin pages
    await expect(agent.getByRole("navigation", { name: "Workspace" }).getByRole("link", { name: "Inbox" })).toBeVisible();
    await expect(agent.getByRole("navigation", { name: "Workspace" }).getByRole("link", { name: "Billing" })).toHaveCount(0);
    await agent.getByRole("navigation", { name: "Workspace" }).getByRole("link", { name: "Inbox" }).click();
    await expect(agent.getByText("No conversations here yet.")).toBeVisible();
    const inboxUrl = agent.url();

    // When a customer writes, the open inbox shows it without a reload
    await metaAdmin("POST", "inbound", { phoneNumberId: account.phoneNumbers[0]?.id, from: "14155550401", name: "Mariam Haddad", text: "Hi, can I change my delivery address?" });
    const row = agent.getByRole("link", { name: /Mariam Haddad/ });
    await expect(row).toBeVisible({ timeout: 10_000 });
    await expect(row).toContainText("1 unread");
    expect(agent.url()).toBe(inboxUrl);

    // And the agent takes the conversation and replies inside the 24-hour window
    await row.click();
    await expect(agent.getByText("Hi, can I change my delivery address?")).toBeVisible();
    await expect(agent.getByRole("status").filter({ hasText: /Customer-service window: 2[34] h \d+ min left/ })).toBeVisible();
    await agent.getByRole("button", { name: "Assign to me" }).click();
    await expect(agent.getByRole("button", { name: "Unassign me" })).toBeVisible();
    await agent.getByLabel("Reply", { exact: true }).fill("Of course! Please send the new address here.");
    // What the agent is typing survives the customer's next message arriving live
    await metaAdmin("POST", "inbound", { phoneNumberId: account.phoneNumbers[0]?.id, from: "14155550401", name: "Mariam Haddad", text: "It is for the order I placed today." });
    await expect(agent.getByRole("list", { name: "Messages" }).getByText("It is for the order I placed today.")).toBeVisible({ timeout: 10_000 });
    await expect(agent.getByLabel("Reply", { exact: true })).toHaveValue("Of course! Please send the new address here.");
    await agent.getByRole("button", { name: "Send", exact: true }).click();
    await expect(agent.getByLabel("Reply", { exact: true })).toHaveValue("");

    // Then the reply's ticks move from sent to delivered to read as Meta reports them
    const reply = agent.getByRole("list", { name: "Messages" }).getByRole("listitem").filter({ hasText: "Of course! Please send the new address here." });
    await expect(reply).toContainText("Read", { timeout: 15_000 });
    const sent = await metaAdmin<{ data: { body: { to?: string; text?: { body: string } } }[] }>("GET", `requests?path=${account.phoneNumbers[0]?.id}/messages&method=POST`);
    expect(sent.data.map((request) => request.body)).toEqual([expect.objectContaining({ to: "14155550401", text: expect.objectContaining({ body: "Of course! Please send the new address here." }) })]);
    const conversationUrl = agent.url();

    // And the other agent neither sees nor opens it, and has no billing or settings pages
    const other = second.page;
    await other.goto(`/w/${slug}/inbox`);
    await expect(other.getByText("No conversations here yet.")).toBeVisible();
    const opened = await other.goto(conversationUrl);
    expect(opened?.status()).toBe(404);
    for (const path of ["settings/billing", "settings/team", "settings/whatsapp", "settings/security", "contacts", "templates", "campaigns"]) {
      const response = await other.goto(`/w/${slug}/${path}`);
      expect(response?.status(), path).toBe(403);
    }
  } finally {
    await first.context.close();
    await second.context.close();
  }
});
