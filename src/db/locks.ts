/**
 * Running one step of a transaction at a time across processes. PostgreSQL takes a
 * transaction-scoped advisory lock (released at commit or rollback); SQLite needs nothing,
 * since BEGIN IMMEDIATE already lets one writer in at a time.
 */
import { PostgresAdapter, sql } from 'kysely';
import type { Db } from './schema.ts';

/** Named steps, each its own lock number. */
export const SERIAL_STEPS = {
  /** Rewriting other articles' related lists: two saves doing it at once deadlock or collide. */
  relatedIndex: 7_301,
} as const;

export async function oneAtATime(trx: Db, step: keyof typeof SERIAL_STEPS): Promise<void> {
  if (!(trx.getExecutor().adapter instanceof PostgresAdapter)) return;
  await sql`select pg_advisory_xact_lock(${SERIAL_STEPS[step]})`.execute(trx);
}
