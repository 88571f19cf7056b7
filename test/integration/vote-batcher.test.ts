/**
 * Group commit of votes: votes arriving together share a transaction, and each is answered
 * on its own — a refused vote does not undo the others, and every acknowledged one counts.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AppError } from '../../src/platform/errors.ts';
import { VoteBatcher } from '../../src/features/moods/vote-batcher.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { testDialects } from '../helpers/databases.ts';

for (const dialect of await testDialects('vote batcher')) {
  describe(`votes committed together [${dialect}]`, () => {
    let t: TestApp;
    before(async () => {
      t = await createTestApp(dialect, { demo: true, perChannel: 1 });
    });
    after(() => t.close());

    it('answers each of 300 concurrent votes by itself, and the counts equal the acknowledged votes', async () => {
      const db = t.db.database.db;
      const article = await db.selectFrom('articles').select('id').where('status', '=', 'published').orderBy('id').executeTakeFirstOrThrow();
      const tally = async () => {
        const rows = await db.selectFrom('mood_counts').innerJoin('moods', 'moods.id', 'mood_counts.mood_id').select(['moods.key', 'mood_counts.count']).where('article_id', '=', article.id).execute();
        const votes = await db.selectFrom('mood_votes').select((eb) => eb.fn.countAll<number>().as('n')).where('article_id', '=', article.id).executeTakeFirstOrThrow();
        return { ...Object.fromEntries(rows.map((c) => [c.key, Number(c.count)])), votes: Number(votes.n) } as Record<string, number>;
      };
      const before = await tally();
      const batcher = new VoteBatcher(db, t.clock);
      const vote = (reader: string, moodKey = 'like', ip = reader) => batcher.cast({ articleId: article.id, readerId: reader, moodKey, ipHash: ip, timeZone: 'Asia/Shanghai' });
      const attempts = [
        ...Array.from({ length: 300 }, (_, i) => vote(`reader-${i}`, i % 2 ? 'like' : 'happy')),
        vote('reader-7'),
        vote('reader-x', 'no-such-mood'),
        batcher.cast({ articleId: 999_999_999, readerId: 'reader-y', moodKey: 'like', ipHash: 'y', timeZone: 'Asia/Shanghai' }),
        ...Array.from({ length: 25 }, (_, i) => vote(`same-address-${i}`, 'sad', 'one-address')),
      ];
      const outcomes = await Promise.allSettled(attempts);
      const code = (o: PromiseSettledResult<unknown>) => (o.status === 'fulfilled' ? 'ok' : o.reason instanceof AppError ? o.reason.code : String(o.reason));
      const codes = outcomes.map(code);
      assert.deepEqual(codes.slice(0, 300), Array(300).fill('ok'));
      assert.deepEqual(codes.slice(300, 303), ['ALREADY_VOTED', 'VALIDATION_FAILED', 'ARTICLE_NOT_FOUND']);
      assert.deepEqual(codes.slice(303), [...Array(20).fill('ok'), ...Array(5).fill('RATE_LIMITED')]);

      const now = await tally();
      const added = (key: string) => (now[key] ?? 0) - (before[key] ?? 0);
      assert.deepEqual({ happy: added('happy'), like: added('like'), sad: added('sad'), pass: added('pass'), votes: added('votes') }, { happy: 150, like: 150, sad: 20, pass: 0, votes: 320 });
      const last = outcomes[299];
      assert.ok(last?.status === 'fulfilled' && last.value.choice === 'like');
    });
  });
}
