// The numbers of a monthly statement, per currency: opening balance, invoices, payments, refunds
// and closing balance. The balance is what the customer owes: invoices add to it, payments take
// from it. A refund gives back money paid for an invoice, lowering both what was charged and what
// was paid, so it is reported but leaves the balance as it was (as Stripe keeps the invoice paid).

export interface LedgerEntry {
  kind: "invoice" | "payment" | "refund";
  /** Minor units, positive. */
  amount: number;
  currency: string;
  at: Date;
}

export interface StatementFigures {
  currency: string;
  opening: number;
  invoiced: number;
  paid: number;
  refunded: number;
  closing: number;
}

export function computeStatementFigures(entries: LedgerEntry[], period: { start: Date; end: Date }): StatementFigures[] {
  const byCurrency = new Map<string, StatementFigures>();
  for (const entry of entries) {
    if (entry.at >= period.end) continue;
    let figures = byCurrency.get(entry.currency);
    if (!figures) {
      figures = { currency: entry.currency, opening: 0, invoiced: 0, paid: 0, refunded: 0, closing: 0 };
      byCurrency.set(entry.currency, figures);
    }
    const before = entry.at < period.start;
    if (entry.kind === "invoice") {
      if (before) figures.opening += entry.amount;
      else figures.invoiced += entry.amount;
    } else if (entry.kind === "payment") {
      if (before) figures.opening -= entry.amount;
      else figures.paid += entry.amount;
    } else if (!before) {
      figures.refunded += entry.amount;
    }
  }
  return [...byCurrency.values()]
    .map((figures) => ({ ...figures, closing: figures.opening + figures.invoiced - figures.paid }))
    .sort((a, b) => a.currency.localeCompare(b.currency));
}
