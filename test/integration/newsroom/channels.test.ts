/**
 * Channel management: create (pinyin slugs), rename, reorder, move (the subtree's URLs
 * move with it) and delete, which is refused while articles or sub-channels remain.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import * as cheerio from 'cheerio';
import { channelTree, getChannelByPath } from '../../../src/features/channels/channels.service.ts';
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
  });
}
