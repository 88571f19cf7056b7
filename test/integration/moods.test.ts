/**
 * The mood poll: one vote per reader per article (enforced by the database), no vote lost
 * or counted twice under 200 concurrent voters, a per-address limit, the form that works
 * without JavaScript, burst alerts for editors, and rankings by period and channel.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import * as cheerio from 'cheerio';
import type { LightMyRequestResponse } from 'fastify';
import { getChannelByPath } from '../../src/features/channels/channels.service.ts';
import { BURST_WINDOW_MS, VOTES_PER_ADDRESS_PER_MINUTE } from '../../src/features/moods/moods.service.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { createStaff, signedIn } from '../helpers/newsroom.ts';
import { testDialects } from '../helpers/databases.ts';

const dialects = await testDialects('mood poll');
const SEED = '/2026-01/06/c_1.html';

function readerCookie(res: LightMyRequestResponse): string {
  const c = (res.cookies as Array<{ name: string; value: string }>).find((x) => x.name === 'mh_reader');
  assert.ok(c, 'the vote sets the reader cookie');
  return `mh_reader=${c.value}`;
}

for (const dialect of dialects) {
  describe(`mood poll [${dialect}]`, () => {
    let t: TestApp;
    before(async () => {
      t = await createTestApp(dialect, { demo: true, perChannel: 3 });
    });
    after(() => t.close());

    const vote = (articleId: number, mood: string, opts: { cookie?: string; ip?: string } = {}) =>
      t.app.inject({
        method: 'POST',
        url: `/api/v1/articles/${articleId}/moods`,
        payload: { mood },
        headers: { accept: 'application/json', ...(opts.cookie ? { cookie: opts.cookie } : {}) },
        remoteAddress: opts.ip ?? '203.0.113.200',
      });
    const counts = async (articleId: number) => {
      const rows = await t.db.database.db
        .selectFrom('mood_counts')
        .innerJoin('moods', 'moods.id', 'mood_counts.mood_id')
        .select(['moods.key', 'mood_counts.count'])
        .where('article_id', '=', articleId)
        .execute();
      return Object.fromEntries(rows.map((r) => [r.key, r.count]));
    };
    const freshArticle = async () => {
      const row = await t.db.database.db
        .selectFrom('articles')
        .leftJoin('mood_counts', 'mood_counts.article_id', 'articles.id')
        .select('articles.id')
        .where('articles.status', '=', 'published')
        .where('mood_counts.article_id', 'is', null)
        .orderBy('articles.id', 'desc')
        .executeTakeFirstOrThrow();
      return row.id;
    };

    it('counts a vote, remembers the reader\'s choice, and refuses a second vote from them', async () => {
      const id = await freshArticle();
      const first = await vote(id, 'like');
      assert.equal(first.statusCode, 200);
      assert.equal(first.json().choice, 'like');
      assert.equal(first.json().moods.find((m: { key: string }) => m.key === 'like').count, 1);
      const cookie = readerCookie(first);

      const again = await vote(id, 'happy', { cookie });
      assert.equal(again.statusCode, 409);
      assert.equal(again.json().error.code, 'ALREADY_VOTED');
      assert.match(again.json().error.message, /已经表达过心情/);
      assert.deepEqual(await counts(id), { like: 1 });

      const mine = await t.app.inject({ method: 'GET', url: `/api/v1/articles/${id}/moods`, headers: { cookie } });
      assert.equal(mine.json().choice, 'like');
      assert.equal(mine.headers['cache-control'], 'private, no-store');
      const theirs = await t.app.inject({ method: 'GET', url: `/api/v1/articles/${id}/moods` });
      assert.equal(theirs.json().choice, null);

      const forged = await vote(id, 'happy', { cookie: 'mh_reader=forged-reader-id-123456.sig' });
      assert.equal(forged.statusCode, 200, 'a forged cookie is just a new reader');
      assert.notEqual(readerCookie(forged), cookie);
    });

    it('keeps every acknowledged vote and no more, with 200 voters at once (and 50 trying twice)', async () => {
      const id = await freshArticle();
      const moods = ['happy', 'sad', 'like', 'pass'];
      const first = await Promise.all(Array.from({ length: 200 }, (_, i) => vote(id, moods[i % 4] ?? 'like', { ip: `198.18.${Math.floor(i / 250)}.${i % 250}` })));
      assert.ok(first.every((r) => r.statusCode === 200), first.find((r) => r.statusCode !== 200)?.body);
      const cookies = first.slice(0, 50).map(readerCookie);
      const seconds = await Promise.all(cookies.map((cookie, i) => vote(id, 'happy', { cookie, ip: `198.19.0.${i}` })));
      assert.ok(seconds.every((r) => r.statusCode === 409));
      const acknowledged: Record<string, number> = {};
      for (const r of first) {
        const choice = r.json().choice as string;
        acknowledged[choice] = (acknowledged[choice] ?? 0) + 1;
      }
      assert.deepEqual(await counts(id), acknowledged);
      assert.deepEqual(acknowledged, { happy: 50, sad: 50, like: 50, pass: 50 });
      const stored = await t.db.database.db.selectFrom('mood_votes').select((eb) => eb.fn.countAll<number | string>().as('n')).where('article_id', '=', id).executeTakeFirstOrThrow();
      assert.equal(Number(stored.n), 200);
    });

    it('limits one address to 20 votes a minute, with Retry-After', async () => {
      const id = await freshArticle();
      for (let i = 0; i < 20; i++) assert.equal((await vote(id, 'pass', { ip: '192.0.2.99' })).statusCode, 200);
      const limited = await vote(id, 'pass', { ip: '192.0.2.99' });
      assert.equal(limited.statusCode, 429);
      assert.equal(limited.headers['retry-after'], '60');
      t.clock.advance(61_000);
      assert.equal((await vote(id, 'pass', { ip: '192.0.2.99' })).statusCode, 200, 'and lets it vote again a minute later');
    });

    it('holds one address to its allowance when its votes arrive all at once', async () => {
      const id = await freshArticle();
      const answers = await Promise.all(Array.from({ length: 60 }, () => vote(id, 'sad', { ip: '192.0.2.77' })));
      const codes = answers.map((a) => a.statusCode);
      assert.equal(codes.filter((c) => c === 200).length, VOTES_PER_ADDRESS_PER_MINUTE);
      assert.equal(codes.filter((c) => c === 429).length, 60 - VOTES_PER_ADDRESS_PER_MINUTE);
    });

    it('works without JavaScript: the form posts, returns to the article and shows the choice', async () => {
      const seed = await t.app.inject({ method: 'GET', url: SEED });
      const $ = cheerio.load(seed.body);
      assert.equal($('#moods form').attr('method'), 'post');
      assert.deepEqual($('#moods button[name="mood"]').map((_, b) => $(b).text().replace(/\d+$/, '').trim()).get().map((s) => s.slice(-2)), ['开心', '难过', '点赞', '飘过']);
      const action = $('#moods form').attr('action') ?? '';
      const post = await t.app.inject({ method: 'POST', url: action, payload: 'mood=like', headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' } });
      assert.equal(post.statusCode, 303);
      assert.equal(post.headers.location, `${SEED}?mood=voted#moods`);
      const cookie = readerCookie(post);
      const back = await t.app.inject({ method: 'GET', url: `${SEED}?mood=voted`, headers: { cookie } });
      assert.equal(back.headers['cache-control'], 'private, no-store', 'the personal copy is never cached');
      const page = cheerio.load(back.body);
      assert.equal(page('.moods__status').text(), '感谢参与！你的心情：点赞');
      assert.equal(page('button[value="like"]').attr('aria-pressed'), 'true');
      const twice = await t.app.inject({ method: 'POST', url: action, payload: 'mood=happy', headers: { 'content-type': 'application/x-www-form-urlencoded', cookie } });
      assert.equal(twice.headers.location, `${SEED}?mood=already#moods`);
      const refused = cheerio.load((await t.app.inject({ method: 'GET', url: `${SEED}?mood=already`, headers: { cookie } })).body);
      assert.match(refused('.moods__status').text(), /已经表达过心情/);
      const publicCopy = cheerio.load((await t.app.inject({ method: 'GET', url: SEED, headers: { cookie } })).body);
      assert.equal(publicCopy('button[aria-pressed="true"]').length, 0, 'the cacheable page is the same for everyone');
    });

    it('refuses an unknown mood and an unpublished article', async () => {
      const id = await freshArticle();
      assert.equal((await vote(id, 'angry')).statusCode, 400);
      assert.equal((await vote(id, '<script>')).statusCode, 400);
      assert.equal((await vote(999_999, 'like')).statusCode, 404);
    });

    it('flags a burst of votes from few addresses for editors', async () => {
      const id = await freshArticle();
      for (let i = 0; i < 36; i++) {
        if (i > 0 && i % 15 === 0) t.clock.advance(61_000);
        const res = await vote(id, 'sad', { ip: `192.0.2.${i % 2}` });
        assert.equal(res.statusCode, 200, res.body);
      }
      const alerts = await t.db.database.db.selectFrom('mood_alerts').selectAll().where('article_id', '=', id).execute();
      assert.equal(alerts.length, 1);
      assert.ok((alerts[0]?.votes ?? 0) >= 30);
      assert.equal(alerts[0]?.distinct_ips, 2);
    });

    it('flags a burst that straddles a ten-minute mark, once', async () => {
      const id = await freshArticle();
      // Fixed windows started on these marks: 29 votes either side of one never reached 30.
      const mark = Math.ceil(t.clock.now().getTime() / BURST_WINDOW_MS) * BURST_WINDOW_MS + BURST_WINDOW_MS;
      const votes = async (n: number) => {
        for (let i = 0; i < n; i++) {
          const res = await vote(id, 'happy', { ip: `192.0.2.${10 + (i % 2)}` });
          assert.equal(res.statusCode, 200, res.body);
        }
      };
      t.clock.set(new Date(mark - 60_000));
      await votes(29);
      t.clock.set(new Date(mark + 60_000));
      await votes(29);
      const alerts = await t.db.database.db.selectFrom('mood_alerts').selectAll().where('article_id', '=', id).execute();
      assert.equal(alerts.length, 1, 'one alert for the burst, not one per vote past the threshold');
      assert.equal(alerts[0]?.votes, 58, 'counting every vote of the burst');
      assert.equal(alerts[0]?.distinct_ips, 2);
    });

    it('ranks an article that moved channel under its new channel, votes and reads included', async () => {
      const db = t.db.database.db;
      const from = await getChannelByPath(db, 'local/society');
      const to = await getChannelByPath(db, 'tech');
      assert.ok(from && to);
      const { id } = await db
        .selectFrom('articles')
        .select('id')
        .where('status', '=', 'published')
        .where('channel_id', '=', from.id)
        .orderBy('id', 'desc')
        .executeTakeFirstOrThrow();
      for (let i = 0; i < 3; i++) assert.equal((await vote(id, 'like', { ip: `198.19.0.${i}` })).statusCode, 200);
      const ranked = async (path: string) =>
        cheerio
          .load((await t.app.inject({ method: 'GET', url: `/moods/?mood=like&period=all&channel=${path}` })).body)('.ranking__list a')
          .map((_, a) => String(cheerio.load(a)('a').attr('href')))
          .get()
          .some((href) => href.endsWith(`c_${id}.html`));

      const before = await db.selectFrom('articles').select(['title', 'body_html', 'version']).where('id', '=', id).executeTakeFirstOrThrow();
      assert.equal(await ranked(from.path), true, 'listed under its channel before the move');
      const editor = await signedIn(t.app, (await createStaff(db, t.clock, 'move-')).editor, '203.0.113.60');
      await editor.get(`/newsroom/articles/${id}`);
      const saved = await editor.post(`/newsroom/articles/${id}`, { title: before.title, bodyHtml: before.body_html, version: String(before.version), channelId: String(to.id) });
      assert.equal(saved.statusCode, 303, saved.body.slice(0, 300));
      assert.equal(await ranked(to.path), true, 'listed under its new channel');
      assert.equal(await ranked(from.path), false, 'gone from its old channel');
      const left = await db.selectFrom('mood_daily').select('channel_id').where('article_id', '=', id).where('channel_id', '<>', to.id).execute();
      assert.deepEqual(left, [], 'the daily mood rollups moved too');
      const reads = await db.selectFrom('view_daily').select('channel_id').where('article_id', '=', id).execute();
      assert.ok(reads.length > 0 && reads.every((r) => r.channel_id === to.id), 'and the daily reads');
    });

    it('ranks by mood, period and channel from the rollups', async () => {
      const ranking = cheerio.load((await t.app.inject({ method: 'GET', url: '/moods/?mood=like&period=today' })).body);
      const top = ranking('.ranking__list li').first();
      assert.ok(top.length, 'today has liked articles');
      const votes = ranking('.ranking__list .count').map((_, c) => Number(ranking(c).text().replace(/\D/g, ''))).get();
      assert.deepEqual(votes, [...votes].sort((a, b) => b - a));
      const all = cheerio.load((await t.app.inject({ method: 'GET', url: '/moods/?mood=like&period=all' })).body)('.ranking__list li').length;
      assert.ok(all >= ranking('.ranking__list li').length);
      const society = cheerio.load((await t.app.inject({ method: 'GET', url: '/moods/?mood=like&period=all&channel=local/society' })).body);
      for (const href of society('.ranking__list a').map((_, a) => society(a).attr('href')).get()) {
        const page = cheerio.load((await t.app.inject({ method: 'GET', url: href })).body);
        assert.deepEqual(page('nav.breadcrumb li').map((_, li) => page(li).text()).get().slice(0, 3), ['首页', '地方频道', '社会']);
      }
      t.clock.advance(2 * 86_400_000);
      const yesterdayGone = cheerio.load((await t.app.inject({ method: 'GET', url: '/moods/?mood=like&period=today' })).body);
      assert.equal(yesterdayGone('.ranking__list li').length, 0, 'two days later, "today" starts empty');
    });

    it('ranks a vote under today, then yesterday, the last seven days and the month as days pass', async () => {
      const id = await freshArticle();
      t.clock.set('2026-12-15T04:00:00Z');
      assert.equal((await vote(id, 'happy', { ip: '198.51.100.7' })).statusCode, 200);
      const ranked = async (period: string) => {
        const $ = cheerio.load((await t.app.inject({ method: 'GET', url: `/moods/?mood=happy&period=${period}` })).body);
        return $('.ranking__list a').map((_, a) => $(a).attr('href')).get().some((href) => href.endsWith(`/c_${id}.html`));
      };
      const periods = ['today', 'yesterday', 'week', 'month', 'all'] as const;
      const seen = async () => Object.fromEntries(await Promise.all(periods.map(async (p) => [p, await ranked(p)] as const)));
      assert.deepEqual(await seen(), { today: true, yesterday: false, week: true, month: true, all: true }, 'on the day');
      t.clock.advance(86_400_000);
      assert.deepEqual(await seen(), { today: false, yesterday: true, week: true, month: true, all: true }, 'the next day');
      t.clock.advance(7 * 86_400_000);
      assert.deepEqual(await seen(), { today: false, yesterday: false, week: false, month: true, all: true }, 'eight days on, same month');
      t.clock.set('2027-01-02T04:00:00Z');
      assert.deepEqual(await seen(), { today: false, yesterday: false, week: false, month: false, all: true }, 'in the next month');
    });
  });
}
