// Counting requests per key in Postgres (so every web server shares the count): a public form
// allows `limit` hits per key in a sliding window, then says when to come back.
import type { Tx } from "../../db/transactions";

export interface RateLimit {
  bucket: string;
  limit: number;
  windowMinutes: number;
}

/** Records a hit unless the key is over its limit; returns the minutes to wait, or 0 when allowed. */
export async function hitRateLimit(tx: Tx, rule: RateLimit, key: string): Promise<number> {
  await tx`select pg_advisory_xact_lock(hashtext(${`${rule.bucket}:${key}`}))`;
  const [state] = await tx<{ hits: number; oldest: Date | null; now: Date }[]>`
    select count(*)::int as hits, min(created_at) as oldest, now() as now from (
      select created_at from rate_limit_hits
       where bucket = ${rule.bucket} and key = ${key} and created_at > now() - make_interval(mins => ${rule.windowMinutes})
       order by created_at desc limit ${rule.limit}) recent`;
  if (state && state.hits >= rule.limit && state.oldest) {
    const waitMs = state.oldest.getTime() + rule.windowMinutes * 60_000 - state.now.getTime();
    return Math.max(1, Math.ceil(waitMs / 60_000));
  }
  await tx`insert into rate_limit_hits (bucket, key) values (${rule.bucket}, ${key})`;
  return 0;
}
