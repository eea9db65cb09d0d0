// A statement's month: written "2026-10" in links and job payloads, covering the first instant of
// the month up to (not including) the first instant of the next, in UTC.
import { z } from "zod";

export const StatementMonth = z
  .string()
  .regex(/^(\d{4})-(0[1-9]|1[0-2])$/, "A month is written YYYY-MM")
  .refine((value) => Number(value.slice(0, 4)) >= 2000, "Statements start in 2000");

export interface StatementPeriod {
  month: string;
  start: Date;
  end: Date;
}

export function statementPeriod(month: string): StatementPeriod {
  const [year, monthNumber] = StatementMonth.parse(month).split("-").map(Number) as [number, number];
  return { month, start: new Date(Date.UTC(year, monthNumber - 1, 1)), end: new Date(Date.UTC(year, monthNumber, 1)) };
}

export function monthOf(date: Date): string {
  return `${date.getUTCFullYear()}-${String(date.getUTCMonth() + 1).padStart(2, "0")}`;
}

/** The month before the one `date` falls in. */
export function previousMonth(date: Date): string {
  return monthOf(new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() - 1, 1)));
}

/** Whether the month is over at `now`, so its statement can be issued and never change. */
export function isPastMonth(month: string, now: Date): boolean {
  return statementPeriod(month).end <= now;
}

/** The past months from `since`'s month up to the last one before `now`, newest first. */
export function pastMonths(since: Date, now: Date, max: number): string[] {
  const months: string[] = [];
  let cursor = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
  const first = Date.UTC(since.getUTCFullYear(), since.getUTCMonth(), 1);
  while (cursor.getTime() >= first && months.length < max) {
    months.push(monthOf(cursor));
    cursor = new Date(Date.UTC(cursor.getUTCFullYear(), cursor.getUTCMonth() - 1, 1));
  }
  return months;
}
