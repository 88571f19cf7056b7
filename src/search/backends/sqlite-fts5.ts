/**
 * Search on SQLite: FTS5 with BM25 (title weighted 10, summary 4, body 1), newest first
 * among equals. Every token is a double-quoted FTS5 string, so nothing in a query can act
 * as an operator, column filter or NEAR group.
 */
import { sql } from 'kysely';
import type { Db } from '../../db/schema.ts';
import type { QueryPlan } from '../tokens.ts';
import type { RankedHit, SearchBackend, SearchRequest } from './backend.ts';

const quote = (token: string) => `"${token.replace(/"/g, '""')}"`;

export function fts5Match(plan: QueryPlan): string {
  return plan.map((group) => `(${group.map((alt) => `(${alt.map(quote).join(' AND ')})`).join(' OR ')})`).join(' AND ');
}

export const sqliteSearch: SearchBackend = {
  async search(db: Db, r: SearchRequest): Promise<RankedHit[]> {
    if (r.plan.length === 0) return [];
    const filters = [
      r.channelIds ? (r.channelIds.length ? sql`d.channel_id in (${sql.join(r.channelIds)})` : sql`0 = 1`) : sql`1 = 1`,
      r.from ? sql`d.published_at >= ${r.from}` : sql`1 = 1`,
      r.to ? sql`d.published_at < ${r.to}` : sql`1 = 1`,
      r.after
        ? sql`(s.score > ${r.after.score} or (s.score = ${r.after.score} and (d.published_at < ${r.after.publishedAt} or (d.published_at = ${r.after.publishedAt} and d.article_id < ${r.after.id}))))`
        : sql`1 = 1`,
    ];
    const rows = await sql<{ id: number; score: number; published_at: string }>`
      select d.article_id as id, s.score as score, d.published_at as published_at
      from (select rowid as id, bm25(search_fts, 10.0, 4.0, 1.0) as score from search_fts where search_fts match ${fts5Match(r.plan)}) s
      join search_docs d on d.article_id = s.id
      where ${sql.join(filters, sql` and `)}
      order by s.score asc, d.published_at desc, d.article_id desc
      limit ${r.limit}`.execute(db);
    return rows.rows.map((x) => ({ id: Number(x.id), score: x.score, publishedAt: x.published_at }));
  },
};
