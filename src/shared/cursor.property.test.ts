import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { cursorText, isPositiveSafeId, isStorableInstant, keysetPayload, positiveSafeId, storableInstant } from '../../test/helpers/cursor-text.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';

describe('keyset cursors, for any input', () => {
  it('decode every position they encode', () => {
    fc.assert(
      fc.property(storableInstant, positiveSafeId, (publishedAt, id) => {
        const text = encodeCursor({ publishedAt, id });
        assert.match(text, /^[A-Za-z0-9_-]{1,64}$/);
        assert.deepEqual(decodeCursor(text), { publishedAt, id });
      }),
    );
  });

  it('give any other text a storable position or null, and never throw', () => {
    fc.assert(
      fc.property(cursorText(keysetPayload), (text) => {
        const k = decodeCursor(text);
        if (k === null) return;
        assert.ok(isStorableInstant(k.publishedAt), `instant ${JSON.stringify(k.publishedAt)} from ${text}`);
        assert.ok(isPositiveSafeId(k.id), `id ${k.id} from ${text}`);
      }),
      { numRuns: 10_000 },
    );
  });

  it('refuse year 0000, which PostgreSQL cannot compare with (found by the property above)', () => {
    const enc = (s: string) => Buffer.from(s).toString('base64url');
    assert.equal(decodeCursor(enc('0000-01-01T00:00:00.000Z|5')), null);
    assert.equal(decodeCursor(enc('0000-12-31T23:59:59.999Z|5')), null);
    assert.deepEqual(decodeCursor(enc('0001-01-01T00:00:00.000Z|5')), { publishedAt: '0001-01-01T00:00:00.000Z', id: 5 });
  });
});
