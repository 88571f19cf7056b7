/**
 * Related reading on a labelled fixture (groups of articles on the same story): for every
 * article, its top three related articles come from its own group. Reports precision@3.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createArticle } from '../../src/features/articles/articles.service.ts';
import { createChildChannel, ensureRootChannel } from '../../src/features/channels/channels.service.ts';
import { DEMO_CHANNELS, demoArticle } from '../../src/demo/demo-content.ts';
import { indexForRelated, relatedArticles } from '../../src/features/related/related.service.ts';
import { fixedClock } from '../../src/shared/clock.ts';
import { createTestApp, TEST_NOW, type TestApp } from '../helpers/app.ts';
import { testDialects } from '../helpers/databases.ts';
import { RELATED_GROUPS } from '../fixtures/related-groups.ts';

const dialects = await testDialects('related reading');

for (const dialect of dialects) {
  describe(`related reading [${dialect}]`, () => {
    let t: TestApp;
    const groupOf = new Map<number, string>();

    before(async () => {
      t = await createTestApp(dialect);
      const db = t.db.database.db;
      const clock = fixedClock(TEST_NOW);
      const root = await ensureRootChannel(db, clock, '首页');
      const channel = await createChildChannel(db, clock, root, '要闻', 'news');
      let minute = 0;
      // Distractors: generated stories on other subjects (culture, the world, livelihoods).
      for (const demo of DEMO_CHANNELS.filter((c) => ['culture', 'world', 'local/livelihood'].includes(c.path))) {
        for (let n = 0; n < 10; n++) {
          const a = demoArticle(demo, n);
          await createArticle(db, clock, {
            kind: 'article',
            status: 'published',
            title: a.title,
            bodyHtml: a.paragraphs.map((p) => `<p>${p}</p>`).join(''),
            channelId: channel.id,
            publishedAt: new Date(Date.parse(TEST_NOW) - ++minute * 60_000),
          });
        }
      }
      for (const [group, articles] of Object.entries(RELATED_GROUPS)) {
        for (const a of articles) {
          const id = await db.transaction().execute((trx) =>
            createArticle(trx, clock, {
              kind: 'article',
              status: 'published',
              title: a.title,
              bodyHtml: `<p>${a.body}</p>`,
              channelId: channel.id,
              publishedAt: new Date(Date.parse(TEST_NOW) - ++minute * 60_000),
            }),
          );
          groupOf.set(id, group);
        }
      }
    });
    after(() => t.close());

    it('re-indexes many articles of one story at once without a deadlock or a lost list', async () => {
      const ids = [...groupOf.keys()];
      // Each save of a published article re-indexes it in its own transaction; a newsroom at
      // work runs several at once, each rewriting the others' lists.
      const outcomes = await Promise.allSettled(ids.map((id) => t.db.database.db.transaction().execute((trx) => indexForRelated(trx, id))));
      const failed = outcomes.filter((o) => o.status === 'rejected').map((o) => String((o as PromiseRejectedResult).reason));
      assert.deepEqual(failed, []);
      for (const id of ids) assert.ok((await relatedArticles(t.db.database.db, id, 3)).length > 0, `article ${id} keeps its list`);
    });

    it('puts articles on the same story first: precision@3 of 1.0 over the fixture', async () => {
      let hits = 0;
      let total = 0;
      const misses: string[] = [];
      for (const [id, group] of groupOf) {
        const top = (await relatedArticles(t.db.database.db, id, 3)).map((r) => r.id);
        assert.equal(top.length, 3, `article ${id} has three related articles`);
        for (const r of top) {
          total++;
          if (groupOf.get(r) === group) hits++;
          else misses.push(`${id} (${group}) → ${r}`);
        }
      }
      const precision = hits / total;
      console.log(`related reading [${dialect}]: precision@3 = ${precision.toFixed(3)} over ${groupOf.size} articles`);
      assert.equal(precision, 1, `misses: ${misses.join(', ')}`);
    });

    it('shows them on the article page, and drops a withdrawn article from every list', async () => {
      const [first] = [...groupOf.keys()];
      assert.ok(first);
      const page = await t.app.inject({ method: 'GET', url: `/2026-11/30/c_${first}.html` });
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /相关阅读/);
      const related = await relatedArticles(t.db.database.db, first, 5);
      const victim = related[0]?.id;
      assert.ok(victim);
      await t.db.database.db.updateTable('articles').set({ status: 'withdrawn' }).where('id', '=', victim).execute();
      assert.ok(!(await relatedArticles(t.db.database.db, first, 5)).some((r) => r.id === victim));
    });
  });
}
