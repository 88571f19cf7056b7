/**
 * Search on SQLite: FTS5 finds the matches; the newest SEARCH_CANDIDATES of them (FTS5
 * walks its rowids, the article ids, backwards and stops) are scored by where the query's
 * words are — 10 for each in the title, 4 in the summary, 1 for a match in the body — and
 * newest first among equals. FTS5's own bm25() was used first: it reads the whole posting
 * list of every query word for its IDF, which took seconds for a common word in a million
 * articles (docs/performance.md). Every token is a double-quoted FTS5 string, so nothing in
 * a query can act as an operator, column filter or NEAR group.
 *
 * A cursor resumes after its own article's place in the ranking as it stands now; only when
 * that article is no longer a hit do its score, time and id say where to resume. A score
 * depends only on the article itself, so pages stay consistent as others are published.
 */
import { sql } from 'kysely';
import type { Db } from '../../db/schema.ts';
import type { QueryPlan } from '../tokens.ts';
import { SEARCH_CANDIDATES, type RankedHit, type SearchBackend, type SearchRequest } from './backend.ts';

const quote = (token: string) => `"${token.replace(/"/g, '""')}"`;

export function fts5Match(plan: QueryPlan): string {
  return plan.map((group) => `(${group.map((alt) => `(${alt.map(quote).join(' AND ')})`).join(' OR ')})`).join(' AND ');
}

/** A query's distinct tokens, for scoring (the plan caps how many there are). */
function planTokens(plan: QueryPlan): string[] {
  return [...new Set(plan.flat(2))];
}

export const sqliteSearch: SearchBackend = {
  async search(db: Db, r: SearchRequest): Promise<RankedHit[]> {
    if (r.plan.length === 0) return [];
    const filters = [
      r.channelIds ? (r.channelIds.length ? sql`d.channel_id in (${sql.join(r.channelIds)})` : sql`0 = 1`) : sql`1 = 1`,
      r.from ? sql`d.published_at >= ${r.from}` : sql`1 = 1`,
      r.to ? sql`d.published_at < ${r.to}` : sql`1 = 1`,
    ];
    const has = (column: 'title_tokens' | 'summary_tokens', token: string) => sql`(instr(' ' || d.${sql.ref(column)} || ' ', ${` ${token} `}) > 0)`;
    const score = sql.join(
      [sql`1`, ...planTokens(r.plan).flatMap((token) => [sql`10 * ${has('title_tokens', token)}`, sql`4 * ${has('summary_tokens', token)}`])],
      sql` + `,
    );
    // The limit must sit inside the full-text subquery, or SQLite reads every match first.
    // With a channel or date filter it reads further back, for enough matches that pass.
    const filtered = r.channelIds !== null || r.from !== null || r.to !== null;
    const reach = filtered ? SEARCH_CANDIDATES * 10 : SEARCH_CANDIDATES;
    const candidates = sql`
      select d.article_id as id, ${score} as score, d.published_at as published_at
      from (select rowid as id from search_fts where search_fts match ${fts5Match(r.plan)} order by rowid desc limit ${reach}) s
      join search_docs d on d.article_id = s.id
      where ${sql.join(filters, sql` and `)}
      limit ${SEARCH_CANDIDATES}`;
    const ranked = sql`
      select id, score, published_at, row_number() over (order by score desc, published_at desc, id desc) as place
      from (${candidates})`;
    const a = r.after;
    // The cursor's place now; failing that, how many hits rank at or before its score, time and id.
    const resume = a
      ? sql`place > coalesce(
          (select place from ranked where id = ${a.id}),
          (select count(*) from ranked where score > ${a.score} or (score = ${a.score} and (published_at > ${a.publishedAt} or (published_at = ${a.publishedAt} and id >= ${a.id}))))
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
