import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fixedClock } from '../shared/clock.ts';
import { SharedReads } from './shared-reads.ts';

describe('SharedReads', () => {
  it('reads once for concurrent and repeated callers until the time runs out', async () => {
    const clock = fixedClock('2026-11-30T00:00:00Z');
    const shared = new SharedReads(clock, 10_000);
    let reads = 0;
    const read = async () => ++reads;
    assert.deepEqual(await Promise.all([shared.get('k', ['site'], read), shared.get('k', ['site'], read)]), [1, 1]);
    clock.advance(9_999);
    assert.equal(await shared.get('k', ['site'], read), 1);
    clock.advance(1);
    assert.equal(await shared.get('k', ['site'], read), 2);
  });

  it('drops exactly the entries carrying a purged tag', async () => {
    const shared = new SharedReads(fixedClock('2026-11-30T00:00:00Z'), 10_000);
    let reads = 0;
    const read = async () => ++reads;
    await shared.get('moods', ['site'], read);
    await shared.get('topics', ['topics'], read);
    shared.purge(['site', 'a:12']);
    assert.equal(await shared.get('moods', ['site'], read), 3);
    assert.equal(await shared.get('topics', ['topics'], read), 2);
  });

  it('does not keep a failed read', async () => {
    const shared = new SharedReads(fixedClock('2026-11-30T00:00:00Z'), 10_000);
    await assert.rejects(shared.get('k', [], async () => Promise.reject(new Error('database down'))), /database down/);
    assert.equal(await shared.get('k', [], async () => 'ok'), 'ok');
  });
});
