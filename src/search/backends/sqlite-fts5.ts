/**
 * Search on SQLite: FTS5 with BM25 (title weighted 10, summary 4, body 1), newest first
 * among equals. Every token is a double-quoted FTS5 string, so nothing in a query can act
 * as an operator, column filter or NEAR group.
 *
 * BM25 depends on the whole index (how many documents there are, how long, how many hold
 * each term), so every score moves when any article is published or withdrawn. A cursor
 * therefore resumes after its own article's place in the ranking as it stands now, not
 * after its score, which may no longer be anyone's; only when that article is no longer a
 * hit does its score, time and id say where to resume. Hits whose order against the cursor's
 * article changes between two pages (lengths or term rarity shifting) can still repeat or be
 * missed; PostgreSQL's ts_rank_cd uses nothing outside the document, so there it cannot.
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
    ];
    const ranked = sql`
      select d.article_id as id, s.score as score, d.published_at as published_at,
        row_number() over (order by s.score asc, d.published_at desc, d.article_id desc) as place
      from (select rowid as id, bm25(search_fts, 10.0, 4.0, 1.0) as score from search_fts where search_fts match ${fts5Match(r.plan)}) s
      join search_docs d on d.article_id = s.id
      where ${sql.join(filters, sql` and `)}`;
    const a = r.after;
    // The cursor's place now; failing that, how many hits rank at or before its score, time and id.
    const resume = a
      ? sql`place > coalesce(
          (select place from ranked where id = ${a.id}),
          (select count(*) from ranked where score < ${a.score} or (score = ${a.score} and (published_at > ${a.publishedAt} or (published_at = ${a.publishedAt} and id >= ${a.id}))))
        )`
      : sql`1 = 1`;
    const rows = await sql<{ id: number; score: number; published_at: string }>`
      with ranked as (${ranked})
      select id, score, published_at from ranked
      where ${resume}
      order by place
      limit ${r.limit}`.execute(db);
    return rows.rows.map((x) => ({ id: Number(x.id), score: x.score, publishedAt: x.published_at }));
  },
};
