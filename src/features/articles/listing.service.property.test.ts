import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { cursorText, isPositiveSafeId, isStorableInstant, keysetPayload, positiveSafeId, storableInstant } from '../../../test/helpers/cursor-text.ts';
import { decodeNewsroomCursor, encodeNewsroomCursor } from './listing.service.ts';

describe('newsroom list cursors, for any input', () => {
  it('decode every position they encode', () => {
    fc.assert(
      fc.property(storableInstant, positiveSafeId, (updatedAt, id) => {
        assert.deepEqual(decodeNewsroomCursor(encodeNewsroomCursor({ updatedAt, id })), { updatedAt, id });
      }),
    );
  });

  it('give any other text a storable position or null, and never throw', () => {
    fc.assert(
      fc.property(fc.option(cursorText(keysetPayload), { nil: undefined }), (text) => {
        const c = decodeNewsroomCursor(text);
        if (c === null) return;
        assert.ok(isStorableInstant(c.updatedAt), `instant ${JSON.stringify(c.updatedAt)} from ${text}`);
        assert.ok(isPositiveSafeId(c.id), `id ${c.id} from ${text}`);
      }),
      { numRuns: 10_000 },
    );
  });

  it('refuse dates Date.parse forgives but PostgreSQL does not (found by the property above)', () => {
    const enc = (s: string) => Buffer.from(s).toString('base64url');
    for (const at of ['2026-02-31T00:00:00.000Z', '1', 'Tuesday 5', '0000-01-01T00:00:00.000Z', '+010000-01-01T00:00:00.000Z']) {
      assert.equal(decodeNewsroomCursor(enc(`${at}|5`)), null, at);
    }
  });
});
