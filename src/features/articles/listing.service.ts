/** The newsroom's views over many articles: lists, counts, and the per-day chart. */
import type { ArticleStatus, Db } from '../../db/schema.ts';
import type { Clock } from '../../shared/clock.ts';
import { isCanonicalInstant } from '../../shared/cursor.ts';
import { localDay } from '../../shared/time.ts';
import { countArticlesByStatus, listNewsroomArticles, publishedSince, type NewsroomArticleRow } from './articles.repo.ts';

export interface NewsroomListItem {
  readonly id: number;
  readonly title: string;
  readonly status: ArticleStatus;
  readonly kind: 'article' | 'brief';
  readonly channelName: string;
  readonly authorName: string | null;
  readonly authorId: number | null;
  readonly updatedAt: Date;
  readonly publishedAt: Date | null;
  readonly approved: boolean;
}

function toItem(r: NewsroomArticleRow): NewsroomListItem {
  return {
    id: r.id,
    title: r.title,
    status: r.status,
    kind: r.kind,
    channelName: r.channel_name,
    authorName: r.author_name,
    authorId: r.author_id,
    updatedAt: new Date(r.updated_at),
    publishedAt: r.published_at ? new Date(r.published_at) : null,
    approved: r.approved_at !== null,
  };
}

export interface NewsroomCursor {
  readonly updatedAt: string;
  readonly id: number;
}

export function encodeNewsroomCursor(c: NewsroomCursor): string {
  return Buffer.from(`${c.updatedAt}|${c.id}`).toString('base64url');
}

export function decodeNewsroomCursor(text: string | undefined): NewsroomCursor | null {
  if (!text || text.length > 80) return null;
  const [updatedAt, id] = Buffer.from(text, 'base64url').toString('utf8').split('|');
  const n = Number(id);
  // Date.parse forgives 2026-02-31 and "1"; PostgreSQL refuses them when comparing (a 500).
  if (!updatedAt || !isCanonicalInstant(updatedAt) || !Number.isSafeInteger(n) || n < 1) return null;
  return { updatedAt, id: n };
}

export async function newsroomArticles(
  db: Db,
  opts: { status?: ArticleStatus; authorId?: number; before?: NewsroomCursor | null; limit: number },
): Promise<{ items: NewsroomListItem[]; next: NewsroomCursor | null }> {
  const rows = await listNewsroomArticles(db, { ...opts, limit: opts.limit + 1 });
  const items = rows.slice(0, opts.limit).map(toItem);
  const last = rows.length > opts.limit ? rows[opts.limit - 1] : undefined;
  return { items, next: last ? { updatedAt: last.updated_at, id: last.id } : null };
}

export async function statusCounts(db: Db): Promise<Record<ArticleStatus, number>> {
  const counts: Record<ArticleStatus, number> = { draft: 0, in_review: 0, published: 0, withdrawn: 0 };
  for (const { status, n } of await countArticlesByStatus(db)) counts[status] = n;
  return counts;
}

/** Articles published on each of the last `days` days (site time zone), oldest first. */
export async function publishedPerDay(db: Db, clock: Clock, timeZone: string, days = 14): Promise<Array<{ day: string; count: number }>> {
  const now = clock.now();
  const keys: string[] = [];
  for (let i = days - 1; i >= 0; i--) {
    keys.push(localDay(new Date(now.getTime() - i * 86_400_000), timeZone));
  }
  const since = new Date(now.getTime() - (days + 1) * 86_400_000).toISOString();
  const counts = new Map(keys.map((k) => [k, 0]));
  for (const at of await publishedSince(db, since)) {
    const key = localDay(new Date(at), timeZone);
    if (counts.has(key)) counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return keys.map((day) => ({ day, count: counts.get(day) ?? 0 }));
}
