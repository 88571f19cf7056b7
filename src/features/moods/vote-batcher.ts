/**
 * Group commit for votes on SQLite. SQLite has one writer, and a durable commit waits for
 * the disk, so one transaction per vote caps votes at the disk's syncs per second. Votes
 * that arrive while a commit is under way wait and go together in the next transaction;
 * each is acknowledged (or refused with its own error) only after that transaction commits.
 * A failure of the transaction itself fails every vote in it: none was counted.
 */
import type { Db } from '../../db/schema.ts';
import type { AppError } from '../../platform/errors.ts';
import type { Clock } from '../../shared/clock.ts';
import type { MoodState } from './mood.ts';
import { castVotes, type VoteInput } from './moods.service.ts';

const MAX_BATCH = 1_000;

interface Waiting {
  readonly input: VoteInput;
  resolve(state: MoodState): void;
  reject(error: unknown): void;
}

export class VoteBatcher {
  private queue: Waiting[] = [];
  private draining: Promise<void> | null = null;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  cast(input: VoteInput): Promise<MoodState> {
    const result = new Promise<MoodState>((resolve, reject) => this.queue.push({ input, resolve, reject }));
    this.draining ??= this.drain().finally(() => {
      this.draining = null;
    });
    return result;
  }

  private async drain(): Promise<void> {
    for (;;) {
      // better-sqlite3 commits synchronously, blocking the event loop; requests that arrived
      // meanwhile are read only once it returns to I/O. Yield to it first, so they join.
      await new Promise((resolve) => setImmediate(resolve));
      if (this.queue.length === 0) return;
      const batch = this.queue.splice(0, MAX_BATCH);
      let outcomes: Array<MoodState | AppError>;
      try {
        outcomes = await this.db.transaction().execute((trx) => castVotes(trx, this.clock, batch.map((w) => w.input)));
      } catch (error) {
        for (const w of batch) w.reject(error);
        continue;
      }
      batch.forEach((w, i) => {
        const outcome = outcomes[i] as MoodState | AppError;
        if ('tallies' in outcome) w.resolve(outcome);
        else w.reject(outcome);
      });
    }
  }
}
