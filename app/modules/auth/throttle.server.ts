// Login throttling kept in Postgres so every web server shares it: at most N failed attempts per
// account and M per IP address in a 15-minute window; past that, the caller is told when to retry.
import type { Tx } from "../../../db/transactions";
import { env } from "~/lib/env.server";

export const throttleWindowMinutes = 15;

export interface ThrottleState {
  blocked: boolean;
  retryAfterMinutes: number;
}

export function retryMinutes(oldestFailure: Date, now: Date): number {
  const unblockAt = oldestFailure.getTime() + throttleWindowMinutes * 60_000;
  return Math.max(1, Math.ceil((unblockAt - now.getTime()) / 60_000));
}

export async function loginThrottle(tx: Tx, accountKey: string, ip: string | null): Promise<ThrottleState> {
  const [state] = await tx<{ accountFailures: number; accountOldest: Date | null; ipFailures: number; ipOldest: Date | null; now: Date }[]>`
    with account as (
      select created_at from login_attempts
       where account_key = ${accountKey} and not succeeded and created_at > now() - make_interval(mins => ${throttleWindowMinutes})
       order by created_at desc limit ${env.LOGIN_MAX_FAILURES_PER_ACCOUNT}
    ), by_ip as (
      select created_at from login_attempts
       where ${ip}::inet is not null and ip = ${ip}::inet and not succeeded
         and created_at > now() - make_interval(mins => ${throttleWindowMinutes})
       order by created_at desc limit ${env.LOGIN_MAX_FAILURES_PER_IP}
    )
    select (select count(*)::int from account) as account_failures, (select min(created_at) from account) as account_oldest,
           (select count(*)::int from by_ip) as ip_failures, (select min(created_at) from by_ip) as ip_oldest, now() as now`;
  if (!state) return { blocked: false, retryAfterMinutes: 0 };
  if (state.accountFailures >= env.LOGIN_MAX_FAILURES_PER_ACCOUNT && state.accountOldest) {
    return { blocked: true, retryAfterMinutes: retryMinutes(state.accountOldest, state.now) };
  }
  if (state.ipFailures >= env.LOGIN_MAX_FAILURES_PER_IP && state.ipOldest) {
    return { blocked: true, retryAfterMinutes: retryMinutes(state.ipOldest, state.now) };
  }
  return { blocked: false, retryAfterMinutes: 0 };
}

export async function recordLoginAttempt(tx: Tx, accountKey: string, ip: string | null, succeeded: boolean): Promise<void> {
  await tx`insert into login_attempts (account_key, ip, succeeded) values (${accountKey}, ${ip}, ${succeeded})`;
}
