import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { articlePath } from '../../src/features/articles/article-path.ts';
import { DatasetMismatchError, generateDataset, type DatasetOptions } from '../../src/demo/dataset/generate-dataset.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { testDialects } from '../helpers/databases.ts';

// Two batches and a part of a third (batches are 1,200 articles: whole stories of six).
const ARTICLES = 2_430;

for (const dialect of await testDialects('dataset generator')) {
  describe(`masthead demo --articles [${dialect}]`, () => {
    let t: TestApp;
    const options = (over: Partial<DatasetOptions> = {}): DatasetOptions => ({ articles: ARTICLES, years: 3, rootName: '首页', timeZone: 'Asia/Shanghai', workers: 2, ...over });
    const db = () => t.db.database.db;

    before(async () => {
      t = await createTestApp(dialect);
    });
    after(() => t.close());

    it('resumes a run that stopped after its first batch, and ends with every article exactly once', async () => {
      let batches = 0;
      await assert.rejects(
        generateDataset(db(), dialect, t.clock, {
          ...options(),
          onProgress: (done) => {
            if (done > 0 && ++batches === 1) throw new Error('interrupted');
          },
        }),
        /interrupted/,
      );
      const first = await db().selectFrom('articles').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      assert.ok(Number(first.n) > 0 && Number(first.n) < ARTICLES, `the first batch committed (${first.n})`);

      const progress: number[] = [];
      const result = await generateDataset(db(), dialect, t.clock, { ...options(), onProgress: (done) => progress.push(done) });
      assert.equal(result.total, ARTICLES);
      assert.equal(result.existing, Number(first.n));
      assert.equal(result.existing + result.created, ARTICLES);
      assert.equal(progress.at(-1), ARTICLES);
      const rows = await db().selectFrom('articles').select(['id', 'import_key']).execute();
      assert.equal(rows.length, ARTICLES);
      assert.equal(new Set(rows.map((r) => r.import_key)).size, ARTICLES);
      const again = await generateDataset(db(), dialect, t.clock, options());
      assert.deepEqual({ created: again.created, existing: again.existing }, { created: 0, existing: ARTICLES });
    });

    it('refuses another size on a database that holds a dataset, naming the one it holds', async () => {
      await assert.rejects(generateDataset(db(), dialect, t.clock, options({ articles: 500 })), (e: Error) => e instanceof DatasetMismatchError && /2430 articles over 3 year/.test(e.message));
    });

    it('writes articles that look like news: Chinese bodies of realistic length, bylines, tags, dates over the years', async () => {
      const articles = await db().selectFrom('articles').select(['body_html', 'body_chars', 'title', 'published_at', 'channel_id', 'source_id', 'editor_in_charge_id']).execute();
      const chars = articles.map((a) => a.body_chars).sort((a, b) => a - b);
      const median = chars[Math.floor(chars.length / 2)] as number;
      assert.ok(median > 400 && median < 2000, `median body ${median} characters`);
      for (const a of articles.slice(0, 300)) {
        const text = a.body_html.replace(/<[^>]+>/g, '');
        const han = text.match(/\p{Script=Han}/gu)?.length ?? 0;
        assert.ok(han > text.length * 0.7, `mostly Chinese: ${text.slice(0, 60)}`);
        assert.ok(a.body_html.startsWith('<p>') && a.title.length >= 4 && a.source_id && a.editor_in_charge_id, a.title);
      }
      assert.ok(new Set(articles.map((a) => a.title)).size > ARTICLES * 0.95, 'titles differ');
      assert.ok(new Set(articles.map((a) => a.channel_id)).size >= 5, 'spread over the channels');
      const times = articles.map((a) => Date.parse(a.published_at as string)).sort((a, b) => a - b);
      const spanDays = ((times.at(-1) as number) - (times[0] as number)) / 86_400_000;
      assert.ok(spanDays > 3 * 365 - 5 && spanDays <= 3 * 365, `dates span ${spanDays.toFixed(0)} days`);
      assert.ok((times.at(-1) as number) <= t.clock.now().getTime());

      const count = async (table: 'article_reporters' | 'article_tags' | 'article_related' | 'article_terms' | 'search_docs' | 'article_views' | 'mood_counts') =>
        Number((await db().selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
      assert.ok((await count('article_reporters')) >= ARTICLES, 'reporters');
      assert.ok((await count('article_tags')) >= ARTICLES * 2, 'tags');
      assert.equal(await count('search_docs'), ARTICLES);
      assert.equal(await count('article_views'), ARTICLES);
      assert.ok((await count('mood_counts')) > ARTICLES * 0.1, 'moods');
      assert.ok((await count('article_related')) >= ARTICLES * 4, 'related');
      // The keywords publishing compares a new article against, so it finds generated ones too.
      assert.ok((await count('article_terms')) >= ARTICLES * 20, 'keywords for related reading');
    });

    it('relates each article to the other articles of its story, which share its words', async () => {
      const pairs = await db()
        .selectFrom('article_related as r')
        .innerJoin('articles as a', 'a.id', 'r.article_id')
        .innerJoin('articles as b', 'b.id', 'r.related_id')
        .select(['a.id as a', 'b.id as b', 'a.channel_id as ca', 'b.channel_id as cb'])
        .where('r.position', '=', 0)
        .limit(200)
        .execute();
      assert.ok(pairs.length > 100);
      for (const p of pairs) {
        assert.equal(p.ca, p.cb, 'a story stays in its channel');
        assert.ok(Math.abs(Number(p.a) - Number(p.b)) < 6, 'the nearest article of the same story');
      }
    });

    it('serves a generated article, and search finds it by its title words', async () => {
      const a = await db().selectFrom('articles').select(['id', 'title', 'published_at']).orderBy('id', 'desc').executeTakeFirstOrThrow();
      const page = await t.app.inject({ url: articlePath(a.id, new Date(a.published_at as string), 'Asia/Shanghai') });
      assert.equal(page.statusCode, 200);
      assert.ok(page.body.includes(a.title));
      assert.match(page.body, /相关阅读/);
      const query = a.title.split(/[：——]/)[0] as string;
      const res = await t.app.inject({ url: `/api/v1/search?q=${encodeURIComponent(query)}&limit=50` });
      assert.equal(res.statusCode, 200);
      const ids = (res.json() as { items: Array<{ id: number }> }).items.map((i) => i.id);
      assert.ok(ids.includes(Number(a.id)), `"${query}" finds article ${a.id}`);
    });
  });
}
