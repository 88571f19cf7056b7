import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { cursorText, isPositiveSafeId, isStorableInstant, lookAlikeId, lookAlikeInstant, positiveSafeId, storableInstant } from '../../test/helpers/cursor-text.ts';
import { decodeSearchCursor, encodeSearchCursor } from './search-cursor.ts';

/** Any finite score; JSON writes -0 as 0, which ranks in the same place. */
const score = fc.double({ noNaN: true, noDefaultInfinity: true }).map((x) => (Object.is(x, -0) ? 0 : x));

/** JSON text of arrays shaped like the cursor, with any element swapped for a near-miss. */
const searchPayload = fc.oneof(
  {
    weight: 4,
    arbitrary: fc
      .tuple(
        fc.oneof({ weight: 4, arbitrary: score }, fc.constantFrom(Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY), fc.string(), fc.constant(null)),
        fc.oneof({ weight: 4, arbitrary: lookAlikeInstant }, fc.integer(), fc.constant(null)),
        fc.oneof({ weight: 4, arbitrary: positiveSafeId }, lookAlikeId.map((t) => Number(t)), fc.constantFrom(1.5, -1, 0, 2 ** 53, 2 ** 64), lookAlikeId),
        fc.option(fc.constantFrom<unknown>(1, 0, 2, true, '1', null, [1]), { nil: undefined }),
      )
      // Number('1e999') is Infinity, which JSON would write as null: write such numbers by hand.
      .map(([s, at, id, partial]) => `[${[s, at, id, ...(partial === undefined ? [] : [partial])].map((x) => (typeof x === 'number' && !Number.isFinite(x) ? String(x).replace('Infinity', '1e999') : JSON.stringify(x))).join(',')}]`),
  },
  { weight: 1, arbitrary: fc.json() },
  { weight: 1, arbitrary: fc.array(fc.jsonValue(), { maxLength: 6 }).map((a) => JSON.stringify(a)) },
);

describe('search cursors, for any input', () => {
  it('decode every position they encode, with or without the any-word flag', () => {
    fc.assert(
      fc.property(score, storableInstant, positiveSafeId, fc.boolean(), (s, publishedAt, id, partial) => {
        const c = { score: s, publishedAt, id, partial };
        const text = encodeSearchCursor(c);
        assert.match(text, /^[A-Za-z0-9_-]{1,200}$/);
        assert.deepEqual(decodeSearchCursor(text), c);
      }),
    );
  });

  it('give any other text a finite score, storable time and positive safe id, or null, and never throw', () => {
    fc.assert(
      fc.property(cursorText(searchPayload), (text) => {
        const c = decodeSearchCursor(text);
        if (c === null) return;
        assert.ok(typeof c.score === 'number' && Number.isFinite(c.score), `score ${c.score} from ${text}`);
        assert.ok(isStorableInstant(c.publishedAt), `instant ${JSON.stringify(c.publishedAt)} from ${text}`);
        assert.ok(isPositiveSafeId(c.id), `id ${c.id} from ${text}`);
        assert.equal(typeof c.partial, 'boolean');
      }),
      { numRuns: 10_000 },
    );
  });

  it('refuse year 0000 and scores JSON reads as Infinity', () => {
    const enc = (s: string) => Buffer.from(s).toString('base64url');
    assert.equal(decodeSearchCursor(enc('[1,"0000-01-01T00:00:00.000Z",5]')), null);
    assert.equal(decodeSearchCursor(enc('[1e999,"2026-01-06T05:25:00.000Z",5]')), null);
  });
});
