/**
 * Read counts without a disk write per page view: reads are added up in memory and
 * written in one transaction every few seconds, and once more when the process shuts
 * down. Several nodes each flush their own sums; the upserts add, so nothing is lost or
 * counted twice. A crash loses at most the last few seconds of reads, never a vote or an edit.
 */
import type { Db } from '../../db/schema.ts';
import type { Clock } from '../../shared/clock.ts';
import type { Channel } from '../channels/channel.ts';
import { subtreeIds } from '../channels/channels.service.ts';
import type { ArticleListItem } from '../articles/article.ts';
import { localDay } from '../../shared/time.ts';
import { periodDays } from '../moods/moods.service.ts';
import { addViews, mostReadOn, viewsOf } from './views.repo.ts';

export const FLUSH_EVERY_MS = 5_000;

export class ViewCounter {
  private pending = new Map<string, { articleId: number; channelId: number; day: string; views: number }>();
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly timeZone: string,
  ) {}

  record(articleId: number, channelId: number): void {
    const day = localDay(this.clock.now(), this.timeZone);
    const key = `${day}:${articleId}`;
    const entry = this.pending.get(key);
    if (entry) entry.views++;
    else this.pending.set(key, { articleId, channelId, day, views: 1 });
  }

  /** Writes what has been counted so far; reads recorded meanwhile wait for the next flush. */
  flush(): Promise<void> {
    // Chained after the previous flush whether it failed or not, so one failure never blocks the rest.
    this.flushing = this.flushing.catch(() => undefined).then(async () => {
      if (this.pending.size === 0) return;
      const batch = [...this.pending.values()];
      this.pending = new Map();
      try {
        await this.db.transaction().execute(async (trx) => {
          for (const b of batch) await addViews(trx, { article_id: b.articleId, channel_id: b.channelId, day: b.day, views: b.views });
        });
      } catch (error) {
        // Put the batch back so the next flush tries again.
        for (const b of batch) {
          const key = `${b.day}:${b.articleId}`;
          const entry = this.pending.get(key);
          if (entry) entry.views += b.views;
          else this.pending.set(key, b);
        }
        throw error;
      }
    });
    return this.flushing;
  }

  start(onError: (error: unknown) => void): void {
    if (this.timer) return;
    this.timer = setInterval(() => this.flush().catch(onError), FLUSH_EVERY_MS);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.flush();
  }
}

export function totalViews(db: Db, articleId: number): Promise<number> {
  return viewsOf(db, articleId);
}

/** The most read articles of the last day or week, site-wide or in a channel. */
export async function mostRead(db: Db, clock: Clock, opts: { period: 'today' | 'week'; channel: Channel | null; timeZone: string; limit: number }): Promise<Array<ArticleListItem & { views: number }>> {
  const days = periodDays(opts.period, clock.now(), opts.timeZone);
  const channelIds = opts.channel && opts.channel.path !== '' ? await subtreeIds(db, opts.channel) : null;
  return (await mostReadOn(db, days, channelIds, opts.limit)).map((r) => ({
    id: r.id,
    kind: r.kind,
    title: r.title,
    summary: r.summary,
    channelId: r.channel_id,
    publishedAt: new Date(r.published_at ?? 0),
    views: Number(r.total),
  }));
}
