/**
 * The reader site over HTTP (app.inject) on a demo database: the seed article page with
 * blocks 1–9, breadcrumb links that lead somewhere, channel and home lists in order with
 * working keyset pages, and clear 4xx answers for bad input.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import * as cheerio from 'cheerio';
import { createArticle, type ArticleInput } from '../../src/features/articles/articles.service.ts';
import { getChannelByPath } from '../../src/features/channels/channels.service.ts';
import { parseCapture } from '../../src/importers/capture/parse-capture.ts';
import { fixedClock } from '../../src/shared/clock.ts';
import { createTestApp, TEST_NOW, type TestApp } from '../helpers/app.ts';
import { testDialects } from '../helpers/databases.ts';
import { seedCaptureText } from '../helpers/seed.ts';

const dialects = await testDialects('reader pages');
const parsed = parseCapture(seedCaptureText(), { timeZone: 'Asia/Shanghai' });
if (!parsed.ok) throw new Error(parsed.problems.join('; '));
const seed = parsed.capture;
const SEED_PATH = '/2026-01/06/c_1.html';
const WECHAT_UA =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.50(0x1800323c) NetType/WIFI Language/zh_CN';

for (const dialect of dialects) {
  describe(`reader pages [${dialect}]`, () => {
    let t: TestApp;
    before(async () => {
      t = await createTestApp(dialect, { demo: true });
    });
    after(() => t.close());

    const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ method: 'GET', url, headers });

    /** Writes an article into 要闻 straight through the service, as the newsroom will. */
    async function addToNews(input: Omit<ArticleInput, 'kind' | 'channelId'>): Promise<number> {
      const channel = await getChannelByPath(t.db.database.db, 'news');
      assert.ok(channel);
      return createArticle(t.db.database.db, fixedClock(TEST_NOW), { kind: 'article', channelId: channel.id, ...input });
    }

    describe('the seed article page', () => {
      let $: cheerio.CheerioAPI;
      before(async () => {
        const res = await get(SEED_PATH);
        assert.equal(res.statusCode, 200);
        assert.match(String(res.headers['content-type']), /^text\/html; charset=utf-8/);
        $ = cheerio.load(res.body);
      });

      it('shows the capture\'s exact title, in the heading and the reading bar', () => {
        assert.equal($('h1.article__title').text(), seed.title);
        assert.equal($('.reading-bar').text(), `正在阅读:${seed.title}`);
        assert.equal($('html').attr('lang'), 'zh-CN');
      });

      it('shows source and Beijing time as the capture prints them', () => {
        assert.equal($('.article__meta').text(), '来源:新疆日报2026-01-06 13:25');
        assert.equal($('.article__time').attr('datetime'), '2026-01-06T05:25:00.000Z');
      });

      it('shows every paragraph, the reporter credit and the editor in charge', () => {
        const paragraphs = $('.article__body p').map((_, p) => $(p).text()).get();
        assert.deepEqual(paragraphs, seed.paragraphs);
        assert.equal($('.article__credit').text(), '(石榴云/新疆日报记者 刘翔)');
        assert.equal($('.article__editor').text(), '[ 责编:王宏泽 ]');
      });

      it('has a breadcrumb from the channel tree ending in 正文', () => {
        const crumbs = $('nav.breadcrumb li').map((_, li) => $(li).text()).get();
        assert.deepEqual(crumbs, ['首页', '地方频道', '社会', '正文']);
      });

      it('folds with the full text still in the HTML', () => {
        assert.equal($('.fold--long #fold-toggle').length, 1);
        assert.equal($('label[for="fold-toggle"]').text(), '阅读剩余全文');
        assert.ok($('.fold__content').text().includes(seed.paragraphs.at(-1) ?? '∅'));
      });

      it('offers the browser share panel with link and QR code', () => {
        const share = $('details.share[data-share="browser"]');
        assert.equal(share.find('summary').text(), '分享');
        assert.equal(share.find('input').attr('value'), `http://masthead.test${SEED_PATH}`);
        assert.equal(share.find('.share__hint').text(), '请使用浏览器分享功能进行分享');
        assert.equal(share.find('svg').length, 1);
      });

      it('has landmarks and a canonical link', () => {
        assert.equal($('header.site-header').length, 1);
        assert.equal($('main#main').length, 1);
        assert.equal($('footer').length, 1);
        assert.equal($('a.skip-link').attr('href'), '#main');
        assert.equal($('link[rel="canonical"]').attr('href'), `http://masthead.test${SEED_PATH}`);
      });

      it('every breadcrumb and nav link answers 200', async () => {
        const links = new Set([...$('nav.breadcrumb a'), ...$('nav.site-nav a')].map((a) => $(a).attr('href') ?? ''));
        assert.ok(links.size >= 4);
        for (const href of links) assert.equal((await get(href)).statusCode, 200, href);
      });

      it('serves its stylesheet and script, compressed and immutable', async () => {
        for (const href of [$('link[rel="stylesheet"]').attr('href'), $('script[src]').attr('src')]) {
          const res = await get(href ?? '', { 'accept-encoding': 'br, gzip' });
          assert.equal(res.statusCode, 200, href);
          assert.equal(res.headers['content-encoding'], 'br');
          assert.match(String(res.headers['cache-control']), /immutable/);
        }
      });
    });

    it('inside WeChat, points at the top-right menu instead', async () => {
      const res = await get(SEED_PATH, { 'user-agent': WECHAT_UA });
      const $ = cheerio.load(res.body);
      assert.equal($('details.share[data-share="wechat"]').length, 1);
      assert.equal($('.wechat-guide').text().replace(/\s+/g, ''), '点击右上角···微信好友朋友圈');
      assert.match(String(res.headers.vary), /user-agent/i);
    });

    it('redirects a wrong date in the URL to the article\'s own URL', async () => {
      const res = await get('/2026-01/07/c_1.html');
      assert.equal(res.statusCode, 301);
      assert.equal(res.headers.location, SEED_PATH);
    });

    it('answers a missing article with a styled 404 page, or JSON when asked', async () => {
      const page = await get('/2026-01/06/c_999999.html');
      assert.equal(page.statusCode, 404);
      const $ = cheerio.load(page.body);
      assert.equal($('h1').text(), '页面不存在');
      assert.equal($('main a[href="/"]').length, 1);
      const json = await get('/2026-01/06/c_999999.html', { accept: 'application/json' });
      assert.equal(json.statusCode, 404);
      assert.equal(json.json().error.code, 'ARTICLE_NOT_FOUND');
    });

    it('never shows a draft to readers', async () => {
      const id = await addToNews({ status: 'draft', title: '尚未发布的稿件', bodyHtml: '<p>草稿</p>', publishedAt: new Date(TEST_NOW) });
      assert.equal((await get(`/2026-11/30/c_${id}.html`)).statusCode, 404);
      assert.ok(!(await get('/news/')).body.includes('尚未发布的稿件'));
    });

    it('escapes hostile text in titles and summaries', async () => {
      const id = await addToNews({
        status: 'published',
        title: '<script>alert(1)</script>标题',
        summary: '"><img src=x onerror=alert(1)>',
        bodyHtml: '<p>正文<script>alert(2)</script></p>',
        publishedAt: new Date('2026-11-29T02:00:00Z'),
      });
      const $ = cheerio.load((await get(`/2026-11/29/c_${id}.html`)).body);
      // The hostile text shows as text; the only script is our own bundle (beside JSON-LD data,
      // which must parse back to the same text), no element gained a handler.
      assert.equal($('h1').text(), '<script>alert(1)</script>标题');
      assert.equal($('meta[name="description"]').attr('content'), '"><img src=x onerror=alert(1)>');
      assert.equal($('script:not([type="application/ld+json"])').length, 1);
      const ld = $('script[type="application/ld+json"]')
        .map((_, el) => JSON.parse($(el).text()) as { headline?: string })
        .get();
      assert.equal(ld.find((d) => d.headline)?.headline, '<script>alert(1)</script>标题');
      assert.equal($('script[src^="/assets/"]').length, 1);
      const handlers = (doc: cheerio.CheerioAPI) => doc('*').filter((_, el) => Object.keys((el as { attribs?: Record<string, string> }).attribs ?? {}).some((a) => a.startsWith('on'))).length;
      assert.equal(handlers($), 0);
      assert.equal($('img[src="x"]').length, 0);
      assert.equal($('.article__body').html(), '<p>正文</p>');
      const list = cheerio.load((await get('/news/')).body);
      assert.equal(list('script:not([type="application/ld+json"])').length, 1);
      assert.equal(handlers(list), 0);
      assert.equal(list('img[src="x"]').length, 0);
      assert.ok(list('.feed__title').text().includes('<script>alert(1)</script>标题'));
    });

    describe('channel and home pages', () => {
      /** Every feed page from `start` on, and the article links the first page's other blocks show. */
      async function walk(start: string): Promise<{ feed: Array<{ url: string; time: string; curated: boolean }>; blocks: Set<string> }> {
        const feed: Array<{ url: string; time: string; curated: boolean }> = [];
        let blocks = new Set<string>();
        let next: string | undefined = start;
        for (let pages = 0; next && pages < 50; pages++) {
          const res = await get(next);
          assert.equal(res.statusCode, 200, next);
          const $ = cheerio.load(res.body);
          if (pages === 0) {
            blocks = new Set($('.focus a, .most-read a, .mood-ranking li a').map((_, a) => $(a).attr('href') ?? '').get());
          }
          $('.feed__item').each((_, li) => {
            feed.push({ url: $(li).find('a').attr('href') ?? '', time: $(li).find('time').attr('datetime') ?? '', curated: $(li).find('.badge').length > 0 });
          });
          next = $('a[rel="next"]').attr('href');
        }
        return { feed, blocks };
      }

      it('list a channel and its sub-channels newest first, page by page, with no repeats across blocks', async () => {
        const { feed, blocks } = await walk('/local/');
        assert.equal(new Set(feed.map((i) => i.url)).size, feed.length, 'no item twice in the feed');
        assert.ok(feed.every((i) => !blocks.has(i.url)), 'nothing the other blocks show');
        const times = feed.filter((i) => !i.curated).map((i) => i.time);
        assert.deepEqual(times, [...times].sort().reverse());
        // 12 generated in each of 社会 and 民生, plus the seed article in 社会: each is in the feed or a block.
        const local = new Set([...feed.map((i) => i.url), ...[...blocks].filter((u) => /c_\d+\.html$/.test(u))]);
        const expected = await t.db.database.db
          .selectFrom('articles')
          .innerJoin('channels', 'channels.id', 'articles.channel_id')
          .select('articles.id')
          .where('channels.path', 'like', 'local/%')
          .where('articles.status', '=', 'published')
          .execute();
        assert.equal(expected.length, 25);
        for (const { id } of expected) assert.ok([...local].some((u) => u.endsWith(`/c_${id}.html`)), `article ${id} is shown somewhere`);
        assert.ok(feed.some((i) => i.url === SEED_PATH) || blocks.has(SEED_PATH));
      });

      it('list the whole site on the home page, curated items first', async () => {
        const { feed, blocks } = await walk('/');
        assert.ok(feed.length + blocks.size >= 20 + 72 + 1);
        assert.equal(new Set(feed.map((i) => i.url)).size, feed.length);
        assert.ok(feed[0]?.curated, 'the curated slot leads the feed');
        assert.equal(feed.findIndex((i) => !i.curated), feed.filter((i) => i.curated).length, 'curated items come first and only once');
      });

      it('show the breadcrumb and sub-channels of a channel', async () => {
        const $ = cheerio.load((await get('/local/')).body);
        assert.equal($('h1').text(), '地方频道');
        assert.deepEqual($('.subchannels a').map((_, a) => $(a).attr('href')).get(), ['/local/society/', '/local/livelihood/']);
      });

      it('redirect a channel URL without its trailing slash', async () => {
        const res = await get('/local/society');
        assert.equal(res.statusCode, 301);
        assert.equal(res.headers.location, '/local/society/');
      });

      it('answer 404 for an unknown channel and 400 for a broken page cursor', async () => {
        assert.equal((await get('/no-such-channel/')).statusCode, 404);
        assert.equal((await get('/local/ghost/')).statusCode, 404);
        assert.equal((await get('/Local/')).statusCode, 404);
        const bad = await get('/local/?after=garbage');
        assert.equal(bad.statusCode, 400);
        assert.ok(cheerio.load(bad.body)('h1').text().length > 0);
        const json = await get('/local/?after=garbage', { accept: 'application/json' });
        assert.equal(json.json().error.code, 'INVALID_CURSOR');
        assert.equal((await get(`/local/?after=${'a'.repeat(500)}`)).statusCode, 400);
      });
    });

    it('answers odd article URLs with 404, never an error', async () => {
      for (const url of ['/2026-01/06/c_99999999999999999.html', '/2026-1/06/c_1.html', '/2026-01/06/c_0.html', '/2026-01/06/c_1.htm', '/%E0%A4%A/']) {
        const res = await get(url);
        assert.ok(res.statusCode === 404 || res.statusCode === 400, `${url} → ${res.statusCode}`);
      }
    });

    it('reports health', async () => {
      const res = await get('/healthz');
      assert.equal(res.statusCode, 200);
      assert.deepEqual(res.json(), { status: 'ok', database: dialect });
    });
  });
}
