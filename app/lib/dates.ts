// Dates as people read them, in one style across the product. Intl formatters are costly to build,
// so each (style, time zone) pair is built once and reused by every render.
export type DateStyle = "date" | "longDate" | "dateTime" | "longDateTime";

const styles: Record<DateStyle, Intl.DateTimeFormatOptions> = {
  date: { dateStyle: "medium" },
  longDate: { dateStyle: "long" },
  dateTime: { dateStyle: "medium", timeStyle: "short" },
  longDateTime: { dateStyle: "long", timeStyle: "short" },
};

const formatters = new Map<string, Intl.DateTimeFormat>();

/** Formats a date (or ISO string) in British English; `timeZone` defaults to UTC so server and browser agree. */
export function formatDate(value: Date | string, style: DateStyle = "date", timeZone = "UTC"): string {
  const key = `${style}|${timeZone}`;
  let formatter = formatters.get(key);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-GB", { ...styles[style], timeZone });
    formatters.set(key, formatter);
  }
  return formatter.format(typeof value === "string" ? new Date(value) : value);
}
