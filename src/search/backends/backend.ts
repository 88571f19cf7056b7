/** One search interface, two full-text engines: SQLite FTS5 and PostgreSQL tsvector/GIN. */
import type { Db } from '../../db/schema.ts';
import type { QueryPlan } from '../tokens.ts';

/**
 * How many of a query's matches are ranked by relevance: the newest by publication time
 * (then id), after the channel and date filters. Beyond that a common word would cost a
 * full ranking of tens of thousands of articles per page; news readers want the relevant
 * among the recent, any rarer query has all its matches in the window, and a reader who
 * wants older ones narrows the dates. A cut window is reported (`truncated`), never silent.
 */
export const SEARCH_CANDIDATES = 500;

export interface SearchCursor {
  /** The engine's relevance score of the last hit (its own scale; compared only with itself). */
  readonly score: number;
  readonly publishedAt: string;
  readonly id: number;
  /** The page came from the any-word fallback (nothing had every word). */
  readonly partial: boolean;
}

export interface SearchRequest {
  readonly plan: QueryPlan;
  readonly channelIds: readonly number[] | null;
  readonly from: string | null;
  readonly to: string | null;
  readonly after: Omit<SearchCursor, 'partial'> | null;
  readonly limit: number;
}

export interface RankedHit {
  readonly id: number;
  readonly score: number;
  readonly publishedAt: string;
}

export interface RankedPage {
  readonly hits: RankedHit[];
  /** More than SEARCH_CANDIDATES articles matched: only the newest of them were ranked. */
  readonly truncated: boolean;
}

export interface SearchBackend {
  search(db: Db, request: SearchRequest): Promise<RankedPage>;
}
