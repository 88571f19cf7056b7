import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { previewPath, verifyPreview } from './preview.ts';

const SECRET = 'x'.repeat(48);
const now = new Date('2026-11-30T04:00:00Z');

function parts(path: string) {
  const u = new URL(path, 'http://x');
  return { exp: u.searchParams.get('exp') ?? '', sig: u.searchParams.get('sig') ?? '' };
}

describe('preview links', () => {
  it('verify for their article until they expire', () => {
    const { exp, sig } = parts(previewPath(42, now, SECRET));
    assert.equal(verifyPreview(42, exp, sig, now, SECRET), true);
    assert.equal(verifyPreview(42, exp, sig, new Date(now.getTime() + 23 * 3_600_000), SECRET), true);
    assert.equal(verifyPreview(42, exp, sig, new Date(now.getTime() + 25 * 3_600_000), SECRET), false);
  });

  it('do not open another article, take a longer expiry, or verify under another secret', () => {
    const { exp, sig } = parts(previewPath(42, now, SECRET));
    assert.equal(verifyPreview(43, exp, sig, now, SECRET), false);
    assert.equal(verifyPreview(42, String(Number(exp) + 3600), sig, now, SECRET), false);
    assert.equal(verifyPreview(42, exp, sig, now, 'y'.repeat(48)), false);
    assert.equal(verifyPreview(42, 'soon', sig, now, SECRET), false);
    assert.equal(verifyPreview(42, exp, 'short', now, SECRET), false);
  });
});
