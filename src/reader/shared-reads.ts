/**
 * Reads that every page makes alike — the channel tree, the mood set, the topics block,
 * photo focus, most read, the mood rankings — kept in memory per process for a few seconds
 * instead of being asked of the database by each page (they were most of an article page's
 * queries). A change drops them at once through the same invalidation log as the page
 * cache (`PageTag`s); the seconds bound how old counts (votes, reads) can be. Concurrent
 * callers of a missing entry share one read.
 */
import type { Clock } from '../shared/clock.ts';

interface Entry {
  readonly until: number;
  readonly tags: readonly string[];
  readonly value: Promise<unknown>;
}

const MAX_ENTRIES = 2_000;

export class SharedReads {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly clock: Clock,
    private readonly ttlMs: number,
  ) {}

  get<T>(key: string, tags: readonly string[], read: () => Promise<T>): Promise<T> {
    const now = this.clock.now().getTime();
    const hit = this.entries.get(key);
    if (hit && hit.until > now) return hit.value as Promise<T>;
    const value = read();
    if (this.entries.size >= MAX_ENTRIES) this.entries.clear();
    this.entries.set(key, { until: now + this.ttlMs, tags, value });
    // A failed read is not kept: the next caller asks again.
    value.catch(() => {
      if (this.entries.get(key)?.value === value) this.entries.delete(key);
    });
    return value;
  }

  purge(tags: readonly string[]): void {
    for (const [key, entry] of this.entries) if (entry.tags.some((t) => tags.includes(t))) this.entries.delete(key);
  }
}
