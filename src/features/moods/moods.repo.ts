import type { Db, MoodsTable } from '../../db/schema.ts';
import type { Selectable } from 'kysely';

export function activeMoods(db: Db): Promise<Array<Selectable<MoodsTable>>> {
  return db.selectFrom('moods').selectAll().where('active', '=', 1).orderBy('position').orderBy('id').execute();
}

export function allMoods(db: Db): Promise<Array<Selectable<MoodsTable>>> {
  return db.selectFrom('moods').selectAll().orderBy('position').orderBy('id').execute();
}

export async function countsFor(db: Db, articleId: number): Promise<Map<number, number>> {
  const rows = await db.selectFrom('mood_counts').select(['mood_id', 'count']).where('article_id', '=', articleId).execute();
  return new Map(rows.map((r) => [r.mood_id, r.count]));
}

export async function voteOf(db: Db, articleId: number, readerId: string): Promise<number | null> {
  const row = await db.selectFrom('mood_votes').select('mood_id').where('article_id', '=', articleId).where('reader_id', '=', readerId).executeTakeFirst();
  return row?.mood_id ?? null;
}

/** Inserts the vote unless this reader already voted on this article; true when it did. */
export async function insertVote(db: Db, row: { article_id: number; reader_id: string; mood_id: number; ip_hash: string; created_at: string }): Promise<boolean> {
  const r = await db
    .insertInto('mood_votes')
    .values(row)
    .onConflict((oc) => oc.columns(['article_id', 'reader_id']).doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
}

/** Files an article's mood counts under its channel now (it moved). */
export async function moveMoodCounts(db: Db, articleId: number, channelId: number): Promise<void> {
  await db.updateTable('mood_counts').set({ channel_id: channelId }).where('article_id', '=', articleId).where('channel_id', '<>', channelId).execute();
  await db.updateTable('mood_daily').set({ channel_id: channelId }).where('article_id', '=', articleId).where('channel_id', '<>', channelId).execute();
}

/** Files every count ranked under one channel under another (its articles all moved there). */
export async function moveChannelMoodCounts(db: Db, fromChannelId: number, toChannelId: number): Promise<void> {
  await db.updateTable('mood_counts').set({ channel_id: toChannelId }).where('channel_id', '=', fromChannelId).execute();
  await db.updateTable('mood_daily').set({ channel_id: toChannelId }).where('channel_id', '=', fromChannelId).execute();
}

/** Adds one to an article's count for a mood, and to that day's count (atomic upserts). */
export async function bumpCounts(db: Db, row: { article_id: number; mood_id: number; channel_id: number; day: string }): Promise<void> {
  await db
    .insertInto('mood_counts')
    .values({ article_id: row.article_id, mood_id: row.mood_id, channel_id: row.channel_id, count: 1 })
    .onConflict((oc) => oc.columns(['article_id', 'mood_id']).doUpdateSet((eb) => ({ count: eb('mood_counts.count', '+', 1) })))
    .execute();
  await db
    .insertInto('mood_daily')
    .values({ day: row.day, article_id: row.article_id, mood_id: row.mood_id, channel_id: row.channel_id, count: 1 })
    .onConflict((oc) => oc.columns(['day', 'article_id', 'mood_id']).doUpdateSet((eb) => ({ count: eb('mood_daily.count', '+', 1) })))
    .execute();
}

export async function votesFromAddressSince(db: Db, ipHash: string, since: string): Promise<number> {
  const row = await db
    .selectFrom('mood_votes')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('ip_hash', '=', ipHash)
    .where('created_at', '>=', since)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function recentVoteStats(db: Db, articleId: number, moodId: number, since: string): Promise<{ votes: number; addresses: number }> {
  const row = await db
    .selectFrom('mood_votes')
    .select((eb) => [eb.fn.countAll<number | string>().as('votes'), eb.fn.count<number | string>('ip_hash').distinct().as('addresses')])
    .where('article_id', '=', articleId)
    .where('mood_id', '=', moodId)
    .where('created_at', '>=', since)
    .executeTakeFirstOrThrow();
  return { votes: Number(row.votes), addresses: Number(row.addresses) };
}

export async function insertAlert(db: Db, row: { article_id: number; mood_id: number; window_started_at: string; votes: number; distinct_ips: number; created_at: string }): Promise<void> {
  await db
    .insertInto('mood_alerts')
    .values({ ...row, resolved_at: null })
    .onConflict((oc) => oc.columns(['article_id', 'mood_id', 'window_started_at']).doUpdateSet({ votes: row.votes, distinct_ips: row.distinct_ips }))
    .execute();
}

/** The newest alert for an article and mood raised at or after `since`, open or dismissed. */
export async function latestAlertSince(db: Db, articleId: number, moodId: number, since: string): Promise<number | null> {
  const row = await db
    .selectFrom('mood_alerts')
    .select('id')
    .where('article_id', '=', articleId)
    .where('mood_id', '=', moodId)
    .where('created_at', '>=', since)
    .orderBy('id', 'desc')
    .executeTakeFirst();
  return row?.id ?? null;
}

/** Puts larger figures on an alert; smaller ones (older votes leaving the window) leave it as it is. */
export async function raiseAlert(db: Db, id: number, votes: number, distinctIps: number): Promise<void> {
  await db.updateTable('mood_alerts').set({ votes, distinct_ips: distinctIps }).where('id', '=', id).where('votes', '<', votes).execute();
}

export function openAlerts(db: Db, limit: number) {
  return db
    .selectFrom('mood_alerts')
    .innerJoin('articles', 'articles.id', 'mood_alerts.article_id')
    .innerJoin('moods', 'moods.id', 'mood_alerts.mood_id')
    .select(['mood_alerts.id', 'mood_alerts.article_id', 'articles.title', 'moods.name_zh', 'moods.name_en', 'mood_alerts.votes', 'mood_alerts.distinct_ips', 'mood_alerts.window_started_at'])
    .where('mood_alerts.resolved_at', 'is', null)
    .orderBy('mood_alerts.id', 'desc')
    .limit(limit)
    .execute();
}

export async function resolveAlert(db: Db, id: number, now: string): Promise<void> {
  await db.updateTable('mood_alerts').set({ resolved_at: now }).where('id', '=', id).execute();
}

export interface RankRow {
  article_id: number;
  count: number;
}

/** Top articles for a mood over a set of days, from the daily rollup (indexed by mood, day). */
export async function topByDays(db: Db, moodId: number, days: readonly string[], channelIds: readonly number[] | null, limit: number): Promise<RankRow[]> {
  let q = db
    .selectFrom('mood_daily')
    .select(['article_id', (eb) => eb.fn.sum<number | string>('count').as('total')])
    .where('mood_id', '=', moodId)
    .where('day', 'in', days);
  if (channelIds) q = q.where('channel_id', 'in', channelIds);
  const rows = await q.groupBy('article_id').orderBy('total', 'desc').orderBy('article_id', 'desc').limit(limit).execute();
  return rows.map((r) => ({ article_id: r.article_id, count: Number(r.total) }));
}

/** Top articles for a mood of all time, from the per-article counters (indexed by mood, count). */
export async function topAllTime(db: Db, moodId: number, channelIds: readonly number[] | null, limit: number): Promise<RankRow[]> {
  let q = db.selectFrom('mood_counts').select(['article_id', 'count']).where('mood_id', '=', moodId);
  if (channelIds) q = q.where('channel_id', 'in', channelIds);
  return q.orderBy('count', 'desc').orderBy('article_id', 'desc').limit(limit).execute();
}

export async function updateMood(db: Db, id: number, patch: Partial<Pick<Selectable<MoodsTable>, 'name_zh' | 'name_en' | 'icon' | 'position' | 'active'>>): Promise<void> {
  await db.updateTable('moods').set(patch).where('id', '=', id).execute();
}

export async function insertMood(db: Db, row: { key: string; name_zh: string; name_en: string; icon: string; position: number }): Promise<void> {
  await db.insertInto('moods').values({ ...row, active: 1 }).execute();
}
