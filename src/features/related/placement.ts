/**
 * Where one article goes in another's related list once it has been scored against that
 * list's owner. A list keeps RELATED_KEPT entries, strongest first; what it left out is not
 * stored, so the only bar to judge by is the weakest entry it kept.
 */
export const RELATED_KEPT = 10;
/** The same products summed in another order can differ in the last bits. */
const SAME_SCORE = 1e-9;

export interface Scored {
  readonly id: number;
  readonly score: number;
}

export const byScore = (a: Scored, b: Scored) => b.score - a.score || b.id - a.id;

/**
 * The list once `id` has scored `score` against its owner (undefined: no keyword in common).
 * A newcomer must beat the weakest entry of a full list. An entry already there stays while
 * it scores at least the weakest of the list as stored: nothing left out scored more than that.
 */
export function placed(list: readonly Scored[], id: number, score: number | undefined): Scored[] {
  const others = list.filter((r) => r.id !== id);
  if (score === undefined) return others;
  const held = others.length < list.length;
  const bar = held ? list : others;
  const weakest = bar.length >= RELATED_KEPT ? Math.min(...bar.map((r) => r.score)) : -Infinity;
  const stays = held ? score >= weakest - SAME_SCORE : score > weakest;
  return stays ? [...others, { id, score }].sort(byScore).slice(0, RELATED_KEPT) : others;
}
