/**
 * Related reading on a labelled fixture (groups of articles on the same story): for every
 * article, its top three related articles come from its own group. Reports precision@3.
 * Then what nudges a ranking besides the text (a shared tag, the same channel), and what
 * follows an article that is rewritten or withdrawn: the lists of the articles around it.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Db } from '../../src/db/schema.ts';
import { createArticle } from '../../src/features/articles/articles.service.ts';
import { blankDraft, createDraft, getEditable, saveArticle } from '../../src/features/articles/editing.service.ts';
import { createChildChannel, ensureRootChannel } from '../../src/features/channels/channels.service.ts';
import { DEMO_CHANNELS, demoArticle } from '../../src/demo/demo-content.ts';
import { listsOf } from '../../src/features/related/related.repo.ts';
import { indexForRelated, relatedArticles } from '../../src/features/related/related.service.ts';
import { publish, withdraw } from '../../src/features/workflow/workflow.service.ts';
import { fixedClock } from '../../src/shared/clock.ts';
import { createTestApp, TEST_NOW, type TestApp } from '../helpers/app.ts';
import { testDialects } from '../helpers/databases.ts';
import { createStaff, type Staff } from '../helpers/newsroom.ts';
import { ECLIPSE_RETOLD, RELATED_GROUPS, TIED_STORIES, type FixtureArticle } from '../fixtures/related-groups.ts';

const dialects = await testDialects('related reading');

for (const dialect of dialects) {
  describe(`related reading [${dialect}]`, () => {
    let t: TestApp;
    let staff: Staff;
    let newsChannel: number;
    let sportsChannel: number;
    const clock = fixedClock(TEST_NOW);
    const groupOf = new Map<number, string>();
    const inTransaction = <T,>(work: (trx: Db) => Promise<T>) => t.db.database.db.transaction().execute(work);
    const storedList = async (id: number) => (await listsOf(t.db.database.db, [id])).map((r) => r.related_id);
    const storyOf = (group: string) => [...groupOf].filter(([, g]) => g === group).map(([id]) => id);

    /** Written and published in the newsroom, tags and all, as an editor would. */
    const publishFixture = (a: FixtureArticle, channelId: number) =>
      inTransaction(async (trx) => {
        const id = await createDraft(trx, clock, staff.chief_editor, blankDraft({ title: a.title, bodyHtml: `<p>${a.body}</p>`, channelId, tags: a.tags ?? [] }));
        await publish(trx, clock, staff.chief_editor, id);
        return id;
      });

    before(async () => {
      t = await createTestApp(dialect);
      const db = t.db.database.db;
      staff = await createStaff(db, clock);
      const root = await ensureRootChannel(db, clock, '首页');
      const channel = await createChildChannel(db, clock, root, '要闻', 'news');
      newsChannel = channel.id;
      sportsChannel = (await createChildChannel(db, clock, root, '体育', 'sports')).id;
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

    it('ranks first, of two candidates tied on text, the one sharing a tag with the article', async () => {
      const { article, candidate } = TIED_STORIES.tag;
      // Word for word the same text; the untagged twin comes later, so it would win a plain tie.
      const tagged = await publishFixture(candidate, newsChannel);
      const untagged = await publishFixture({ ...candidate, tags: [] }, newsChannel);
      const reader = await publishFixture(article, newsChannel);
      assert.deepEqual((await relatedArticles(t.db.database.db, reader, 2)).map((r) => r.id), [tagged, untagged]);
    });

    it('ranks first, of two candidates tied on text, the one in the article\'s channel', async () => {
      const { article, candidate } = TIED_STORIES.channel;
      const sameChannel = await publishFixture(candidate, newsChannel);
      const otherChannel = await publishFixture(candidate, sportsChannel);
      const reader = await publishFixture(article, newsChannel);
      assert.deepEqual((await relatedArticles(t.db.database.db, reader, 2)).map((r) => r.id), [sameChannel, otherChannel]);
    });

    it('moves an article rewritten on another story out of its old story\'s lists and into the new one\'s', async () => {
      const [moved, ...oldMates] = storyOf('rice');
      const newMates = storyOf('eclipse');
      assert.ok(moved && oldMates.length === 3 && newMates.length === 4);
      for (const mate of oldMates) assert.ok((await storedList(mate)).includes(moved), `before the edit, ${mate} lists ${moved}`);

      const current = await getEditable(t.db.database.db, moved);
      assert.ok(current);
      const saved = await inTransaction((trx) =>
        saveArticle(trx, clock, staff.chief_editor, moved, current.version, { ...current, title: ECLIPSE_RETOLD.title, summary: '', bodyHtml: `<p>${ECLIPSE_RETOLD.body}</p>` }),
      );
      assert.equal(saved.ok, true);

      for (const mate of oldMates) assert.ok(!(await storedList(mate)).includes(moved), `${mate} (rice) no longer lists ${moved}`);
      for (const mate of newMates) {
        const rows = await listsOf(t.db.database.db, [mate]);
        assert.ok(rows.some((r) => r.related_id === moved), `${mate} (eclipse) lists ${moved}`);
        const scores = rows.map((r) => r.score);
        assert.deepEqual(scores, [...scores].sort((a, b) => b - a), `${mate}'s list stays in score order`);
      }
      const own = (await relatedArticles(t.db.database.db, moved, 3)).map((r) => r.id);
      assert.ok(own.every((id) => newMates.includes(id)), `${moved} now lists the eclipse story first: ${own.join(', ')}`);
    });

    it('takes a withdrawn article out of every stored list, not only out of what readers see', async () => {
      const [victim] = storyOf('ai');
      assert.ok(victim);
      const holders = await t.db.database.db.selectFrom('article_related').select('article_id').where('related_id', '=', victim).execute();
      assert.ok(holders.length >= 3, `before, ${holders.length} lists hold ${victim}`);
      await inTransaction((trx) => withdraw(trx, clock, staff.chief_editor, victim));
      const left = await t.db.database.db.selectFrom('article_related').select('article_id').where('related_id', '=', victim).execute();
      assert.deepEqual(left, []);
      assert.deepEqual(await storedList(victim), []);
    });
  });
}
