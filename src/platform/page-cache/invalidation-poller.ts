/**
 * Each worker reads the invalidation log and drops its cached pages and shared reads. Reads the last minute
 * of the log each time and skips rows already applied: ids can commit out of order on
 * PostgreSQL, so "id > last seen" could miss one. Newsroom writes poll at once after they
 * commit (see page-cache.plugin.ts), so this worker is never stale after its own changes;
 * others catch up within one interval.
 */
import type { Db } from '../../db/schema.ts';
import { pruneInvalidations, recentInvalidations } from '../../features/invalidation/invalidation.service.ts';
import type { Clock } from '../../shared/clock.ts';

const WINDOW_MS = 60_000;
const KEEP_MS = 3600_000;
const PRUNE_EVERY_MS = 60_000;

export class InvalidationPoller {
  private readonly applied = new Map<number, number>();
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private lastPrune = 0;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    /** Drops what depends on the tags: the page cache, the shared reads. */
    private readonly purge: (tags: readonly string[]) => void,
    private readonly onError: (error: unknown) => void,
  ) {}

  start(intervalMs: number): void {
    this.timer = setInterval(() => {
      this.poll().catch(this.onError);
    }, intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  /** Applies what the log holds now; concurrent callers share one read. */
  poll(): Promise<void> {
    this.running ??= this.read().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async read(): Promise<void> {
    const now = this.clock.now().getTime();
    const rows = await recentInvalidations(this.db, new Date(now - WINDOW_MS));
    for (const row of rows) {
      if (this.applied.has(row.id)) continue;
      this.applied.set(row.id, row.createdAt.getTime());
      this.purge(row.tags);
    }
    for (const [id, at] of this.applied) if (at < now - 2 * WINDOW_MS) this.applied.delete(id);
    if (now - this.lastPrune > PRUNE_EVERY_MS) {
      this.lastPrune = now;
      await pruneInvalidations(this.db, new Date(now - KEEP_MS));
    }
  }
}
