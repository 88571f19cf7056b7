/**
 * How machines find and read the site: RSS and Atom feeds (parsed with a maintained feed
 * parser), sitemaps (validated against the sitemaps.org and news schemas with xmllint),
 * robots.txt, and the article page's share tags and JSON-LD. Then the WeChat JS-SDK
 * signature, with a fixed ticket, and proof nothing is requested from outside without it.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parseFeed } from '@rowanmanning/feed-parser';
import { createArticle } from '../../src/features/articles/articles.service.ts';
import { getEditable, saveArticle } from '../../src/features/articles/editing.service.ts';
import { createChildChannel, ensureRootChannel, getChannelByPath } from '../../src/features/channels/channels.service.ts';
import { DomUtils, parseDocument } from 'htmlparser2';
import { setArticleTags } from '../../src/features/tags/tags.service.ts';
import { createUser } from '../../src/features/users/users.service.ts';
import { createTestApp, TEST_NOW, TEST_PUBLIC_URL, type TestApp } from '../helpers/app.ts';
import { testDialects } from '../helpers/databases.ts';

const dialects = await testDialects('feeds, sitemaps and share cards');
const XSD = path.resolve(import.meta.dirname, '../fixtures/xsd');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'masthead-sitemaps-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

/** Validates XML against one of the schemas in test/fixtures/xsd; returns xmllint's complaint, or null. */
function schemaErrors(xml: string, schema: string): string | null {
  const file = path.join(tmp, `doc-${process.hrtime.bigint()}.xml`);
  writeFileSync(file, xml);
  const r = spawnSync('xmllint', ['--noout', '--nonet', '--schema', path.join(XSD, schema), file], { encoding: 'utf8' });
  if (r.error) throw new Error(`xmllint is needed for these tests (apt-get install libxml2-utils): ${r.error.message}`);
  return r.status === 0 ? null : r.stderr;
}

function locs(xml: string): string[] {
  return [...xml.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1] as string);
}

/** Each <sitemap> of an index: its <loc> and its <lastmod>, if any. */
function indexEntries(xml: string): Map<string, string | null> {
  return new Map([...xml.matchAll(/<sitemap><loc>([^<]+)<\/loc>(?:<lastmod>([^<]+)<\/lastmod>)?<\/sitemap>/g)].map((m) => [m[1] as string, m[2] ?? null]));
}

/** Corrects a published article as a chief editor would, at the app clock's time. */
async function correct(t: TestApp, id: number, summary: string): Promise<void> {
  const db = t.db.database.db;
  const chief = await createUser(db, t.clock, { email: `chief-${id}@masthead.test`, displayName: '总编辑', password: 'correct horse battery', role: 'chief_editor' });
  const current = await getEditable(db, id);
  assert.ok(current && current.status === 'published', `article ${id} is published`);
  const saved = await saveArticle(db, t.clock, chief, id, current.version, { ...current, summary });
  assert.ok(saved.ok, 'the correction is saved');
}

function jsonLd(html: string): Array<Record<string, unknown>> {
  return [...html.matchAll(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/g)].map((m) => JSON.parse(m[1] as string) as Record<string, unknown>);
}

function metaContent(html: string, attr: string, name: string): string | undefined {
  const tag = new RegExp(`<meta ${attr}="${name.replace(/[.:]/g, '\\$&')}" content="([^"]*)"`).exec(html);
  return tag?.[1];
}

/** Every URL a page would make a browser fetch on load (scripts, styles, images, frames). */
function loadedUrls(html: string): string[] {
  const urls = [...html.matchAll(/<(?:script|img|iframe|source|link)\b[^>]*?\s(?:src|href|srcset)="([^"]+)"/g)].map((m) => m[1] as string);
  return urls.filter((u) => !u.startsWith('data:'));
}

for (const dialect of dialects) {
  describe(`feeds [${dialect}]`, () => {
    let t: TestApp;
    before(async () => {
      t = await createTestApp(dialect, { demo: true });
    });
    after(() => t.close());

    for (const [name, url] of [
      ['site', '/'],
      ['channel', '/local/'],
      ['sub-channel', '/local/society/'],
      ['topic', '/topics/yuanjiang/'],
    ] as const) {
      it(`serves the ${name} feed as RSS 2.0 and Atom that a feed parser reads`, async () => {
        for (const file of ['feed.xml', 'atom.xml']) {
          const res = await t.app.inject({ url: `${url}${file}` });
          assert.equal(res.statusCode, 200, `${url}${file}`);
          assert.match(res.headers['content-type'] as string, file === 'feed.xml' ? /^application\/rss\+xml/ : /^application\/atom\+xml/);
          const feed = parseFeed(res.body);
          assert.equal(feed.meta.type, file === 'feed.xml' ? 'rss' : 'atom');
          assert.ok(feed.title);
          assert.equal(feed.url, `${TEST_PUBLIC_URL}${url}`);
          assert.ok(feed.items.length > 0 && feed.items.length <= 20, `${feed.items.length} items`);
          const times = feed.items.map((i) => i.published?.getTime() ?? 0);
          assert.deepEqual(times, [...times].sort((a, b) => b - a), 'newest first');
          for (const item of feed.items) {
            assert.match(item.url ?? '', /^http:\/\/masthead\.test\/\d{4}-\d{2}\/\d{2}\/c_\d+\.html$/);
            assert.ok(item.title);
            assert.ok(item.description);
            assert.equal(item.content, null, 'summaries only, by default');
          }
        }
      });
    }

    it('names the reporters as Atom authors and the channel as category', async () => {
      const feed = parseFeed((await t.app.inject({ url: '/local/society/atom.xml' })).body);
      const seed = feed.items.find((i) => i.url === `${TEST_PUBLIC_URL}/2026-01/06/c_1.html`);
      assert.ok(seed, 'the seed article is in its channel feed');
      assert.deepEqual(
        seed.authors.map((a) => a.name),
        ['刘翔'],
      );
      assert.deepEqual(
        seed.categories.map((c) => c.label ?? c.term),
        ['社会'],
      );
      assert.ok(feed.items.every((i) => i.authors.length > 0));
    });

    it('answers 404 for the feed of a channel or topic that does not exist', async () => {
      assert.equal((await t.app.inject({ url: '/nowhere/feed.xml' })).statusCode, 404);
      assert.equal((await t.app.inject({ url: '/topics/nowhere/atom.xml' })).statusCode, 404);
      assert.equal((await t.app.inject({ url: '/topics/Bad..Slug/feed.xml' })).statusCode, 404);
    });

    it('links the feeds from the pages: the site everywhere, a channel on its own page', async () => {
      const home = (await t.app.inject({ url: '/' })).body;
      assert.match(home, /<link rel="alternate" type="application\/rss\+xml" title="Masthead" href="\/feed\.xml"\/>/);
      const channel = (await t.app.inject({ url: '/local/' })).body;
      assert.match(channel, /<link rel="alternate" type="application\/atom\+xml" title="[^"]+" href="\/local\/atom\.xml"\/>/);
      const topic = (await t.app.inject({ url: '/topics/yuanjiang/' })).body;
      assert.match(topic, /href="\/topics\/yuanjiang\/feed\.xml"/);
    });
  });

  describe(`feeds with full content [${dialect}]`, () => {
    let t: TestApp;
    before(async () => {
      t = await createTestApp(dialect, { env: { FEED_FULL_CONTENT: '1' } });
      const db = t.db.database.db;
      const root = await ensureRootChannel(db, t.clock, '首页');
      const local = await createChildChannel(db, t.clock, root, '地方', 'local');
      await createArticle(db, t.clock, {
        kind: 'article',
        status: 'published',
        title: '全文输出的稿件',
        summary: '摘要一句话',
        bodyHtml: '<p>第一段正文，带<a href="/2026-01/06/c_1.html">站内链接</a>。</p><figure><img src="/media/2026/01/x.jpg" alt="图" width="800" height="600"></figure>',
        channelId: local.id,
        publishedAt: new Date(Date.parse(TEST_NOW) - 60_000),
      });
    });
    after(() => t.close());

    it('carries the whole body with absolute links when FEED_FULL_CONTENT is set, in site and channel feeds', async () => {
      for (const url of ['/feed.xml', '/atom.xml', '/local/feed.xml', '/local/atom.xml']) {
        const res = await t.app.inject({ url });
        assert.equal(res.statusCode, 200, url);
        const feed = parseFeed(res.body);
        const [item] = feed.items;
        assert.ok(item, url);
        assert.equal(item.description, '摘要一句话');
        assert.match(item.content ?? '', /第一段正文/);
        assert.match(item.content ?? '', /href="http:\/\/masthead\.test\/2026-01\/06\/c_1\.html"/);
        assert.match(item.content ?? '', /src="http:\/\/masthead\.test\/media\/2026\/01\/x\.jpg"/);
      }
    });
  });

  describe(`sitemaps and robots.txt [${dialect}]`, () => {
    let t: TestApp;
    before(async () => {
      t = await createTestApp(dialect, { demo: true });
      // A correction today is the newest change of January, long after its last publication.
      await correct(t, 1, '更正后的摘要');
    });
    after(() => t.close());

    it('points robots.txt at the sitemap index and the news sitemap, keeping crawlers out of the newsroom', async () => {
      const res = await t.app.inject({ url: '/robots.txt' });
      assert.equal(res.statusCode, 200);
      assert.match(res.body, /^Sitemap: http:\/\/masthead\.test\/sitemap\.xml$/m);
      assert.match(res.body, /^Sitemap: http:\/\/masthead\.test\/sitemaps\/news\.xml$/m);
      assert.match(res.body, /^Disallow: \/newsroom\/$/m);
    });

    it('serves a sitemap index, and every sitemap it lists validates against the schemas', async () => {
      const index = await t.app.inject({ url: '/sitemap.xml' });
      assert.equal(index.statusCode, 200);
      assert.equal(schemaErrors(index.body, 'siteindex.xsd'), null);
      const listed = locs(index.body);
      assert.ok(listed.includes(`${TEST_PUBLIC_URL}/sitemaps/news.xml`));
      assert.ok(listed.includes(`${TEST_PUBLIC_URL}/sitemaps/sections.xml`));
      assert.ok(listed.includes(`${TEST_PUBLIC_URL}/sitemaps/articles-2026-01.xml`), 'the seed month');
      const lastmods = indexEntries(index.body);
      assert.deepEqual([...lastmods.keys()], listed, 'every entry read');
      const articleUrls = new Set<string>();
      for (const url of listed) {
        const res = await t.app.inject({ url: url.slice(TEST_PUBLIC_URL.length) });
        assert.equal(res.statusCode, 200, url);
        assert.equal(schemaErrors(res.body, url.endsWith('/news.xml') ? 'news-sitemap.xsd' : 'sitemap.xsd'), null, url);
        if (/articles-\d{4}-\d{2}\.xml$/.test(url)) {
          for (const loc of locs(res.body)) articleUrls.add(loc);
          // A month's entry says when its sitemap last changed: its newest <lastmod>.
          const newest = Math.max(...[...res.body.matchAll(/<lastmod>([^<]+)</g)].map((m) => Date.parse(m[1] as string)));
          assert.equal(lastmods.get(url), new Date(newest).toISOString().replace('.000Z', 'Z'), url);
        }
      }
      assert.equal(lastmods.get(`${TEST_PUBLIC_URL}/sitemaps/articles-2026-01.xml`), TEST_NOW.replace('.000Z', 'Z'), "January's correction made today");
      // Every published article is in exactly one month's sitemap.
      const published = await t.db.database.db.selectFrom('articles').select('id').where('status', '=', 'published').execute();
      assert.equal(articleUrls.size, published.length);
      assert.ok(articleUrls.has(`${TEST_PUBLIC_URL}/2026-01/06/c_1.html`));
    });

    it('lists in the news sitemap only what was published in the last 48 hours', async () => {
      const res = await t.app.inject({ url: '/sitemaps/news.xml' });
      const since = Date.parse(TEST_NOW) - 48 * 3600_000;
      const dates = [...res.body.matchAll(/<news:publication_date>([^<]+)</g)].map((m) => Date.parse(m[1] as string));
      assert.ok(dates.length > 0);
      assert.ok(dates.every((d) => d >= since && d <= Date.parse(TEST_NOW)));
      const recent = await t.db.database.db
        .selectFrom('articles')
        .select('id')
        .where('status', '=', 'published')
        .where('published_at', '>=', new Date(since).toISOString())
        .execute();
      assert.equal(dates.length, recent.length);
    });

    it("serves a day's sitemap, which the index uses for a month beyond 50,000 articles", async () => {
      const res = await t.app.inject({ url: '/sitemaps/articles-2026-01-06.xml' });
      assert.equal(res.statusCode, 200);
      assert.equal(schemaErrors(res.body, 'sitemap.xsd'), null);
      assert.deepEqual(locs(res.body), [`${TEST_PUBLIC_URL}/2026-01/06/c_1.html`]);
      assert.equal((await t.app.inject({ url: '/sitemaps/articles-2026-01-07.xml' })).statusCode, 404, 'a day without articles');
      assert.equal((await t.app.inject({ url: '/sitemaps/articles-2026-02-30.xml' })).statusCode, 404, 'a date that does not exist');
    });

    it('refuses sitemaps that do not exist with 404', async () => {
      for (const url of ['/sitemaps/articles-2026-13.xml', '/sitemaps/articles-1999-01.xml', '/sitemaps/articles-2026-01-2.xml', '/sitemaps/other.xml']) {
        assert.equal((await t.app.inject({ url })).statusCode, 404, url);
      }
    });

    it('validates the schemas themselves: a wrong change frequency or language, or an empty list, fails', async () => {
      const sections = (await t.app.inject({ url: '/sitemaps/sections.xml' })).body;
      assert.match(schemaErrors(sections.replace('<changefreq>hourly', '<changefreq>often'), 'sitemap.xsd') ?? '', /changefreq/);
      assert.match(schemaErrors(sections.replace(/<url>[\s\S]*<\/url>/, ''), 'sitemap.xsd') ?? '', /urlset/, 'a <urlset> needs a <url>');
      const news = (await t.app.inject({ url: '/sitemaps/news.xml' })).body;
      assert.match(schemaErrors(news.replaceAll('zh-cn', 'Chinese'), 'news-sitemap.xsd') ?? '', /language/);
      const index = (await t.app.inject({ url: '/sitemap.xml' })).body;
      assert.match(schemaErrors(index.replace(/<lastmod>[^<]+/, '<lastmod>yesterday'), 'siteindex.xsd') ?? '', /lastmod/);
      assert.match(schemaErrors(index.replace(/<sitemap>[\s\S]*<\/sitemap>/, ''), 'siteindex.xsd') ?? '', /sitemapindex/, 'an index needs a <sitemap>');
    });
  });

  describe(`sitemaps of an empty site [${dialect}]`, () => {
    let t: TestApp;
    before(async () => {
      t = await createTestApp(dialect);
    });
    after(() => t.close());

    it('has no news sitemap until something is published, and the index leaves it out', async () => {
      assert.equal((await t.app.inject({ url: '/sitemaps/news.xml' })).statusCode, 404);
      const index = await t.app.inject({ url: '/sitemap.xml' });
      assert.equal(index.statusCode, 200);
      assert.doesNotMatch(index.body, /news\.xml/);
      assert.equal(schemaErrors(index.body, 'siteindex.xsd'), null);
    });

    it('lists the home page before any channel exists, so every sitemap the index names is valid', async () => {
      const listed = locs((await t.app.inject({ url: '/sitemap.xml' })).body);
      assert.deepEqual(listed, [`${TEST_PUBLIC_URL}/sitemaps/sections.xml`]);
      const sections = await t.app.inject({ url: '/sitemaps/sections.xml' });
      assert.equal(sections.statusCode, 200);
      assert.equal(schemaErrors(sections.body, 'sitemap.xsd'), null);
      assert.deepEqual(locs(sections.body), [`${TEST_PUBLIC_URL}/`]);
      assert.equal((await t.app.inject({ url: '/' })).statusCode, 200, 'and the home page answers');
    });
  });

  describe(`share cards and JSON-LD [${dialect}]`, () => {
    let t: TestApp;
    let hostileUrl = '';
    before(async () => {
      t = await createTestApp(dialect, { demo: true });
      const db = t.db.database.db;
      const channel = await getChannelByPath(db, 'tech');
      assert.ok(channel);
      const id = await db.transaction().execute((trx) =>
        createArticle(trx, t.clock, {
          kind: 'article',
          status: 'published',
          title: '标题里有</script><script>alert(1)</script>和 & 符号',
          summary: '摘要 <b>不是标签</b>',
          bodyHtml: '<p>正文</p><figure><img src="/media/2026/11/p.jpg" alt="图" width="800" height="600"></figure>',
          channelId: channel.id,
          reporters: ['张三', '李四'],
          editorInCharge: '王五',
          publishedAt: new Date(Date.parse(TEST_NOW) - 3600_000),
        }),
      );
      await setArticleTags(db, t.clock, id, ['人工智能', '芯片']);
      hostileUrl = `/2026-11/30/c_${id}.html`;
    });
    after(() => t.close());

    it('gives the seed article a NewsArticle naming its reporter, editor and publisher, and its breadcrumb', async () => {
      const html = (await t.app.inject({ url: '/2026-01/06/c_1.html' })).body;
      const [article, crumbs] = jsonLd(html);
      assert.ok(article && crumbs);
      assert.equal(article['@type'], 'NewsArticle');
      assert.equal(article.headline, '第十二批省市错时轮换援疆骨干——“既然来了,就把根扎深、事办实!”');
      assert.deepEqual(article.author, [{ '@type': 'Person', name: '刘翔' }]);
      assert.deepEqual(article.editor, { '@type': 'Person', name: '王宏泽' });
      assert.deepEqual(article.publisher, { '@type': 'Organization', name: 'Masthead', url: `${TEST_PUBLIC_URL}/` });
      assert.equal(article.datePublished, '2026-01-06T05:25:00.000Z');
      assert.equal(article.dateModified, article.datePublished, 'never corrected');
      assert.equal(article.url, `${TEST_PUBLIC_URL}/2026-01/06/c_1.html`);
      assert.equal(crumbs['@type'], 'BreadcrumbList');
      const steps = crumbs.itemListElement as Array<{ position: number; name: string; item: string }>;
      assert.deepEqual(
        steps.map((s) => [s.position, s.name]),
        [
          [1, '首页'],
          [2, '地方频道'],
          [3, '社会'],
          [4, article.headline],
        ],
      );
      assert.equal(steps[2]?.item, `${TEST_PUBLIC_URL}/local/society/`);
    });

    it('carries Open Graph and Twitter tags for share cards (WeChat reads the same)', async () => {
      const html = (await t.app.inject({ url: '/2026-01/06/c_1.html' })).body;
      assert.equal(metaContent(html, 'property', 'og:type'), 'article');
      assert.equal(metaContent(html, 'property', 'og:url'), `${TEST_PUBLIC_URL}/2026-01/06/c_1.html`);
      assert.match(metaContent(html, 'property', 'og:title') ?? '', /^第十二批省市错时轮换援疆骨干/);
      assert.match(metaContent(html, 'property', 'og:description') ?? '', /^山海深情/);
      assert.equal(metaContent(html, 'name', 'twitter:card'), 'summary');
      assert.match(html, /<link rel="canonical" href="http:\/\/masthead\.test\/2026-01\/06\/c_1\.html"\/>/);
    });

    it('keeps hostile text inside the JSON-LD and the tags, with the image, tags and both reporters', async () => {
      const html = (await t.app.inject({ url: hostileUrl })).body;
      const scripts = DomUtils.getElementsByTagName('script', parseDocument(html));
      assert.ok(scripts.length > 0);
      for (const el of scripts) assert.ok(el.attribs.type === 'application/ld+json' || !DomUtils.textContent(el).includes('alert(1)'), 'the title never becomes a script');
      assert.ok(html.includes('<meta property="og:title" content="标题里有&lt;/script>'), 'and in attributes it is escaped');
      const [article] = jsonLd(html);
      assert.ok(article);
      assert.equal(article.headline, '标题里有</script><script>alert(1)</script>和 & 符号');
      assert.equal(article.description, '摘要 <b>不是标签</b>');
      assert.deepEqual(article.author, [
        { '@type': 'Person', name: '张三' },
        { '@type': 'Person', name: '李四' },
      ]);
      assert.deepEqual(article.editor, { '@type': 'Person', name: '王五' });
      assert.deepEqual(article.image, [`${TEST_PUBLIC_URL}/media/2026/11/p.jpg`]);
      assert.equal(article.keywords, '人工智能,芯片');
      assert.equal(article.articleSection, '科技');
      assert.equal(metaContent(html, 'property', 'og:image'), `${TEST_PUBLIC_URL}/media/2026/11/p.jpg`);
      assert.equal(metaContent(html, 'name', 'twitter:card'), 'summary_large_image');
      assert.match(html, /<meta property="article:tag" content="芯片"\/>/);
    });

    it('shows the cover as the image when it is the only one, in JSON-LD and the share tags', async () => {
      const db = t.db.database.db;
      const channel = await getChannelByPath(db, 'tech');
      assert.ok(channel);
      const id = await createArticle(db, t.clock, {
        kind: 'article',
        status: 'published',
        title: '只有封面图的稿件',
        summary: '正文没有图片',
        bodyHtml: '<p>一段没有图片的正文。</p>',
        channelId: channel.id,
        coverImageUrl: '/media/2026/11/cover.jpg',
        publishedAt: new Date(Date.parse(TEST_NOW) - 1800_000),
      });
      const html = (await t.app.inject({ url: `/2026-11/30/c_${id}.html` })).body;
      const cover = `${TEST_PUBLIC_URL}/media/2026/11/cover.jpg`;
      assert.deepEqual(jsonLd(html)[0]?.image, [cover]);
      assert.equal(metaContent(html, 'property', 'og:image'), cover);
      assert.equal(metaContent(html, 'name', 'twitter:image'), cover);
      assert.equal(metaContent(html, 'name', 'twitter:card'), 'summary_large_image');
    });

    it('dates a corrected article: dateModified is the correction, after datePublished', async () => {
      const db = t.db.database.db;
      const channel = await getChannelByPath(db, 'tech');
      assert.ok(channel);
      const publishedAt = new Date(Date.parse(TEST_NOW) - 7200_000);
      const id = await createArticle(db, t.clock, { kind: 'article', status: 'published', title: '后来更正的稿件', bodyHtml: '<p>初稿。</p>', channelId: channel.id, publishedAt });
      await correct(t, id, '更正：数字有误');
      const html = (await t.app.inject({ url: `/2026-11/30/c_${id}.html` })).body;
      const [article] = jsonLd(html);
      assert.equal(article?.datePublished, publishedAt.toISOString());
      assert.equal(article?.dateModified, TEST_NOW);
      assert.equal(metaContent(html, 'property', 'article:modified_time'), TEST_NOW);
    });

    it('describes the home page as a WebSite with its search', async () => {
      const [site] = jsonLd((await t.app.inject({ url: '/' })).body);
      assert.equal(site?.['@type'], 'WebSite');
      assert.deepEqual((site?.potentialAction as { target: { urlTemplate: string } }).target.urlTemplate, `${TEST_PUBLIC_URL}/search/?q={search_term_string}`);
    });
  });

  describe(`WeChat JS-SDK signature [${dialect}]`, () => {
    const TICKET = 'sM4AOVdWfPE4DxkXGEs8VMCPGGVi4C3VM0P37wVUCFvkVAy_90u5h9nbSlYy3-Sl-HhTdfl2fzFy1AOcHKP7qg';
    const calls: string[] = [];
    let t: TestApp;
    before(async () => {
      t = await createTestApp(dialect, {
        demo: true,
        env: { WECHAT_APP_ID: 'wx0123456789abcdef', WECHAT_APP_SECRET: 'not-a-real-secret' },
        fetch: async (url) => {
          calls.push(url);
          const body = url.includes('/cgi-bin/token?') ? { access_token: 'ACCESS', expires_in: 7200 } : { errcode: 0, errmsg: 'ok', ticket: TICKET, expires_in: 7200 };
          return { ok: true, json: async () => body };
        },
      });
    });
    after(() => t.close());

    it('signs a page of the site with the ticket, fetching token and ticket once for concurrent callers', async () => {
      const page = `${TEST_PUBLIC_URL}/2026-01/06/c_1.html?from=timeline`;
      const [res, again] = await Promise.all([
        t.app.inject({ url: `/api/v1/wechat/signature?url=${encodeURIComponent(`${page}#top`)}` }),
        t.app.inject({ url: `/api/v1/wechat/signature?url=${encodeURIComponent(page)}` }),
      ]);
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(again.statusCode, 200);
      const body = res.json() as { appId: string; timestamp: number; nonceStr: string; signature: string };
      assert.equal(body.appId, 'wx0123456789abcdef');
      assert.equal(body.timestamp, Date.parse(TEST_NOW) / 1000);
      const expected = createHash('sha1').update(`jsapi_ticket=${TICKET}&noncestr=${body.nonceStr}&timestamp=${body.timestamp}&url=${page}`).digest('hex');
      assert.equal(body.signature, expected);
      assert.equal(res.headers['cache-control'], 'no-store');
      assert.deepEqual(calls, [
        'https://api.weixin.qq.com/cgi-bin/token?grant_type=client_credential&appid=wx0123456789abcdef&secret=not-a-real-secret',
        'https://api.weixin.qq.com/cgi-bin/ticket/getticket?access_token=ACCESS&type=jsapi',
      ]);
    });

    it("refuses to sign other sites' pages or a missing URL, with 400 JSON", async () => {
      for (const url of ['/api/v1/wechat/signature?url=https%3A%2F%2Fevil.example%2F', '/api/v1/wechat/signature?url=not-a-url', '/api/v1/wechat/signature']) {
        const res = await t.app.inject({ url });
        assert.equal(res.statusCode, 400, url);
        assert.equal((res.json() as { error: { code: string } }).error.code, 'VALIDATION_FAILED');
      }
    });

    it('tells the page script the app id, and documents the endpoint in the OpenAPI document', async () => {
      const html = (await t.app.inject({ url: '/2026-01/06/c_1.html' })).body;
      assert.match(html, /<meta name="masthead:wechat-app-id" content="wx0123456789abcdef"\/>/);
      const doc = (await t.app.inject({ url: '/api/v1/openapi.json' })).json() as { paths: Record<string, { get?: { security?: unknown[] } }> };
      assert.deepEqual(doc.paths['/api/v1/wechat/signature']?.get?.security, [], 'documented as needing no key: readers ask for it');
    });
  });

  describe(`without WeChat configured [${dialect}]`, () => {
    let t: TestApp;
    let calls = 0;
    before(async () => {
      t = await createTestApp(dialect, {
        demo: true,
        fetch: async () => {
          calls += 1;
          throw new Error('nothing may call out');
        },
      });
    });
    after(() => t.close());

    it('has no signature endpoint, no app id on pages, and pages that load nothing from elsewhere', async () => {
      assert.equal((await t.app.inject({ url: '/api/v1/wechat/signature?url=http%3A%2F%2Fmasthead.test%2F' })).statusCode, 404);
      const wechatUa = { 'user-agent': 'Mozilla/5.0 (iPhone) AppleWebKit/605.1.15 MicroMessenger/8.0.50 NetType/WIFI Language/zh_CN' };
      for (const url of ['/', '/local/', '/2026-01/06/c_1.html', '/topics/yuanjiang/']) {
        const html = (await t.app.inject({ url, headers: wechatUa })).body;
        assert.doesNotMatch(html, /masthead:wechat-app-id/);
        const outside = loadedUrls(html).filter((u) => /^(https?:)?\/\//.test(u) && !u.startsWith(TEST_PUBLIC_URL));
        assert.deepEqual(outside, [], url);
      }
      assert.equal(calls, 0);
    });
  });
}
