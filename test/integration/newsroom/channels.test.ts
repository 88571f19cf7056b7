/**
 * Channel management: create (pinyin slugs), rename, reorder, move (the subtree's URLs
 * move with it) and delete, which is refused while articles or sub-channels remain unless
 * they are first moved to another channel, in the same transaction.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import * as cheerio from 'cheerio';
import { createArticle } from '../../../src/features/articles/articles.service.ts';
import { channelTree, getChannelByPath } from '../../../src/features/channels/channels.service.ts';
import { addViews } from '../../../src/features/views/views.repo.ts';
import { fixedClock } from '../../../src/shared/clock.ts';
import { createTestApp, TEST_NOW, type TestApp } from '../../helpers/app.ts';
import { testDialects } from '../../helpers/databases.ts';
import { createStaff, signedIn, type NewsroomClient } from '../../helpers/newsroom.ts';

const dialects = await testDialects('channel management');

for (const dialect of dialects) {
  describe(`channel management [${dialect}]`, () => {
    let t: TestApp;
    let chief: NewsroomClient;
    const db = () => t.db.database.db;
    const id = async (path: string) => (await getChannelByPath(db(), path))?.id ?? 0;

    before(async () => {
      t = await createTestApp(dialect, { demo: true, perChannel: 1 });
      const staff = await createStaff(db(), fixedClock(TEST_NOW));
      chief = await signedIn(t.app, staff.chief_editor);
      await chief.get('/newsroom/channels');
    });
    after(() => t.close());

    it('creates channels, with a pinyin slug when none is given', async () => {
      assert.equal((await chief.post('/newsroom/channels', { parentId: String(await id('local')), name: '体育' })).statusCode, 303);
      assert.ok(await getChannelByPath(db(), 'local/tiyu'));
      assert.equal((await chief.post('/newsroom/channels', { parentId: String(await id('local')), name: '体育二', slug: 'tiyu' })).statusCode, 409);
      assert.equal((await chief.post('/newsroom/channels', { parentId: String(await id('')), name: '接口', slug: 'api' })).statusCode, 400, 'a reserved slug');
      assert.equal((await chief.post('/newsroom/channels', { parentId: String(await id('local/tiyu')), name: '足球', slug: 'football' })).statusCode, 303);
    });

    it('renames without changing the URL', async () => {
      await chief.post(`/newsroom/channels/${await id('local/tiyu')}/rename`, { name: '体育新闻' });
      const c = await getChannelByPath(db(), 'local/tiyu');
      assert.equal(c?.name, '体育新闻');
    });

    it('reorders siblings', async () => {
      const order = async () => (await channelTree(db())).filter((c) => c.parentId === null || c.depth === 1).map((c) => c.path);
      const before = await order();
      await chief.post(`/newsroom/channels/${await id('tech')}/reorder`, { direction: 'up' });
      const after = await order();
      assert.equal(after.indexOf('tech'), before.indexOf('tech') - 1);
    });

    it('moves a channel with its sub-channels, and their URLs follow', async () => {
      assert.equal((await chief.post(`/newsroom/channels/${await id('local/tiyu')}/move`, { parentId: String(await id('')) })).statusCode, 303);
      assert.ok(await getChannelByPath(db(), 'tiyu/football'));
      assert.equal(await getChannelByPath(db(), 'local/tiyu/football'), null);
      assert.equal((await t.app.inject({ method: 'GET', url: '/tiyu/football/' })).statusCode, 200);
      const cycle = await chief.post(`/newsroom/channels/${await id('tiyu')}/move`, { parentId: String(await id('tiyu/football')) });
      assert.equal(cycle.statusCode, 409);
      assert.match(cheerio.load(cycle.body)('[role="alert"]').text(), /下级/);
    });

    it('refuses to delete a channel that still has articles or sub-channels', async () => {
      const busy = await chief.post(`/newsroom/channels/${await id('local/society')}/delete`);
      assert.equal(busy.statusCode, 409);
      assert.match(cheerio.load(busy.body)('[role="alert"]').text(), /\d+ article/);
      assert.equal((await chief.post(`/newsroom/channels/${await id('tiyu')}/delete`)).statusCode, 409, 'it has a sub-channel');
      assert.equal((await chief.post(`/newsroom/channels/${await id('tiyu/football')}/delete`)).statusCode, 303);
      assert.equal(await getChannelByPath(db(), 'tiyu/football'), null);
    });

    describe('deleting a channel after moving what it holds', () => {
      const titles = ['迁址测试：旧栏目头条', '迁址测试：旧栏目快讯'];
      const articleIds: number[] = [];
      let draftId = 0;

      before(async () => {
        assert.equal((await chief.post('/newsroom/channels', { parentId: String(await id('local')), name: '旧栏目', slug: 'old-desk' })).statusCode, 303);
        assert.equal((await chief.post('/newsroom/channels', { parentId: String(await id('local/old-desk')), name: '旧栏目分栏', slug: 'sub-desk' })).statusCode, 303);
        const channelId = await id('local/old-desk');
        for (const [i, title] of titles.entries()) {
          const publishedAt = new Date(Date.parse(TEST_NOW) - (i + 1) * 60_000);
          articleIds.push(await createArticle(db(), t.clock, { kind: 'article', status: 'published', title, bodyHtml: `<p>${title}的正文。</p>`, channelId, publishedAt }));
        }
        draftId = await createArticle(db(), t.clock, { kind: 'article', status: 'draft', title: '迁址测试：旧栏目草稿', bodyHtml: '<p>草稿</p>', channelId });
        const [voted] = articleIds;
        for (let i = 0; i < 3; i++) {
          const res = await t.app.inject({ method: 'POST', url: `/api/v1/articles/${voted}/moods`, payload: { mood: 'like' }, headers: { accept: 'application/json' }, remoteAddress: `198.18.7.${i}` });
          assert.equal(res.statusCode, 200, res.body);
        }
        await addViews(db(), { article_id: voted ?? 0, channel_id: channelId, day: '2026-11-30', views: 7 });
      });

      const channelOf = async (articleId: number) => (await db().selectFrom('articles').select('channel_id').where('id', '=', articleId).executeTakeFirstOrThrow()).channel_id;
      const ranked = async (path: string, articleId: number) =>
        cheerio
          .load((await t.app.inject({ method: 'GET', url: `/moods/?mood=like&period=all&channel=${path}` })).body)('.ranking__list a')
          .map((_, a) => String(a.attribs.href))
          .get()
          .some((href) => href.endsWith(`c_${articleId}.html`));

      it('still refuses without a target, and refuses a target inside the channel', async () => {
        const channelId = await id('local/old-desk');
        assert.equal((await chief.post(`/newsroom/channels/${channelId}/delete`)).statusCode, 409);
        assert.equal((await chief.post(`/newsroom/channels/${channelId}/delete`, { targetId: '' })).statusCode, 409, "the form's default: move nothing");
        const inside = await chief.post(`/newsroom/channels/${channelId}/delete`, { targetId: String(await id('local/old-desk/sub-desk')) });
        assert.equal(inside.statusCode, 409);
        assert.match(cheerio.load(inside.body)('[role="alert"]').text(), /下级/);
        assert.equal((await chief.post(`/newsroom/channels/${channelId}/delete`, { targetId: String(channelId) })).statusCode, 400);
        assert.ok(await getChannelByPath(db(), 'local/old-desk'));
        assert.equal(await channelOf(articleIds[0] ?? 0), channelId);
      });

      it('changes nothing when a sub-channel cannot move to the target', async () => {
        const channelId = await id('local/old-desk');
        assert.equal((await chief.post('/newsroom/channels', { parentId: String(await id('local/society')), name: '同名分栏', slug: 'sub-desk' })).statusCode, 303);
        const clash = await chief.post(`/newsroom/channels/${channelId}/delete`, { targetId: String(await id('local/society')) });
        assert.equal(clash.statusCode, 409);
        assert.ok(await getChannelByPath(db(), 'local/old-desk/sub-desk'), 'the sub-channel did not move');
        for (const articleId of [...articleIds, draftId]) assert.equal(await channelOf(articleId), channelId, 'no article moved');
      });

      it('moves its articles and sub-channels to the chosen channel, then deletes it; rankings, reads and search follow', async () => {
        const channelId = await id('local/old-desk');
        const techId = await id('tech');
        const [voted = 0] = articleIds;
        assert.equal(await ranked('local/old-desk', voted), true, 'ranked under its channel before');
        const versions = await db().selectFrom('articles').select(['id', 'version']).where('channel_id', '=', channelId).execute();

        const page = cheerio.load((await chief.get('/newsroom/channels')).body);
        const options = page(`form[action="/newsroom/channels/${channelId}/delete"] select[name="targetId"] option`).map((_, o) => String(o.attribs.value)).get();
        assert.equal(options[0], '', 'the form offers the move, refusing by default');
        assert.ok(options.includes(String(techId)) && !options.includes(String(await id('local/old-desk/sub-desk'))));

        const res = await chief.post(`/newsroom/channels/${channelId}/delete`, { targetId: String(techId) });
        assert.equal(res.statusCode, 303, res.body.slice(0, 300));
        assert.equal(await getChannelByPath(db(), 'local/old-desk'), null);
        assert.ok(await getChannelByPath(db(), 'tech/sub-desk'), 'the sub-channel moved under the target');
        for (const articleId of [...articleIds, draftId]) assert.equal(await channelOf(articleId), techId);

        for (const { id: articleId, version } of versions) {
          const now = await db().selectFrom('articles').select('version').where('id', '=', articleId).executeTakeFirstOrThrow();
          assert.equal(now.version, version + 1, 'a new version, so an editor holding the old one gets the conflict page');
        }

        assert.equal(await ranked('tech', voted), true, 'ranked under the new channel');
        for (const table of ['mood_counts', 'mood_daily', 'view_daily'] as const) {
          const rows = await db().selectFrom(table).select('channel_id').where('article_id', '=', voted).execute();
          assert.ok(rows.length > 0 && rows.every((r) => r.channel_id === techId), `${table} follows the article`);
        }
        for (const articleId of articleIds) {
          const doc = await db().selectFrom('search_docs').select('channel_id').where('article_id', '=', articleId).executeTakeFirstOrThrow();
          assert.equal(doc.channel_id, techId, 'the search entry is filed under the new channel');
        }
        const techPage = cheerio.load((await t.app.inject({ method: 'GET', url: '/tech/' })).body);
        assert.ok(techPage.text().includes(titles[0] ?? ''), 'listed on the new channel page');
        assert.equal((await t.app.inject({ method: 'GET', url: '/local/old-desk/' })).statusCode, 404);

        const entry = await db().selectFrom('audit_log').select(['detail']).where('action', '=', 'channel.delete').where('subject_id', '=', String(channelId)).executeTakeFirstOrThrow();
        assert.deepEqual(JSON.parse(entry.detail), { targetId: String(techId), movedArticles: 3, movedChannels: 1 });
      });
    });
  });
}
