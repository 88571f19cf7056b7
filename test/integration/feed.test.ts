/**
 * The recommended feed and its neighbours: load more in pages of 20 with a keyset cursor
 * (no duplicates or gaps while articles are published), curated slots with start and end
 * times, special-report pages, and read counts that are batched and survive a shutdown.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import * as cheerio from 'cheerio';
import { createArticle } from '../../src/features/articles/articles.service.ts';
import { getChannelByPath } from '../../src/features/channels/channels.service.ts';
import { ensureSlot, placeInSlot } from '../../src/features/feed/feed.service.ts';
import { MAX_ACTIVE_MOODS } from '../../src/features/moods/mood.ts';
import { addMood, castVote } from '../../src/features/moods/moods.service.ts';
import { AppError } from '../../src/platform/errors.ts';
import { RANKING_ITEMS } from '../../src/reader/block-sizes.ts';
import { addViews } from '../../src/features/views/views.repo.ts';
import { fixedClock } from '../../src/shared/clock.ts';
import { createTestApp, TEST_NOW, type TestApp } from '../helpers/app.ts';
import { testDialects } from '../helpers/databases.ts';

const dialects = await testDialects('recommended feed');
const SEED = '/2026-01/06/c_1.html';

interface Item {
  url: string;
  time: string;
  curated: boolean;
}

function items(html: string): Item[] {
  const $ = cheerio.load(html);
  return $('.feed__item')
    .map((_, li) => ({ url: $(li).find('a').attr('href') ?? '', time: $(li).find('time').attr('datetime') ?? '', curated: $(li).find('.badge').length > 0 }))
    .get();
}

function nextLink(html: string): string | undefined {
  return cheerio.load(html)('[data-load-more]').attr('href');
}

const fragmentOf = (href: string) => {
  const u = new URL(href, 'http://x');
  u.searchParams.set('fragment', '1');
  u.hash = '';
  return `${u.pathname}${u.search}`;
};

for (const dialect of dialects) {
  describe(`recommended feed [${dialect}]`, () => {
    let t: TestApp;
    const get = (url: string) => t.app.inject({ method: 'GET', url });

    before(async () => {
      t = await createTestApp(dialect, { demo: true, perChannel: 16 });
    });
    after(() => t.close());

    it('loads more three times: 60 distinct items, newest first, none shown elsewhere on the page', async () => {
      const page = await get(SEED);
      const $ = cheerio.load(page.body);
      const elsewhere = new Set($('.related a, .focus a, .mood-ranking a').map((_, a) => $(a).attr('href')).get());
      elsewhere.add(SEED);
      const first = items(page.body);
      assert.equal(first.length, 20 + first.filter((i) => i.curated).length, 'curated items, then 20 of the newest');
      let href = nextLink(page.body);
      const more: Item[] = [];
      for (let i = 0; i < 3; i++) {
        assert.ok(href, `a load-more link after ${i} loads`);
        const res = await get(fragmentOf(href));
        assert.equal(res.statusCode, 200);
        const got = items(res.body);
        assert.equal(got.length, 20);
        more.push(...got);
        href = nextLink(res.body);
      }
      assert.equal(more.length, 60);
      const all = [...first, ...more];
      assert.equal(new Set(all.map((i) => i.url)).size, all.length, 'no duplicates');
      assert.ok(all.every((i) => !elsewhere.has(i.url)), 'nothing another block on the page shows');
      const times = all.filter((i) => !i.curated).map((i) => i.time);
      assert.deepEqual(times, [...times].sort().reverse(), 'newest first');
    });

    it('without JavaScript, "load more" is a link to a full next page', async () => {
      const home = await get('/');
      const href = nextLink(home.body);
      assert.ok(href?.startsWith('/?after='));
      const next = await get((href ?? '').replace(/#.*$/, ''));
      assert.equal(next.statusCode, 200);
      assert.equal(cheerio.load(next.body)('h1').length, 1, 'a whole page, not a fragment');
      assert.equal(items(next.body).length, 20);
    });

    it('has no duplicates or gaps when articles are published while a reader pages', async () => {
      const home = await get('/');
      const page1 = items(home.body).filter((i) => !i.curated);
      const href = nextLink(home.body) ?? '';
      const channel = await getChannelByPath(t.db.database.db, 'news');
      assert.ok(channel);
      for (let i = 0; i < 5; i++) {
        await createArticle(t.db.database.db, fixedClock(TEST_NOW), {
          kind: 'article',
          status: 'published',
          title: `刚刚发布的新闻${i}`,
          bodyHtml: '<p>快讯</p>',
          channelId: channel.id,
          publishedAt: new Date(Date.parse(TEST_NOW) + (i + 1) * 60_000),
        });
      }
      const page2 = items((await get(fragmentOf(href))).body);
      assert.ok(page2.every((i) => !page1.some((p) => p.url === i.url)), 'nothing from page one repeats');
      // The page after page one is exactly what came after it before anything new was published.
      const fresh = await get('/');
      const freshAll = items(fresh.body).filter((i) => !i.curated);
      const again = items((await get(fragmentOf(nextLink(fresh.body) ?? ''))).body);
      const sequence = [...freshAll, ...again].map((i) => i.url);
      const lastOfPage1 = sequence.indexOf(page1.at(-1)?.url ?? '');
      assert.ok(lastOfPage1 >= 0);
      assert.deepEqual(page2.map((i) => i.url).slice(0, sequence.length - lastOfPage1 - 1), sequence.slice(lastOfPage1 + 1, lastOfPage1 + 1 + page2.length));
    });

    it('shows curated items only between their start and end times', async () => {
      const db = t.db.database.db;
      const slot = await ensureSlot(db, null);
      const ids = (await db.selectFrom('articles').select('id').where('status', '=', 'published').orderBy('id').limit(3).execute()).map((r) => r.id);
      const [future, past, live] = ids;
      assert.ok(future && past && live);
      const now = Date.parse(TEST_NOW);
      await placeInSlot(db, slot, future, { startsAt: new Date(now + 3_600_000), endsAt: null });
      await placeInSlot(db, slot, past, { startsAt: null, endsAt: new Date(now - 60_000) });
      await placeInSlot(db, slot, live, { startsAt: new Date(now - 60_000), endsAt: new Date(now + 60_000) });
      const curated = items((await get('/')).body).filter((i) => i.curated).map((i) => i.url);
      assert.ok(curated.some((u) => u.endsWith(`/c_${live}.html`)));
      assert.ok(!curated.some((u) => u.endsWith(`/c_${future}.html`)));
      assert.ok(!curated.some((u) => u.endsWith(`/c_${past}.html`)));
      t.clock.advance(2 * 3_600_000);
      const later = items((await get('/')).body).filter((i) => i.curated).map((i) => i.url);
      assert.ok(later.some((u) => u.endsWith(`/c_${future}.html`)), 'the future item goes live at its time');
      assert.ok(!later.some((u) => u.endsWith(`/c_${live}.html`)), 'and the live one ends at its time');
      t.clock.set(TEST_NOW);
    });

    it('serves special-report pages with their sections, and shows an article\'s reports', async () => {
      const index = cheerio.load((await get('/topics/')).body);
      assert.deepEqual(index('.topics__item strong').map((_, s) => index(s).text()).get(), ['援疆进行时', '科技前沿']);
      const topic = cheerio.load((await get('/topics/yuanjiang/')).body);
      assert.equal(topic('h1').text(), '援疆进行时');
      assert.deepEqual(topic('main h2').map((_, h) => topic(h).text()).get(), ['骨干轮换', '基层民生']);
      assert.equal(topic('main section').first().find('a').first().attr('href'), SEED);
      assert.equal(topic('.topic__banner picture').length, 1);
      const article = cheerio.load((await get(SEED)).body);
      assert.equal(article('.article__topics a').attr('href'), '/topics/yuanjiang/');
      assert.equal((await get('/topics/no-such-topic/')).statusCode, 404);
      assert.equal((await get('/topics/yuanjiang')).statusCode, 301);
      await t.db.database.db.updateTable('topics').set({ status: 'draft' }).where('slug', '=', 'keji-qianyan').execute();
      assert.equal((await get('/topics/keji-qianyan/')).statusCode, 404, 'an unpublished report is not shown');
    });

    it('shows the visual focus carousel with responsive pictures', async () => {
      const $ = cheerio.load((await get('/')).body);
      const slides = $('.focus__slide');
      assert.ok(slides.length >= 3);
      assert.equal(slides.first().find('picture source[type="image/avif"]').length, 1);
      assert.ok(slides.first().find('.focus__caption').text().length > 0);
      assert.equal($('.focus__track').attr('tabindex'), '0', 'the strip can be scrolled from the keyboard');
    });
  });

  describe(`read counts [${dialect}]`, () => {
    let t: TestApp;
    before(async () => {
      t = await createTestApp(dialect, { demo: true, perChannel: 2 });
    });

    it('add up in memory, reach the database on shutdown, and feed the most-read list', async () => {
      const db = t.db.database.db;
      const before = await db.selectFrom('article_views').select('views').where('article_id', '=', 1).executeTakeFirst();
      for (let i = 0; i < 7; i++) assert.equal((await t.app.inject({ method: 'GET', url: SEED })).statusCode, 200);
      const during = await db.selectFrom('article_views').select('views').where('article_id', '=', 1).executeTakeFirst();
      assert.equal(during?.views ?? 0, before?.views ?? 0, 'no write per request');
      await t.app.close();
      const afterClose = await db.selectFrom('article_views').select('views').where('article_id', '=', 1).executeTakeFirstOrThrow();
      assert.equal(afterClose.views, (before?.views ?? 0) + 7, 'the last batch was written on shutdown');
      const daily = await db.selectFrom('view_daily').select(['day', 'views']).where('article_id', '=', 1).execute();
      assert.deepEqual(daily, [{ day: '2026-11-30', views: 7 + (before?.views ?? 0) }]);
      await t.db.destroy();
    });
  });

  describe(`most read [${dialect}]`, () => {
    let t: TestApp;
    before(async () => {
      t = await createTestApp(dialect, { demo: true, perChannel: 6 });
    });
    after(() => t.close());

    const weekTotals = async (channelId: number | null) => {
      const db = t.db.database.db;
      let q = db
        .selectFrom('view_daily')
        .innerJoin('articles', 'articles.id', 'view_daily.article_id')
        .select(['view_daily.article_id', (eb) => eb.fn.sum<number | string>('view_daily.views').as('total')])
        .where('articles.status', '=', 'published')
        .where('view_daily.day', '>=', '2026-11-24');
      if (channelId !== null) q = q.where('view_daily.channel_id', '=', channelId);
      const rows = await q.groupBy('view_daily.article_id').execute();
      return rows.map((r) => ({ id: r.article_id, total: Number(r.total) })).sort((a, b) => b.total - a.total || b.id - a.id);
    };
    const listed = (html: string) => {
      const $ = cheerio.load(html);
      return $('.most-read li')
        .map((_, li) => ({ url: $(li).find('a').attr('href') ?? '', count: $(li).find('.count').text() }))
        .get();
    };

    it('lists the week\'s most read, most first, with their counts; older reads do not count', async () => {
      const db = t.db.database.db;
      const society = await getChannelByPath(db, 'local/society');
      assert.ok(society);
      const [quiet] = await db.selectFrom('articles').select('id').where('channel_id', '=', society.id).where('status', '=', 'published').orderBy('id', 'desc').execute();
      assert.ok(quiet);
      // Read a lot eight days ago (outside the week), then more than anyone this week.
      await addViews(db, { article_id: quiet.id, channel_id: society.id, day: '2026-11-22', views: 1_000_000 });
      const leader = (await weekTotals(society.id))[0]?.total ?? 0;
      await addViews(db, { article_id: quiet.id, channel_id: society.id, day: '2026-11-29', views: leader + 1 });

      const expected = (await weekTotals(null)).slice(0, 8);
      const home = listed((await t.app.inject({ method: 'GET', url: '/' })).body);
      assert.equal(home.length, 8);
      assert.deepEqual(
        home.map((h) => h.url.match(/c_(\d+)\.html$/)?.[1]).map(Number),
        expected.map((e) => e.id),
        'the site-wide list, most read first',
      );
      const page = listed((await t.app.inject({ method: 'GET', url: '/local/society/' })).body);
      assert.match(page[0]?.url ?? '', new RegExp(`c_${quiet.id}\\.html$`), 'the channel list puts this week\'s leader first');
      const week = (await weekTotals(society.id)).find((r) => r.id === quiet.id)?.total ?? 0;
      assert.ok(week < 1_000_000);
      assert.equal(page[0]?.count.replace(/\D/g, ''), String(week), 'it shows this week\'s reads, not the older ones');
    });

    it('keeps the article page\'s feed whole: most read is a list-page block, so it hides nothing there', async () => {
      const article = cheerio.load((await t.app.inject({ method: 'GET', url: SEED })).body);
      assert.equal(article('.most-read').length, 0);
      const elsewhere = new Set(article('.related a, .focus a, .mood-ranking a').map((_, a) => article(a).attr('href')).get());
      elsewhere.add(SEED);
      const seen = new Set<string>();
      let html = article.html();
      for (let pages = 0; pages < 10; pages++) {
        for (const i of items(html)) seen.add(i.url);
        const href = nextLink(html);
        if (!href) break;
        html = (await t.app.inject({ method: 'GET', url: href })).body;
      }
      const home = listed((await t.app.inject({ method: 'GET', url: '/' })).body);
      const onlyThere = home.filter((h) => !elsewhere.has(h.url));
      assert.ok(onlyThere.length > 0, 'some of the most read appear in no other block of the article page');
      for (const { url } of onlyThere) assert.ok(seen.has(url), `${url} is in the article page's feed`);
    });
  });

  describe(`a poll of many moods [${dialect}]`, () => {
    let t: TestApp;
    before(async () => {
      t = await createTestApp(dialect, { demo: true, perChannel: 12 });
    });
    after(() => t.close());

    it('leaves every ranked article out of the feed, on every page, however many moods there are', async () => {
      const db = t.db.database.db;
      const clock = fixedClock(TEST_NOW);
      const active = await db.selectFrom('moods').select('id').where('active', '=', 1).execute();
      const candidates = await db.selectFrom('articles').select('id').where('status', '=', 'published').where('kind', '=', 'article').where('id', '<>', 1).orderBy('id').execute();
      // The oldest articles: the feed reaches them only pages later, through the carried list.
      let next = 0;
      for (let m = active.length; m < MAX_ACTIVE_MOODS; m++) {
        const key = `mood${m}`;
        await addMood(db, { key, nameZh: `心情${m}`, nameEn: `Mood ${m}`, icon: '🙂' });
        for (let a = 0; a < RANKING_ITEMS; a++) {
          const article = candidates[next++ % candidates.length];
          assert.ok(article);
          await castVote(db, clock, { articleId: article.id, readerId: `many-${m}-${a}`, moodKey: key, ipHash: `many-${m}-${a}`, timeZone: t.config.site.timeZone });
        }
      }
      await assert.rejects(addMood(db, { key: 'onemore', nameZh: '再来', nameEn: 'More', icon: '🙃' }), (e: unknown) => e instanceof AppError && e.code === 'TOO_MANY_MOODS');
      // One that got in anyway (two admins at once, or a site from before the limit) is not shown.
      await db.insertInto('moods').values({ key: 'extra', name_zh: '多余', name_en: 'Extra', icon: '➕', position: 99, active: 1 }).execute();

      const page = cheerio.load((await t.app.inject({ method: 'GET', url: SEED })).body);
      assert.equal(page('.mood-ranking__mood').length, MAX_ACTIVE_MOODS);
      assert.equal(page('#moods button[name="mood"]').length, MAX_ACTIVE_MOODS);
      const elsewhere = new Set(page('.related a, .focus a, .mood-ranking a').map((_, a) => page(a).attr('href')).get().filter((h) => /c_\d+\.html$/.test(h)));
      elsewhere.add(SEED);
      assert.ok(elsewhere.size > 40, `the blocks show ${elsewhere.size} articles`);
      const href = nextLink(page.html());
      assert.ok(href);
      const carried = new URL(href, 'http://x').searchParams.get('exclude')?.split(',') ?? [];
      assert.equal(carried.length, elsewhere.size, 'the load-more link carries every one of them');

      const seen = new Set<string>();
      let html = page.html();
      for (let pages = 0; pages < 10; pages++) {
        for (const i of items(html)) {
          assert.ok(!elsewhere.has(i.url), `${i.url} is shown in another block`);
          assert.ok(!seen.has(i.url), `${i.url} repeats`);
          seen.add(i.url);
        }
        const more = nextLink(html);
        if (!more) break;
        const res = await t.app.inject({ method: 'GET', url: more });
        assert.equal(res.statusCode, 200);
        html = res.body;
      }
    });
  });

  describe(`read counts through the page cache [${dialect}]`, () => {
    it('counts a read for every page served, from the cache or not', async () => {
      const t = await createTestApp(dialect, { demo: true, perChannel: 2, env: { PAGE_CACHE_MB: '8' } });
      const db = t.db.database.db;
      const before = await db.selectFrom('article_views').select('views').where('article_id', '=', 1).executeTakeFirst();
      const served = [];
      for (let i = 0; i < 5; i++) served.push((await t.app.inject({ method: 'GET', url: SEED })).headers['x-cache']);
      assert.deepEqual(served, ['MISS', 'HIT', 'HIT', 'HIT', 'HIT']);
      await t.app.close();
      const after = await db.selectFrom('article_views').select('views').where('article_id', '=', 1).executeTakeFirstOrThrow();
      assert.equal(after.views, (before?.views ?? 0) + 5);
      await t.db.destroy();
    });
  });
}
