import type { Db } from '../../db/schema.ts';

export async function replaceTerms(db: Db, articleId: number, terms: ReadonlyArray<{ term: string; weight: number }>): Promise<void> {
  await db.deleteFrom('article_terms').where('article_id', '=', articleId).execute();
  if (terms.length > 0) await db.insertInto('article_terms').values(terms.map((t) => ({ article_id: articleId, term: t.term, weight: t.weight }))).execute();
}

/** The strongest other articles for a term (index on term, weight). */
export function postings(db: Db, term: string, exceptId: number, limit: number) {
  return db
    .selectFrom('article_terms')
    .select(['article_id', 'weight'])
    .where('term', '=', term)
    .where('article_id', '<>', exceptId)
    .orderBy('weight', 'desc')
    .limit(limit)
    .execute();
}

export function candidateFacts(db: Db, ids: readonly number[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db.selectFrom('articles').select(['id', 'channel_id', 'status']).where('id', 'in', ids).execute();
}

export async function tagIdsOf(db: Db, ids: readonly number[]): Promise<Array<{ article_id: number; tag_id: number }>> {
  if (ids.length === 0) return [];
  return db.selectFrom('article_tags').select(['article_id', 'tag_id']).where('article_id', 'in', ids).execute();
}

export async function replaceRelated(db: Db, articleId: number, list: ReadonlyArray<{ id: number; score: number }>): Promise<void> {
  await db.deleteFrom('article_related').where('article_id', '=', articleId).execute();
  if (list.length > 0) {
    await db.insertInto('article_related').values(list.map((r, position) => ({ article_id: articleId, related_id: r.id, score: r.score, position }))).execute();
  }
}

/** The articles whose lists hold this one (index on related_id). */
export async function listsHolding(db: Db, articleId: number): Promise<number[]> {
  const rows = await db.selectFrom('article_related').select('article_id').where('related_id', '=', articleId).execute();
  return rows.map((r) => r.article_id);
}

/** Several articles' lists at once, each in order. */
export function listsOf(db: Db, ids: readonly number[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('article_related')
    .select(['article_id', 'related_id', 'score'])
    .where('article_id', 'in', ids)
    .orderBy('article_id')
    .orderBy('position')
    .execute();
}

/** The stored weights these articles give to any of `terms`. */
export function termWeights(db: Db, ids: readonly number[], terms: readonly string[]) {
  if (ids.length === 0 || terms.length === 0) return Promise.resolve([]);
  return db.selectFrom('article_terms').select(['article_id', 'term', 'weight']).where('article_id', 'in', ids).where('term', 'in', terms).execute();
}

/** Its keywords, its list, and its place in every other list. */
/** Whether the article has keywords or sits in any related list (it was published). */
export async function isIndexed(db: Db, articleId: number): Promise<boolean> {
  const terms = await db.selectFrom('article_terms').select('article_id').where('article_id', '=', articleId).limit(1).executeTakeFirst();
  if (terms) return true;
  const listed = await db
    .selectFrom('article_related')
    .select('article_id')
    .where((eb) => eb.or([eb('article_id', '=', articleId), eb('related_id', '=', articleId)]))
    .limit(1)
    .executeTakeFirst();
  return listed !== undefined;
}

export async function clearArticle(db: Db, articleId: number): Promise<void> {
  await db.deleteFrom('article_terms').where('article_id', '=', articleId).execute();
  await db
    .deleteFrom('article_related')
    .where((eb) => eb.or([eb('article_id', '=', articleId), eb('related_id', '=', articleId)]))
    .execute();
}

/** A published article's related list, published articles only, in order. */
export function relatedPublished(db: Db, articleId: number, limit: number) {
  return db
    .selectFrom('article_related')
    .innerJoin('articles', 'articles.id', 'article_related.related_id')
    .select(['articles.id', 'articles.kind', 'articles.title', 'articles.summary', 'articles.channel_id', 'articles.published_at'])
    .where('article_related.article_id', '=', articleId)
    .where('articles.status', '=', 'published')
    .orderBy('article_related.position')
    .limit(limit)
    .execute();
}
