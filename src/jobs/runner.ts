/**
 * Runs due jobs. Each app process has one runner polling every second (so a scheduled
 * change happens within a couple of seconds of its time); the first poll at start catches
 * up anything missed while no node was running.
 *
 * A job is claimed with a lease (locked_until) and a random token. Its handler and the
 * job's completion commit in one transaction: if the process dies midway, nothing of the
 * run remains, the lease expires and another runner takes the job. Handlers are written to
 * be harmless if they do run twice.
 */
import { randomBytes } from 'node:crypto';
import type { Db } from '../db/schema.ts';
import type { Clock } from '../shared/clock.ts';
import { claimNextJob, completeJob, failJob } from './jobs.repo.ts';
import { toJob, type Job } from './jobs.service.ts';

export type JobHandler = (db: Db, job: Job) => Promise<void>;

export interface RunnerOptions {
  readonly db: Db;
  readonly clock: Clock;
  readonly handlers: Readonly<Record<string, JobHandler>>;
  readonly log?: { warn(obj: object, msg: string): void; error(obj: object, msg: string): void };
  readonly leaseMs?: number;
  readonly pollMs?: number;
}

class LeaseLost extends Error {}

export class JobRunner {
  readonly token = randomBytes(12).toString('hex');
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> = Promise.resolve();
  private readonly leaseMs: number;
  private readonly pollMs: number;

  constructor(private readonly opts: RunnerOptions) {
    this.leaseMs = opts.leaseMs ?? 60_000;
    this.pollMs = opts.pollMs ?? 1_000;
  }

  /** Runs every job due now; returns how many ran (successfully or not). */
  async tick(maxJobs = 50): Promise<number> {
    let count = 0;
    for (; count < maxJobs; count++) {
      const now = this.opts.clock.now();
      const row = await claimNextJob(this.opts.db, this.token, now.toISOString(), new Date(now.getTime() + this.leaseMs).toISOString());
      if (!row) break;
      await this.run(toJob(row), row.max_attempts);
    }
    return count;
  }

  private async run(job: Job, maxAttempts: number): Promise<void> {
    const { db, clock, handlers } = this.opts;
    const handler = handlers[job.kind];
    try {
      if (!handler) throw new Error(`no handler for job kind "${job.kind}"`);
      await db.transaction().execute(async (trx) => {
        await handler(trx, job);
        if (!(await completeJob(trx, job.id, this.token, clock.now().toISOString()))) throw new LeaseLost();
      });
    } catch (error) {
      if (error instanceof LeaseLost) {
        this.opts.log?.warn({ jobId: job.id }, 'job lease lost; another runner owns it now');
        return;
      }
      const now = clock.now();
      const retry = job.attempts < maxAttempts ? new Date(now.getTime() + Math.min(2 ** job.attempts, 300) * 1000).toISOString() : null;
      const message = error instanceof Error ? error.message : String(error);
      await failJob(db, job.id, this.token, now.toISOString(), message.slice(0, 1000), retry);
      this.opts.log?.error({ jobId: job.id, kind: job.kind, err: error }, retry ? 'job failed; will retry' : 'job failed for good');
    }
  }

  start(): void {
    if (this.timer) return;
    const loop = () => {
      this.running = this.tick()
        .catch((error: unknown) => this.opts.log?.error({ err: error }, 'job runner tick failed'))
        .finally(() => {
          if (this.timer) this.timer = setTimeout(loop, this.pollMs);
        });
    };
    this.timer = setTimeout(loop, 0);
  }

  /** Stops polling and waits for the job in hand to finish. */
  async stop(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }
}
