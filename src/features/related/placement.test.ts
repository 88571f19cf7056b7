import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { placed, RELATED_KEPT, type Scored } from './placement.ts';

/** A full list: ids 1…10 scoring 1 down to 0.4375 in steps of 1/16 (exact in binary). */
const full: Scored[] = Array.from({ length: RELATED_KEPT }, (_, i) => ({ id: i + 1, score: 1 - i / 16 }));
const ids = (list: readonly Scored[]) => list.map((r) => r.id);

describe('placed', () => {
  it('lets a newcomer into a list with room, in score order', () => {
    assert.deepEqual(placed([{ id: 1, score: 0.5 }], 99, 0.7), [
      { id: 99, score: 0.7 },
      { id: 1, score: 0.5 },
    ]);
  });

  it('lets a newcomer into a full list only if it beats the weakest, which then goes', () => {
    assert.deepEqual(ids(placed(full, 99, 0.4375)), ids(full));
    assert.deepEqual(ids(placed(full, 99, 0.44)), [1, 2, 3, 4, 5, 6, 7, 8, 9, 99]);
  });

  it('moves an entry already there to its new score', () => {
    assert.deepEqual(ids(placed(full, 8, 1.5)), [8, 1, 2, 3, 4, 5, 6, 7, 9, 10]);
    assert.deepEqual(ids(placed(full, 2, 0.47)), [1, 3, 4, 5, 6, 7, 8, 9, 2, 10]);
  });

  it('keeps an entry of a full list down to the weakest score it stored, and drops it below', () => {
    assert.deepEqual(ids(placed(full, 3, 0.4375)), [1, 2, 4, 5, 6, 7, 8, 9, 10, 3]);
    // Summed in another order: the same score, give or take the last bits.
    assert.deepEqual(ids(placed(full, 10, 0.4375 - 1e-15)), ids(full));
    assert.deepEqual(ids(placed(full, 3, 0.43)), [1, 2, 4, 5, 6, 7, 8, 9, 10]);
  });

  it('keeps an entry of a list with room, however weak', () => {
    assert.deepEqual(ids(placed(full.slice(0, 5), 2, 0.01)), [1, 3, 4, 5, 2]);
  });

  it('drops an entry that no longer shares a keyword with the list owner', () => {
    assert.deepEqual(ids(placed(full, 1, undefined)), [2, 3, 4, 5, 6, 7, 8, 9, 10]);
    assert.deepEqual(placed([], 1, undefined), []);
  });
});
