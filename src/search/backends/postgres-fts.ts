/**
 * Search on PostgreSQL: the generated tsvector (title A, summary B, body C) under a GIN
 * index. The matches that pass the channel and date filters are taken from the index; the
 * newest SEARCH_CANDIDATES of them by publication time are ranked by ts_rank_cd, newest
 * first among equals. Each token is a quoted lexeme in the tsquery text, passed as a
 * parameter: nothing in a query can act as an operator. Ranks are compared as float8 so a
 * cursor's score round-trips exactly.
 */
import { sql } from 'kysely';
import type { Db } from '../../db/schema.ts';
import type { QueryPlan } from '../tokens.ts';
import { SEARCH_CANDIDATES, type RankedPage, type SearchBackend, type SearchRequest } from './backend.ts';

const lexeme = (token: string) => `'${token.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;

export function tsquery(plan: QueryPlan): string {
  return plan.map((group) => `(${group.map((alt) => `(${alt.map(lexeme).join(' & ')})`).join(' | ')})`).join(' & ');
}

export const postgresSearch: SearchBackend = {
  async search(db: Db, r: SearchRequest): Promise<RankedPage> {
    if (r.plan.length === 0) return { hits: [], truncated: false };
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
    // The matches are materialised from the GIN index: left to itself the planner may walk
    // an ordered index backwards testing every row's tsvector, which for a rare word reads
    // the whole table. One match past the window says whether it was cut; the outer join
    // answers that even when the page itself is empty.
    const rows = await sql<{ truncated: boolean; id: number | null; score: number | null; published_at: string | null }>`
      with matches as materialized (
        select d.article_id, d.published_at from search_docs d
        where ${sql.join(filters, sql` and `)}
      ), newest as materialized (
        select article_id, published_at from matches order by published_at desc, article_id desc limit ${SEARCH_CANDIDATES + 1}
      ), candidates as (
        select d.article_id, d.published_at, d.tsv from search_docs d
        where d.article_id in (select article_id from newest order by published_at desc, article_id desc limit ${SEARCH_CANDIDATES})
      ), scored as (
        select c.article_id as id, ${rank} as score, c.published_at as published_at from candidates c
      )
      select w.truncated, p.id, p.score, p.published_at
      from (select count(*) > ${SEARCH_CANDIDATES} as truncated from newest) w
      left join lateral (
        select id, score, published_at from scored
        where ${resume}
        order by score desc, published_at desc, id desc
        limit ${r.limit}
      ) p on true
      order by p.score desc, p.published_at desc, p.id desc`.execute(db);
    return {
      truncated: rows.rows[0]?.truncated ?? false,
      hits: rows.rows.flatMap((x) => (x.id === null || x.published_at === null ? [] : [{ id: Number(x.id), score: Number(x.score), publishedAt: x.published_at }])),
    };
  },
};
