import { describe, expect, it } from "vitest";
import { EmailMessage, render } from "./messages";

describe("email templates", () => {
  it("render subject, text with the link, and escaped HTML", () => {
    const message = EmailMessage.parse({
      template: "invitation",
      to: "new@example.test",
      data: { inviterName: "Sam <script>", workspaceName: "Acme & Sons", role: "agent", url: "https://panel.example/invitations/abc" },
    });
    const email = render(message);
    expect(email.subject).toBe("Sam <script> invited you to Acme & Sons on Kiana WhatsApp Panel");
    expect(email.text).toContain("https://panel.example/invitations/abc");
    expect(email.html).toContain("Sam &#60;script&#62;");
    expect(email.html).not.toContain("<script>");
  });

  it("refuse a payload of the wrong shape", () => {
    expect(EmailMessage.safeParse({ template: "verify-email", to: "not-an-email", data: {} }).success).toBe(false);
  });
});
