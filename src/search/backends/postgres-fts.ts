/**
 * Search on PostgreSQL: the generated tsvector (title A, summary B, body C) under a GIN
 * index, ranked by ts_rank_cd, newest first among equals. Each token is a quoted lexeme in
 * the tsquery text, passed as a parameter: nothing in a query can act as an operator.
 * Ranks are compared as float8 so a cursor's score round-trips exactly.
 */
import { sql } from 'kysely';
import type { Db } from '../../db/schema.ts';
import type { QueryPlan } from '../tokens.ts';
import type { RankedHit, SearchBackend, SearchRequest } from './backend.ts';

const lexeme = (token: string) => `'${token.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;

export function tsquery(plan: QueryPlan): string {
  return plan.map((group) => `(${group.map((alt) => `(${alt.map(lexeme).join(' & ')})`).join(' | ')})`).join(' & ');
}

export const postgresSearch: SearchBackend = {
  async search(db: Db, r: SearchRequest): Promise<RankedHit[]> {
    if (r.plan.length === 0) return [];
    const rank = sql`ts_rank_cd('{0.1, 0.4, 0.8, 1.0}', d.tsv, q)::float8`;
    const filters = [
      sql`d.tsv @@ q`,
      r.channelIds ? (r.channelIds.length ? sql`d.channel_id in (${sql.join(r.channelIds)})` : sql`false`) : sql`true`,
      r.from ? sql`d.published_at >= ${r.from}` : sql`true`,
      r.to ? sql`d.published_at < ${r.to}` : sql`true`,
      r.after
        ? sql`(${rank} < ${r.after.score} or (${rank} = ${r.after.score} and (d.published_at < ${r.after.publishedAt} or (d.published_at = ${r.after.publishedAt} and d.article_id < ${r.after.id}))))`
        : sql`true`,
    ];
    const rows = await sql<{ id: number; score: number; published_at: string }>`
      select d.article_id as id, ${rank} as score, d.published_at as published_at
      from search_docs d, to_tsquery('simple', ${tsquery(r.plan)}) q
      where ${sql.join(filters, sql` and `)}
      order by score desc, d.published_at desc, d.article_id desc
      limit ${r.limit}`.execute(db);
    return rows.rows.map((x) => ({ id: Number(x.id), score: Number(x.score), publishedAt: x.published_at }));
  },
};
