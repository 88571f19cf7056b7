/**
 * The page cache as readers and editors meet it: pages are served from memory (compressed,
 * with ETags and CDN headers) until a change that alters them, and then exactly those pages
 * are rendered again — in this process at once, in another worker within one poll.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app/build-app.tsx';
import { loadConfig } from '../../src/config/config.ts';
import { openDatabase, type Database } from '../../src/db/database.ts';
import { getChannelByPath } from '../../src/features/channels/channels.service.ts';
import { createTestApp, TEST_PUBLIC_URL, type TestApp } from '../helpers/app.ts';
import { testDialects } from '../helpers/databases.ts';
import { articleIdFrom, createStaff, signedIn, type NewsroomClient, type Staff } from '../helpers/newsroom.ts';

const dialects = await testDialects('page cache');
const SEED = '/2026-01/06/c_1.html';
const WECHAT = 'Mozilla/5.0 (iPhone) AppleWebKit/605.1.15 MicroMessenger/8.0.50 NetType/WIFI Language/zh_CN';

for (const dialect of dialects) {
  describe(`page cache [${dialect}]`, () => {
    let t: TestApp;
    let staff: Staff;
    let chief: NewsroomClient;
    let topicArticleId: number;
    const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ method: 'GET', url, headers });
    const cacheState = async (url: string) => (await get(url)).headers['x-cache'];
    /** Warms every page the invalidation tests watch. */
    const PAGES = ['/', '/local/', '/tech/', SEED, '/topics/yuanjiang/', '/topics/keji-qianyan/', '/robots.txt', '/feed.xml', '/sitemap.xml'];
    async function warm(): Promise<void> {
      for (const url of PAGES) {
        const res = await get(url);
        assert.equal(res.statusCode, 200, url);
      }
      for (const url of PAGES) assert.equal(await cacheState(url), 'HIT', `${url} is cached`);
    }
    async function states(): Promise<Record<string, string>> {
      const out: Record<string, string> = {};
      for (const url of PAGES) out[url] = String(await cacheState(url));
      return out;
    }

    before(async () => {
      t = await createTestApp(dialect, { demo: true, env: { PAGE_CACHE_MB: '32', SHARED_READS_SECONDS: '10' } });
      staff = await createStaff(t.db.database.db, t.clock);
      chief = await signedIn(t.app, staff.chief_editor);
      const topic = await t.db.database.db
        .selectFrom('topic_articles')
        .innerJoin('topic_sections', 'topic_sections.id', 'topic_articles.section_id')
        .innerJoin('topics', 'topics.id', 'topic_sections.topic_id')
        .select('topic_articles.article_id')
        .where('topics.slug', '=', 'keji-qianyan')
        .executeTakeFirstOrThrow();
      topicArticleId = topic.article_id;
    });
    after(() => t.close());

    it('serves a second request from memory: brotli, gzip or plain, with a weak ETag, 304, and CDN headers', async () => {
      const first = await get(SEED);
      assert.equal(first.headers['x-cache'], 'MISS');
      const html = first.body;
      const br = await get(SEED, { 'accept-encoding': 'gzip, br' });
      assert.equal(br.headers['x-cache'], 'HIT');
      assert.equal(br.headers['content-encoding'], 'br');
      assert.equal(brotliDecompressSync(br.rawPayload).toString(), html);
      const gz = await get(SEED, { 'accept-encoding': 'gzip' });
      assert.equal(gz.headers['content-encoding'], 'gzip');
      assert.equal(gunzipSync(gz.rawPayload).toString(), html);
      const plain = await get(SEED);
      assert.equal(plain.headers['content-encoding'], undefined);
      assert.equal(plain.body, html);

      const etag = String(first.headers.etag);
      assert.match(etag, /^W\/"[\w-]+"$/);
      assert.equal(br.headers.etag, etag);
      const again = await get(SEED, { 'if-none-match': etag });
      assert.equal(again.statusCode, 304);
      assert.equal(again.body, '');
      assert.match(String(first.headers['cache-control']), /public, max-age=60, s-maxage=60, stale-while-revalidate=300/);
      assert.equal(br.headers['cache-control'], first.headers['cache-control']);
      const keys = String(br.headers['surrogate-key']).split(' ');
      for (const k of ['site', 'lists', 'topics', 'a:1']) assert.ok(keys.includes(k), k);
      assert.match(String(br.headers.vary), /User-Agent/);
    });

    it('keeps one copy for links with tracking parameters, a separate one inside WeChat, and none for other queries', async () => {
      await get(SEED);
      assert.equal((await get(`${SEED}?from=timeline&isappinstalled=0`)).headers['x-cache'], 'HIT');
      assert.equal((await get(`${SEED}?utm_source=weibo`)).headers['x-cache'], 'HIT');
      const wx = await get(SEED, { 'user-agent': WECHAT });
      assert.equal(wx.headers['x-cache'], 'MISS', 'WeChat readers get the WeChat share block');
      assert.match(wx.body, /data-share="wechat"/);
      assert.equal((await get(SEED, { 'user-agent': WECHAT })).headers['x-cache'], 'HIT');
      assert.doesNotMatch((await get(SEED)).body, /data-share="wechat"/);
      const voted = await get(`${SEED}?mood=voted`);
      assert.equal(voted.headers['x-cache'], undefined, 'the private copy after a form vote is never cached');
      assert.equal(voted.headers['cache-control'], 'private, no-store');
      assert.equal((await get('/?after=bad')).headers['x-cache'], undefined);
    });

    it('renders a page once for a crowd arriving together', async () => {
      const url = '/world/';
      const answers = await Promise.all(Array.from({ length: 40 }, () => get(url)));
      assert.ok(answers.every((r) => r.statusCode === 200));
      const misses = answers.filter((r) => r.headers['x-cache'] === 'MISS').length;
      assert.equal(misses, 1, `${misses} renders for 40 requests at once`);
      assert.ok(new Set(answers.map((r) => r.body)).size === 1);
    });

    it('on publishing, renders again every page with lists, and only those', async () => {
      await warm();
      const tech = await getChannelByPath(t.db.database.db, 'tech');
      await chief.get('/newsroom/articles/new');
      const id = articleIdFrom(await chief.post('/newsroom/articles', { title: '缓存测试：新发布的稿件', bodyHtml: '<p>正文。</p>', channelId: String(tech?.id) }));
      const before = await states();
      assert.ok(Object.values(before).every((s) => s === 'HIT'), 'saving a draft changes no public page');
      const published = await chief.post(`/newsroom/articles/${id}/publish`);
      assert.equal(published.statusCode, 303);
      // No waiting: the newsroom applies the log before it answers.
      assert.deepEqual(await states(), {
        '/': 'MISS',
        '/local/': 'MISS',
        '/tech/': 'MISS',
        [SEED]: 'MISS',
        '/topics/yuanjiang/': 'HIT',
        '/topics/keji-qianyan/': 'HIT',
        '/robots.txt': 'HIT',
        '/feed.xml': 'MISS',
        '/sitemap.xml': 'MISS',
      });
      assert.match((await get('/tech/')).body, /缓存测试：新发布的稿件/);
    });

    it("on editing an article in a report, renders again that report's page but not the other's", async () => {
      await warm();
      const db = t.db.database.db;
      const row = await db.selectFrom('articles').select(['title', 'body_html', 'channel_id', 'version']).where('id', '=', topicArticleId).executeTakeFirstOrThrow();
      const res = await chief.post(`/newsroom/articles/${topicArticleId}`, {
        title: `${row.title}（更正）`,
        bodyHtml: row.body_html,
        channelId: String(row.channel_id),
        version: String(row.version),
      });
      assert.equal(res.statusCode, 303, res.body.slice(0, 300));
      const after = await states();
      assert.equal(after['/topics/keji-qianyan/'], 'MISS');
      assert.equal(after['/topics/yuanjiang/'], 'HIT');
      assert.equal(after['/robots.txt'], 'HIT');
      assert.match((await get('/topics/keji-qianyan/')).body, /（更正）/);
    });

    it('on renaming a channel, renders every page again (the navigation is on all of them)', async () => {
      await warm();
      const tech = await getChannelByPath(t.db.database.db, 'tech');
      const res = await chief.post(`/newsroom/channels/${tech?.id}/rename`, { name: '科技前沿' });
      assert.equal(res.statusCode, 303, res.body.slice(0, 300));
      assert.ok(Object.values(await states()).every((s) => s === 'MISS'));
      assert.match((await get('/')).body, />科技前沿</);
    });

    it('on withdrawing, the article page answers 410 at once', async () => {
      await get(SEED);
      assert.equal(await cacheState(SEED), 'HIT');
      const res = await chief.post('/newsroom/articles/1/withdraw');
      assert.equal(res.statusCode, 303, res.body.slice(0, 300));
      assert.equal((await get(SEED)).statusCode, 410);
    });

    it('expires pages after their max-age by the app clock, so vote and read counts are at most a minute old', async () => {
      await get('/culture/');
      assert.equal(await cacheState('/culture/'), 'HIT');
      t.clock.advance(61_000);
      assert.equal(await cacheState('/culture/'), 'MISS');
    });
  });

  describe(`page cache across workers [${dialect}]`, () => {
    let t: TestApp;
    let other: { app: FastifyInstance; database: Database };
    const a = (url: string) => t.app.inject({ method: 'GET', url });
    const b = (url: string) => other.app.inject({ method: 'GET', url });

    before(async () => {
      t = await createTestApp(dialect, { demo: true, env: { PAGE_CACHE_MB: '16', SHARED_READS_SECONDS: '10' } });
      // A second worker: its own process state and connection, the same database.
      const config = loadConfig({ ...process.env, DATABASE_URL: t.db.url, DATA_DIR: t.config.dataDir, LOG_LEVEL: 'silent', NODE_ENV: 'test', PUBLIC_URL: TEST_PUBLIC_URL, PAGE_CACHE_MB: '16' });
      const database = openDatabase(config.database);
      other = { app: await buildApp({ config, database, clock: t.clock }), database };
    });
    after(async () => {
      await other.app.close();
      await other.database.close();
      await t.close();
    });

    it("drops another worker's copies within one poll of a change made here", async () => {
      await b('/news/');
      assert.equal((await b('/news/')).headers['x-cache'], 'HIT');
      const staff = await createStaff(t.db.database.db, t.clock, 'w-');
      const chief = await signedIn(t.app, staff.chief_editor);
      const news = await getChannelByPath(t.db.database.db, 'news');
      await chief.get('/newsroom/articles/new');
      const id = articleIdFrom(await chief.post('/newsroom/articles', { title: '跨进程失效', bodyHtml: '<p>正文。</p>', channelId: String(news?.id) }));
      assert.equal((await chief.post(`/newsroom/articles/${id}/publish`)).statusCode, 303);
      assert.equal((await a('/news/')).headers['x-cache'], 'MISS', 'this worker at once');
      // The other worker polls every 250 ms; give it a few polls, never more.
      let state: unknown = 'HIT';
      for (let i = 0; i < 20 && state === 'HIT'; i++) {
        await new Promise((r) => setTimeout(r, 100));
        state = (await b('/news/')).headers['x-cache'];
      }
      assert.equal(state, 'MISS');
      assert.match((await b('/news/')).body, /跨进程失效/);
    });
  });
}
