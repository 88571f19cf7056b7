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
  /** Counting an address's recent votes, then adding one: two at once would both see room. */
  votesFromAddress: 7_302,
  /** Approving an article's review stage: two approvers at once would each miss the other's approval. */
  articleApproval: 7_303,
} as const;

export async function oneAtATime(trx: Db, step: keyof typeof SERIAL_STEPS): Promise<void> {
  if (!(trx.getExecutor().adapter instanceof PostgresAdapter)) return;
  await sql`select pg_advisory_xact_lock(${SERIAL_STEPS[step]})`.execute(trx);
}

/** The same, per key within a step: work on other keys goes on alongside. */
export async function oneAtATimePer(trx: Db, step: keyof typeof SERIAL_STEPS, key: string): Promise<void> {
  if (!(trx.getExecutor().adapter instanceof PostgresAdapter)) return;
  await sql`select pg_advisory_xact_lock(${SERIAL_STEPS[step]}, hashtext(${key}))`.execute(trx);
}
