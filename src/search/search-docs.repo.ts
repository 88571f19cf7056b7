import type { Db, SearchDocsTable } from '../db/schema.ts';

export async function upsertSearchDoc(db: Db, row: SearchDocsTable): Promise<void> {
  await db
    .insertInto('search_docs')
    .values(row)
    .onConflict((oc) =>
      oc.column('article_id').doUpdateSet({
        channel_id: row.channel_id,
        published_at: row.published_at,
        title_tokens: row.title_tokens,
        summary_tokens: row.summary_tokens,
        body_tokens: row.body_tokens,
      }),
    )
    .execute();
}

/** Files every search document of one channel under another (its articles all moved there). */
export async function moveChannelSearchDocs(db: Db, fromChannelId: number, toChannelId: number): Promise<void> {
  await db.updateTable('search_docs').set({ channel_id: toChannelId }).where('channel_id', '=', fromChannelId).execute();
}

export async function deleteSearchDoc(db: Db, articleId: number): Promise<void> {
  await db.deleteFrom('search_docs').where('article_id', '=', articleId).execute();
}

/** Published articles after `afterId`, for rebuilding the index in batches. */
export function publishedBatch(db: Db, afterId: number, limit: number) {
  return db
    .selectFrom('articles')
    .select(['id', 'channel_id', 'published_at', 'title', 'summary', 'body_html'])
    .where('status', '=', 'published')
    .where('id', '>', afterId)
    .orderBy('id')
    .limit(limit)
    .execute();
}

export async function countPublished(db: Db): Promise<number> {
  const row = await db.selectFrom('articles').select((eb) => eb.fn.countAll<number | string>().as('n')).where('status', '=', 'published').executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Drops the documents of articles that are no longer published (or no longer exist). */
export async function deleteUnpublishedDocs(db: Db): Promise<void> {
  await db
    .deleteFrom('search_docs')
    .where('article_id', 'not in', (eb) => eb.selectFrom('articles').select('id').where('status', '=', 'published'))
    .execute();
}

/** What snippets are cut from: the stored article text of the hits. */
export function hitTexts(db: Db, ids: readonly number[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('articles')
    .select(['id', 'kind', 'title', 'summary', 'body_html', 'channel_id', 'published_at'])
    .where('id', 'in', ids)
    .execute();
}
