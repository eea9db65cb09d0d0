// Billing-period arithmetic as Stripe does it: periods are counted from the billing cycle anchor in
// UTC, and a month that lacks the anchor's day ends on its last day (Jan 31 → Feb 28 → Mar 31).
export type Interval = "day" | "week" | "month" | "year";

const daySeconds = 86_400;

function addMonths(anchor: number, months: number): number {
  const date = new Date(anchor * 1000);
  const day = date.getUTCDate();
  const target = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + months, 1, date.getUTCHours(), date.getUTCMinutes(), date.getUTCSeconds()));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(day, lastDay));
  return Math.floor(target.getTime() / 1000);
}

/** The anchor moved forward by `count` intervals. */
export function addIntervals(anchor: number, interval: Interval, count: number): number {
  switch (interval) {
    case "day":
      return anchor + count * daySeconds;
    case "week":
      return anchor + count * 7 * daySeconds;
    case "month":
      return addMonths(anchor, count);
    case "year":
      return addMonths(anchor, count * 12);
  }
}

/** The first period boundary after `after`, counting whole periods from `anchor`. */
export function nextPeriodEnd(anchor: number, after: number, interval: Interval, intervalCount: number): number {
  let periods = 1;
  let end = addIntervals(anchor, interval, intervalCount);
  while (end <= after) {
    periods += 1;
    end = addIntervals(anchor, interval, intervalCount * periods);
  }
  return end;
}

export function asInterval(value: string | undefined): Interval {
  return value === "day" || value === "week" || value === "year" ? value : "month";
}
