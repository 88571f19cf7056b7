/**
 * Whether a database is consistent: every derived counter agrees with the rows it is
 * derived from (mood counters and daily rollups with the votes, read totals with the daily
 * reads, the search documents with the published articles), and on SQLite the file itself
 * passes its integrity, foreign-key and full-text index checks. Returns the problems found,
 * each named, so an empty list is the pass.
 */
import SQLite from 'better-sqlite3';
import type { Db } from '../../src/db/schema.ts';
import { localDay } from '../../src/shared/time.ts';
import type { TestDatabase } from './databases.ts';

function compareCounts(what: string, expected: ReadonlyMap<string, number>, actual: ReadonlyMap<string, number>): string[] {
  const problems: string[] = [];
  for (const key of new Set([...expected.keys(), ...actual.keys()])) {
    const want = expected.get(key) ?? 0;
    const got = actual.get(key) ?? 0;
    if (want !== got) problems.push(`${what} ${key}: ${got}, but its source says ${want}`);
  }
  return problems;
}

function add(map: Map<string, number>, key: string, n = 1): void {
  map.set(key, (map.get(key) ?? 0) + n);
}

async function moodProblems(db: Db, timeZone: string): Promise<string[]> {
  const votes = await db.selectFrom('mood_votes').select(['article_id', 'mood_id', 'created_at']).execute();
  const perArticle = new Map<string, number>();
  const perDay = new Map<string, number>();
  for (const v of votes) {
    add(perArticle, `${v.article_id}/${v.mood_id}`);
    add(perDay, `${localDay(new Date(v.created_at), timeZone)}/${v.article_id}/${v.mood_id}`);
  }
  const counts = await db
    .selectFrom('mood_counts')
    .innerJoin('articles', 'articles.id', 'mood_counts.article_id')
    .select(['mood_counts.article_id', 'mood_counts.mood_id', 'mood_counts.count', 'mood_counts.channel_id', 'articles.channel_id as article_channel'])
    .execute();
  const daily = await db.selectFrom('mood_daily').select(['day', 'article_id', 'mood_id', 'count']).execute();
  return [
    ...compareCounts('mood_counts', perArticle, new Map(counts.map((c) => [`${c.article_id}/${c.mood_id}`, Number(c.count)]))),
    ...compareCounts('mood_daily', perDay, new Map(daily.map((d) => [`${d.day}/${d.article_id}/${d.mood_id}`, Number(d.count)]))),
    ...counts.filter((c) => c.channel_id !== c.article_channel).map((c) => `mood_counts ${c.article_id}/${c.mood_id}: channel ${c.channel_id}, article is in ${c.article_channel}`),
  ];
}

async function viewProblems(db: Db): Promise<string[]> {
  const daily = await db.selectFrom('view_daily').select(['article_id', 'views']).execute();
  const sums = new Map<string, number>();
  for (const d of daily) add(sums, String(d.article_id), Number(d.views));
  const totals = await db.selectFrom('article_views').select(['article_id', 'views']).execute();
  return compareCounts('article_views', sums, new Map(totals.map((t) => [String(t.article_id), Number(t.views)])));
}

async function searchProblems(db: Db): Promise<string[]> {
  const published = await db.selectFrom('articles').select('id').where('status', '=', 'published').execute();
  const docs = await db.selectFrom('search_docs').select('article_id').execute();
  const want = new Set(published.map((a) => a.id));
  const have = new Set(docs.map((d) => d.article_id));
  return [
    ...[...want].filter((id) => !have.has(id)).map((id) => `search_docs: published article ${id} has no document`),
    ...[...have].filter((id) => !want.has(id)).map((id) => `search_docs: article ${id} is not published but has a document`),
  ];
}

/**
 * On a connection of its own, as a restarted process opens the file. A long-lived one can
 * hold FTS5's cached index structure from before another process wrote, and
 * `pragma integrity_check` then reports corruption that is not there (SQLite 3.53).
 */
function sqliteFileProblems(file: string): string[] {
  const problems: string[] = [];
  const db = new SQLite(file, { fileMustExist: true, timeout: 5000 });
  try {
    const integrity = (db.pragma('integrity_check') as Array<{ integrity_check: string }>).map((r) => r.integrity_check);
    if (integrity.join() !== 'ok') problems.push(`integrity_check: ${integrity.join('; ')}`);
    for (const o of db.pragma('foreign_key_check') as Array<{ table: string; rowid: number; parent: string }>) {
      problems.push(`foreign_key_check: ${o.table} row ${o.rowid} points at a missing ${o.parent}`);
    }
    try {
      // With rank 1, FTS5 also checks its index against the external content table (search_docs).
      db.exec(`insert into search_fts(search_fts, rank) values ('integrity-check', 1)`);
    } catch (error) {
      problems.push(`search_fts integrity-check: ${(error as Error).message}`);
    }
  } finally {
    db.close();
  }
  return problems;
}

export async function consistencyProblems(t: TestDatabase, timeZone: string): Promise<string[]> {
  const db = t.database.db;
  return [
    ...(t.config.dialect === 'sqlite' ? sqliteFileProblems(t.config.file) : []),
    ...(await moodProblems(db, timeZone)),
    ...(await viewProblems(db)),
    ...(await searchProblems(db)),
  ];
}
