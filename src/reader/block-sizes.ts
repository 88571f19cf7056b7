/**
 * How many articles each engagement block shows. The recommended feed leaves out everything
 * the other blocks show, and its "load more" link carries those ids, so the most a page can
 * show elsewhere bounds that link: sized from the blocks, never cut short.
 */
import { MAX_ACTIVE_MOODS } from '../features/moods/mood.ts';

export const RELATED_ITEMS = 5;
export const FOCUS_ITEMS = 6;
export const RANKING_ITEMS = 5;
export const MOST_READ_ITEMS = 8;

/** The article itself, its related list, the carousel, most read, and each mood's ranking. */
export const MAX_EXCLUDED = 1 + RELATED_ITEMS + FOCUS_ITEMS + MOST_READ_ITEMS + MAX_ACTIVE_MOODS * RANKING_ITEMS;

/** Ids are safe integers: at most 16 digits and a comma each. */
export const MAX_EXCLUDE_CHARS = MAX_EXCLUDED * 17;
