/**
 * Hostile input to /api/v1 and the newsroom's form and JSON endpoints (every newsroom POST
 * route parses JSON as well as forms): oversized and deeply nested bodies, wrong types,
 * prototype-pollution keys, huge cursors, impossible numbers, search operators, invalid
 * UTF-8 and NUL bytes. Every answer is below 500, a 4xx is the JSON error shape with no
 * stack trace, the process's prototypes stay clean, and a refusal writes nothing.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { fixedClock } from '../../src/shared/clock.ts';
import { createTestApp, TEST_NOW, TEST_PUBLIC_URL, type TestApp } from '../helpers/app.ts';
import { testDialects } from '../helpers/databases.ts';
import { articleIdFrom, createStaff, signedIn, type NewsroomClient } from '../helpers/newsroom.ts';
import { countRows, dumpTables } from '../helpers/tables.ts';

const dialects = await testDialects('hostile API input');

/** What a leaked stack trace or source path looks like. */
const STACK_TEXT = /\bat [^\s]+ \(|\bat (file:\/\/|\/)[^\s]*:\d+:\d+|node_modules|\.tsx?:\d+/;
const PROTOTYPE_KEYS = Object.getOwnPropertyNames(Object.prototype).sort();
/** Fields of the article form (autosave, save, create), as src/newsroom/routes/articles.routes.tsx declares them. */
const ARTICLE_FIELDS = ['version', 'title', 'summary', 'bodyHtml', 'channelId', 'source', 'byline', 'reporters', 'editorInCharge', 'tags', 'coverMediaId', 'focus', 'exclusive', 'recommended', 'pinned'];
const IMPOSSIBLE_NUMBERS = ['-1', '0', '-0', 'NaN', 'Infinity', '-Infinity', '1e309', '1.5', '1e3', '0x10', ' 1', '', '99999999999999999'];

function assertNotPolluted(label: string): void {
  assert.equal(({} as Record<string, unknown>).polluted, undefined, `${label}: Object.prototype was polluted`);
  assert.deepEqual(Object.getOwnPropertyNames(Object.prototype).sort(), PROTOTYPE_KEYS, `${label}: Object.prototype changed`);
}

/**
 * What every answer must be: below 500, no stack trace, a clean prototype; a 4xx in JSON
 * is {error:{code,message}} with a stable code and a message for people.
 */
function assertSafe(res: LightMyRequestResponse, label: string): void {
  assert.ok(res.statusCode < 500, `${label}: ${res.statusCode} ${res.body.slice(0, 300)}`);
  assert.doesNotMatch(res.body, STACK_TEXT, `${label}: stack trace text in the body`);
  assertNotPolluted(label);
}

function assertErrorShape(res: LightMyRequestResponse, label: string, status?: number): string {
  assertSafe(res, label);
  if (status !== undefined) assert.equal(res.statusCode, status, `${label}: ${res.body.slice(0, 300)}`);
  assert.ok(res.statusCode >= 400 && res.statusCode < 500, `${label}: a 4xx, got ${res.statusCode}`);
  assert.match(String(res.headers['content-type']), /^application\/json/, `${label}: JSON`);
  const body = res.json() as { error?: { code?: unknown; message?: unknown } };
  assert.equal(typeof body.error, 'object', `${label}: {error:{…}}, got ${res.body.slice(0, 200)}`);
  const { code, message } = body.error ?? {};
  assert.ok(typeof code === 'string' && /^[A-Z][A-Z0-9_]*$/.test(code), `${label}: a stable code, got ${JSON.stringify(code)}`);
  assert.ok(typeof message === 'string' && message.length > 0 && message !== code, `${label}: a message, got ${JSON.stringify(message)}`);
  return code;
}

/** A 200 from a list endpoint: items, and no stack trace. */
function assertList(res: LightMyRequestResponse, label: string): void {
  assertSafe(res, label);
  assert.equal(res.statusCode, 200, `${label}: ${res.body.slice(0, 300)}`);
  assert.ok(Array.isArray((res.json() as { items?: unknown }).items), `${label}: a list of items`);
}

/** POST routes from Fastify's own route tree, parameters filled with 1. */
function postRoutes(tree: string): string[] {
  const stack: string[] = [];
  const out: string[] = [];
  for (const line of tree.split('\n')) {
    const m = /^([│ ]*)[├└]── (.+?) \(POST\)$/.exec(line.replace(/\u00a0/g, ' '));
    if (!m) continue;
    const depth = (m[1] ?? '').length / 4;
    const full = (stack[depth - 1] ?? '') + m[2];
    stack[depth] = full;
    stack.length = depth + 1;
    out.push(full.replace(/:[A-Za-z]+/g, '1'));
  }
  return out;
}

for (const dialect of dialects) {
  describe(`hostile API input [${dialect}]`, () => {
    let t: TestApp;
    let admin: NewsroomClient;
    let draftId: number;
    let seedId: number;

    before(async () => {
      t = await createTestApp(dialect, { demo: true, perChannel: 1 });
      const staff = await createStaff(t.db.database.db, fixedClock(TEST_NOW));
      admin = await signedIn(t.app, staff.admin);
      await admin.get('/newsroom/articles/new');
      draftId = articleIdFrom(await admin.post('/newsroom/articles', { title: '安全测试草稿', bodyHtml: '<p>正文</p>' }));
      seedId = (await t.db.database.db.selectFrom('articles').select('id').where('status', '=', 'published').orderBy('id').executeTakeFirstOrThrow()).id;
    });
    after(() => t.close());

    let voter = 0;
    const api = (url: string, opts: Omit<InjectOptions, 'url'> = {}) => t.app.inject({ ...opts, url, remoteAddress: `198.51.100.${++voter % 250}` });

    /** A newsroom request as the signed-in admin's browser script would send it. */
    const newsroom = (method: 'GET' | 'POST', url: string, payload?: string | Buffer, contentType = 'application/json') =>
      t.app.inject({
        method,
        url,
        ...(payload !== undefined ? { payload } : {}),
        headers: {
          ...(payload !== undefined ? { 'content-type': contentType } : {}),
          accept: 'application/json',
          origin: TEST_PUBLIC_URL,
          cookie: [...admin.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
          'x-csrf-token': admin.csrf,
        },
        remoteAddress: admin.ip,
      });

    const draftTitle = async () => (await t.db.database.db.selectFrom('articles').select('title').where('id', '=', draftId).executeTakeFirstOrThrow()).title;

    it('answers a JSON body over 1 MB with a JSON 413, on the API and in the newsroom', async () => {
      const big = JSON.stringify({ mood: 'x'.repeat(1_100_000) });
      const res = await api(`/api/v1/articles/${seedId}/moods`, { method: 'POST', payload: big, headers: { 'content-type': 'application/json' } });
      assert.equal(assertErrorShape(res, 'API mood vote', 413), 'PAYLOAD_TOO_LARGE');

      const rows = await countRows(t.db.database.db);
      const autosave = await newsroom('POST', `/newsroom/articles/${draftId}/autosave`, JSON.stringify({ title: 'x', bodyHtml: 'x'.repeat(1_100_000) }));
      assert.equal(assertErrorShape(autosave, 'newsroom autosave', 413), 'PAYLOAD_TOO_LARGE', 'an article is not an image');
      const form = await newsroom('POST', `/newsroom/articles/${draftId}/autosave`, `bodyHtml=${'x'.repeat(2_100_000)}`, 'application/x-www-form-urlencoded');
      assert.equal(assertErrorShape(form, 'newsroom form', 413), 'PAYLOAD_TOO_LARGE');
      assert.deepEqual(await countRows(t.db.database.db), rows, 'nothing written');
    });

    it('answers 100,000 levels of nested JSON with a 400, and keeps serving', async () => {
      const arrays = '['.repeat(100_000) + ']'.repeat(100_000);
      const objects = '{"a":'.repeat(100_000) + '1' + '}'.repeat(100_000);
      for (const [label, payload] of [
        ['arrays', arrays],
        ['objects', objects],
        ['arrays in a field', `{"mood":${arrays}}`],
        ['a poisoned key at the bottom', '{"a":'.repeat(50_000) + '{"__proto__":{"polluted":1}}' + '}'.repeat(50_000)],
      ]) {
        const res = await api(`/api/v1/articles/${seedId}/moods`, { method: 'POST', payload, headers: { 'content-type': 'application/json' } });
        assert.equal(assertErrorShape(res, `API: ${label}`, 400), 'VALIDATION_FAILED');
      }
      const before = await draftTitle();
      for (const payload of [arrays, `{"title":${arrays}}`]) {
        const res = await newsroom('POST', `/newsroom/articles/${draftId}/autosave`, payload);
        assert.equal(assertErrorShape(res, 'newsroom autosave', 400), 'VALIDATION_FAILED');
      }
      // Unknown properties are dropped, however deep: the save goes through without them.
      assertSafe(await newsroom('POST', `/newsroom/articles/${draftId}/autosave`, objects), 'newsroom autosave, deep unknown property');
      assert.equal(await draftTitle(), before);
      assert.equal((await api(`/api/v1/articles/${seedId}`)).statusCode, 200, 'the server still answers');
    });

    it('refuses every field of the article form (autosave) given an object or a list, and never fails on a scalar', async () => {
      const revisions = async () => (await countRows(t.db.database.db)).article_revisions;
      for (const field of ARTICLE_FIELDS) {
        for (const value of [{ nested: '<script>' }, ['a', 'b'], [{}], []]) {
          const before = await revisions();
          const res = await newsroom('POST', `/newsroom/articles/${draftId}/autosave`, JSON.stringify({ version: '1', [field]: value }));
          const label = `${field} = ${JSON.stringify(value)}`;
          assert.equal(assertErrorShape(res, label, 400), 'VALIDATION_FAILED');
          assert.match(String((res.json() as { error: { detail?: string } }).error.detail), new RegExp(`body/${field}\\b`), `${label}: names the field`);
          assert.equal(await revisions(), before, `${label}: no autosave written`);
        }
        // Numbers, booleans and null are read as their text, as a form would send them.
        for (const value of [5, -1.5, true, null]) {
          const res = await newsroom('POST', `/newsroom/articles/${draftId}/autosave`, JSON.stringify({ version: '1', [field]: value }));
          assertSafe(res, `${field} = ${JSON.stringify(value)}`);
          if (res.statusCode >= 400) assertErrorShape(res, `${field} = ${JSON.stringify(value)}`);
        }
      }
      for (const body of ['[1,2]', '"text"', 'null', '42', '{"title":']) {
        assert.equal(assertErrorShape(await newsroom('POST', `/newsroom/articles/${draftId}/autosave`, body), `body ${body}`, 400), 'VALIDATION_FAILED');
      }
    });

    it('refuses a mood vote whose one field has the wrong type', async () => {
      for (const mood of [{ key: 'happy' }, ['happy', 'sad'], [], null, 5, true, 'happy\u0000', '<script>']) {
        const res = await api(`/api/v1/articles/${seedId}/moods`, { method: 'POST', payload: JSON.stringify({ mood }), headers: { 'content-type': 'application/json' } });
        assert.equal(assertErrorShape(res, `mood = ${JSON.stringify(mood)}`, 400), 'VALIDATION_FAILED');
      }
    });

    it('refuses __proto__ and constructor.prototype keys in JSON bodies on every POST route', async () => {
      const routes = postRoutes(t.app.printRoutes({ method: 'POST', commonPrefix: false }));
      assert.ok(routes.includes('/newsroom/articles/1/autosave') && routes.includes('/api/v1/articles/1/moods') && routes.length > 30, `the route list is read (${routes.length})`);
      const rows = await dumpTables(t.db.database.db);
      for (const url of routes) {
        for (const payload of [
          `{"__proto__":{"polluted":"yes"},"_csrf":"${admin.csrf}","title":"x","mood":"happy"}`,
          `{"constructor":{"prototype":{"polluted":"yes"}},"_csrf":"${admin.csrf}","title":"x","mood":"happy"}`,
          `{"a":[{"b":{"__proto__":{"polluted":"yes"}}}]}`,
        ]) {
          const res = url.startsWith('/api/') ? await api(url, { method: 'POST', payload, headers: { 'content-type': 'application/json' } }) : await newsroom('POST', url, payload);
          assert.equal(assertErrorShape(res, `${url} ${payload.slice(0, 30)}`, 400), 'VALIDATION_FAILED');
        }
      }
      assert.deepEqual(await dumpTables(t.db.database.db), rows, 'nothing written');
    });

    it('ignores or refuses __proto__ and constructor[prototype] in query strings and form bodies', async () => {
      const hostile = '__proto__[polluted]=yes&constructor[prototype][polluted]=yes&__proto__.polluted=yes&__proto__=yes';
      for (const url of [`/api/v1/articles?${hostile}`, `/api/v1/search?q=a&${hostile}`, `/api/v1/channels?${hostile}`, `/api/v1/articles/${seedId}?${hostile}`]) {
        const res = await api(url);
        assertSafe(res, url);
        if (res.statusCode !== 200) assertErrorShape(res, url);
      }
      for (const url of [`/newsroom/articles?${hostile}`, `/newsroom/media.json?${hostile}`, `/newsroom/articles/${draftId}?${hostile}`]) {
        const res = await newsroom('GET', url);
        assertSafe(res, url);
        if (res.statusCode !== 200) assertErrorShape(res, url);
      }
      const before = await draftTitle();
      const form = await newsroom('POST', `/newsroom/articles/${draftId}/autosave`, `${hostile}&version=1&title=${encodeURIComponent(before)}`, 'application/x-www-form-urlencoded');
      assertSafe(form, 'autosave form');
      if (form.statusCode !== 200) assertErrorShape(form, 'autosave form');
      const vote = await api(`/api/v1/articles/${seedId}/moods`, { method: 'POST', payload: `${hostile}&mood=happy`, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
      assertSafe(vote, 'mood form');
      assert.equal(await draftTitle(), before);
    });

    it('refuses a 100,000-character cursor with a 400', async () => {
      const huge = 'A'.repeat(100_000);
      for (const url of [`/api/v1/articles?after=${huge}`, `/api/v1/search?q=a&after=${huge}`, `/api/v1/articles?channel=local&after=${huge}`]) {
        assert.equal(assertErrorShape(await api(url), url.slice(0, 40), 400), 'VALIDATION_FAILED');
      }
      for (const url of [`/newsroom/articles?before=${huge}`, `/newsroom/media?before=${huge}`, `/newsroom/audit?before=${huge}`]) {
        assert.equal(assertErrorShape(await newsroom('GET', url), url.slice(0, 40), 400), 'VALIDATION_FAILED');
      }
    });

    it('refuses negative, NaN, infinite, fractional and oversized ids with a 400 or 404', async () => {
      for (const id of [...IMPOSSIBLE_NUMBERS.filter((n) => n !== ''), '9999999999999999', '2147483648']) {
        const path = encodeURIComponent(id);
        for (const url of [`/api/v1/articles/${path}`, `/api/v1/articles/${path}/moods`, `/api/v1/articles/by-path?path=${encodeURIComponent(`/2026-01/06/c_${id}.html`)}`]) {
          const code = assertErrorShape(await api(url), url);
          assert.ok(['VALIDATION_FAILED', 'ARTICLE_NOT_FOUND', 'NOT_FOUND'].includes(code), `${url}: ${code}`);
        }
        for (const url of [`/newsroom/articles/${path}`, `/newsroom/articles/${path}/revisions`]) {
          const code = assertErrorShape(await newsroom('GET', url), url);
          assert.ok(['VALIDATION_FAILED', 'ARTICLE_NOT_FOUND', 'NOT_FOUND'].includes(code), `${url}: ${code}`);
        }
        const res = await newsroom('POST', `/newsroom/articles/${path}/autosave`, '{"title":"x"}');
        assertErrorShape(res, `autosave ${id}`);
      }
    });

    it('refuses impossible page sizes (negative, NaN, 1e309, Infinity, fractions) with a 400', async () => {
      for (const limit of IMPOSSIBLE_NUMBERS.filter((n) => n !== '0x10' && n !== ' 1').concat(['101', '-Infinity'])) {
        for (const base of ['/api/v1/articles?', '/api/v1/search?q=%E8%AE%B0%E8%80%85&', '/api/v1/articles?channel=local&']) {
          const url = `${base}limit=${encodeURIComponent(limit)}`;
          assert.equal(assertErrorShape(await api(url), url, 400), 'VALIDATION_FAILED');
        }
      }
    });

    it('treats search operators and SQL in /api/v1/search as text: 200 with results or an empty list', async () => {
      const articles = (await countRows(t.db.database.db)).articles;
      for (const q of ['" OR 1=1 --', 'NEAR(', 'NEAR(记者 援疆, 2)', '*', '记者*', 'title:x', 'title:记者', 'AND NOT', '记者 AND NOT 援疆', "'); DROP TABLE articles;--", '"', '(', ')', '^记者', '-记者', '记者 OR', '{title}: x', '\\', '%', '_', "' || pg_sleep(1) --", '$$', '::text']) {
        const url = `/api/v1/search?q=${encodeURIComponent(q)}`;
        assertList(await api(url), `search ${q}`);
      }
      assert.equal((await countRows(t.db.database.db)).articles, articles, 'the articles table is whole');
      assertList(await api(`/api/v1/search?q=${encodeURIComponent('记者')}`), 'search still works');
    });

    it('answers invalid UTF-8 percent-encoding in queries as text or a 400, never a 500', async () => {
      for (const bad of ['%ff%fe', '%c0%af', '%e4%b8', '%ed%a0%80', '%', '%zz']) {
        assertList(await api(`/api/v1/search?q=${bad}`), `search q=${bad}`);
        for (const url of [`/api/v1/articles?channel=${bad}`, `/api/v1/articles?after=${bad}`, `/api/v1/articles?topic=${bad}`, `/api/v1/articles/by-path?path=${bad}`]) {
          assert.equal(assertErrorShape(await api(url), url, 400), 'VALIDATION_FAILED');
        }
        const res = await newsroom('GET', `/newsroom/articles?before=${bad}`);
        assertSafe(res, `newsroom before=${bad}`);
        if (res.statusCode >= 400) assertErrorShape(res, `newsroom before=${bad}`);
      }
    });

    it('answers invalid UTF-8 percent-encoding in paths with a 400, never a 500', async () => {
      for (const url of ['/api/v1/articles/%ff%fe', '/api/v1/topics/%c0%af', '/api/v1/%ff', '/newsroom/articles/%c0%af']) {
        const res = await api(url);
        assertSafe(res, url);
        assert.equal(res.statusCode, 400, url);
      }
    });

    it('answers invalid UTF-8 percent-encoding in API paths in the API error shape', async () => {
      for (const url of ['/api/v1/articles/%ff%fe', '/api/v1/topics/%c0%af']) assertErrorShape(await api(url), url, 400);
    });

    it('answers archive sitemaps for months no database can bound (year 0, 0500, 9999-12) with 404', async () => {
      for (const url of ['/sitemaps/articles-0000-01.xml', '/sitemaps/articles-0500-01.xml', '/sitemaps/articles-9999-12.xml', '/sitemaps/articles-9999-12-31.xml']) {
        const res = await t.app.inject({ method: 'GET', url });
        assertSafe(res, url);
        assert.equal(res.statusCode, 404, url);
      }
    });

    it('answers NUL bytes in API parameters with results or a 400', async () => {
      assertList(await api('/api/v1/search?q=%E8%AE%B0%00%E8%80%85'), 'search with a NUL');
      assertList(await api('/api/v1/search?q=%00'), 'search for a NUL');
      for (const url of ['/api/v1/articles?channel=local%00', '/api/v1/articles?tag=a%00', '/api/v1/articles?topic=a%00b', '/api/v1/articles?after=a%00', '/api/v1/articles/by-path?path=%2F2026-01%2F06%2Fc_1.html%00', '/api/v1/articles/1%00', '/api/v1/topics/a%00b', '/api/v1/search?q=a&from=2026-01-01%00']) {
        const code = assertErrorShape(await api(url), url);
        assert.ok(['VALIDATION_FAILED', 'NOT_FOUND', 'ARTICLE_NOT_FOUND', 'TOPIC_NOT_FOUND'].includes(code), `${url}: ${code}`);
      }
    });

    it('refuses NUL bytes in every newsroom POST route with a 400 and writes nothing', async () => {
      const routes = postRoutes(t.app.printRoutes({ method: 'POST', commonPrefix: false })).filter((r) => r.startsWith('/newsroom/') && r !== '/newsroom/media');
      // Real ids, so each route would reach its database writes.
      const real = (url: string) => url.replace('/articles/1', `/articles/${draftId}`);
      const nul = 'a\u0000b';
      const fields = { title: nul, bodyHtml: `<p>${nul}</p>`, summary: nul, source: nul, byline: nul, reporters: nul, editorInCharge: nul, tags: nul, name: nul, displayName: nul, email: `x${nul}@masthead.test`, password: `${nul}-long-enough`, current: nul, comment: nul, target: 'author', key: nul, nameZh: nul, nameEn: nul, icon: nul, intro: nul, alt: nul, caption: nul, credit: nul, at: nul, kind: 'publish', parentId: '1', status: 'draft', role: 'reporter', locale: 'en' };
      const before = await dumpTables(t.db.database.db);
      for (const url of routes.map(real)) {
        const json = await newsroom('POST', url, JSON.stringify({ _csrf: admin.csrf, version: '1', ...fields }));
        assert.equal(assertErrorShape(json, `${url} (JSON)`, 400), 'VALIDATION_FAILED');
        const form = await newsroom('POST', url, new URLSearchParams({ _csrf: admin.csrf, version: '1', ...fields }).toString(), 'application/x-www-form-urlencoded');
        assert.equal(assertErrorShape(form, `${url} (form)`, 400), 'VALIDATION_FAILED');
      }
      assert.deepEqual(await dumpTables(t.db.database.db), before, 'nothing written');
      const query = await newsroom('GET', `/newsroom/articles?mine=%00&before=a%00`);
      assertErrorShape(query, 'a NUL in a newsroom query', 400);
    });
  });
}
