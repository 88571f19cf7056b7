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
  opts: { channelIds?: readonly number[]; after?: Keyset | null; limit: number },
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
  const after = opts.after;
  if (after) {
    q = q.where((eb) =>
      eb.or([
        eb('published_at', '<', after.publishedAt),
        eb.and([eb('published_at', '=', after.publishedAt), eb('id', '<', after.id)]),
      ]),
    );
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
