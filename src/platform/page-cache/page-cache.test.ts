import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { pageCacheKey } from './cache-key.ts';
import { PageCache, preferredEncoding, type PageToCache } from './page-cache.ts';

const page = (body: string, tags: string[], ttlMs = 60_000): PageToCache => ({
  body: Buffer.from(body),
  contentType: 'text/html; charset=utf-8',
  contentSecurityPolicy: "script-src 'nonce-x'",
  cacheControl: 'public, max-age=60',
  etag: 'W/"x"',
  tags,
  vary: 'Accept-Encoding',
  ttlMs,
});

describe('page cache', () => {
  it('drops the least recently used pages to stay within its byte budget', () => {
    const cache = new PageCache(4 * (1000 + 512 + 2));
    for (const key of ['/a', '/b', '/c', '/d']) cache.set(key, page('x'.repeat(1000), ['lists']));
    assert.equal(cache.stats().entries, 4);
    cache.get('/a'); // now the most recent
    cache.set('/e', page('x'.repeat(1000), ['lists']));
    assert.ok(cache.get('/a'), 'recently used stays');
    assert.equal(cache.get('/b'), undefined, 'least recently used goes first');
    assert.ok(cache.stats().bytes <= cache.maxBytes);
  });

  it('counts compressed copies in the budget, and refuses a page bigger than a quarter of it', () => {
    const cache = new PageCache(100_000);
    cache.set('/big', page('y'.repeat(30_000), []));
    assert.equal(cache.get('/big'), undefined);
    const body = '新闻'.repeat(2000);
    cache.set('/p', page(body, []));
    const entry = cache.get('/p');
    assert.ok(entry);
    const before = cache.stats().bytes;
    assert.equal(brotliDecompressSync(cache.body(entry, 'br')).toString(), body);
    assert.equal(gunzipSync(cache.body(entry, 'gzip')).toString(), body);
    assert.ok(cache.stats().bytes > before);
    assert.equal(cache.body(entry, 'br'), cache.body(entry, 'br'), 'compressed once');
  });

  it('purges exactly the pages carrying a tag', () => {
    const cache = new PageCache(1_000_000);
    cache.set('/2026-01/06/c_1.html', page('one', ['site', 'lists', 'a:1', 'a:2']));
    cache.set('/topics/x/', page('topic', ['site', 'topics', 'a:2']));
    cache.set('/robots.txt', page('robots', ['site']));
    assert.equal(cache.purge(['a:2']), 2);
    assert.ok(cache.get('/robots.txt'));
    assert.equal(cache.get('/topics/x/'), undefined);
    assert.equal(cache.purge(['site']), 1);
    assert.equal(cache.stats().entries, 0);
    assert.equal(cache.stats().bytes, 0);
  });

  it('expires pages after their time, by the clock it is given', () => {
    let now = 0;
    const cache = new PageCache(1_000_000, () => now);
    cache.set('/', page('home', ['lists'], 60_000));
    now = 59_999;
    assert.ok(cache.get('/'));
    now = 60_000;
    assert.equal(cache.get('/'), undefined);
  });

  it('picks brotli, then gzip, honouring q=0', () => {
    assert.equal(preferredEncoding('gzip, deflate, br'), 'br');
    assert.equal(preferredEncoding('gzip'), 'gzip');
    assert.equal(preferredEncoding('br;q=0, gzip;q=0.5'), 'gzip');
    assert.equal(preferredEncoding('identity'), 'identity');
    assert.equal(preferredEncoding('*'), 'br');
    assert.equal(preferredEncoding(undefined), 'identity');
  });

  it('keys pages by path, ignoring tracking parameters, with a WeChat copy', () => {
    assert.equal(pageCacheKey('/2026-01/06/c_1.html?from=timeline&isappinstalled=0', 'Mozilla'), '/2026-01/06/c_1.html');
    assert.equal(pageCacheKey('/?utm_source=x&utm_medium=y', undefined), '/');
    assert.equal(pageCacheKey('/?after=abc', undefined), null);
    assert.equal(pageCacheKey('/2026-01/06/c_1.html?mood=voted', undefined), null);
    assert.equal(pageCacheKey('/2026-01/06/c_1.html', 'Mozilla/5.0 MicroMessenger/8.0'), '/2026-01/06/c_1.html wx');
  });
});
