import type { ExpressionBuilder } from 'kysely';
import type { DB, Db, JobRow } from '../db/schema.ts';

export async function insertJob(db: Db, row: Omit<JobRow, 'id'>): Promise<number> {
  const { id } = await db.insertInto('jobs').values(row).returning('id').executeTakeFirstOrThrow();
  return id;
}

/**
 * Claims the next due job for `token`. The update re-checks its condition on the row it
 * locks, so when runners on several nodes race for one job exactly one gets it (on
 * PostgreSQL the loser's update re-reads the row and matches nothing; SQLite has one writer).
 */
export async function claimNextJob(db: Db, token: string, now: string, leaseUntil: string): Promise<JobRow | undefined> {
  const due = (eb: ExpressionBuilder<DB, 'jobs'>) =>
    eb.or([
      eb.and([eb('status', '=', 'pending'), eb('run_at', '<=', now)]),
      eb.and([eb('status', '=', 'running'), eb('locked_until', '<', now)]),
    ]);
  return db
    .updateTable('jobs')
    .set((eb) => ({ status: 'running', locked_by: token, locked_until: leaseUntil, attempts: eb('attempts', '+', 1), updated_at: now }))
    .where('id', '=', (eb) => eb.selectFrom('jobs').select('id').where(due).orderBy('run_at').orderBy('id').limit(1))
    .where(due)
    .returningAll()
    .executeTakeFirst();
}

/** Marks a job done, only if this runner still holds it. */
export async function completeJob(db: Db, id: number, token: string, now: string): Promise<boolean> {
  const r = await db
    .updateTable('jobs')
    .set({ status: 'done', finished_at: now, updated_at: now, locked_by: null, locked_until: null, dedupe_key: null })
    .where('id', '=', id)
    .where('locked_by', '=', token)
    .where('status', '=', 'running')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function failJob(db: Db, id: number, token: string, now: string, error: string, retryAt: string | null): Promise<void> {
  await db
    .updateTable('jobs')
    .set(
      retryAt
        ? { status: 'pending', run_at: retryAt, last_error: error, locked_by: null, locked_until: null, updated_at: now }
        : { status: 'failed', last_error: error, locked_by: null, locked_until: null, dedupe_key: null, finished_at: now, updated_at: now },
    )
    .where('id', '=', id)
    .where('locked_by', '=', token)
    .execute();
}

export async function extendLease(db: Db, id: number, token: string, leaseUntil: string): Promise<void> {
  await db.updateTable('jobs').set({ locked_until: leaseUntil }).where('id', '=', id).where('locked_by', '=', token).execute();
}

export async function cancelPendingJobs(db: Db, where: { dedupeKey?: string; id?: number }, now: string): Promise<number> {
  let q = db
    .updateTable('jobs')
    .set({ status: 'cancelled', dedupe_key: null, finished_at: now, updated_at: now })
    .where('status', '=', 'pending');
  if (where.dedupeKey) q = q.where('dedupe_key', '=', where.dedupeKey);
  if (where.id) q = q.where('id', '=', where.id);
  const r = await q.executeTakeFirst();
  return Number(r.numUpdatedRows);
}

export function jobsForSubject(db: Db, subject: string, limit: number): Promise<JobRow[]> {
  return db.selectFrom('jobs').selectAll().where('subject', '=', subject).orderBy('id', 'desc').limit(limit).execute();
}

export function findJob(db: Db, id: number): Promise<JobRow | undefined> {
  return db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirst();
}

export function pendingJobs(db: Db, limit: number): Promise<JobRow[]> {
  return db.selectFrom('jobs').selectAll().where('status', 'in', ['pending', 'running']).orderBy('run_at').orderBy('id').limit(limit).execute();
}
