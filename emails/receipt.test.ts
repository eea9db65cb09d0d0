import { describe, expect, it } from "vitest";
import { EmailMessage, render } from "./messages";

describe("receipt email", () => {
  it("states the amount, plan, period and both links", () => {
    const email = render(
      EmailMessage.parse({
        template: "receipt",
        to: "billing@example.test",
        data: {
          workspaceName: "Acme & Sons",
          amount: "USD 49.00",
          planName: "Growth plan",
          period: "1 Nov 2026 – 1 Dec 2026",
          invoiceNumber: "KIANA-0001",
          invoiceUrl: "https://invoice.example/in_1",
          receiptUrl: "https://panel.example/w/acme/settings/billing/receipts/in_1",
        },
      }),
    );
    expect(email.subject).toBe("Receipt for USD 49.00: Growth plan, Acme & Sons");
    expect(email.text).toContain("Invoice KIANA-0001 covers 1 Nov 2026 – 1 Dec 2026.");
    expect(email.text).toContain("https://invoice.example/in_1");
    expect(email.text).toContain("Download the receipt: https://panel.example/w/acme/settings/billing/receipts/in_1");
    expect(email.html).toContain("Acme &#38; Sons");
  });
});
