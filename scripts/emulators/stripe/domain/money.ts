// Amounts for people: Stripe counts in the currency's smallest unit, and a few currencies have no
// minor unit, so 4900 is "$49.00" while 4900 yen is "¥4,900".
const zeroDecimalCurrencies = new Set(["bif", "clp", "djf", "gnf", "jpy", "kmf", "krw", "mga", "pyg", "rwf", "ugx", "vnd", "vuv", "xaf", "xof", "xpf"]);

/** An amount in the currency's smallest unit, written for people: "$49.00". */
export function formatMoney(amount: number, currency: string): string {
  const divisor = zeroDecimalCurrencies.has(currency.toLowerCase()) ? 1 : 100;
  return new Intl.NumberFormat("en-US", { style: "currency", currency: currency.toUpperCase() }).format(amount / divisor);
}

/** A Unix timestamp as a date in Stripe's dashboard style: "15 Mar 2026". */
export function formatDate(timestamp: number): string {
  return new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" }).format(new Date(timestamp * 1000));
}
