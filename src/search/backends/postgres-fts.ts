/**
 * Search on PostgreSQL: the generated tsvector (title A, summary B, body C) under a GIN
 * index; the newest SEARCH_CANDIDATES matches ranked by ts_rank_cd, newest first among equals. Each token is a quoted lexeme in
 * the tsquery text, passed as a parameter: nothing in a query can act as an operator.
 * Ranks are compared as float8 so a cursor's score round-trips exactly.
 */
import { sql } from 'kysely';
import type { Db } from '../../db/schema.ts';
import type { QueryPlan } from '../tokens.ts';
import { SEARCH_CANDIDATES, type RankedHit, type SearchBackend, type SearchRequest } from './backend.ts';

const lexeme = (token: string) => `'${token.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;

export function tsquery(plan: QueryPlan): string {
  return plan.map((group) => `(${group.map((alt) => `(${alt.map(lexeme).join(' & ')})`).join(' | ')})`).join(' & ');
}

export const postgresSearch: SearchBackend = {
  async search(db: Db, r: SearchRequest): Promise<RankedHit[]> {
    if (r.plan.length === 0) return [];
    const filters = [
      sql`d.tsv @@ to_tsquery('simple', ${tsquery(r.plan)})`,
      r.channelIds ? (r.channelIds.length ? sql`d.channel_id in (${sql.join(r.channelIds)})` : sql`false`) : sql`true`,
      r.from ? sql`d.published_at >= ${r.from}` : sql`true`,
      r.to ? sql`d.published_at < ${r.to}` : sql`true`,
    ];
    const rank = sql`ts_rank_cd('{0.1, 0.4, 0.8, 1.0}', c.tsv, to_tsquery('simple', ${tsquery(r.plan)}))::float8`;
    const a = r.after;
    const resume = a
      ? sql`(score < ${a.score} or (score = ${a.score} and (published_at < ${a.publishedAt} or (published_at = ${a.publishedAt} and id < ${a.id}))))`
      : sql`true`;
    // As on SQLite, the newest SEARCH_CANDIDATES matches are ranked, not every match. The
    // matches are materialised from the GIN index: left to itself the planner may walk the
    // primary key backwards testing every row's tsvector, which for a rare word reads the
    // whole table.
    const rows = await sql<{ id: number; score: number; published_at: string }>`
      with matches as materialized (
        select d.article_id, d.published_at from search_docs d
        where ${sql.join(filters, sql` and `)}
      ), candidates as (
        select d.article_id, d.published_at, d.tsv from search_docs d
        where d.article_id in (select article_id from matches order by article_id desc limit ${SEARCH_CANDIDATES})
      ), scored as (
        select c.article_id as id, ${rank} as score, c.published_at as published_at from candidates c
      )
      select id, score, published_at from scored
      where ${resume}
      order by score desc, published_at desc, id desc
      limit ${r.limit}`.execute(db);
    return rows.rows.map((x) => ({ id: Number(x.id), score: Number(x.score), publishedAt: x.published_at }));
  },
};
