/** The mood poll (您此时的心情): the set of moods readers can pick, and their counts. */

export interface Mood {
  readonly id: number;
  readonly key: string;
  readonly nameZh: string;
  readonly nameEn: string;
  readonly icon: string;
  readonly position: number;
}

export interface MoodTally extends Mood {
  readonly count: number;
}

export interface MoodState {
  readonly tallies: readonly MoodTally[];
  /** The reader's own vote on this article, by mood key. */
  readonly choice: string | null;
}

export interface RankedArticle {
  readonly articleId: number;
  readonly count: number;
}

export type RankingPeriod = 'today' | 'yesterday' | 'week' | 'month' | 'all';
export const RANKING_PERIODS: readonly RankingPeriod[] = ['today', 'yesterday', 'week', 'month', 'all'];

export function isRankingPeriod(value: unknown): value is RankingPeriod {
  return typeof value === 'string' && (RANKING_PERIODS as readonly string[]).includes(value);
}

export const MOOD_KEY = /^[a-z][a-z0-9_-]{0,30}$/;

/** A poll readers can take in at a glance; it also bounds what the ranking block shows. */
export const MAX_ACTIVE_MOODS = 12;
