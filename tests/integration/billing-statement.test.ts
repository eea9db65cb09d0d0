// A month's statement from real billing records: the figures read back from the PDF's text, tables
// that run over several pages with page numbers, an Arabic business name, a quiet month that says
// so, and page 1 compared with the reviewed snapshot in tests/snapshots/ (UPDATE_SNAPSHOTS=1 rewrites
// it; look at the new image before committing it).
import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { withWorkspace } from "../../db/transactions";
import { issueStatement } from "../../app/modules/billing/issue-statement.server";
import { queueMonthlyStatements } from "../../app/modules/billing/queue-monthly-statements.server";
import { recordCharge } from "../../app/modules/billing/record-charge.server";
import { recordInvoice } from "../../app/modules/billing/record-invoice.server";
import { recordRefund } from "../../app/modules/billing/record-refund.server";
import { StripeCharge, StripeInvoice, StripeRefund } from "../../app/modules/billing/stripe-objects";
import { updateBillingDetails } from "../../app/modules/billing/update-billing-details.server";
import { createAccount, ownerSql, queuedPayloads } from "../helpers/factories";
import { differingShare, readPngPixels } from "../helpers/png-pixels";

const snapshot = path.resolve("tests/snapshots/billing-statement-page1.png");
const seconds = (iso: string) => Math.floor(new Date(iso).getTime() / 1000);

function invoice(id: string, number: string, amount: number, at: string, status: "open" | "paid") {
  return StripeInvoice.parse({
    id, customer: "cus_statement", number, status, currency: "usd", subtotal: amount, total: amount, total_taxes: [],
    amount_paid: status === "paid" ? amount : 0, amount_remaining: status === "paid" ? 0 : amount, created: seconds(at),
    hosted_invoice_url: `https://invoice.stripe.test/${id}`, parent: null,
    status_transitions: { finalized_at: seconds(at), paid_at: status === "paid" ? seconds(at) : null },
    lines: { data: [{ description: "1 × Growth (at $49.00 / month)", period: { start: seconds(at), end: seconds(at) + 30 * 86_400 } }] },
  });
}

function charge(id: string, amount: number, at: string, refunded = 0) {
  return StripeCharge.parse({
    id, customer: "cus_statement", amount, amount_refunded: refunded, currency: "usd", status: "succeeded", created: seconds(at),
    payment_intent: null, failure_code: null, failure_message: null, payment_method_details: { card: { brand: "visa", last4: "4242" } },
  });
}

/** The statement, which exists for every workspace that does. */
async function statement(workspaceId: string, month: string, now: Date): Promise<Buffer> {
  const pdf = await issueStatement(workspaceId, month, now);
  if (!pdf) throw new Error(`no statement for workspace ${workspaceId}`);
  return pdf;
}

function pdfText(pdf: Buffer): string {
  return execFileSync("pdftotext", ["-layout", "-", "-"], { input: pdf }).toString("utf8");
}

/** A workspace with a September invoice left open and, in October, 40 paid invoices, their payments and one refund. */
async function workspaceWithOctober() {
  const account = await createAccount({ workspaceName: "Statement Test Workspace" });
  const details = await updateBillingDetails(account.access, {
    billingEmail: "accounts@example.test", businessName: "شركة كيانا للتجارة Kiana Trading", addressLine1: "Way 3021, Building 12",
    addressLine2: "", city: "Muscat", postalCode: "112", country: "Oman", taxId: "OM1100223344",
  });
  expect(details).toEqual({ ok: true });
  const workspaceId = account.access.workspace.id;
  const observedAt = new Date();
  await withWorkspace(workspaceId, null, async (tx) => {
    await recordInvoice(tx, workspaceId, invoice("in_sep", "KIANA-0001", 4_900, "2026-09-05T09:00:00Z", "open"), observedAt);
    for (let day = 0; day < 40; day++) {
      const at = `2026-10-${String(1 + (day % 28)).padStart(2, "0")}T${String(10 + (day % 10)).padStart(2, "0")}:00:00Z`;
      const id = `in_oct${day}`;
      await recordInvoice(tx, workspaceId, invoice(id, `KIANA-${String(day + 2).padStart(4, "0")}`, 4_900, at, "paid"), observedAt);
      await recordCharge(tx, workspaceId, charge(`ch_oct${day}`, 4_900, at, day === 0 ? 1_500 : 0), id, observedAt);
    }
    await recordRefund(tx, workspaceId, StripeRefund.parse({ id: "re_oct0", charge: "ch_oct0", amount: 1_500, currency: "usd", status: "succeeded", created: seconds("2026-10-20T12:00:00Z") }), "ch_oct0", observedAt);
  });
  return account;
}

describe("monthly statement", () => {
  it("prints the balances, every invoice, payment and refund across numbered pages, and keeps the issued document", async () => {
    const account = await workspaceWithOctober();
    const pdf = await statement(account.access.workspace.id, "2026-10", new Date("2026-11-01T03:00:00Z"));
    const text = pdfText(pdf);
    expect(text).toContain("Kiana & Business Partner LLC");
    expect(text).toContain("Muscat, Oman");
    expect(text).toContain("info@kianallc.com");
    expect(text).toMatch(/Opening balance on 1 October 2026\s+USD 49\.00/);
    expect(text).toMatch(/Invoices\s+USD 1,960\.00/);
    expect(text).toMatch(/Payments received\s+-USD 1,960\.00/);
    expect(text).toMatch(/Closing balance on 31 October 2026\s+USD 49\.00/);
    expect(text).toMatch(/Refunded to you this month \(see the note below\)\s+USD 15\.00/);
    expect(text).toMatch(/Total\s+USD 1,960\.00/);
    expect(text).toContain("KIANA-0041");
    expect(text).toContain("Invoices (continued)");
    expect(text).toContain("re_oct0");
    expect(text).toContain("Tax ID: OM1100223344");
    expect(text).toMatch(/Messages sent: marketing\s+0/);
    expect(text).toMatch(/Seats \(members and open invitations\)\s+1/);
    const pages = Number(/Page 1 of (\d+)/.exec(text)?.[1]);
    expect(pages).toBeGreaterThanOrEqual(3);
    expect(text).toContain(`Page ${pages} of ${pages}`);
    // The Arabic name is drawn with the embedded Naskh font, not dropped or replaced by "?".
    const fonts = execFileSync("pdffonts", ["-"], { input: pdf }).toString("utf8");
    expect(fonts).toMatch(/NotoNaskhArabic/);
    expect(text).not.toContain("?????");

    const again = await statement(account.access.workspace.id, "2026-10", new Date("2026-12-15T00:00:00Z"));
    expect(again.equals(pdf)).toBe(true);
  });

  it("says so for a month without activity, and still balances", async () => {
    const account = await createAccount();
    const text = pdfText(await statement(account.access.workspace.id, "2026-08", new Date("2026-11-01T03:00:00Z")));
    expect(text).toContain("No billing activity in August 2026: no invoices, payments or refunds.");
    expect(text).toMatch(/Closing balance on 31 August 2026\s+USD 0\.00/);
    expect(text).toContain("Page 1 of 1");
  });

  it("is queued by the monthly job for every workspace of the month before, once however often the job runs", async () => {
    const account = await createAccount();
    const firstOfNextMonth = new Date(Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth() + 1, 1, 3));
    const month = `${new Date().getUTCFullYear()}-${String(new Date().getUTCMonth() + 1).padStart(2, "0")}`;
    expect(await queueMonthlyStatements(firstOfNextMonth)).toBeGreaterThanOrEqual(1);
    await queueMonthlyStatements(firstOfNextMonth);
    const owner = ownerSql();
    try {
      const queued = (await queuedPayloads(owner, "issue-statement")).filter((payload) => payload.workspaceId === account.access.workspace.id);
      expect(queued).toEqual([{ workspaceId: account.access.workspace.id, month }]);
    } finally {
      await owner.end();
    }
  });

  it("refuses a month that is not over, and has nothing for a workspace that is gone", async () => {
    const account = await createAccount();
    await expect(issueStatement(account.access.workspace.id, "2026-11", new Date("2026-11-30T12:00:00Z"))).rejects.toThrow(/once the month is over/);
    expect(await issueStatement(randomUUID(), "2026-10", new Date("2026-11-01T03:00:00Z"))).toBeNull();
  });

  it("renders page 1 as the reviewed snapshot", async () => {
    const account = await workspaceWithOctober();
    const pdf = await statement(account.access.workspace.id, "2026-10", new Date("2026-11-01T03:00:00Z"));
    const dir = mkdtempSync(path.join(tmpdir(), "statement-"));
    writeFileSync(path.join(dir, "statement.pdf"), pdf);
    execFileSync("pdftoppm", ["-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile", path.join(dir, "statement.pdf"), path.join(dir, "page1")]);
    const rendered = readFileSync(path.join(dir, "page1.png"));
    if (process.env.UPDATE_SNAPSHOTS === "1" || !existsSync(snapshot)) writeFileSync(snapshot, rendered);
    // The reviewed snapshot, allowing for anti-aliasing and font-hinting differences between machines.
    expect(differingShare(readPngPixels(rendered), readPngPixels(readFileSync(snapshot)))).toBeLessThan(0.01);
  });
});
