/**
 * What the scenarios request, read from the benchmark's database: the feed's cursor at a
 * given depth, Chinese search queries that occur in the dataset, the article to vote on.
 * Harness code, run once before the load: the OFFSET here finds a depth to start from; the
 * server's own paging never uses one.
 */
import type { Db } from '../../src/db/schema.ts';
import { FEED_PAGE_SIZE } from '../../src/features/feed/feed.service.ts';
import { encodeCursor } from '../../src/shared/cursor.ts';
import { vocabulary } from '../../src/demo/dataset/vocabulary.ts';

export async function publishedCount(db: Db): Promise<number> {
  const row = await db.selectFrom('articles').select((eb) => eb.fn.countAll<number | string>().as('n')).where('status', '=', 'published').executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The home feed's "load more" URL that shows page `depth + 1` (depth pages already seen). */
export async function loadMorePath(db: Db, depth: number): Promise<string> {
  const row = await db
    .selectFrom('articles')
    .select(['id', 'published_at'])
    .where('status', '=', 'published')
    .orderBy('published_at', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .offset(depth * FEED_PAGE_SIZE - 1)
    .executeTakeFirstOrThrow();
  const after = encodeCursor({ publishedAt: row.published_at as string, id: Number(row.id) });
  return `/?after=${after}&fragment=1`;
}

/**
 * Queries readers type: a place, a subject, a place with a subject, and rarer words; each
 * checked to occur in some title of the dataset, so none is an empty search.
 */
export async function searchQueries(db: Db, count: number): Promise<string[]> {
  const words = vocabulary();
  const candidates = [
    ...words.places.slice(10, 60),
    ...words.nouns.slice(300, 400),
    ...words.nouns.slice(3000, 3050),
  ];
  const queries: string[] = [];
  for (const w of candidates) {
    if (queries.length >= count) break;
    const hit = await db.selectFrom('articles').select('title').where('title', 'like', `%${w}%`).limit(1).executeTakeFirst();
    if (!hit) continue;
    queries.push(queries.length % 3 === 2 ? (hit.title.match(/\p{Script=Han}{2,}/gu)?.slice(0, 2).map((r) => r.slice(0, 4)).join(' ') ?? w) : w);
  }
  return queries;
}
