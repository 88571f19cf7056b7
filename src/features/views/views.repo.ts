import type { Db } from '../../db/schema.ts';

/** Adds a batch of reads: the article's total and its day's (atomic upserts). */
export async function addViews(db: Db, row: { article_id: number; channel_id: number; day: string; views: number }): Promise<void> {
  await db
    .insertInto('article_views')
    .values({ article_id: row.article_id, views: row.views })
    .onConflict((oc) => oc.column('article_id').doUpdateSet((eb) => ({ views: eb('article_views.views', '+', row.views) })))
    .execute();
  await db
    .insertInto('view_daily')
    .values(row)
    .onConflict((oc) => oc.columns(['day', 'article_id']).doUpdateSet((eb) => ({ views: eb('view_daily.views', '+', row.views) })))
    .execute();
}

/** Files an article's daily reads under its channel now (it moved). */
export async function moveDailyViews(db: Db, articleId: number, channelId: number): Promise<void> {
  await db.updateTable('view_daily').set({ channel_id: channelId }).where('article_id', '=', articleId).where('channel_id', '<>', channelId).execute();
}

/** Files every day's reads under one channel under another (its articles all moved there). */
export async function moveChannelDailyViews(db: Db, fromChannelId: number, toChannelId: number): Promise<void> {
  await db.updateTable('view_daily').set({ channel_id: toChannelId }).where('channel_id', '=', fromChannelId).execute();
}

export async function viewsOf(db: Db, articleId: number): Promise<number> {
  const row = await db.selectFrom('article_views').select('views').where('article_id', '=', articleId).executeTakeFirst();
  return row?.views ?? 0;
}

export async function mostReadOn(db: Db, days: readonly string[], channelIds: readonly number[] | null, limit: number) {
  let q = db
    .selectFrom('view_daily')
    .innerJoin('articles', 'articles.id', 'view_daily.article_id')
    .select(['articles.id', 'articles.kind', 'articles.title', 'articles.summary', 'articles.channel_id', 'articles.published_at', (eb) => eb.fn.sum<number | string>('view_daily.views').as('total')])
    .where('view_daily.day', 'in', days)
    .where('articles.status', '=', 'published');
  if (channelIds) q = q.where('view_daily.channel_id', 'in', channelIds);
  return q
    .groupBy(['articles.id', 'articles.kind', 'articles.title', 'articles.summary', 'articles.channel_id', 'articles.published_at'])
    .orderBy('total', 'desc')
    .orderBy('articles.id', 'desc')
    .limit(limit)
    .execute();
}
