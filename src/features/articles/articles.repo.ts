import type { ArticleRow, ArticleUpdate, Db, NewArticleRow } from '../../db/schema.ts';
import type { Keyset } from '../../shared/cursor.ts';

export interface ArticleRowWithNames extends ArticleRow {
  source_name: string | null;
  editor_name: string | null;
}

export function findArticleById(db: Db, id: number): Promise<ArticleRowWithNames | undefined> {
  return db
    .selectFrom('articles')
    .leftJoin('sources', 'sources.id', 'articles.source_id')
    .leftJoin('people', 'people.id', 'articles.editor_in_charge_id')
    .selectAll('articles')
    .select(['sources.name as source_name', 'people.name as editor_name'])
    .where('articles.id', '=', id)
    .executeTakeFirst();
}

export function findArticleByImportKey(db: Db, key: string): Promise<ArticleRow | undefined> {
  return db.selectFrom('articles').selectAll().where('import_key', '=', key).executeTakeFirst();
}

export async function insertArticle(db: Db, row: NewArticleRow): Promise<number> {
  const { id } = await db.insertInto('articles').values(row).returning('id').executeTakeFirstOrThrow();
  return id;
}

export async function updateArticle(db: Db, id: number, patch: ArticleUpdate): Promise<void> {
  await db.updateTable('articles').set(patch).where('id', '=', id).execute();
}

export function reportersOf(db: Db, articleId: number): Promise<Array<{ id: number; name: string }>> {
  return db
    .selectFrom('article_reporters')
    .innerJoin('people', 'people.id', 'article_reporters.person_id')
    .select(['people.id', 'people.name'])
    .where('article_reporters.article_id', '=', articleId)
    .orderBy('article_reporters.position')
    .execute();
}

export async function replaceReporters(db: Db, articleId: number, personIds: readonly number[]): Promise<void> {
  await db.deleteFrom('article_reporters').where('article_id', '=', articleId).execute();
  if (personIds.length === 0) return;
  await db
    .insertInto('article_reporters')
    .values(personIds.map((person_id, position) => ({ article_id: articleId, person_id, position })))
    .execute();
}

export type ArticleListRow = Pick<ArticleRow, 'id' | 'kind' | 'title' | 'summary' | 'channel_id'> & { published_at: string };

/**
 * Published articles, newest first, after a keyset position. Never OFFSET: the cost of
 * page N is the cost of page 1.
 */
export async function listPublishedArticles(
  db: Db,
  opts: { channelIds?: readonly number[]; tagId?: number; topicId?: number; after?: Keyset | null; limit: number },
): Promise<ArticleListRow[]> {
  let q = db
    .selectFrom('articles')
    .select(['id', 'kind', 'title', 'summary', 'channel_id', 'published_at'])
    .where('status', '=', 'published')
    .where('published_at', 'is not', null);
  if (opts.channelIds) {
    if (opts.channelIds.length === 0) return [];
    q = q.where('channel_id', 'in', opts.channelIds);
  }
  const { tagId, topicId } = opts;
  if (tagId !== undefined) q = q.where('id', 'in', (eb) => eb.selectFrom('article_tags').select('article_id').where('tag_id', '=', tagId));
  if (topicId !== undefined) {
    q = q.where('id', 'in', (eb) =>
      eb
        .selectFrom('topic_articles')
        .innerJoin('topic_sections', 'topic_sections.id', 'topic_articles.section_id')
        .select('topic_articles.article_id')
        .where('topic_sections.topic_id', '=', topicId),
    );
  }
  const after = opts.after;
  if (after) {
    // A row-value comparison: both databases seek the (published_at, id) index to the cursor.
    // The equivalent OR of two comparisons made SQLite walk the index from the newest
    // article down to the cursor (20 ms at page 10,000 of a million articles).
    q = q.where((eb) => eb(eb.refTuple('published_at', 'id'), '<', eb.tuple(after.publishedAt, after.id)));
  }
  const rows = await q.orderBy('published_at', 'desc').orderBy('id', 'desc').limit(opts.limit).execute();
  return rows as ArticleListRow[];
}

export async function countArticles(db: Db): Promise<number> {
  const row = await db
    .selectFrom('articles')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export interface NewsroomArticleRow {
  id: number;
  title: string;
  status: ArticleRow['status'];
  kind: ArticleRow['kind'];
  channel_id: number;
  channel_name: string;
  author_id: number | null;
  author_name: string | null;
  updated_at: string;
  published_at: string | null;
  review_stage: number | null;
  approved_at: string | null;
}

/** The newsroom's article list: most recently changed first, keyset-paged on (updated_at, id). */
export function listNewsroomArticles(
  db: Db,
  opts: { status?: ArticleRow['status']; authorId?: number; before?: { updatedAt: string; id: number } | null; limit: number },
): Promise<NewsroomArticleRow[]> {
  let q = db
    .selectFrom('articles')
    .innerJoin('channels', 'channels.id', 'articles.channel_id')
    .leftJoin('users', 'users.id', 'articles.author_id')
    .select([
      'articles.id',
      'articles.title',
      'articles.status',
      'articles.kind',
      'articles.channel_id',
      'channels.name as channel_name',
      'articles.author_id',
      'users.display_name as author_name',
      'articles.updated_at',
      'articles.published_at',
      'articles.review_stage',
      'articles.approved_at',
    ]);
  if (opts.status) q = q.where('articles.status', '=', opts.status);
  if (opts.authorId !== undefined) q = q.where('articles.author_id', '=', opts.authorId);
  const before = opts.before;
  if (before) {
    q = q.where((eb) =>
      eb.or([eb('articles.updated_at', '<', before.updatedAt), eb.and([eb('articles.updated_at', '=', before.updatedAt), eb('articles.id', '<', before.id)])]),
    );
  }
  return q.orderBy('articles.updated_at', 'desc').orderBy('articles.id', 'desc').limit(opts.limit).execute();
}

export async function countArticlesByStatus(db: Db): Promise<Array<{ status: ArticleRow['status']; n: number }>> {
  const rows = await db
    .selectFrom('articles')
    .select(['status', (eb) => eb.fn.countAll<number | string>().as('n')])
    .groupBy('status')
    .execute();
  return rows.map((r) => ({ status: r.status, n: Number(r.n) }));
}

/** Publication times since a moment, for the dashboard's per-day chart (days are the site's, so grouping happens in code). */
export async function publishedSince(db: Db, since: string): Promise<string[]> {
  const rows = await db
    .selectFrom('articles')
    .select('published_at')
    .where('status', '=', 'published')
    .where('published_at', '>=', since)
    .execute();
  return rows.flatMap((r) => (r.published_at ? [r.published_at] : []));
}

/** Saves an edit only if nobody saved since `version` was read; true when it did. */
export async function updateArticleIfVersion(db: Db, id: number, version: number, patch: ArticleUpdate): Promise<boolean> {
  const result = await db
    .updateTable('articles')
    .set({ ...patch, version: version + 1 })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function publishedByIds(db: Db, ids: readonly number[]): Promise<ArticleListRow[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('articles')
    .select(['id', 'kind', 'title', 'summary', 'channel_id', 'published_at'])
    .where('id', 'in', ids)
    .where('status', '=', 'published')
    .execute();
  return rows as ArticleListRow[];
}

/** Published articles in [from, to), oldest first, after an id: for sitemaps. */
export function publishedBetween(db: Db, from: string, to: string, limit: number) {
  return db
    .selectFrom('articles')
    .select(['id', 'published_at', 'updated_at', 'revised_at', 'title'])
    .where('status', '=', 'published')
    .where('published_at', '>=', from)
    .where('published_at', '<', to)
    .orderBy('published_at')
    .orderBy('id')
    .limit(limit)
    .execute();
}

export async function countPublishedBetween(db: Db, from: string, to: string): Promise<number> {
  const row = await db
    .selectFrom('articles')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('status', '=', 'published')
    .where('published_at', '>=', from)
    .where('published_at', '<', to)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** How many articles were published in [from, to), and the newest publication or correction among them. */
export async function publishedStatsBetween(db: Db, from: string, to: string): Promise<{ count: number; lastModified: string | null }> {
  const row = await db
    .selectFrom('articles')
    .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.max(eb.fn.coalesce('revised_at', 'published_at')).as('last')])
    .where('status', '=', 'published')
    .where('published_at', '>=', from)
    .where('published_at', '<', to)
    .executeTakeFirst();
  return { count: Number(row?.n ?? 0), lastModified: (row?.last as string | null | undefined) ?? null };
}

export async function publishedSpan(db: Db): Promise<{ first: string | null; last: string | null }> {
  const row = await db
    .selectFrom('articles')
    .select((eb) => [eb.fn.min('published_at').as('first'), eb.fn.max('published_at').as('last')])
    .where('status', '=', 'published')
    .executeTakeFirst();
  return { first: (row?.first as string | null) ?? null, last: (row?.last as string | null) ?? null };
}
