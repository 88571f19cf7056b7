/**
 * Jobs live in the database, never in a timer: a scheduled change survives restarts, is
 * caught up when the app starts after its time, and runs once however many nodes there are.
 */
import type { Db, JobRow, JobStatus } from '../db/schema.ts';
import type { Clock } from '../shared/clock.ts';
import { cancelPendingJobs, findJob, insertJob, jobsForSubject, pendingJobs } from './jobs.repo.ts';

export interface Job {
  readonly id: number;
  readonly kind: string;
  readonly payload: unknown;
  readonly runAt: Date;
  readonly status: JobStatus;
  readonly attempts: number;
  readonly lastError: string | null;
  readonly subject: string | null;
  readonly finishedAt: Date | null;
}

export function toJob(row: JobRow): Job {
  let payload: unknown;
  try {
    payload = JSON.parse(row.payload);
  } catch {
    payload = null;
  }
  return {
    id: row.id,
    kind: row.kind,
    payload,
    runAt: new Date(row.run_at),
    status: row.status,
    attempts: row.attempts,
    lastError: row.last_error,
    subject: row.subject,
    finishedAt: row.finished_at ? new Date(row.finished_at) : null,
  };
}

/**
 * Queues a job. With a dedupe key, a pending job under the same key is cancelled first:
 * rescheduling replaces the old time rather than adding a second run.
 */
export async function enqueueJob(
  db: Db,
  clock: Clock,
  input: { kind: string; payload: unknown; runAt: Date; subject?: string; dedupeKey?: string; maxAttempts?: number },
): Promise<number> {
  const now = clock.now().toISOString();
  if (input.dedupeKey) await cancelPendingJobs(db, { dedupeKey: input.dedupeKey }, now);
  return insertJob(db, {
    kind: input.kind,
    payload: JSON.stringify(input.payload),
    run_at: input.runAt.toISOString(),
    status: 'pending',
    attempts: 0,
    max_attempts: input.maxAttempts ?? 5,
    locked_by: null,
    locked_until: null,
    last_error: null,
    subject: input.subject ?? null,
    dedupe_key: input.dedupeKey ?? null,
    created_at: now,
    updated_at: now,
    finished_at: null,
  });
}

export async function cancelJob(db: Db, clock: Clock, id: number): Promise<boolean> {
  return (await cancelPendingJobs(db, { id }, clock.now().toISOString())) === 1;
}

export async function getJob(db: Db, id: number): Promise<Job | null> {
  const row = await findJob(db, id);
  return row ? toJob(row) : null;
}

export async function jobsAbout(db: Db, subject: string, limit = 20): Promise<Job[]> {
  return (await jobsForSubject(db, subject, limit)).map(toJob);
}

export async function upcomingJobs(db: Db, limit = 20): Promise<Job[]> {
  return (await pendingJobs(db, limit)).map(toJob);
}
