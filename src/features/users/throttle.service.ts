/**
 * Login throttling, kept in the database so every app node sees the same counts. Failures
 * are counted per account and per client address in a sliding window; past the limit the
 * key is locked for a while. The client address is the socket's unless the request came
 * through a configured proxy, so rotating X-Forwarded-For buys nothing.
 */
import type { Db } from '../../db/schema.ts';
import type { Clock } from '../../shared/clock.ts';
import { addFailure, clearThrottle, findThrottle, forgiveFailure } from './throttle.repo.ts';

export interface ThrottleRule {
  readonly maxFailures: number;
  readonly windowMs: number;
  readonly lockMs: number;
}

export const ACCOUNT_RULE: ThrottleRule = { maxFailures: 5, windowMs: 15 * 60_000, lockMs: 15 * 60_000 };
export const ADDRESS_RULE: ThrottleRule = { maxFailures: 30, windowMs: 15 * 60_000, lockMs: 15 * 60_000 };

/** The moment the key unlocks, or null when it may try now. */
export async function lockedUntil(db: Db, clock: Clock, key: string): Promise<Date | null> {
  const row = await findThrottle(db, key);
  if (!row?.locked_until) return null;
  const until = new Date(row.locked_until);
  return until > clock.now() ? until : null;
}

/** Counts a failure; returns the failures counted in the window, this one included. */
export async function recordFailure(db: Db, clock: Clock, key: string, rule: ThrottleRule): Promise<number> {
  const now = clock.now().getTime();
  return addFailure(db, {
    key,
    now: new Date(now).toISOString(),
    windowStartedBefore: new Date(now - rule.windowMs).toISOString(),
    maxFailures: rule.maxFailures,
    lockUntil: new Date(now + rule.lockMs).toISOString(),
  });
}

export function resetThrottle(db: Db, key: string): Promise<void> {
  return clearThrottle(db, key);
}

export function forgiveOne(db: Db, key: string, rule: ThrottleRule): Promise<void> {
  return forgiveFailure(db, key, rule.maxFailures);
}
