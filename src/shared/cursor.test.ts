import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeCursor, encodeCursor } from './cursor.ts';

describe('keyset cursors', () => {
  it('round-trip a position', () => {
    const k = { publishedAt: '2026-01-06T05:25:00.000Z', id: 123456 };
    assert.deepEqual(decodeCursor(encodeCursor(k)), k);
  });

  it('refuse anything that is not exactly a position', () => {
    const enc = (s: string) => Buffer.from(s).toString('base64url');
    const bad = [
      '',
      'not base64!',
      'x'.repeat(65),
      enc('2026-01-06T05:25:00.000Z'),
      enc('2026-01-06T05:25:00.000Z|0'),
      enc('2026-01-06T05:25:00.000Z|-5'),
      enc('2026-01-06T05:25:00.000Z|1e9'),
      enc('2026-01-06T05:25:00.000Z|99999999999999999'),
      enc('2026-13-45T05:25:00.000Z|5'),
      enc("2026-01-06T05:25:00.000Z|5' or 1=1"),
      enc('yesterday|5'),
    ];
    for (const text of bad) assert.equal(decodeCursor(text), null, text);
  });
});
