/**
 * Search on SQLite. FTS5 walks a query's matches by rowid (the article id), newest first,
 * and each is joined to its document as it goes, so the channel and date filters apply
 * before the walk stops: a narrow filter reaches back as far as its matches are. The walk
 * stops one past SEARCH_CANDIDATES, so without filters a common word costs the same as a
 * rare one; with them, it costs a walk over the newer matches the filters leave out.
 *
 * Ids follow creation, not publication: an article drafted long ago and published today,
 * or an archive imported with old dates, sits out of order. The window is therefore made
 * exact by publication time: any match published later than the SEARCH_CANDIDATES-th
 * walked one must have a smaller id than every walked one (else it was walked), so those
 * documents are read from the publication-time index and checked against FTS5 one by one.
 * Normally there are none or a few; the check is bounded (LATE_CHECKS) for the case an
 * import throws the order out wholesale.
 *
 * The window is scored by where the query's words are (10 for each in the title, 4 in the
 * summary, 1 for a match in the body) and ordered newest first among equals. FTS5's own
 * bm25() was used first: it reads the whole posting list of every query word for its IDF,
 * which took seconds for a common word in a million articles (docs/performance.md). Every
 * token is a double-quoted FTS5 string, so nothing in a query can act as an operator,
 * column filter or NEAR group.
 *
 * A cursor resumes after its own article's place in the ranking as it stands now; only when
 * that article is no longer a hit do its score, time and id say where to resume. A score
 * depends only on the article itself, so pages stay consistent as others are published.
 */
import { sql } from 'kysely';
import type { Db } from '../../db/schema.ts';
import type { QueryPlan } from '../tokens.ts';
import { SEARCH_CANDIDATES, type RankedHit, type RankedPage, type SearchBackend, type SearchRequest } from './backend.ts';

/**
 * How many documents published out of id order are checked against FTS5 at most: far more
 * than a newsroom's late publications, a bound for an import that reverses the order wholesale.
 */
const LATE_CHECKS = SEARCH_CANDIDATES * 10;

const quote = (token: string) => `"${token.replace(/"/g, '""')}"`;

export function fts5Match(plan: QueryPlan): string {
  return plan.map((group) => `(${group.map((alt) => `(${alt.map(quote).join(' AND ')})`).join(' OR ')})`).join(' AND ');
}

/** A query's distinct tokens, for scoring (the plan caps how many there are). */
function planTokens(plan: QueryPlan): string[] {
  return [...new Set(plan.flat(2))];
}

interface Dated {
  readonly id: number;
  readonly published_at: string;
}

/** Newest first by publication, then by id: the order of the window and of ties in the ranking. */
const newestFirst = (a: Dated, b: Dated) => (a.published_at === b.published_at ? b.id - a.id : a.published_at < b.published_at ? 1 : -1);

/** Ranks `x` before `y`: higher score, then newer, then higher id. */
const ranksBefore = (x: RankedHit, y: RankedHit) =>
  x.score !== y.score ? x.score > y.score : x.publishedAt !== y.publishedAt ? x.publishedAt > y.publishedAt : x.id > y.id;

export const sqliteSearch: SearchBackend = {
  async search(db: Db, r: SearchRequest): Promise<RankedPage> {
    if (r.plan.length === 0) return { hits: [], truncated: false };
    const match = fts5Match(r.plan);
    const filters = sql.join(
      [
        r.channelIds ? (r.channelIds.length ? sql`d.channel_id in (${sql.join(r.channelIds)})` : sql`0 = 1`) : sql`1 = 1`,
        r.from ? sql`d.published_at >= ${r.from}` : sql`1 = 1`,
        r.to ? sql`d.published_at < ${r.to}` : sql`1 = 1`,
      ],
      sql` and `,
    );
    // CROSS JOIN keeps FTS5 outside, walking its rowids backwards: the limit then stops the
    // walk, where a plan led by search_docs would test every document of a channel or range.
    const walked = (
      await sql<Dated>`
        select d.article_id as id, d.published_at as published_at
        from search_fts cross join search_docs d on d.article_id = search_fts.rowid
        where search_fts match ${match} and ${filters}
        order by search_fts.rowid desc
        limit ${SEARCH_CANDIDATES + 1}`.execute(db)
    ).rows.map((x) => ({ id: Number(x.id), published_at: x.published_at }));
    const truncated = walked.length > SEARCH_CANDIDATES;
    let pool = walked;
    if (truncated) {
      const edge = [...walked].sort(newestFirst)[SEARCH_CANDIDATES - 1] as Dated;
      const oldestWalked = walked.at(-1) as Dated;
      const late = await sql<Dated>`
        select c.id, c.published_at from (
          select d.article_id as id, d.published_at as published_at from search_docs d
          where d.published_at > ${edge.published_at} and d.article_id < ${oldestWalked.id} and ${filters}
          order by d.published_at desc, d.article_id desc
          limit ${LATE_CHECKS}
        ) c
        where exists (select 1 from search_fts where search_fts match ${match} and search_fts.rowid = c.id)
        limit ${SEARCH_CANDIDATES}`.execute(db);
      pool = [...walked, ...late.rows.map((x) => ({ id: Number(x.id), published_at: x.published_at }))];
    }
    const window = pool.sort(newestFirst).slice(0, SEARCH_CANDIDATES);
    if (window.length === 0) return { hits: [], truncated };

    const has = (column: 'title_tokens' | 'summary_tokens', token: string) => sql`(instr(' ' || d.${sql.ref(column)} || ' ', ${` ${token} `}) > 0)`;
    const score = sql.join(
      [sql`1`, ...planTokens(r.plan).flatMap((token) => [sql`10 * ${has('title_tokens', token)}`, sql`4 * ${has('summary_tokens', token)}`])],
      sql` + `,
    );
    const scored = await sql<Dated & { score: number }>`
      select d.article_id as id, d.published_at as published_at, ${score} as score from search_docs d
      where d.article_id in (select value from json_each(${JSON.stringify(window.map((w) => w.id))}))`.execute(db);
    const ranked: RankedHit[] = scored.rows
      .map((x) => ({ id: Number(x.id), score: Number(x.score), publishedAt: x.published_at }))
      .sort((x, y) => (ranksBefore(x, y) ? -1 : ranksBefore(y, x) ? 1 : 0));
    const a = r.after;
    // The cursor's place now; failing that, after every hit that ranks at or before its score, time and id.
    const place = a ? ranked.findIndex((h) => h.id === a.id) : -1;
    const start = !a ? 0 : place >= 0 ? place + 1 : ranked.filter((h) => ranksBefore(h, a)).length;
    return { hits: ranked.slice(start, start + r.limit), truncated };
  },
};
