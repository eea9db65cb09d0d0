// Formats integer minor units as money in their currency, the same way on pages, in emails and on
// PDFs. The number of decimals comes from the currency itself (JPY has none, OMR three).

const formatters = new Map<string, Intl.NumberFormat>();

function formatterFor(currency: string): Intl.NumberFormat {
  const code = currency.toUpperCase();
  let formatter = formatters.get(code);
  if (!formatter) {
    formatter = new Intl.NumberFormat("en-US", { style: "currency", currency: code, currencyDisplay: "code" });
    formatters.set(code, formatter);
  }
  return formatter;
}

export function formatMoney(minorUnits: number, currency: string): string {
  const formatter = formatterFor(currency);
  const digits = formatter.resolvedOptions().maximumFractionDigits ?? 2;
  // "USD 49.00" with a narrow no-break space from Intl becomes a plain space, so PDFs' standard fonts can draw it.
  return formatter.format(minorUnits / 10 ** digits).replace(/\s/g, " ");
}
