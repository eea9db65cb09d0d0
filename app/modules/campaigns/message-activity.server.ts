// The dashboard's numbers: a workspace's messages per day (in its time zone) by final status, over a
// date range of at most a year, from the ledger's quarter-hour tallies (a quarter hour never straddles
// two local days).
import { z } from "zod";
import { wallClockToInstant } from "~/lib/dates";
import type { Tx } from "../../../db/transactions";

export const activityStatuses = ["read", "delivered", "sent", "failed"] as const;
export type ActivityStatus = (typeof activityStatuses)[number];

export interface ActivityDay {
  day: string;
  counts: Record<ActivityStatus, number>;
}

const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

function shiftDay(day: string, days: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** The range asked for, or the last 14 days; the end is included, and at most 366 days are shown. */
export function activityRange(params: URLSearchParams, today: string): { from: string; to: string } {
  const to = isoDay.safeParse(params.get("to")).data ?? today;
  const asked = isoDay.safeParse(params.get("from")).data ?? shiftDay(to, -13);
  const from = asked > to ? to : asked < shiftDay(to, -365) ? shiftDay(to, -365) : asked;
  return { from, to };
}

export async function messageActivity(tx: Tx, range: { from: string; to: string }, timeZone: string): Promise<ActivityDay[]> {
  const start = wallClockToInstant(`${range.from}T00:00`, timeZone);
  const end = wallClockToInstant(`${shiftDay(range.to, 1)}T00:00`, timeZone);
  if (!start || !end) return [];
  const rows = await tx<{ day: string; status: ActivityStatus; count: number }[]>`
    select to_char(bucket at time zone ${timeZone}, 'YYYY-MM-DD') as day, status, sum(delta)::int as count
      from campaign_message_tallies
     where bucket >= ${start} and bucket < ${end}
     group by 1, 2`;
  const days: ActivityDay[] = [];
  for (let day = range.from; day <= range.to; day = shiftDay(day, 1)) days.push({ day, counts: { read: 0, delivered: 0, sent: 0, failed: 0 } });
  const byDay = new Map(days.map((entry) => [entry.day, entry]));
  for (const row of rows) {
    const entry = byDay.get(row.day);
    if (entry) entry.counts[row.status] += row.count;
  }
  return days;
}
