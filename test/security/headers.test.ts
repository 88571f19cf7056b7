/**
 * Security headers on every page type: a nonce-based Content-Security-Policy on every HTML
 * page whose nonce is on each of the page's scripts (and nowhere else), on a fresh render and
 * a cached copy alike; frame-ancestors; nosniff and Referrer-Policy on everything; HSTS only
 * over HTTPS; cookie flags.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import * as cheerio from 'cheerio';
import type { LightMyRequestResponse } from 'fastify';
import { getChannelByPath } from '../../src/features/channels/channels.service.ts';
import { withdraw } from '../../src/features/workflow/workflow.service.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { testDialects } from '../helpers/databases.ts';
import { articleIdFrom, createStaff, signedIn, type Staff, type NewsroomClient } from '../helpers/newsroom.ts';

const dialects = await testDialects('security headers');
const SEED = '/2026-01/06/c_1.html';

function directives(csp: string): Map<string, string[]> {
  return new Map(
    csp
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((d) => d[0])
      .map(([name, ...values]) => [name!, values]),
  );
}

/** The policy is strict, and exactly the page's own scripts carry its nonce. */
function assertStrictPage(res: LightMyRequestResponse, label: string, area: 'reader' | 'newsroom'): string {
  assert.equal(res.statusCode < 500, true, label);
  assert.match(String(res.headers['content-type']), /^text\/html/, label);
  const csp = String(res.headers['content-security-policy'] ?? '');
  const d = directives(csp);
  const script = d.get('script-src') ?? [];
  const nonce = script.find((v) => v.startsWith("'nonce-"))?.slice(7, -1);
  assert.ok(nonce && nonce.length >= 22, `${label}: a nonce of 128 bits or more in "${csp}"`);
  assert.ok(!script.includes("'unsafe-inline'") && !script.includes("'unsafe-eval'") && !script.includes('*'), `${label}: no unsafe script source`);
  assert.deepEqual(d.get('object-src'), ["'none'"], label);
  assert.deepEqual(d.get('base-uri'), ["'none'"], label);
  assert.deepEqual(d.get('frame-ancestors'), [area === 'newsroom' ? "'none'" : "'self'"], label);
  if (area === 'reader') assert.deepEqual(d.get('style-src'), ["'self'"], `${label}: reader pages need no inline style`);
  const $ = cheerio.load(res.body);
  const scripts = $('script').toArray();
  for (const s of scripts) {
    const type = $(s).attr('type');
    if (type === 'application/ld+json') continue;
    assert.equal($(s).attr('nonce'), nonce, `${label}: script ${$(s).attr('src') ?? '(inline)'} carries the nonce`);
    assert.ok($(s).attr('src'), `${label}: no inline script`);
  }
  assert.ok(!res.body.includes(' style="'), `${label}: no inline style attribute`);
  return nonce;
}

function assertCommonHeaders(res: LightMyRequestResponse, label: string): void {
  assert.equal(res.headers['x-content-type-options'], 'nosniff', label);
  assert.equal(res.headers['referrer-policy'], 'strict-origin-when-cross-origin', label);
  assert.equal(res.headers['strict-transport-security'], undefined, `${label}: no HSTS over plain HTTP`);
  assert.ok(!/\b(at |Error:)\s/.test(res.body.slice(0, 2000)) || res.statusCode < 400, `${label}: no stack trace`);
}

for (const dialect of dialects) {
  describe(`security headers [${dialect}]`, () => {
    let t: TestApp;
    let staff: Staff;
    let editor: NewsroomClient;
    let withdrawnPath: string;
    let previewPath: string;
    let draftId: number;

    before(async () => {
      t = await createTestApp(dialect, { demo: true, env: { PAGE_CACHE_MB: '8' } });
      staff = await createStaff(t.db.database.db, t.clock);
      editor = await signedIn(t.app, staff.editor);
      const society = await getChannelByPath(t.db.database.db, 'local/society');
      draftId = articleIdFrom(await editor.post('/newsroom/articles', { title: '草稿 headers', bodyHtml: '<p>正文</p>', channelId: String(society?.id) }));
      const link = await editor.post(`/newsroom/articles/${draftId}/preview-link`);
      previewPath = decodeURIComponent(/preview=([^&]+)/.exec(String(link.headers.location))?.[1] ?? '');
      assert.match(previewPath, /^\/preview\//);
      // The newest article of 社会 is withdrawn, so its URL answers 410.
      const list = cheerio.load((await t.app.inject({ method: 'GET', url: '/local/society/' })).body);
      withdrawnPath = list('.feed a').first().attr('href') ?? '';
      const id = Number(/c_(\d+)\.html/.exec(withdrawnPath)?.[1]);
      await withdraw(t.db.database.db, t.clock, staff.chief_editor, id);
      await t.app.syncPageCache();
    });
    after(() => t.close());

    const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ method: 'GET', url, headers });

    const READER_PAGES: Array<[string, () => string, number]> = [
      ['home', () => '/', 200],
      ['channel', () => '/local/', 200],
      ['sub-channel', () => '/local/society/', 200],
      ['article', () => SEED, 200],
      ['topic list', () => '/topics/', 200],
      ['topic', () => '/topics/yuanjiang/', 200],
      ['mood ranking', () => '/moods/', 200],
      ['search', () => '/search/?q=%E6%8F%B4%E7%96%86', 200],
      ['not found', () => '/no/such/page', 404],
      ['withdrawn', () => withdrawnPath, 410],
      ['bad cursor', () => '/?after=garbage', 400],
      ['preview', () => previewPath, 200],
    ];

    for (const [label, url, status] of READER_PAGES) {
      it(`reader ${label} page: strict CSP with its scripts' nonce, and the common headers`, async () => {
        const res = await get(url());
        assert.equal(res.statusCode, status, `${label} ${url()}`);
        assertStrictPage(res, label, 'reader');
        assertCommonHeaders(res, label);
        assert.equal(res.headers['x-frame-options'], 'SAMEORIGIN');
      });
    }

    it('gives every fresh render its own nonce, and a cached copy the nonce its body carries', async () => {
      const first = await get('/tech/');
      const second = await get('/tech/');
      assert.equal(first.headers['x-cache'], 'MISS');
      assert.equal(second.headers['x-cache'], 'HIT');
      const n1 = assertStrictPage(first, 'miss', 'reader');
      const n2 = assertStrictPage(second, 'hit', 'reader');
      assert.equal(n1, n2, 'the cached body and its stored policy agree');
      const other = assertStrictPage(await get('/topics/'), 'another page', 'reader');
      const again = assertStrictPage(await get('/search/?q=%E6%96%B0%E7%96%86'), 'uncached page', 'reader');
      const again2 = assertStrictPage(await get('/search/?q=%E6%96%B0%E7%96%86'), 'uncached page', 'reader');
      assert.equal(new Set([n1, other, again, again2]).size, 4, 'renders never share a nonce');
    });

    const NEWSROOM_PAGES: Array<[string, () => string]> = [
      ['dashboard', () => '/newsroom'],
      ['article list', () => '/newsroom/articles'],
      ['editor', () => `/newsroom/articles/${draftId}`],
      ['new article', () => '/newsroom/articles/new'],
      ['media', () => '/newsroom/media'],
      ['users', () => '/newsroom/users'],
    ];
    for (const [label, url] of NEWSROOM_PAGES) {
      it(`newsroom ${label}: strict CSP, never framed, never cached`, async () => {
        const admin = await signedIn(t.app, staff.admin);
        const res = await admin.get(url());
        assert.equal(res.statusCode, 200, `${label} ${url()}`);
        assertStrictPage(res, label, 'newsroom');
        assertCommonHeaders(res, label);
        assert.equal(res.headers['x-frame-options'], 'DENY');
        assert.match(String(res.headers['cache-control']), /no-store/);
      });
    }

    it('newsroom sign-in page: strict CSP, and its cookie is HttpOnly, SameSite and scoped', async () => {
      const res = await get('/newsroom/login');
      assertStrictPage(res, 'login', 'newsroom');
      assertCommonHeaders(res, 'login');
      const cookies = [res.headers['set-cookie']].flat().filter(Boolean) as string[];
      assert.ok(cookies.length > 0, 'the sign-in form sets its pre-sign-in token');
      for (const cookie of cookies) {
        assert.match(cookie, /HttpOnly/i, cookie);
        assert.match(cookie, /SameSite=Lax/i, cookie);
        assert.doesNotMatch(cookie, /Secure/i, 'not Secure on a plain-HTTP site');
      }
    });

    it('the API reference page allows only same-origin scripts', async () => {
      const start = await get('/api/docs');
      const res = start.statusCode === 302 ? await get(new URL(String(start.headers.location), 'http://masthead.test/api/docs/').pathname) : start;
      assert.equal(res.statusCode, 200);
      assert.match(String(res.headers['content-type']), /^text\/html/);
      const d = directives(String(res.headers['content-security-policy']));
      assert.deepEqual(d.get('script-src'), ["'self'"]);
      assertCommonHeaders(res, 'api docs');
    });

    for (const [label, url] of [
      ['API JSON', '/api/v1/articles'],
      ['RSS', '/feed.xml'],
      ['sitemap', '/sitemap.xml'],
      ['robots.txt', '/robots.txt'],
      ['health', '/healthz'],
    ] as const) {
      it(`${label}: nosniff and Referrer-Policy`, async () => {
        const res = await get(url);
        assert.equal(res.statusCode, 200, url);
        assertCommonHeaders(res, label);
      });
    }

    it('assets and media files: nosniff, so nothing is run as another type', async () => {
      const home = cheerio.load((await get('/')).body);
      const css = home('link[rel="stylesheet"]').attr('href') ?? '';
      const js = home('script[src]').attr('src') ?? '';
      const img = home('img[src^="/media/"]').first().attr('src') ?? '';
      for (const url of [css, js, img]) {
        assert.ok(url, 'the home page links its asset');
        const res = await get(url);
        assert.equal(res.statusCode, 200, url);
        assert.equal(res.headers['x-content-type-options'], 'nosniff', url);
      }
    });

    it('votes set the reader cookie HttpOnly and SameSite=Lax', async () => {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/articles/1/moods',
        headers: { 'content-type': 'application/json', origin: 'http://masthead.test' },
        payload: { mood: 'like' },
      });
      assert.ok(res.statusCode < 300, `vote: ${res.statusCode} ${res.body}`);
      const cookie = String([res.headers['set-cookie']].flat()[0]);
      assert.match(cookie, /HttpOnly/i);
      assert.match(cookie, /SameSite=Lax/i);
    });
  });

  describe(`security headers over HTTPS [${dialect}]`, () => {
    let t: TestApp;
    before(async () => {
      t = await createTestApp(dialect, { demo: true, env: { PUBLIC_URL: 'https://news.example', TRUST_PROXY: '127.0.0.1' } });
    });
    after(() => t.close());

    it('sends HSTS and upgrade-insecure-requests, and marks every cookie Secure', async () => {
      const page = await t.app.inject({ method: 'GET', url: SEED, headers: { 'x-forwarded-proto': 'https' } });
      assert.equal(page.statusCode, 200);
      assert.match(String(page.headers['strict-transport-security']), /^max-age=31536000; includeSubDomains$/);
      assert.ok(directives(String(page.headers['content-security-policy'])).has('upgrade-insecure-requests'));
      // No users yet: the setup form is the one that sets the pre-sign-in cookie.
      const setup = await t.app.inject({ method: 'GET', url: '/newsroom/setup' });
      const vote = await t.app.inject({ method: 'POST', url: '/api/v1/articles/1/moods', headers: { 'content-type': 'application/json' }, payload: { mood: 'like' } });
      const cookies = [setup.headers['set-cookie'], vote.headers['set-cookie']].flat().filter(Boolean) as string[];
      assert.equal(cookies.length, 2, 'the setup form and the vote each set a cookie');
      for (const cookie of cookies) assert.match(cookie, /;\s*Secure/i, cookie);
    });
  });

  describe(`security headers with WeChat configured [${dialect}]`, () => {
    let t: TestApp;
    before(async () => {
      t = await createTestApp(dialect, { demo: true, env: { WECHAT_APP_ID: 'wx0123456789abcdef', WECHAT_APP_SECRET: 's'.repeat(32) } });
    });
    after(() => t.close());

    it("lets the JS-SDK's host serve script on reader pages only", async () => {
      const page = await t.app.inject({ method: 'GET', url: SEED });
      assert.ok(directives(String(page.headers['content-security-policy'])).get('script-src')?.includes('https://res.wx.qq.com'));
      const newsroom = await t.app.inject({ method: 'GET', url: '/newsroom/login' });
      assert.ok(!directives(String(newsroom.headers['content-security-policy'])).get('script-src')?.includes('https://res.wx.qq.com'));
    });
  });
}
